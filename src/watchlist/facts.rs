//! What the evidence step reads of each entry, packed beside the entries.
//!
//! Screening scores every candidate entry a traveller's name reaches with
//! its birth date, sex and nationality before deciding which to report. A
//! dense list gives hundreds of candidates a traveller, and reading them
//! from [`WatchlistEntry`] costs up to four cache misses each (the entry,
//! its dates, its nationalities, the nationality's bytes). [`Facts`] keeps
//! the common case (at most one date, one short nationality code) in 12
//! bytes; an entry with more is read in full, so the answers are always
//! those of [`best_date`] and of comparing the nationality lists.

use super::evidence::{best_date, compare_dates};
use crate::model::{is_country_code, DateEvidence, PartialDate, Sex, WatchlistEntry};

/// One entry's evidence facts (see the module documentation).
#[derive(Clone, Copy, Debug, Default)]
pub struct Facts {
    /// The only birth date, packed by [`pack_date`]; 0 when there is none
    /// or when `dates_elsewhere`.
    date: u32,
    /// The only nationality code's bytes ([`pack_code`]); 0 when there is
    /// none or when `nats_elsewhere`.
    nat: u32,
    /// The entry's dates do not fit here: read them from the entry.
    dates_elsewhere: bool,
    /// The entry's nationalities do not fit here: read them from the entry.
    nats_elsewhere: bool,
    /// Listed sex.
    sex: Option<Sex>,
}

impl Facts {
    /// The facts of `e`.
    pub fn of(e: &WatchlistEntry) -> Facts {
        let (date, dates_elsewhere) = single(&e.birth_dates, pack_date);
        let codes: Vec<&String> = e
            .nationalities
            .iter()
            .filter(|n| is_country_code(n))
            .collect();
        let (nat, nats_elsewhere) = single(&codes, |n| pack_code(n));
        Facts {
            date,
            nat,
            dates_elsewhere,
            nats_elsewhere,
            sex: e.sex,
        }
    }

    /// The best birth-date evidence, as [`best_date`] over the entry's
    /// dates (`entry` is read only when they do not fit here).
    pub fn date<'a>(
        &self,
        q: Option<&PartialDate>,
        entry: impl FnOnce() -> &'a WatchlistEntry,
    ) -> DateEvidence {
        match q {
            None => DateEvidence::Unknown,
            Some(_) if self.dates_elsewhere => best_date(q, &entry().birth_dates),
            Some(_) if self.date == 0 => DateEvidence::Unknown,
            Some(q) => compare_dates(q, &unpack_date(self.date)),
        }
    }

    /// Listed sex.
    pub fn sex(&self) -> Option<Sex> {
        self.sex
    }

    /// Whether the traveller's nationality code `q` is not among the
    /// entry's (`None` when either side has none); `entry` is read only
    /// when the entry's codes do not fit here. A listed nationality that is
    /// no country code (a name no table knows, `NA`) is no evidence: no
    /// traveller's nationality could equal it.
    pub fn nationality_differs<'a>(
        &self,
        q: Option<&str>,
        entry: impl FnOnce() -> &'a WatchlistEntry,
    ) -> Option<bool> {
        let q = q?;
        if self.nats_elsewhere {
            let e = entry();
            let mut codes = e
                .nationalities
                .iter()
                .filter(|n| is_country_code(n))
                .peekable();
            return codes.peek().is_some().then(|| !codes.any(|n| n == q));
        }
        // A code that does not fit differs from the one that does.
        (self.nat != 0).then(|| Some(self.nat) != pack_code(q))
    }
}

/// A list's only item packed (0 when the list is empty), and whether the
/// list must be read instead (more than one item, or one that does not
/// pack).
fn single<T>(items: &[T], pack: impl Fn(&T) -> Option<u32>) -> (u32, bool) {
    match items {
        [] => (0, false),
        [one] => pack(one).map_or((0, true), |p| (p, false)),
        _ => (0, true),
    }
}

/// A date as one `u32`: a presence bit, the year in 16 bits, the month in 4
/// and the day in 5 (0 for unknown). `None` for a year outside 0..=65535
/// or an impossible month or day (such an entry is read in full).
fn pack_date(d: &PartialDate) -> Option<u32> {
    let year = u32::try_from(d.year).ok().filter(|y| *y <= 0xFFFF)?;
    let month = d.month.unwrap_or(0);
    let day = d.day.unwrap_or(0);
    if month > 12 || day > 31 {
        return None;
    }
    Some(1 << 31 | year << 9 | month << 5 | day)
}

