//! Dates as they appear on documents and manifests.
//!
//! Birth dates are often partial (`1987`, `1987-05`): a partial date stays
//! partial all the way through. Nothing here invents a day or a month.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A date whose month and day may be unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    /// Calendar year.
    pub year: i32,
    /// Month 1..=12, when known.
    pub month: Option<u32>,
    /// Day of month, when known (only with a month).
    pub day: Option<u32>,
}

impl PartialDate {
    /// A full date.
    pub fn full(d: NaiveDate) -> PartialDate {
        PartialDate {
            year: d.year(),
            month: Some(d.month()),
            day: Some(d.day()),
        }
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (ISO 8601 forms only). A
    /// full date written with a midnight time, as databases export a date
    /// column (`1987-01-11T00:00:00`, `1987-01-11 00:00:00.000Z`), is that
    /// date; any other time of day on a date is an error.
    pub fn parse_iso(s: &str) -> Result<PartialDate, String> {
        let s = without_midnight(s.trim());
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, what: &str, len: usize| -> Result<u32, String> {
            if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!(
                    "'{s}' is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY; bad {what})"
                ));
            }
            p.parse::<u32>().map_err(|e| e.to_string())
        };
        match parts.as_slice() {
            [y] => Ok(PartialDate {
                year: num(y, "year", 4)? as i32,
                month: None,
                day: None,
            }),
            [y, m] => {
                let year = num(y, "year", 4)? as i32;
                let month = num(m, "month", 2)?;
                if !(1..=12).contains(&month) {
                    return Err(format!("'{s}' has month {month}, outside 1..12"));
                }
                Ok(PartialDate {
                    year,
                    month: Some(month),
                    day: None,
                })
            }
            [y, m, d] => {
                let year = num(y, "year", 4)? as i32;
                let month = num(m, "month", 2)?;
                let day = num(d, "day", 2)?;
                NaiveDate::from_ymd_opt(year, month, day)
                    .map(PartialDate::full)
                    .ok_or_else(|| format!("'{s}' is not a calendar date"))
            }
            _ => Err(format!(
                "'{s}' is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)"
            )),
        }
    }

    /// The full date, when day and month are both known.
    pub fn as_full(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month?, self.day?)
    }

    /// True when only the year (and maybe month) is known.
    pub fn is_partial(&self) -> bool {
        self.day.is_none()
    }

    /// The earliest day this date can denote (used for "not in the future").
    pub fn earliest(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .unwrap_or(NaiveDate::MIN)
    }

    /// The latest day this date can denote.
    pub fn latest(&self) -> NaiveDate {
        match (self.month, self.day) {
            (Some(m), Some(d)) => {
                NaiveDate::from_ymd_opt(self.year, m, d).unwrap_or(NaiveDate::MAX)
            }
            (Some(m), None) => {
                let (ny, nm) = if m == 12 {
                    (self.year + 1, 1)
                } else {
                    (self.year, m + 1)
                };
                NaiveDate::from_ymd_opt(ny, nm, 1)
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(NaiveDate::MAX)
            }
            _ => NaiveDate::from_ymd_opt(self.year, 12, 31).unwrap_or(NaiveDate::MAX),
        }
    }

    /// Age in fractional years on `on`. A partial date uses the middle of its
    /// range, so the error is at most half a year (or half a month).
    pub fn age_on(&self, on: NaiveDate) -> f64 {
        let (a, b) = (self.earliest(), self.latest());
        let mid = a + (b - a) / 2;
        (on - mid).num_days() as f64 / 365.2425
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => write!(f, "{:04}-{:02}", self.year, m),
            _ => write!(f, "{:04}", self.year),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PartialDate::parse_iso(&s).map_err(serde::de::Error::custom)
    }
}

/// `s` without a midnight time after a full date (`T00:00:00`, `
/// 00:00`, with fractions of zeros, a `Z` or an offset); `s` itself
/// otherwise.
fn without_midnight(s: &str) -> &str {
    let (Some(date), Some(time)) = (s.get(..10), s.get(11..)) else {
        return s;
    };
    if !matches!(s.as_bytes()[10], b'T' | b't' | b' ') {
        return s;
    }
    // The offset says where that midnight was; the date written stays.
    let time = time.trim_end_matches(['Z', 'z']);
    let time = time.split(['+', '-']).next().unwrap_or(time);
    let (clock, fraction) = time.split_once('.').unwrap_or((time, "0"));
    let midnight = matches!(clock, "00:00" | "00:00:00") && fraction.bytes().all(|b| b == b'0');
    if midnight {
        date
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_exported_with_a_midnight_time_is_that_date() {
        for s in [
            "1987-01-11T00:00:00",
            "1987-01-11 00:00:00",
            "1987-01-11T00:00",
            "1987-01-11 00:00:00.000",
            "1987-01-11T00:00:00Z",
            "1987-01-11T00:00:00+00:00",
        ] {
            assert_eq!(
                PartialDate::parse_iso(s).map(|d| d.to_string()),
                Ok("1987-01-11".into()),
                "{s}"
            );
        }
        assert!(PartialDate::parse_iso("1987-01-11T08:30:00").is_err());
        assert!(PartialDate::parse_iso("1987-01-11T00:00:00+07:00").is_ok());
        assert!(PartialDate::parse_iso("1987-01-11T00:00:01").is_err());
    }

    #[test]
    fn partial_dates_stay_partial() {
        let d = PartialDate::parse_iso("1987").unwrap();
        assert_eq!(d.to_string(), "1987");
        assert_eq!(d.month, None);
        let d = PartialDate::parse_iso("1987-05").unwrap();
        assert_eq!(d.to_string(), "1987-05");
        assert_eq!(d.latest(), NaiveDate::from_ymd_opt(1987, 5, 31).unwrap());
        assert!(PartialDate::parse_iso("1987-02-30").is_err());
        assert!(PartialDate::parse_iso("1987-13").is_err());
        assert!(PartialDate::parse_iso("87").is_err());
    }

    #[test]
    fn age_uses_midpoint_of_partial_range() {
        let on = NaiveDate::from_ymd_opt(2026, 7, 2).unwrap();
        let a = PartialDate::parse_iso("2008").unwrap().age_on(on);
        assert!((a - 18.0).abs() < 0.01, "{a}");
    }
}
