//! Matching thresholds from `rules/tables/matching.toml`.

use serde::Deserialize;

/// Matching settings from the rule pack. See docs/matching.md.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct MatchConfig {
    /// Matches below this similarity are not reported.
    pub report_threshold: f64,
    /// From this similarity a match deserves review.
    pub review_threshold: f64,
    /// At most this many matches per traveller.
    pub max_matches: usize,
    /// Birth years further apart than this mark a namesake.
    pub namesake_years: i32,
    /// A namesake's similarity is capped here (below `review_threshold`).
    pub namesake_cap: f64,
    /// Added for the same full birth date.
    pub birth_exact_bonus: f64,
    /// Added for the same birth year.
    pub birth_year_bonus: f64,
    /// Added for a day/month swap.
    pub birth_swapped_bonus: f64,
    /// Taken off for a birth year two years away.
    pub birth_far_penalty: f64,
    /// Taken off when both sexes are known and differ.
    pub sex_mismatch_penalty: f64,
    /// Taken off when both nationalities are known and differ.
    pub nationality_mismatch_penalty: f64,
    /// An exact document number makes the match at least this strong.
    pub document_match_floor: f64,
    /// Lowest token similarity the candidate index looks for.
    pub token_min_similarity: f64,
    /// Categories whose matches must reach review (trafficking suspects,
    /// missing persons): the best match of one of them is reported even
    /// when `max_matches` stronger matches of other categories fill the
    /// list, so a sanctions namesake never crowds it out.
    pub priority_categories: Vec<String>,
}

impl MatchConfig {
    /// Whether, under these thresholds, a single listed word standing for
    /// a traveller's longer name (scored at most
    /// [`SINGLE_CAP`](crate::names::SINGLE_CAP)) is reported with an exact
    /// birth date and only then: the cap reaches the bar with the exact
    /// date's bonus, and not with a birth year's or a swapped date's.
    /// The shipped file holds it; a pack that moves the bar or the bonuses
    /// is warned of when it does not (docs/matching.md, section 2).
    pub fn single_name_needs_exact_date(&self) -> bool {
        let cap = crate::names::SINGLE_CAP;
        let partial = self.birth_year_bonus.max(self.birth_swapped_bonus);
        cap + self.birth_exact_bonus >= self.report_threshold - 1e-9
            && cap + partial < self.report_threshold - 1e-9
    }

    /// The most birth-date evidence can add to a name similarity: a name
    /// under `report_threshold` by more than this is never reported.
    pub fn max_bonus(&self) -> f64 {
        [
            self.birth_exact_bonus,
            self.birth_year_bonus,
            self.birth_swapped_bonus,
        ]
        .into_iter()
        .fold(0.0, f64::max)
    }
}

impl Default for MatchConfig {
    fn default() -> Self {
        MatchConfig {
            report_threshold: 0.80,
            review_threshold: 0.88,
            max_matches: 5,
            namesake_years: 2,
            namesake_cap: 0.79,
            birth_exact_bonus: 0.04,
            birth_year_bonus: 0.02,
            birth_swapped_bonus: 0.02,
            birth_far_penalty: 0.04,
            sex_mismatch_penalty: 0.06,
            nationality_mismatch_penalty: 0.02,
            document_match_floor: 0.97,
            token_min_similarity: 0.85,
            priority_categories: vec!["trafficking-suspect".into(), "missing-person".into()],
        }
    }
}

/// The thresholds shipped in `rules/tables/matching.toml`.
pub const BUILTIN_MATCHING_TOML: &str = include_str!("../../rules/tables/matching.toml");

impl MatchConfig {
    /// Parses `rules/tables/matching.toml`; missing keys keep their defaults.
    pub fn from_toml(text: &str) -> Result<MatchConfig, String> {
        let c: MatchConfig = toml::from_str(text).map_err(|e| format!("matching.toml: {e}"))?;
        let unit = |v: f64, k: &str| {
            if (0.0..=1.0).contains(&v) {
                Ok(())
            } else {
                Err(format!("matching.toml: {k} = {v} is outside 0..1"))
            }
        };
        unit(c.report_threshold, "report_threshold")?;
        unit(c.review_threshold, "review_threshold")?;
        unit(c.namesake_cap, "namesake_cap")?;
        unit(c.document_match_floor, "document_match_floor")?;
        unit(c.token_min_similarity, "token_min_similarity")?;
        if c.namesake_cap >= c.review_threshold {
            return Err("matching.toml: namesake_cap must be below review_threshold".into());
        }
        if c.max_matches == 0 {
            return Err("matching.toml: max_matches must be at least 1".into());
        }
        if let Some(k) = c.priority_categories.iter().find(|k| k.trim().is_empty()) {
            return Err(format!(
                "matching.toml: priority_categories holds an empty category ({k:?})"
            ));
        }
        Ok(c)
    }

    /// The shipped thresholds.
    pub fn builtin() -> MatchConfig {
        MatchConfig::from_toml(BUILTIN_MATCHING_TOML).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_file_parses_and_equals_defaults() {
        assert_eq!(
            MatchConfig::from_toml(BUILTIN_MATCHING_TOML).unwrap(),
            MatchConfig::default()
        );
        assert!(MatchConfig::from_toml("report_threshold = 2.0").is_err());
        assert!(MatchConfig::from_toml("bogus = 1").is_err());
        assert!(MatchConfig::from_toml("namesake_cap = 0.95").is_err());
    }

    #[test]
    fn the_shipped_thresholds_report_a_single_listed_word_with_an_exact_date_only() {
        assert!(MatchConfig::builtin().single_name_needs_exact_date());
        // A lower bar reports it with a birth year; a smaller exact bonus
        // never reports it.
        for c in [
            MatchConfig {
                report_threshold: 0.78,
                ..MatchConfig::default()
            },
            MatchConfig {
                birth_exact_bonus: 0.02,
                ..MatchConfig::default()
            },
        ] {
            assert!(!c.single_name_needs_exact_date(), "{c:?}");
        }
    }

    #[test]
    fn max_bonus_is_the_largest_date_bonus() {
        assert_eq!(MatchConfig::default().max_bonus(), 0.04);
        let c = MatchConfig {
            birth_year_bonus: 0.05,
            ..MatchConfig::default()
        };
        assert_eq!(c.max_bonus(), 0.05);
    }
}
