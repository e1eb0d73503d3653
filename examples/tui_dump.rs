fn main() {
    let args: Vec<String> = std::env::args().collect();
    let w: u16 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(120);
    let h: u16 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(40);
    let app = arenascope::tui::testing::app_with(&arenascope::fixtures::varied(), w, h, "");
    print!("{}", arenascope::tui::testing::screen(&app));
}
