//! Row validation: the one place where text fields become a [`Traveller`].
//!
//! Batch files, stream lines and HTTP bodies all come through
//! [`validate`], so a record is accepted or rejected by the same contract
//! (DESIGN §2.1) whichever way it arrived.

use crate::model::{Direction, PartialDate, RawRecord, Sex, Traveller};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use std::borrow::Cow;
use std::collections::HashMap;

/// Canonical manifest columns, in contract order.
pub const CANONICAL: &[&str] = &[
    "record_id",
    "direction",
    "crossing_time",
    "port",
    "carrier",
    "origin_country",
    "destination_country",
    "full_name",
    "sex",
    "birth_date",
    "nationality",
    "document_type",
    "document_number",
    "document_issue_date",
    "document_expiry_date",
    "purpose",
    "visa_type",
    "return_date",
    "booking_ref",
    "sponsor",
    "sponsor_license",
    "origin_region",
    "destination_address",
    "phone",
];

/// Columns a manifest must have (destination_country is needed per row,
/// on departures only).
pub const REQUIRED: &[&str] = &[
    "record_id",
    "direction",
    "crossing_time",
    "port",
    "full_name",
];

/// The longest field accepted (bytes). Longer values are a broken export
/// or an attack, not a name or an address.
pub const MAX_FIELD_BYTES: usize = 4096;

/// Declared purposes the contract names; anything else is kept as written.
pub const PURPOSES: &[&str] = &[
    "tourism", "business", "work", "study", "family", "umrah", "hajj", "transit", "other",
];

/// A declared purpose in the contract's words: the English and
/// Indonesian/Malay words manifests write for them (`wisata`, `holiday`
/// for tourism; `bekerja`, `PMI` for work) read as the contract's, so the
/// rules that ask for `tourism` or `work` meet them. A phrase is read by
/// its words when they agree (`Wisata / Liburan`, `Ibadah Umroh`,
/// `jalan-jalan`), words such as `ibadah` or `tujuan` saying nothing of
/// which. A few phrases mean more than their words: `kunjungan kerja` and
/// `perjalanan dinas` are business trips, not migrant work. Anything else
/// is kept as written, lower case.
pub fn canonical_purpose(s: &str) -> String {
    let p = s.trim().to_lowercase();
    let words: Vec<&str> = p
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let phrase = words.join(" ");
    let whole = match phrase.as_str() {
        "kunjungan kerja" | "perjalanan dinas" | "lawatan kerja" | "urusan bisnis" => {
            Some("business")
        }
        "kunjungan keluarga" | "melawat keluarga" | "visiting family" | "visit family"
        | "family visit" | "visiting relatives" => Some("family"),
        "pekerja migran" | "tenaga kerja" => Some("work"),
        "lain lain" => Some("other"),
        _ => None,
    };
    if let Some(w) = whole {
        return w.to_string();
    }
    let of_word = |w: &str| -> Option<Option<&'static str>> {
        Some(Some(match w {
            "tourism" | "tourist" | "tour" | "holiday" | "holidays" | "vacation" | "leisure"
            | "wisata" | "pariwisata" | "liburan" | "berlibur" | "libur" | "pelancongan"
            | "melancong" | "jalan" | "rekreasi" | "piknik" => "tourism",
            "work" | "employment" | "job" | "labour" | "labor" | "kerja" | "bekerja"
            | "pekerjaan" | "tki" | "pmi" | "tkw" | "tkv" => "work",
            "business" | "bisnis" | "dagang" | "perniagaan" | "niaga" | "dinas" => "business",
            "study" | "education" | "studies" | "student" | "belajar" | "studi" | "sekolah"
            | "kuliah" | "pendidikan" | "pelajar" => "study",
            "family" | "keluarga" => "family",
            "umrah" | "umroh" => "umrah",
            "hajj" | "haji" => "hajj",
            "transit" => "transit",
            "other" | "lainnya" => "other",
            // Words that say nothing of which purpose.
            "ibadah" | "tujuan" | "untuk" | "perjalanan" | "kunjungan" | "trip" | "visit"
            | "dan" | "and" | "purpose" => return Some(None),
            _ => return None,
        }))
    };
    let mut found: Option<&str> = None;
    for w in &words {
        match of_word(w) {
            None => return p,
            Some(None) => {}
            Some(Some(purpose)) if found.is_none_or(|f| f == purpose) => found = Some(purpose),
            Some(Some(_)) => return p,
        }
    }
    found.map_or(p, str::to_string)
}

