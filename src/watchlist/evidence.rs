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
        _ => DateEvidence::Mismatch,
    }
}

fn rank(e: DateEvidence) -> u8 {
    match e {
        DateEvidence::Exact => 6,
        DateEvidence::Year => 5,
        DateEvidence::Swapped => 4,
        DateEvidence::Near => 3,
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
