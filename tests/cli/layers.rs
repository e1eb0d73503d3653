//! The layers point one way: the core (data, loading, index, query, ratings, review store,
//! sanitize) <- `present` (formatting shared by both faces) <- the faces `cli` and `tui`, which
//! never import each other <- `main.rs`. Only `tui` may name a terminal crate. Inside `tui`,
//! drawing (`tui::ui`) is reached only from the loop that draws: the state, the workers and the
//! lines the panes say (`tui::view`) never import it. This reads every file under `src/` and
//! resolves its `crate::`, `super::` and `self::` paths (`use` trees included) to the modules
//! they reach.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Each top-level module of the library and its layer: a module may reach only its own
/// module or those of a lower layer (the core's modules may reach one another).
const LAYERS: &[(&str, u8)] = &[
    ("address", CORE),
    ("category", CORE),
    ("fixtures", CORE),
    ("export", CORE),
    ("heap", CORE),
    ("index", CORE),
    ("intern", CORE),
    ("language", CORE),
    ("load", CORE),
    ("markdown", CORE),
    ("model", CORE),
    ("output", CORE),
    ("query", CORE),
    ("rating", CORE),
    ("review", CORE),
    ("row_json", CORE),
    ("sanitize", CORE),
    ("stats", CORE),
    ("synth", CORE),
    ("time", CORE),
    ("present", PRESENT),
    ("cli", FACE),
    ("tui", FACE),
];
const CORE: u8 = 0;
const PRESENT: u8 = 1;
const FACE: u8 = 2;
/// Modules that only the listed modules (and their own files) may reach. `tui::ui` draws; `tui`
/// (its `mod.rs`, where `run` draws each frame) and `tui::testing` (which draws for the tests)
/// reach it through `impl Widget for &App`. Whatever the state needs to know about a pane (how
/// many lines it has, to clamp scrolling) comes from `tui::view`.
const SEALED: &[(&[&str], &[&[&str]])] = &[(&["tui", "ui"], &[&["tui"], &["tui", "testing"]])];
/// The modules directly under `tui`: a new one is added here, so that its place is a decision.
/// (Only `ui` is sealed; the list keeps a newcomer from hiding drawing code under another name.)
const TUI_MODULES: &[&str] = &[
    "action",
    "app",
    "clipboard",
    "command",
    "config",
    "event",
    "external",
    "keymap",
    "layout",
    "message",
    "query_eval",
    "review_jobs",
    "state",
    "terminal",
    "testing",
    "text",
    "theme",
    "ui",
    "view",
    "worker",
];
/// The crates that touch the terminal: only `tui` names them.
const TERMINAL_CRATES: &[&str] = &["ratatui", "crossterm", "ratatui_textarea"];

fn layer_of(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|&(_, l)| l)
}

/// `src/tui/app/input.rs` -> `["tui", "app", "input"]`; `mod.rs` and `lib.rs` name their folder.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().expect("a file name");
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_owned());
    }
    parts
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Identifiers and the punctuation that paths are made of; comments and string literals are
/// skipped, so prose that mentions `crate::cli` does not count.
fn tokens(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else if c == 'r' && chars.get(i + 1).is_some_and(|&n| n == '#' || n == '"') {
            // A raw string: r"..." or r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push("r".into());
                i += 1;
                continue;
            }
            j += 1;
            while j < chars.len() && !(chars[j] == '"' && (0..hashes).all(|h| chars.get(j + 1 + h) == Some(&'#'))) {
                j += 1;
            }
            i = j + 1 + hashes;
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            i += 3; // a char literal such as '{'
        } else if c == '\'' && chars.get(i + 1) == Some(&'\\') {
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(chars[start..i].iter().collect());
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push("::".into());
            i += 2;
        } else {
            if !c.is_whitespace() {
                out.push(c.to_string());
            }
            i += 1;
        }
    }
    out
}

/// The absolute paths that the path starting at `tokens[i]` reaches (`crate`, `super` and
/// `self` resolved; the last segment may be an item rather than a module), expanding `{a, b::c}`
/// groups.
fn reached(tokens: &[String], mut i: usize, mut base: Vec<String>, out: &mut Vec<Vec<String>>) {
    loop {
        match tokens.get(i).map(String::as_str) {
            Some("super") => {
                base.pop();
            }
            Some("self") | Some("crate") => {}
            Some("{") => {
                // Each item of the group starts after `{` or a `,` at this depth.
                let mut depth = 0;
                let mut j = i;
                let mut starts = vec![i + 1];
                while j < tokens.len() {
                    match tokens[j].as_str() {
                        "{" => depth += 1,
                        "}" => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        "," if depth == 1 => starts.push(j + 1),
                        _ => {}
                    }
                    j += 1;
                }
                for s in starts {
                    reached(tokens, s, base.clone(), out);
                }
                return;
            }
            Some(name) if name.chars().all(|c| c.is_alphanumeric() || c == '_') => {
                base.push(name.to_owned());
            }
            _ => {
                out.push(base);
                return;
            }
        }
        if tokens.get(i + 1).map(String::as_str) != Some("::") {
            out.push(base);
            return;
        }
        i += 2;
    }
}

