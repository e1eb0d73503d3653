//! Number and size formatting for human-readable output.

/// `33000` -> `33,000`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `42626968` -> `42.6 MB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1000.0 && unit < UNITS.len() - 1 {
        v /= 1000.0;
        unit += 1;
    }
    if unit == 0 { format!("{n} B") } else { format!("{v:.1} {}", UNITS[unit]) }
}

/// `1 battle`, `2 battles`: the count with thousands separators and the noun in number.
pub fn count_of(n: usize, noun: &str) -> String {
    format!("{} {}", thousands(n), in_number(n, noun))
}

/// The noun, plural unless `n` is 1.
pub fn in_number(n: usize, noun: &str) -> String {
    if n == 1 { noun.to_owned() } else { format!("{noun}s") }
}

/// A percentage with one decimal.
pub fn percent(part: usize, whole: usize) -> String {
    if whole == 0 { "0.0%".into() } else { format!("{:.1}%", 100.0 * part as f64 / whole as f64) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(count_of(1, "battle"), "1 battle");
        assert_eq!(count_of(33000, "battle"), "33,000 battles");
        assert_eq!(count_of(0, "battle"), "0 battles");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(33_000), "33,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(bytes(42_626_968), "42.6 MB");
        assert_eq!(bytes(512), "512 B");
        assert_eq!(percent(1, 3), "33.3%");
    }
}
