//! W3C-profile ISO 8601 date/times of GeoReport v2, with the calendar math done here
//! (this crate has no date library).

/// Parses a W3C date/time into Unix seconds (UTC). Accepted: `YYYY-MM-DD` (midnight UTC)
/// and `YYYY-MM-DDThh:mm:ss` with optional fractional seconds (dropped) followed by `Z` or
/// `±hh:mm`. Anything else (no zone, no seconds, lower-case `t`/`z`, out-of-range fields,
/// February 30, leap second 60, surrounding spaces) is `None`.
pub fn parse_w3c_datetime(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = number(&b[0..4])?;
    let month = number(&b[5..7])?;
    let day = number(&b[8..10])?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let midnight = days_from_civil(year, month, day) * 86_400;
    let rest = &b[10..];
    if rest.is_empty() {
        return Some(midnight);
    }
    if rest.len() < 10 || rest[0] != b'T' || rest[3] != b':' || rest[6] != b':' {
        return None;
    }
    let hour = number(&rest[1..3])?;
    let minute = number(&rest[4..6])?;
    let second = number(&rest[7..9])?;
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut zone = &rest[9..];
    if let [b'.', fraction @ ..] = zone {
        let digits = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        zone = &fraction[digits..];
    }
    let offset = match zone {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hours = number(&[*h1, *h2])?;
            let minutes = number(&[*m1, *m2])?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = hours * 3600 + minutes * 60;
            if *sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
        _ => return None,
    };
    Some(midnight + hour * 3600 + minute * 60 + second - offset)
}

/// Formats Unix seconds as a W3C date/time in the zone `offset_minutes` east of UTC:
/// `2026-11-21T23:00:00+09:00`, or `…Z` for offset 0. Offsets beyond ±23:59 are clamped
/// (the string still names the same instant). Years outside 0000–9999 are printed as they
/// come (e.g. `-0001`, `10000`), which no W3C parser accepts.
pub fn format_w3c_datetime(unix_seconds: i64, offset_minutes: i32) -> String {
    let offset_minutes = i64::from(offset_minutes.clamp(-(23 * 60 + 59), 23 * 60 + 59));
    let local = unix_seconds.saturating_add(offset_minutes * 60);
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let zone = if offset_minutes == 0 {
        "Z".to_string()
    } else {
        let sign = if offset_minutes < 0 { '-' } else { '+' };
        let abs = offset_minutes.abs();
        format!("{sign}{:02}:{:02}", abs / 60, abs % 60)
    };
    format!(
        "{}-{month:02}-{day:02}T{:02}:{:02}:{:02}{zone}",
        format_year(year),
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

pub(super) fn format_year(year: i64) -> String {
    if year < 0 {
        format!("-{:04}", year.unsigned_abs())
    } else {
        format!("{year:04}")
    }
}

/// The value of ASCII digits; `None` if any byte is not a digit (or there are none).
pub(super) fn number(digits: &[u8]) -> Option<i64> {
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    digits.iter().try_fold(0i64, |acc, c| c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0')))
}

pub(super) fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

pub(super) fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days from 1970-01-01 to the given proleptic Gregorian date. Years are counted from
/// March so the leap day ends a year, and grouped into 400-year eras of 146 097 days.
pub(super) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    // 719 468 days separate 0000-03-01 (the start of an era) from 1970-01-01.
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`]: (year, month, day).
pub(super) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days.saturating_add(719_468);
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}
