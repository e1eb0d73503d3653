//! UTC calendar arithmetic for timestamps and `date:` filters (no time-zone database needed:
//! the dataset's times are unix seconds and days are UTC days).

const SECONDS_PER_DAY: i64 = 86_400;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day number.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

/// The UTC day number of a unix timestamp.
pub fn day_of(tstamp: f64) -> i64 {
    (tstamp.floor() as i64).div_euclid(SECONDS_PER_DAY)
}

/// Unix seconds at the start of a UTC day.
pub fn day_start(day: i64) -> f64 {
    (day * SECONDS_PER_DAY) as f64
}

/// Parses `YYYY-MM-DD` into a day number, checking that the date exists.
pub fn parse_date(s: &str) -> Option<i64> {
    let mut parts = s.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i64, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Unix seconds of an ISO 8601 time as the releases write it: `2025-05-29T14:48:41.602925`
/// (or a space for the `T`), optionally ending in `Z` or `+HH:MM`; no offset means UTC.
pub fn parse_iso(s: &str) -> Option<f64> {
    let s = s.trim();
    let (date, rest) = (s.get(..10)?, s.get(10..)?);
    let day = parse_date(date)?;
    if rest.is_empty() {
        return Some(day_start(day));
    }
    let rest = rest.strip_prefix(['T', ' '])?;
    // The offset starts at the first Z, + or - after the seconds.
    let (clock, offset) = match rest.find(['Z', 'z', '+', '-']) {
        Some(p) => (&rest[..p], &rest[p..]),
        None => (rest, ""),
    };
    let mut parts = clock.splitn(3, ':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let sec: f64 = match parts.next() {
        Some(x) if x.bytes().next().is_some_and(|b| b.is_ascii_digit()) => x.parse().ok()?,
        Some(_) => return None,
        None => 0.0,
    };
    if h > 23 || m > 59 || !(0.0..61.0).contains(&sec) {
        return None;
    }
    let shift = match offset {
        "" | "Z" | "z" => 0,
        o => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            let digits: String = o[1..].chars().filter(|c| *c != ':').collect();
            if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let (oh, om): (i64, i64) = (digits[..2].parse().ok()?, digits[2..].parse().ok()?);
            sign * (oh * 3600 + om * 60)
        }
    };
    Some(day_start(day) + (h * 3600 + m * 60) as f64 + sec - shift as f64)
}

/// `YYYY-MM-DD` of a day number.
pub fn format_day(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DD HH:MM:SS` (UTC) of a unix timestamp.
pub fn format_utc(tstamp: f64) -> String {
    let secs = tstamp.floor() as i64;
    let (day, rem) = (secs.div_euclid(SECONDS_PER_DAY), secs.rem_euclid(SECONDS_PER_DAY));
    format!("{} {:02}:{:02}:{:02}", format_day(day), rem / 3600, rem % 3600 / 60, rem % 60)
}

/// `MM-DD HH:MM` (UTC): compact, for lists.
pub fn format_short(tstamp: f64) -> String {
    let full = format_utc(tstamp);
    full[5..16].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(format_utc(1_682_351_591.132_2), "2023-04-24 15:53:11");
        assert_eq!(format_short(1_682_351_591.132_2), "04-24 15:53");
        assert_eq!(parse_date("2023-05-01").map(format_day).as_deref(), Some("2023-05-01"));
        assert_eq!(parse_date("2024-02-29").map(format_day).as_deref(), Some("2024-02-29"));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2023-5-1"), None);
        assert_eq!(day_of(day_start(19_500) + 86_399.9), 19_500);
    }

    #[test]
    fn iso_times() {
        let t = parse_iso("2025-05-29T14:48:41.602925").unwrap();
        assert_eq!(format_utc(t), "2025-05-29 14:48:41");
        assert!((t.fract() - 0.602925).abs() < 1e-6);
        assert_eq!(parse_iso("2025-05-29 14:48:41Z"), parse_iso("2025-05-29T16:48:41+02:00"));
        assert_eq!(parse_iso("2025-05-29"), Some(day_start(parse_date("2025-05-29").unwrap())));
        for bad in ["", "2025-13-01T00:00:00", "2025-05-29T25:00:00", "2025-05-29Tnoon", "yesterday"] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn round_trip_many_days() {
        for day in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
    }
}
