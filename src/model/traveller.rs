//! The manifest record (DESIGN §2.1) after validation.
//!
//! Every front door (batch files, stream lines, HTTP bodies) turns its input
//! into a [`RawRecord`] and then into a [`Traveller`] through the one
//! validator in `ingest::validate`, so a record is judged the same way
//! whichever way it arrived.

use super::date::PartialDate;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Whether the person leaves or enters the country.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Leaving.
    Departure,
    /// Entering.
    Arrival,
}

impl Direction {
    /// The canonical spelling used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Departure => "departure",
            Direction::Arrival => "arrival",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Sex as printed on travel documents (ICAO 9303: M, F or X).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    /// Male.
    M,
    /// Female.
    F,
    /// Unspecified.
    X,
}

impl Sex {
    /// The one-letter code.
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::M => "M",
            Sex::F => "F",
            Sex::X => "X",
        }
    }

    /// Parses M/F/X (also `male`, `female`, and the Indonesian and Malay
    /// words and letters: `L`/`Lk`/`laki-laki`/`pria`/`lelaki`,
    /// `P`/`Pr`/`perempuan`/`wanita`; case-insensitive).
    pub fn parse(s: &str) -> Option<Sex> {
        match s.trim().to_ascii_uppercase().as_str() {
            "M" | "MALE" | "L" | "LK" | "LAKI-LAKI" | "LAKI LAKI" | "LAKI2" | "PRIA" | "LELAKI" => {
                Some(Sex::M)
            }
            "F" | "FEMALE" | "P" | "PR" | "W" | "PEREMPUAN" | "WANITA" => Some(Sex::F),
            "X" | "U" => Some(Sex::X),
            _ => None,
        }
    }
}

/// One validated crossing record.
///
/// Optional fields are `None` when absent or empty. `extra` carries columns
/// outside the contract through to the output untouched.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Traveller {
    /// Unique id of this crossing record.
    pub record_id: String,
    /// Departure or arrival.
    pub direction: Direction,
    /// When the person crossed; a date-only value is midnight, offset +00:00.
    pub crossing_time: DateTime<FixedOffset>,
    /// Checkpoint code (IATA or UN/LOCODE), upper case.
    pub port: String,
    /// Flight or voyage number.
    pub carrier: Option<String>,
    /// ISO 3166-1 alpha-3, upper case.
    pub origin_country: Option<String>,
    /// ISO 3166-1 alpha-3, upper case.
    pub destination_country: Option<String>,
    /// Name as on the document.
    pub full_name: String,
    /// Sex.
    pub sex: Option<Sex>,
    /// Birth date, possibly partial.
    pub birth_date: Option<PartialDate>,
    /// Nationality, alpha-3.
    pub nationality: Option<String>,
    /// Document type (P for passport).
    pub document_type: Option<String>,
    /// Document number, upper case, no spaces.
    pub document_number: Option<String>,
    /// Document issue date.
    pub document_issue_date: Option<NaiveDate>,
    /// Document expiry date.
    pub document_expiry_date: Option<NaiveDate>,
    /// Declared purpose, lower case.
    pub purpose: Option<String>,
    /// Visa type as declared.
    pub visa_type: Option<String>,
    /// Booked return date; `None` means one-way.
    pub return_date: Option<NaiveDate>,
    /// Booking or group reference.
    pub booking_ref: Option<String>,
    /// Recruiter, agency or employer as written.
    pub sponsor: Option<String>,
    /// Placement-company licence number.
    pub sponsor_license: Option<String>,
    /// `Province/Regency` of residence.
    pub origin_region: Option<String>,
    /// Address abroad.
    pub destination_address: Option<String>,
    /// Contact phone.
    pub phone: Option<String>,
    /// Columns outside the contract, in input order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<(String, String)>,
}

impl Traveller {
    /// The local calendar day of the crossing.
    pub fn crossing_date(&self) -> NaiveDate {
        self.crossing_time.date_naive()
    }

    /// Age in fractional years at the crossing, when the birth date is known.
    pub fn age(&self) -> Option<f64> {
        self.birth_date.map(|b| b.age_on(self.crossing_date()))
    }
}

/// A record before validation: field name to text, with where it came from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawRecord {
    /// Source file (or `stdin`, `http`).
    pub source: String,
    /// 1-based data row (line for NDJSON); the header is row 0.
    pub row: u64,
    /// Canonical field names to values, in column order.
    pub fields: Vec<(String, String)>,
}

impl RawRecord {
    /// The trimmed value of a field, `None` when missing or empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sex_is_read_as_manifests_write_it() {
        for (s, want) in [
            ("M", Some(Sex::M)),
            ("female", Some(Sex::F)),
            ("L", Some(Sex::M)),
            ("Laki-laki", Some(Sex::M)),
            ("PRIA", Some(Sex::M)),
            ("P", Some(Sex::F)),
            ("Perempuan", Some(Sex::F)),
            ("wanita", Some(Sex::F)),
            ("Lk", Some(Sex::M)),
            ("Pr", Some(Sex::F)),
            ("X", Some(Sex::X)),
            ("?", None),
        ] {
            assert_eq!(Sex::parse(s), want, "{s}");
        }
    }
}