/// Access to one row's fields by canonical name.
pub trait Fields {
    /// The field's text, `None` when the column is absent or the cell empty.
    fn field(&self, name: &str) -> Option<Cow<'_, str>>;
    /// Columns outside the contract, carried through to the output.
    fn extra(&self) -> Vec<(String, String)>;
}

impl Fields for RawRecord {
    fn field(&self, name: &str) -> Option<Cow<'_, str>> {
        self.get(name).map(Cow::Borrowed)
    }

    fn extra(&self) -> Vec<(String, String)> {
        self.fields
            .iter()
            .filter(|(k, _)| !CANONICAL.contains(&k.as_str()))
            .cloned()
            .collect()
    }
}

/// One reason a row broke the contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The canonical field at fault (or `row` for the whole row).
    pub field: String,
    /// Why, in words an analyst understands.
    pub reason: String,
}

impl FieldError {
    fn new(field: &str, reason: impl Into<String>) -> FieldError {
        FieldError {
            field: field.to_string(),
            reason: reason.into(),
        }
    }
}

/// The earliest year a crossing time may have: an earlier one is a
/// placeholder or a typo, and would make every age computed from it wrong.
pub const MIN_CROSSING_YEAR: i32 = 1950;

/// Validation settings.
#[derive(Clone, Debug)]
pub struct ValidateOptions {
    /// chrono patterns for date fields in a non-ISO layout (from the column map).
    pub date_formats: HashMap<String, String>,
    /// "Now" for the birth-date-in-the-future check.
    pub today: NaiveDate,
}

impl Default for ValidateOptions {
    fn default() -> Self {
        ValidateOptions {
            date_formats: HashMap::new(),
            today: chrono::Utc::now().date_naive(),
        }
    }
}

/// Whether a cell says "no value": empty, or a mark exports write for it
/// (`NULL` and `\N` from databases, `#N/A` from spreadsheets, `N/A`, `-`).
/// Read as a value, such a mark rejected the row over an optional field:
/// an export that writes `NULL` for a missing birth date had most of its
/// travellers never screened. `NA` is not among them: it may be a code.
pub fn is_empty_mark(v: &str) -> bool {
    matches!(
        v.trim(),
        "" | "NULL" | "null" | "Null" | "\\N" | "N/A" | "n/a" | "#N/A" | "-" | "--"
    )
}

/// The oldest a traveller may be, in years, at the crossing: a birth date
/// further back is a placeholder (`1900-01-01`), not a person's.
const MAX_AGE: i32 = 120;