fn unpack_date(p: u32) -> PartialDate {
    let nonzero = |v: u32| (v != 0).then_some(v);
    PartialDate {
        year: ((p >> 9) & 0xFFFF) as i32,
        month: nonzero((p >> 5) & 0xF),
        day: nonzero(p & 0x1F),
    }
}

/// A code of 1 to 4 bytes (no NUL) as one `u32`; `None` otherwise.
fn pack_code(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    if b.is_empty() || b.len() > 4 || b.contains(&0) {
        return None;
    }
    let mut out = [0u8; 4];
    out[..b.len()].copy_from_slice(b);
    Some(u32::from_le_bytes(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(dates: &[PartialDate], nats: &[&str]) -> WatchlistEntry {
        WatchlistEntry {
            entry_id: "E".into(),
            list: "L".into(),
            full_name: "N".into(),
            aliases: vec![],
            birth_dates: dates.to_vec(),
            nationalities: nats.iter().map(|n| n.to_string()).collect(),
            document_numbers: vec![],
            sex: Some(Sex::F),
            category: "c".into(),
        }
    }

    fn d(year: i32, month: Option<u32>, day: Option<u32>) -> PartialDate {
        PartialDate { year, month, day }
    }

    #[test]
    fn dates_round_trip() {
        for p in [
            d(1980, Some(5), Some(17)),
            d(2001, Some(12), None),
            d(1955, None, None),
            d(0, Some(1), Some(31)),
            d(65535, None, None),
        ] {
            assert_eq!(unpack_date(pack_date(&p).unwrap()), p);
        }
        assert_eq!(pack_date(&d(-5, None, None)), None);
        assert_eq!(pack_date(&d(70000, None, None)), None);
    }

    /// Every combination of query and listed dates and nationalities gives
    /// what reading the entry gives.
    #[test]
    fn answers_are_those_of_the_entry() {
        let dates = [
            d(1980, Some(5), Some(17)),
            d(1980, Some(17), Some(5)),
            d(1980, None, None),
            d(1981, Some(5), Some(17)),
            d(1978, Some(1), Some(1)),
            d(-3, None, None),
        ];
        let mut listed_dates: Vec<Vec<PartialDate>> = vec![vec![]];
        listed_dates.extend(dates.iter().map(|x| vec![*x]));
        listed_dates.push(vec![dates[2], dates[0]]);
        listed_dates.push(vec![dates[4], dates[3], dates[5]]);
        let nats: [&[&str]; 8] = [
            &[],
            &["IDN"],
            &["MYS"],
            &["IDN", "MYS"],
            &["KURDISTAN"],
            &["ID"],
            &["KURDISTAN", "IDN"],
            &["NA", "KURDISTAN"],
        ];
        let queries: [Option<&str>; 6] = [
            None,
            Some("IDN"),
            Some("MYS"),
            Some("ID"),
            Some("KURDISTAN"),
            Some("SGP"),
        ];
        for ld in &listed_dates {
            for ln in nats {
                let e = entry(ld, ln);
                let f = Facts::of(&e);
                assert_eq!(f.sex(), e.sex);
                for q in dates.iter().map(Some).chain([None]) {
                    assert_eq!(
                        f.date(q, || &e),
                        best_date(q, &e.birth_dates),
                        "{q:?} vs {ld:?}"
                    );
                }
                // Only the entry's country codes are evidence.
                let codes: Vec<&String> = e
                    .nationalities
                    .iter()
                    .filter(|n| is_country_code(n))
                    .collect();
                for q in queries {
                    let want = q
                        .filter(|_| !codes.is_empty())
                        .map(|c| !codes.iter().any(|n| *n == c));
                    assert_eq!(f.nationality_differs(q, || &e), want, "{q:?} vs {ln:?}");
                }
            }
        }
    }

    #[test]
    fn the_entry_is_read_only_when_its_facts_do_not_fit() {
        let one = entry(&[d(1980, Some(5), Some(17))], &["IDN"]);
        let f = Facts::of(&one);
        let q = d(1980, Some(5), Some(17));
        let never = || -> &WatchlistEntry { panic!("entry read") };
        assert_eq!(f.date(Some(&q), never), DateEvidence::Exact);
        assert_eq!(f.nationality_differs(Some("MYS"), never), Some(true));
        let two = entry(&[q, d(1990, None, None)], &["IDN", "MYS"]);
        let f = Facts::of(&two);
        let mut read = 0;
        assert_eq!(
            f.date(Some(&q), || {
                read += 1;
                &two
            }),
            DateEvidence::Exact
        );
        assert_eq!(read, 1);
    }
}
