//! Calendar dates (proleptic Gregorian), enough for effective dates and certificate terms.

use crate::error::{Error, ErrorCode};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar date. Ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// Earliest supported date.
    pub const MIN_YEAR: i32 = 1900;
    /// Latest supported year.
    pub const MAX_YEAR: i32 = 2999;

    /// Builds a date, or `None` if it does not exist or lies outside years 1900–2999.
    #[must_use]
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(Self::MIN_YEAR..=Self::MAX_YEAR).contains(&year)
            || !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
        {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Year.
    #[must_use]
    pub fn year(self) -> i32 {
        self.year
    }
    /// Month, 1–12.
    #[must_use]
    pub fn month(self) -> u8 {
        self.month
    }
    /// Day of month, 1–31.
    #[must_use]
    pub fn day(self) -> u8 {
        self.day
    }

    /// Parses `YYYY-MM-DD`.
    ///
    /// # Errors
    /// `invalid_date` at `path`.
    pub fn parse(s: &str, path: &str) -> Result<Date, Error> {
        let bad = || {
            Error::new(
                ErrorCode::InvalidDate,
                path,
                format!(
                    "expected a date YYYY-MM-DD between 1900 and 2999, found {}",
                    crate::error::quoted(s)
                ),
            )
        };
        let b = s.as_bytes();
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
            return Err(bad());
        };
        let (Ok(y), Ok(m), Ok(d)) = (i32::try_from(y), u8::try_from(m), u8::try_from(d)) else {
            return Err(bad());
        };
        Date::new(y, m, d).ok_or_else(bad)
    }

    /// Days since 1970-01-01 (negative before).
    #[must_use]
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01, if within the supported range.
    #[must_use]
    pub fn from_days(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date::new(
            i32::try_from(y).ok()?,
            u8::try_from(m).ok()?,
            u8::try_from(d).ok()?,
        )
    }

    /// This date plus `n` days (negative to go back), if within range.
    #[must_use]
    pub fn add_days(self, n: i64) -> Option<Date> {
        Date::from_days(self.to_days().checked_add(n)?)
    }

    /// This date plus `n` calendar months; the day is clamped to the month's last day
    /// (31 Jan + 1 month = 28/29 Feb).
    #[must_use]
    pub fn add_months(self, n: i32) -> Option<Date> {
        let total = self.year.checked_mul(12)? + i32::from(self.month) - 1 + n;
        let y = total.div_euclid(12);
        let m = u8::try_from(total.rem_euclid(12) + 1).ok()?;
        let d = self.day.min(days_in_month(y, m));
        Date::new(y, m, d)
    }

    /// Days from `self` to `other` (positive when `other` is later).
    #[must_use]
    pub fn days_until(self, other: Date) -> i64 {
        other.to_days() - self.to_days()
    }
}

impl Date {
    /// `YYYY-MM-DD` as ASCII digits (every date has a four-digit year, 1900–2999), written
    /// without the formatting machinery: a register's report writes several dates a row.
    fn ascii(self) -> [u8; 10] {
        let digit = |n: u32| b'0' + u8::try_from(n % 10).unwrap_or(0);
        let y = self.year.unsigned_abs();
        let (m, d) = (u32::from(self.month), u32::from(self.day));
        [
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(d / 10),
            digit(d),
        ]
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let a = self.ascii();
        f.write_str(std::str::from_utf8(&a).map_err(|_| fmt::Error)?)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = self.ascii();
        match std::str::from_utf8(&a) {
            Ok(t) => s.serialize_str(t),
            Err(_) => s.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s, "").map_err(|e| serde::de::Error::custom(e.message))
    }
}

/// In TypeScript a date is its `YYYY-MM-DD` string (as serde writes it).
#[cfg(feature = "ts")]
impl ts_rs::TS for Date {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn name(_: &ts_rs::Config) -> String {
        "string".to_owned()
    }
    fn inline(_: &ts_rs::Config) -> String {
        "string".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_days_over_two_centuries() {
        let start = Date::new(1950, 1, 1).unwrap();
        let mut prev = start;
        for i in 1..(365 * 200) {
            let d = start.add_days(i).unwrap();
            assert!(d > prev, "{d} after {prev}");
            assert_eq!(d.to_days() - start.to_days(), i);
            assert_eq!(Date::parse(&d.to_string(), "").unwrap(), d);
            prev = d;
        }
    }

    #[test]
    fn known_dates() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().to_days(), 0);
        assert_eq!(
            Date::new(2026, 5, 22)
                .unwrap()
                .add_days(60)
                .unwrap()
                .to_string(),
            "2026-07-21"
        );
        assert_eq!(
            Date::new(2024, 1, 31)
                .unwrap()
                .add_months(1)
                .unwrap()
                .to_string(),
            "2024-02-29"
        );
        assert_eq!(
            Date::new(2023, 2, 24)
                .unwrap()
                .add_months(36)
                .unwrap()
                .to_string(),
            "2026-02-24"
        );
    }

    #[test]
    fn rejects_bad_dates() {
        for s in [
            "2026-02-30",
            "2026-13-01",
            "26-01-01",
            "2026/01/01",
            "",
            "2026-1-01",
            "３０２６-01-01",
        ] {
            assert_eq!(
                Date::parse(s, "/date").unwrap_err().code,
                ErrorCode::InvalidDate,
                "{s}"
            );
        }
        assert!(Date::parse("2024-02-29", "").is_ok());
        assert!(Date::parse("2023-02-29", "").is_err());
    }
}