/// Checks one row against the contract and builds the traveller, or returns
/// every problem found (not just the first).
pub fn validate(row: &dyn Fields, opts: &ValidateOptions) -> Result<Traveller, Vec<FieldError>> {
    let mut errs = Vec::new();
    let text = |name: &str| -> Option<String> {
        row.field(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !is_empty_mark(v))
    };
    for name in CANONICAL {
        if let Some(v) = row.field(name) {
            if v.contains('\u{FFFD}') {
                errs.push(FieldError::new(
                    name,
                    "contains bytes that are not valid UTF-8",
                ));
            }
            if v.len() > MAX_FIELD_BYTES {
                errs.push(FieldError::new(
                    name,
                    format!(
                        "is {} bytes long, over the limit of {MAX_FIELD_BYTES}",
                        v.len()
                    ),
                ));
            }
        }
    }
    if errs.iter().any(|e| e.reason.contains("over the limit")) {
        // Do not parse megabytes of text as names or dates.
        return Err(errs);
    }
    let required = |name: &str, errs: &mut Vec<FieldError>| -> String {
        text(name).unwrap_or_else(|| {
            errs.push(FieldError::new(name, "required field is empty"));
            String::new()
        })
    };
    let record_id = required("record_id", &mut errs);
    let direction_text = required("direction", &mut errs);
    let crossing_text = required("crossing_time", &mut errs);
    let port = required("port", &mut errs).to_ascii_uppercase();
    let full_name = required("full_name", &mut errs);

    let direction = match direction_text.to_ascii_lowercase().as_str() {
        // English, and the Indonesian and Malay words immigration systems
        // write (`keberangkatan`/`kedatangan`, `keluar`/`masuk` for exit
        // and entry, `berlepas`/`ketibaan`).
        "departure" | "dep" | "d" | "out" | "exit" | "outbound" | "keberangkatan" | "berangkat"
        | "keluar" | "berlepas" => Some(Direction::Departure),
        "arrival" | "arr" | "a" | "in" | "entry" | "inbound" | "kedatangan" | "datang"
        | "masuk" | "ketibaan" => Some(Direction::Arrival),
        "" => None,
        _ => {
            errs.push(FieldError::new(
                "direction",
                format!("'{direction_text}' is not departure or arrival"),
            ));
            None
        }
    };
    let crossing_time = if crossing_text.is_empty() {
        None
    } else {
        match parse_datetime(&crossing_text, opts.date_formats.get("crossing_time")) {
            // A date no crossing has: a placeholder (`1900-01-01`) or a
            // typed year (`2126`). Bookings are screened ahead of travel,
            // so up to a year ahead is allowed.
            Ok(t) if t.date_naive().year() < MIN_CROSSING_YEAR => {
                errs.push(FieldError::new(
                    "crossing_time",
                    format!("'{crossing_text}' is before {MIN_CROSSING_YEAR}"),
                ));
                None
            }
            Ok(t) if t.date_naive() > opts.today + chrono::Days::new(366) => {
                errs.push(FieldError::new(
                    "crossing_time",
                    format!("'{crossing_text}' is more than a year ahead"),
                ));
                None
            }
            Ok(t) => Some(t),
            Err(e) => {
                errs.push(FieldError::new("crossing_time", e));
                None
            }
        }
    };
    let crossing_day = crossing_time.map(|t| t.date_naive());

    let country = |name: &str, errs: &mut Vec<FieldError>| -> Option<String> {
        let v = text(name)?;
        // Read as its alpha-3 code: a code, or a country's name as
        // manifests write it (`MALAYSIA`, `Arab Saudi`).
        if let Some(code) = crate::model::alpha3_of(&v) {
            Some(code.to_string())
        } else {
            errs.push(FieldError::new(
                name,
                format!(
                    "'{v}' is not an ISO 3166-1 alpha-3 or ICAO travel-document code, \
                     nor a country name lintas knows (e.g. IDN, MYS, XXA, Malaysia; \
                     MAS and INA are sports codes)"
                ),
            ));
            None
        }
    };
    let origin_country = country("origin_country", &mut errs);
    let destination_country = country("destination_country", &mut errs);
    let nationality = country("nationality", &mut errs);
    if direction == Some(Direction::Departure) && text("destination_country").is_none() {
        errs.push(FieldError::new(
            "destination_country",
            "required on departures",
        ));
    }

    let sex = text("sex").and_then(|s| {
        let parsed = Sex::parse(&s);
        if parsed.is_none() {
            errs.push(FieldError::new("sex", format!("'{s}' is not M, F or X")));
        }
        parsed
    });

    let birth_date = text("birth_date").and_then(|s| {
        match parse_partial(&s, opts.date_formats.get("birth_date")) {
            Ok(d) => {
                if d.earliest() > opts.today {
                    errs.push(FieldError::new(
                        "birth_date",
                        format!("'{s}' is in the future"),
                    ));
                    None
                } else if crossing_day.is_some_and(|c| d.earliest() > c) {
                    errs.push(FieldError::new(
                        "birth_date",
                        format!("'{s}' is after the crossing"),
                    ));
                    None
                } else if d.year < 1880
                    || d.year < crossing_day.map_or(opts.today, |c| c).year() - MAX_AGE
                {
                    // `1900-01-01` and Excel's day zero `1899-12-30` stand
                    // for "unknown" in many exports: read as a date, they
                    // tell a listed person's namesake apart by the year.
                    errs.push(FieldError::new(
                        "birth_date",
                        format!(
                            "'{s}' is not a possible birth date: over {MAX_AGE} years \
                             before the crossing (a placeholder for \"unknown\"?)"
                        ),
                    ));
                    None
                } else {
                    Some(d)
                }
            }
            Err(e) => {
                errs.push(FieldError::new("birth_date", e));
                None
            }
        }
    });

    let date = |name: &str, errs: &mut Vec<FieldError>| -> Option<NaiveDate> {
        let s = text(name)?;
        match parse_date(&s, opts.date_formats.get(name)) {
            Ok(d) => Some(d),
            Err(e) => {
                errs.push(FieldError::new(name, e));
                None
            }
        }
    };
    let document_issue_date = date("document_issue_date", &mut errs);
    let document_expiry_date = date("document_expiry_date", &mut errs);
    let return_date = date("return_date", &mut errs);
    if let (Some(i), Some(c)) = (document_issue_date, crossing_day) {
        if i > c {
            errs.push(FieldError::new(
                "document_issue_date",
                format!("{i} is after the crossing {c}"),
            ));
        }
    }
    if let (Some(i), Some(e)) = (document_issue_date, document_expiry_date) {
        if e < i {
            errs.push(FieldError::new(
                "document_expiry_date",
                format!("{e} is before the issue date {i}"),
            ));
        }
    }
    if let (Some(r), Some(c)) = (return_date, crossing_day) {
        if r < c {
            errs.push(FieldError::new(
                "return_date",
                format!("{r} is before the crossing {c}"),
            ));
        }
    }

    if !errs.is_empty() {
        return Err(errs);
    }
    let (Some(direction), Some(crossing_time)) = (direction, crossing_time) else {
        // Both are required and were reported above; unreachable in practice.
        return Err(vec![FieldError::new(
            "row",
            "missing direction or crossing_time",
        )]);
    };
    Ok(Traveller {
        record_id,
        direction,
        crossing_time,
        port,
        carrier: text("carrier"),
        origin_country,
        destination_country,
        full_name,
        sex,
        birth_date,
        nationality,
        document_type: text("document_type").map(|s| s.to_ascii_uppercase()),
        document_number: text("document_number").map(|s| normalise_document(&s)),
        document_issue_date,
        document_expiry_date,
        purpose: text("purpose").map(|s| canonical_purpose(&s)),
        visa_type: text("visa_type"),
        return_date,
        booking_ref: text("booking_ref"),
        sponsor: text("sponsor"),
        sponsor_license: text("sponsor_license"),
        origin_region: text("origin_region"),
        destination_address: text("destination_address"),
        phone: text("phone"),
        extra: row.extra(),
    })
}

