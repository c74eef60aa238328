//! Evidence beyond the name: birth date, sex, nationality, document.

use super::config::MatchConfig;
use crate::model::{DateEvidence, PartialDate, Sex};

/// How a traveller's birth date compares with one listed date.
pub fn compare_dates(q: &PartialDate, l: &PartialDate) -> DateEvidence {
    let dy = (q.year - l.year).abs();
    if dy == 0 {
        return match (q.month, q.day, l.month, l.day) {
            (Some(m1), Some(d1), Some(m2), Some(d2)) if m1 == m2 && d1 == d2 => DateEvidence::Exact,
            (Some(m1), Some(d1), Some(m2), Some(d2)) if m1 == d2 && d1 == m2 => {
                DateEvidence::Swapped
            }
            _ => DateEvidence::Year,
        };
    }
    match dy {
        1 => DateEvidence::Near,
        2 => DateEvidence::Far,
        _ if same_day(q, l) && digits_swapped(q.year, l.year) => DateEvidence::DigitsSwapped,
        _ => DateEvidence::Mismatch,
    }
}

/// Whether both dates have a day and month, and they agree.
fn same_day(q: &PartialDate, l: &PartialDate) -> bool {
    matches!((q.month, q.day, l.month, l.day), (Some(m1), Some(d1), Some(m2), Some(d2)) if m1 == m2 && d1 == d2)
}

/// Whether two four-digit years are one another with two adjacent digits
/// swapped (`1985`/`1958`, `1990`/`1909`). A year with one digit changed
/// is not read so: that is also how a namesake born some years apart
/// looks (`1985`/`1988`), and the day and month agree for one namesake in
/// 365.
fn digits_swapped(a: i32, b: i32) -> bool {
    let (a, b) = (a.to_string(), b.to_string());
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == 4
        && b.len() == 4
        && (0..3).any(|i| {
            a[i] != a[i + 1]
                && a[i] == b[i + 1]
                && a[i + 1] == b[i]
                && a.iter()
                    .zip(b)
                    .enumerate()
                    .all(|(j, (x, y))| j == i || j == i + 1 || x == y)
        })
}

fn rank(e: DateEvidence) -> u8 {
    match e {
        DateEvidence::Exact => 7,
        DateEvidence::Year => 6,
        DateEvidence::Swapped => 5,
        DateEvidence::Near => 4,
        DateEvidence::DigitsSwapped => 3,
        DateEvidence::Far => 2,
        DateEvidence::Mismatch => 1,
        DateEvidence::Unknown => 0,
    }
}

/// The best evidence over all listed dates (`Unknown` when either side has none).
pub fn best_date(q: Option<&PartialDate>, listed: &[PartialDate]) -> DateEvidence {
    let Some(q) = q else {
        return DateEvidence::Unknown;
    };
    listed
        .iter()
        .map(|l| compare_dates(q, l))
        .max_by_key(|e| rank(*e))
        .unwrap_or(DateEvidence::Unknown)
}

/// Applies date, sex and nationality evidence to a name similarity; adds
/// explanation lines to `ev` when given (a screen scores every candidate
/// but explains only those it reports). A namesake (`Mismatch`) is capped
/// at `namesake_cap`.
pub fn adjust(
    sim: f64,
    date: DateEvidence,
    sex: Option<(Sex, Sex)>,
    nat_differs: Option<bool>,
    c: &MatchConfig,
    mut ev: Option<&mut Vec<String>>,
) -> f64 {
    let mut note = |line: &dyn Fn() -> String| {
        if let Some(ev) = ev.as_deref_mut() {
            ev.push(line());
        }
    };
    let mut s = sim;
    match date {
        DateEvidence::Exact => s += c.birth_exact_bonus,
        DateEvidence::Year => s += c.birth_year_bonus,
        DateEvidence::Swapped => s += c.birth_swapped_bonus,
        DateEvidence::Far => s -= c.birth_far_penalty,
        _ => {}
    }
    if date != DateEvidence::Unknown {
        note(&|| format!("birth date {}", date.as_str()));
    }
    if let Some((a, b)) = sex {
        if a != b && a != Sex::X && b != Sex::X {
            s -= c.sex_mismatch_penalty;
            note(&|| "sex differs".into());
        }
    }
    match nat_differs {
        Some(true) => {
            s -= c.nationality_mismatch_penalty;
            note(&|| "nationality differs".into());
        }
        Some(false) => note(&|| "nationality same".into()),
        None => {}
    }
    let mut s = s.clamp(0.0, 1.0);
    if date == DateEvidence::Mismatch {
        s = s.min(c.namesake_cap);
    }
    s
}

/// Document numbers compared upper case without spaces, dashes or dots.
pub fn doc_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse_iso(s).unwrap()
    }

    #[test]
    fn date_evidence_kinds() {
        assert_eq!(
            compare_dates(&d("1980-03-04"), &d("1980-03-04")),
            DateEvidence::Exact
        );
        assert_eq!(
            compare_dates(&d("1980-03-04"), &d("1980-04-03")),
            DateEvidence::Swapped
        );
        assert_eq!(
            compare_dates(&d("1980-03-04"), &d("1980")),
            DateEvidence::Year
        );
        assert_eq!(
            compare_dates(&d("1981-03-04"), &d("1980")),
            DateEvidence::Near
        );
        assert_eq!(compare_dates(&d("1982"), &d("1980")), DateEvidence::Far);
        assert_eq!(
            compare_dates(&d("1990"), &d("1980")),
            DateEvidence::Mismatch
        );
        assert_eq!(
            best_date(Some(&d("1990")), &[d("1970"), d("1990-01")]),
            DateEvidence::Year
        );
    }

    #[test]
    fn a_year_with_two_digits_swapped_is_a_typo_where_day_and_month_agree() {
        let c = compare_dates;
        assert_eq!(
            c(&d("1985-03-12"), &d("1958-03-12")),
            DateEvidence::DigitsSwapped
        );
        assert_eq!(
            c(&d("1990-07-01"), &d("1909-07-01")),
            DateEvidence::DigitsSwapped
        );
        // Not with another day, nor with the year alone.
        assert_eq!(
            c(&d("1985-03-12"), &d("1958-03-13")),
            DateEvidence::Mismatch
        );
        assert_eq!(c(&d("1985"), &d("1958")), DateEvidence::Mismatch);
        // One digit changed is a namesake some years apart.
        assert_eq!(
            c(&d("1985-03-12"), &d("1988-03-12")),
            DateEvidence::Mismatch
        );
        // Two digits swapped that are not adjacent, or the same digit.
        assert_eq!(
            c(&d("1985-03-12"), &d("1589-03-12")),
            DateEvidence::Mismatch
        );
        assert!(!digits_swapped(1988, 1988));
        // A typo is not capped as a namesake, nor lifted.
        let s = adjust(
            0.9,
            DateEvidence::DigitsSwapped,
            None,
            None,
            &MatchConfig::default(),
            None,
        );
        assert_eq!(s, 0.9);
    }

    #[test]
    fn namesake_is_capped_below_review() {
        let c = MatchConfig::default();
        let mut ev = Vec::new();
        let s = adjust(1.0, DateEvidence::Mismatch, None, None, &c, Some(&mut ev));
        assert!(s < c.review_threshold);
        assert_eq!(ev, ["birth date mismatch"]);
        // Scoring without notes gives the same figure.
        assert_eq!(adjust(1.0, DateEvidence::Mismatch, None, None, &c, None), s);
    }
}
