//! UTC day numbers (days since 1970-01-01, as `activity_capture_core::window::utc_day` counts
//! them) and their `YYYY-MM-DD` form, in the proleptic Gregorian calendar.

/// The date `YYYY-MM-DD` of UTC day number `day`.
pub fn date_of(day: u64) -> String {
    // Howard Hinnant's civil_from_days, for non-negative day numbers.
    let z = day as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The UTC day number of a date written `YYYY-MM-DD` (1970 to 9999); `None` for anything else,
/// including dates that do not exist.
pub fn day_of(date: &str) -> Option<u64> {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = &date[r];
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if y < 1970 || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Hinnant's days_from_civil.
    let y_adj = if m <= 2 { y - 1 } else { y };
    let era = y_adj.div_euclid(400);
    let yoe = y_adj - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let day = era * 146_097 + doe - 719_468;
    let day = u64::try_from(day).ok()?;
    // Refuse 2026-02-30 and the like: the date must round-trip.
    (date_of(day) == date).then_some(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_impossible_dates_are_refused() {
        for (day, date) in [
            (0, "1970-01-01"),
            (20_784, "2026-11-27"),
            (19_782, "2024-02-29"),
            (11_016, "2000-02-29"),
        ] {
            assert_eq!(date_of(day), date);
            assert_eq!(day_of(date), Some(day), "{date}");
        }
        for bad in [
            "2026-02-30",
            "2025-02-29",
            "2026-13-01",
            "2026-1-01",
            "1969-12-31",
            "2026/11/27",
            "+026-11-27",
            "",
        ] {
            assert_eq!(day_of(bad), None, "{bad}");
        }
    }
}