/// Every breach of the layering in the library's sources, one line each.
fn breaches(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut found = BTreeSet::new();
    for file in &files {
        let here = module_path(src, file);
        let Some(top) = here.first() else { continue }; // lib.rs only declares the modules
        let rel = file.strip_prefix(src.parent().expect("crate dir")).expect("in crate").display().to_string();
        if rel == "src/main.rs" {
            continue; // the binary: dispatch to both faces lives here
        }
        let Some(layer) = layer_of(top) else {
            found.insert(format!("{rel}: module `{top}` has no layer: add it to LAYERS in tests/cli/layers.rs"));
            continue;
        };
        if top == "tui" && here.len() > 1 && !TUI_MODULES.contains(&here[1].as_str()) {
            found.insert(format!("{rel}: module `tui::{}` is not in TUI_MODULES in tests/cli/layers.rs", here[1]));
        }
        let code = std::fs::read_to_string(file).expect("read source");
        let toks = tokens(&code);
        for (i, t) in toks.iter().enumerate() {
            let at_path_start = i == 0 || toks[i - 1] != "::";
            let followed_by_path = toks.get(i + 1).map(String::as_str) == Some("::");
            if !(at_path_start && followed_by_path) {
                continue;
            }
            if TERMINAL_CRATES.contains(&t.as_str()) && top != "tui" {
                found.insert(format!("{rel}: names the terminal crate `{t}`"));
            }
            if !matches!(t.as_str(), "crate" | "super" | "self") {
                continue;
            }
            // `super` inside an inline `mod tests` means the file's own module; resolving it
            // from the file lands one level higher, which stays inside the same top module.
            let mut paths = Vec::new();
            reached(&toks, i, if t == "crate" { Vec::new() } else { here.clone() }, &mut paths);
            for path in paths {
                for (sealed, allowed) in SEALED {
                    let inside =
                        |p: &[String]| p.len() >= sealed.len() && p.iter().zip(sealed.iter()).all(|(a, b)| a == b);
                    let permitted = allowed.iter().any(|a| here.iter().map(String::as_str).eq(a.iter().copied()));
                    if inside(&path) && !inside(&here) && !permitted {
                        found.insert(format!("{rel}: `{}` may not import `{}`", here.join("::"), sealed.join("::")));
                    }
                }
                let Some(target) = path.first() else { continue };
                if target == top {
                    continue;
                }
                match layer_of(target) {
                    Some(l) if l < layer || (l == CORE && layer == CORE) => {}
                    Some(_) => {
                        found.insert(format!("{rel}: `{top}` may not import `{target}`"));
                    }
                    None => {} // an item of lib.rs, or a name that is not a module
                }
            }
        }
    }
    found.into_iter().collect()
}

#[test]
fn layers_point_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let breaches = breaches(&src);
    assert!(breaches.is_empty(), "the layers are broken:\n{}", breaches.join("\n"));
}

#[test]
fn the_checker_sees_a_forbidden_import_in_each_form() {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = dir.path().join("src");
    for (file, code) in [
        ("model.rs", "use crate::tui::app::App;"),
        ("present/mod.rs", "use super::{model, cli::args};"),
        ("tui/app/input.rs", "fn f() { super::super::super::cli::run(); }"),
        ("cli/mod.rs", "use ratatui::text::Line; // crate::tui in a comment is fine"),
        ("tui/mod.rs", "const S: &str = \"crate::cli\"; use crate::present::format;"),
        ("tui/app.rs", "use super::{state, ui};"),
        ("tui/state/list.rs", "use crate::tui::ui::battle_list::row;"),
        ("tui/worker.rs", "fn f() { crate::tui::ui::spinner(0); }"),
        ("tui/view/vote.rs", "use crate::tui::{app::App, theme::Theme};"),
        ("tui/ui/vote.rs", "use super::pane_block; use crate::tui::view::vote::lines;"),
        ("tui/testing.rs", "use super::ui::vote::render;"),
        ("tui/drawing.rs", "use ratatui::text::Line;"),
        ("cli/stats.rs", "use crate::{present::format, tui::run};"),
        ("present/format.rs", "use crossterm::style::Stylize;"),
        ("index/mod.rs", "use crate::present::format::thousands;"),
    ] {
        let path = src.join(file);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, code).expect("write");
    }
    assert_eq!(
        breaches(&src),
        [
            "src/cli/mod.rs: names the terminal crate `ratatui`",
            "src/cli/stats.rs: `cli` may not import `tui`",
            "src/index/mod.rs: `index` may not import `present`",
            "src/model.rs: `model` may not import `tui`",
            "src/present/format.rs: names the terminal crate `crossterm`",
            "src/present/mod.rs: `present` may not import `cli`",
            "src/tui/app.rs: `tui::app` may not import `tui::ui`",
            "src/tui/app/input.rs: `tui` may not import `cli`",
            "src/tui/drawing.rs: module `tui::drawing` is not in TUI_MODULES in tests/cli/layers.rs",
            "src/tui/state/list.rs: `tui::state::list` may not import `tui::ui`",
            "src/tui/worker.rs: `tui::worker` may not import `tui::ui`",
        ]
    );
}
