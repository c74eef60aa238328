//! Pattern windows and thresholds from `rules/tables/patterns.toml`.
//!
//! The defaults mirror the shipped file; every number the pattern features use
//! comes from here.

use serde::Deserialize;
use std::collections::HashSet;

/// Pattern settings from `rules/tables/patterns.toml`.
#[derive(Clone, Debug, PartialEq)]
pub struct PatternConfig {
    /// Person-history window in days (`[history] window_days`).
    pub history_days: u32,
    /// Shared-contact window in days (`[contacts] window_days`).
    pub contact_days: u32,
    /// Distinct-traveller counts stop at this value (`[contacts] count_cap`).
    pub contact_cap: u32,
    /// Phones compare on their last this-many digits (`[contacts] phone_digits`).
    pub phone_digits: usize,
    /// Shorter phones are ignored (`[contacts] min_phone_digits`).
    pub min_phone_digits: usize,
    /// Shorter addresses (letters and digits) are ignored (`[contacts] min_address_chars`).
    pub min_address_chars: usize,
    /// Minors are younger than this (`[ages] minor_below`).
    pub minor_below: f64,
    /// Accompanying adults are at least this old (`[ages] adult_from`).
    pub adult_from: f64,
    /// Young women are at least this old (`[ages] young_woman_from`).
    pub young_woman_from: f64,
    /// ... and at most this old, in completed years (`[ages] young_woman_to`).
    pub young_woman_to: f64,
    /// Escort pattern: minimum young women on the booking (`[escort] min_young_women`).
    pub escort_min_young_women: u32,
    /// Escort pattern: most other travellers (`[escort] max_escorts`).
    pub escort_max_escorts: u32,
    /// Escort pattern: minimum age of the others (`[escort] escort_min_age`).
    pub escort_min_age: f64,
    /// Name tokens ignored when comparing family names (`[names] common_tokens`).
    pub common_tokens: HashSet<String>,
    /// Name tokens shorter than this are ignored (`[names] min_token_len`).
    pub min_token_len: usize,
    /// Registry name-match threshold (`[registry] min_similarity`).
    pub registry_min_similarity: f64,
}