/// Document numbers compare without spaces, dashes or case.
pub fn normalise_document(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Parses an ISO 8601 date or date-time (offset allowed; none means +00:00),
/// or the column map's pattern.
pub fn parse_datetime(s: &str, format: Option<&String>) -> Result<DateTime<FixedOffset>, String> {
    let utc = FixedOffset::east_opt(0).expect("zero offset");
    if let Some(f) = format {
        if let Ok(t) = DateTime::parse_from_str(s, f) {
            return Ok(t);
        }
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Ok(utc.from_utc_datetime(&t));
        }
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return Ok(utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight")));
        }
        return Err(format!("'{s}' does not match the pattern '{f}'"));
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t);
    }
    // Offsets with a colon (`+07:00`) or without (`+0700`, as some
    // systems export them).
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M%:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(s, f) {
            return Ok(t);
        }
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Ok(utc.from_utc_datetime(&t));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight")));
    }
    Err(format!(
        "'{s}' is not an ISO 8601 date or date-time (e.g. 2026-05-01T08:30:00+07:00)"
    ))
}

/// Parses a full date: ISO `YYYY-MM-DD` or the column map's pattern.
pub fn parse_date(s: &str, format: Option<&String>) -> Result<NaiveDate, String> {
    let f = format.map(String::as_str).unwrap_or("%Y-%m-%d");
    NaiveDate::parse_from_str(s, f)
        .or_else(|_| parse_datetime(s, None).map(|t| t.date_naive()))
        .map_err(|_| format!("'{s}' is not a date in the form {}", human_pattern(f)))
}

