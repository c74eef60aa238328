//! Watchlist entries (DESIGN §2.2) and the matches found against them.

use super::date::PartialDate;
use serde::{Deserialize, Serialize};

/// One listed person, whatever list format it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WatchlistEntry {
    /// Unique within its list.
    pub entry_id: String,
    /// Source list name (agency), e.g. `POLRI-DPO`, `OFAC-SDN`, `UN-SC`.
    pub list: String,
    /// Primary name.
    pub full_name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Known birth dates (lists often give several).
    pub birth_dates: Vec<PartialDate>,
    /// Nationalities, alpha-3.
    pub nationalities: Vec<String>,
    /// Known document numbers, upper case, no spaces.
    pub document_numbers: Vec<String>,
    /// Sex, when the list gives it.
    pub sex: Option<super::traveller::Sex>,
    /// e.g. `trafficking-suspect`, `travel-ban`, `missing-person`, `sanctions`.
    pub category: String,
}

/// A traveller's match against one entry, with its evidence (DESIGN §2.4).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Match {
    /// The entry matched.
    pub entry_id: String,
    /// Its list.
    pub list: String,
    /// Its category.
    pub category: String,
    /// The listed name (primary or alias) that matched best.
    pub name: String,
    /// Name similarity 0..1 after evidence adjustments (see docs/matching.md).
    pub similarity: f64,
    /// Human-readable evidence: token alignments, birth date, document, ...
    pub evidence: Vec<String>,
    /// How the birth dates compare.
    #[serde(skip)]
    pub birth_date: DateEvidence,
    /// The document number matched exactly.
    #[serde(skip)]
    pub document_match: bool,
    /// Its category is one of matching.toml's `priority_categories`: it
    /// must reach review, and the `watchlist.priority_*` features read it.
    #[serde(skip)]
    pub priority: bool,
}

/// How a traveller's birth date compares with a listed one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateEvidence {
    /// One side has no birth date.
    #[default]
    Unknown,
    /// Same full date.
    Exact,
    /// Same year (one side partial, or month/day differ but year agrees).
    Year,
    /// Day and month swapped.
    Swapped,
    /// Year off by one.
    Near,
    /// The same day and month, and a year that is the other with two
    /// adjacent digits swapped (`1985`/`1958`): a typo, not a namesake,
    /// though the years are more than two apart.
    DigitsSwapped,
    /// Year off by two.
    Far,
    /// Year off by more than two: a namesake, not this person.
    Mismatch,
}

impl DateEvidence {
    /// The spelling used in features and explanations.
    pub fn as_str(self) -> &'static str {
        match self {
            DateEvidence::Unknown => "unknown",
            DateEvidence::Exact => "exact",
            DateEvidence::Year => "year",
            DateEvidence::Swapped => "swapped",
            DateEvidence::Near => "near",
            DateEvidence::DigitsSwapped => "digits-swapped",
            DateEvidence::Far => "far",
            DateEvidence::Mismatch => "mismatch",
        }
    }
}