impl Default for PatternConfig {
    fn default() -> PatternConfig {
        PatternConfig::from_toml(include_str!("../../../rules/tables/patterns.toml"))
            .unwrap_or_else(|_| PatternConfig::from_file(File::default()))
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct File {
    history: History,
    contacts: Contacts,
    ages: Ages,
    escort: Escort,
    names: Names,
    registry: RegistrySection,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct History {
    window_days: u32,
}
impl Default for History {
    fn default() -> Self {
        History { window_days: 90 }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct Contacts {
    window_days: u32,
    count_cap: u32,
    phone_digits: usize,
    min_phone_digits: usize,
    min_address_chars: usize,
}
impl Default for Contacts {
    fn default() -> Self {
        Contacts {
            window_days: 14,
            count_cap: 50,
            phone_digits: 9,
            min_phone_digits: 7,
            min_address_chars: 8,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct Ages {
    minor_below: f64,
    adult_from: f64,
    young_woman_from: f64,
    young_woman_to: f64,
}
impl Default for Ages {
    fn default() -> Self {
        Ages {
            minor_below: 18.0,
            adult_from: 21.0,
            young_woman_from: 15.0,
            young_woman_to: 30.0,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct Escort {
    min_young_women: u32,
    max_escorts: u32,
    escort_min_age: f64,
}
impl Default for Escort {
    fn default() -> Self {
        Escort {
            min_young_women: 3,
            max_escorts: 2,
            escort_min_age: 25.0,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct Names {
    common_tokens: Vec<String>,
    min_token_len: usize,
}
impl Default for Names {
    fn default() -> Self {
        Names {
            common_tokens: ["BIN", "BINTI"].map(String::from).to_vec(),
            min_token_len: 3,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RegistrySection {
    min_similarity: f64,
}
impl Default for RegistrySection {
    fn default() -> Self {
        RegistrySection {
            min_similarity: 0.88,
        }
    }
}

impl PatternConfig {
    /// The oldest crossing time (unix seconds) the features still need once
    /// a crossing at `newest` has been seen: the longest window plus one
    /// day before it; `None` before any crossing (`newest == i64::MIN`).
    /// The one definition behind every prune (state, seen ids, store log).
    pub fn window_start(&self, newest: i64) -> Option<i64> {
        if newest == i64::MIN {
            return None;
        }
        let days = i64::from(self.history_days.max(self.contact_days)) + 1;
        Some(newest - days * 86_400)
    }

    /// Parses `rules/tables/patterns.toml`. Missing keys take the defaults;
    /// unknown keys and out-of-range values are errors naming the key.
    pub fn from_toml(text: &str) -> Result<PatternConfig, String> {
        let file: File = toml::from_str(text).map_err(|e| format!("patterns.toml: {e}"))?;
        let cfg = PatternConfig::from_file(file);
        cfg.validate()?;
        Ok(cfg)
    }

    fn from_file(f: File) -> PatternConfig {
        PatternConfig {
            history_days: f.history.window_days,
            contact_days: f.contacts.window_days,
            contact_cap: f.contacts.count_cap,
            phone_digits: f.contacts.phone_digits,
            min_phone_digits: f.contacts.min_phone_digits,
            min_address_chars: f.contacts.min_address_chars,
            minor_below: f.ages.minor_below,
            adult_from: f.ages.adult_from,
            young_woman_from: f.ages.young_woman_from,
            young_woman_to: f.ages.young_woman_to,
            escort_min_young_women: f.escort.min_young_women,
            escort_max_escorts: f.escort.max_escorts,
            escort_min_age: f.escort.escort_min_age,
            common_tokens: f
                .names
                .common_tokens
                .iter()
                .map(|t| t.trim().to_uppercase())
                .collect(),
            min_token_len: f.names.min_token_len,
            registry_min_similarity: f.registry.min_similarity,
        }
    }

    fn validate(&self) -> Result<(), String> {
        let bad = |key: &str, why: &str| Err(format!("patterns.toml: {key}: {why}"));
        if self.history_days == 0 {
            return bad("history.window_days", "must be at least 1");
        }
        if self.contact_days == 0 {
            return bad("contacts.window_days", "must be at least 1");
        }
        if self.contact_cap == 0 {
            return bad("contacts.count_cap", "must be at least 1");
        }
        if self.phone_digits == 0 || self.phone_digits > 30 || self.min_phone_digits > 30 {
            return bad("contacts.phone_digits", "must be between 1 and 30");
        }
        for (k, v) in [
            ("ages.minor_below", self.minor_below),
            ("ages.adult_from", self.adult_from),
            ("ages.young_woman_from", self.young_woman_from),
            ("ages.young_woman_to", self.young_woman_to),
            ("escort.escort_min_age", self.escort_min_age),
        ] {
            if !(0.0..=130.0).contains(&v) {
                return bad(k, "must be an age between 0 and 130");
            }
        }
        if self.young_woman_from > self.young_woman_to {
            return bad("ages.young_woman_from", "is above ages.young_woman_to");
        }
        if self.escort_min_young_women == 0 {
            return bad("escort.min_young_women", "must be at least 1");
        }
        if self.escort_max_escorts == 0 {
            return bad("escort.max_escorts", "must be at least 1");
        }
        if !(0.0..=1.0).contains(&self.registry_min_similarity) {
            return bad("registry.min_similarity", "must be between 0 and 1");
        }
        Ok(())
    }

    /// True when a person of this sex and age counts as a young woman.
    pub fn is_young_woman(&self, female: bool, age: f64) -> bool {
        female && age >= self.young_woman_from && age.floor() <= self.young_woman_to
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_file_parses_and_matches_defaults() {
        let cfg =
            PatternConfig::from_toml(include_str!("../../../rules/tables/patterns.toml")).unwrap();
        assert_eq!(cfg.history_days, 90);
        assert_eq!(cfg.contact_days, 14);
        assert_eq!(cfg.adult_from, 21.0);
        assert!(cfg.common_tokens.contains("BINTI"));
        assert_eq!(cfg, PatternConfig::default());
    }

    #[test]
    fn empty_file_gives_defaults() {
        let cfg = PatternConfig::from_toml("").unwrap();
        assert_eq!(cfg.history_days, 90);
        assert_eq!(cfg.escort_min_young_women, 3);
    }

    #[test]
    fn errors_name_the_key() {
        let e = PatternConfig::from_toml("[history]\nwindow_days = 0\n").unwrap_err();
        assert!(e.contains("history.window_days"), "{e}");
        let e = PatternConfig::from_toml("[ages]\nyoung_woman_from = 31\n").unwrap_err();
        assert!(e.contains("ages.young_woman_from"), "{e}");
        let e = PatternConfig::from_toml("[history]\nwindow = 3\n").unwrap_err();
        assert!(e.contains("window"), "{e}");
    }

    #[test]
    fn young_woman_bounds_are_inclusive_in_completed_years() {
        let cfg = PatternConfig::default();
        assert!(cfg.is_young_woman(true, 15.0));
        assert!(cfg.is_young_woman(true, 30.9));
        assert!(!cfg.is_young_woman(true, 31.0));
        assert!(!cfg.is_young_woman(true, 14.9));
        assert!(!cfg.is_young_woman(false, 20.0));
    }
}