/// Parses a possibly partial date: the column map's pattern for full dates,
/// else ISO `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. Never invents a day.
pub fn parse_partial(s: &str, format: Option<&String>) -> Result<PartialDate, String> {
    if let Some(f) = format {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return Ok(PartialDate::full(d));
        }
    }
    PartialDate::parse_iso(s).map_err(|e| match format {
        Some(f) => format!(
            "'{s}' matches neither the column map's pattern '{f}' ({}) nor YYYY-MM-DD, \
             YYYY-MM or YYYY",
            human_pattern(f)
        ),
        // `17/08/1990`, `17-08-1990`, `17.08.1990`: day first, as
        // Indonesian forms write dates; which part is the day only the
        // file's maker knows.
        None if day_first(s) => format!(
            "'{s}' is not a date lintas reads without a pattern (YYYY-MM-DD, YYYY-MM \
             or YYYY); a file of day-first dates needs a column map: [dates] \
             birth_date = \"%d/%m/%Y\""
        ),
        None => e,
    })
}

/// Whether `s` looks like a date with its year last (`17/08/1990`).
fn day_first(s: &str) -> bool {
    let parts: Vec<&str> = s.trim().split(['/', '-', '.']).collect();
    matches!(parts.as_slice(), [d, m, y]
        if d.len() <= 2 && m.len() <= 2 && y.len() == 4
            && [d, m, y].iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())))
}

fn human_pattern(f: &str) -> String {
    f.replace("%Y", "YYYY")
        .replace("%m", "MM")
        .replace("%d", "DD")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(pairs: &[(&str, &str)]) -> RawRecord {
        RawRecord {
            source: "t".into(),
            row: 1,
            fields: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    fn base() -> Vec<(&'static str, &'static str)> {
        vec![
            ("record_id", "R1"),
            ("direction", "departure"),
            ("crossing_time", "2026-05-01T08:30:00+07:00"),
            ("port", "cgk"),
            ("destination_country", "MYS"),
            ("full_name", "SITI/AMINAH"),
        ]
    }

    #[test]
    fn valid_record_is_normalised() {
        let mut f = base();
        f.push(("birth_date", "1999-02"));
        f.push(("document_number", "b 123-456"));
        f.push(("notes", "carried"));
        let t = validate(&raw(&f), &ValidateOptions::default()).unwrap();
        assert_eq!(t.port, "CGK");
        assert_eq!(t.birth_date.unwrap().to_string(), "1999-02");
        assert_eq!(t.document_number.as_deref(), Some("B123456"));
        assert_eq!(t.crossing_time.offset().local_minus_utc(), 7 * 3600);
        assert_eq!(t.extra, vec![("notes".to_string(), "carried".to_string())]);
    }

    #[test]
    fn every_error_is_reported() {
        let f = vec![
            ("record_id", "R1"),
            ("direction", "sideways"),
            ("crossing_time", "01/05/2026"),
            ("port", "CGK"),
            ("full_name", "X"),
            ("birth_date", "2999-01-01"),
        ];
        let errs = validate(&raw(&f), &ValidateOptions::default()).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec!["direction", "crossing_time", "birth_date"],
            "{errs:?}"
        );
        assert!(errs[0].reason.contains("sideways"));
    }

    #[test]
    fn a_crossing_time_no_crossing_has_is_rejected() {
        let opts = ValidateOptions {
            today: NaiveDate::from_ymd_opt(2026, 12, 7).expect("a date"),
            ..ValidateOptions::default()
        };
        let with = |when: &'static str| {
            let mut f = base();
            f.retain(|(k, _)| *k != "crossing_time");
            f.push(("crossing_time", when));
            validate(&raw(&f), &opts)
        };
        let e = with("1900-01-01").unwrap_err();
        assert_eq!(
            (e[0].field.as_str(), e[0].reason.as_str()),
            ("crossing_time", "'1900-01-01' is before 1950")
        );
        let e = with("2126-10-02T08:00:00+07:00").unwrap_err();
        assert!(e[0].reason.ends_with("is more than a year ahead"), "{e:?}");
        assert!(
            with("2027-11-30T08:00:00+07:00").is_ok(),
            "a booking months ahead"
        );
        assert!(with("1990-06-01").is_ok());
    }

    #[test]
    fn purposes_are_read_in_the_contract_words() {
        for (written, want) in [
            ("Wisata", "tourism"),
            ("holiday", "tourism"),
            ("BEKERJA", "work"),
            ("PMI", "work"),
            ("kunjungan keluarga", "family"),
            ("Umroh", "umrah"),
            ("Tourism", "tourism"),
            ("medical", "medical"),
            ("Wisata / Liburan", "tourism"),
            ("berlibur", "tourism"),
            ("jalan-jalan", "tourism"),
            ("Ibadah Umroh", "umrah"),
            ("kunjungan kerja", "business"),
            ("Perjalanan Dinas", "business"),
            ("TKI", "work"),
            ("kunjungan", "kunjungan"),
            ("wisata dan kerja", "wisata dan kerja"),
            ("medical tourism", "medical tourism"),
        ] {
            assert_eq!(canonical_purpose(written), want, "{written}");
        }
    }

    #[test]
    fn direction_in_english_indonesian_or_malay() {
        for (word, want) in [
            ("Keberangkatan", Direction::Departure),
            ("berlepas", Direction::Departure),
            ("KEDATANGAN", Direction::Arrival),
            ("ketibaan", Direction::Arrival),
            ("in", Direction::Arrival),
            ("KELUAR", Direction::Departure),
            ("Masuk", Direction::Arrival),
            ("exit", Direction::Departure),
        ] {
            let mut f = base();
            f.retain(|(k, _)| *k != "direction");
            f.push(("direction", word));
            let t = validate(&raw(&f), &ValidateOptions::default()).expect(word);
            assert_eq!(t.direction, want, "{word}");
        }
    }

    #[test]
    fn crossing_times_are_read_in_the_usual_iso_forms() {
        let at = |s: &str| parse_datetime(s, None).map(|t| t.to_rfc3339());
        let jakarta = Ok("2026-10-02T08:15:00+07:00".to_string());
        assert_eq!(at("2026-10-02T08:15:00+07:00"), jakarta);
        assert_eq!(at("2026-10-02 08:15:00+07:00"), jakarta);
        assert_eq!(at("2026-10-02T08:15:00+0700"), jakarta);
        assert_eq!(at("2026-10-02 08:15:00.000+0700"), jakarta);
        assert_eq!(
            at("2026-10-02T08:15:00Z"),
            Ok("2026-10-02T08:15:00+00:00".into())
        );
        assert_eq!(
            at("2026-10-02 08:15"),
            Ok("2026-10-02T08:15:00+00:00".into())
        );
        assert!(at("02/10/2026 08:15").is_err());
    }

    #[test]
    fn countries_read_as_codes_or_names_and_sports_codes_are_refused() {
        let with = |k: &'static str, v: &'static str| {
            let mut f: Vec<_> = base().into_iter().filter(|(x, _)| *x != k).collect();
            f.push((k, v));
            validate(&raw(&f), &ValidateOptions::default())
        };
        for (written, code) in [
            ("MYS", "MYS"),
            ("mys", "MYS"),
            ("MALAYSIA", "MYS"),
            ("Arab Saudi", "SAU"),
            ("SG", "SGP"),
        ] {
            let t = with("destination_country", written).unwrap();
            assert_eq!(t.destination_country.as_deref(), Some(code), "{written}");
        }
        for written in ["Indonesian", "WNI", "Warga Negara Indonesia"] {
            let t = with("nationality", written).unwrap();
            assert_eq!(t.nationality.as_deref(), Some("IDN"), "{written}");
        }
        // `WNA` (a foreign citizen) names no country.
        assert_eq!(
            with("nationality", "WNA").unwrap_err()[0].field,
            "nationality"
        );
        for bad in ["MAS", "INA", "ZZZ"] {
            let errs = with("destination_country", bad).unwrap_err();
            assert_eq!(errs[0].field, "destination_country");
            assert!(errs[0].reason.contains("sports codes"), "{errs:?}");
        }
    }

    #[test]
    fn placeholder_birth_dates_and_passports_issued_after_the_crossing_are_refused() {
        let with = |k: &'static str, v: &'static str| {
            let mut f = base();
            f.push((k, v));
            validate(&raw(&f), &ValidateOptions::default())
        };
        for placeholder in ["1900-01-01", "1899-12-30", "1901"] {
            let errs = with("birth_date", placeholder).unwrap_err();
            assert_eq!(errs[0].field, "birth_date");
            assert!(errs[0].reason.contains("placeholder"), "{errs:?}");
        }
        // 110 years old at the crossing is old, not impossible.
        assert!(with("birth_date", "1916-03-01").is_ok());
        // The crossing is 2026-05-01.
        let errs = with("document_issue_date", "2026-05-20").unwrap_err();
        assert_eq!(errs[0].field, "document_issue_date");
        assert!(errs[0].reason.contains("after the crossing"), "{errs:?}");
        assert!(with("document_issue_date", "2026-05-01").is_ok());
    }

    #[test]
    fn cells_that_say_no_value_are_empty() {
        let mut f = base();
        for (k, v) in [
            ("birth_date", "NULL"),
            ("nationality", "\\N"),
            ("sex", "-"),
            ("document_issue_date", "#N/A"),
            ("origin_country", "n/a"),
        ] {
            f.push((k, v));
        }
        let t = validate(&raw(&f), &ValidateOptions::default()).unwrap();
        assert_eq!((t.birth_date, t.nationality, t.sex), (None, None, None));
        // A required field so marked is missing.
        let f: Vec<_> = base()
            .into_iter()
            .map(|(k, v)| {
                if k == "full_name" {
                    (k, "NULL")
                } else {
                    (k, v)
                }
            })
            .collect();
        let errs = validate(&raw(&f), &ValidateOptions::default()).unwrap_err();
        assert_eq!(errs[0].field, "full_name");
    }

    #[test]
    fn a_day_first_date_is_refused_with_how_to_read_it() {
        let e = parse_partial("17/08/1990", None).unwrap_err();
        assert!(
            e.contains("needs a column map") && e.contains("%d/%m/%Y"),
            "{e}"
        );
        assert!(parse_partial("17-08-1990", None)
            .unwrap_err()
            .contains("column map"));
        let e = parse_partial("1990/08", None).unwrap_err();
        assert!(!e.contains("column map"), "{e}");
        let f = "%d/%m/%Y".to_string();
        let e = parse_partial("09/2004", Some(&f)).unwrap_err();
        assert!(e.contains("pattern '%d/%m/%Y' (DD/MM/YYYY)"), "{e}");
        assert_eq!(parse_partial("2004", Some(&f)).unwrap().year, 2004);
    }

    #[test]
    fn departures_need_a_destination() {
        let f: Vec<_> = base()
            .into_iter()
            .filter(|(k, _)| *k != "destination_country")
            .collect();
        let errs = validate(&raw(&f), &ValidateOptions::default()).unwrap_err();
        assert_eq!(errs[0].field, "destination_country");
    }

    #[test]
    fn column_map_date_patterns_apply() {
        let mut f = base();
        f.push(("birth_date", "03/04/2001"));
        let mut opts = ValidateOptions::default();
        opts.date_formats
            .insert("birth_date".into(), "%d/%m/%Y".into());
        let t = validate(&raw(&f), &opts).unwrap();
        assert_eq!(t.birth_date.unwrap().to_string(), "2001-04-03");
    }

    #[test]
    fn replacement_characters_mean_bad_bytes() {
        let mut f = base();
        f[5] = ("full_name", "SIT\u{FFFD}");
        let errs = validate(&raw(&f), &ValidateOptions::default()).unwrap_err();
        assert_eq!(errs[0].field, "full_name");
    }
}
