//! Features of the record itself, with the reference tables from the rule
//! pack (`rules/tables/ports.csv`, `rules/tables/sending-regions.csv`).

use super::{FieldSpec, FieldType, Value};
use crate::model::Traveller;
use std::collections::{HashMap, HashSet};

/// Reference tables the record section reads.
#[derive(Clone, Debug, Default)]
pub struct Tables {
    /// Port code to kind: `air`, `sea` or `land`.
    pub ports: HashMap<String, String>,
    /// Sending regions, normalised (`province/regency`, lower case); a
    /// province alone (`ntt`) matches every regency in it.
    pub sending_regions: HashSet<String>,
}

impl Tables {
    /// Parses the two CSV tables. `ports`: `code,kind[,name]`;
    /// `regions`: `region[,note]`. Lines starting with `#` are comments.
    pub fn parse(ports_csv: &str, regions_csv: &str) -> Result<Tables, String> {
        let mut t = Tables::default();
        for (i, line) in data_lines(ports_csv) {
            let mut cols = line.split(',').map(str::trim);
            let (Some(code), Some(kind)) = (cols.next(), cols.next()) else {
                return Err(format!("ports.csv line {i}: expected code,kind"));
            };
            if !matches!(kind, "air" | "sea" | "land") {
                return Err(format!(
                    "ports.csv line {i}: kind '{kind}' is not air, sea or land"
                ));
            }
            t.ports.insert(code.to_ascii_uppercase(), kind.to_string());
        }
        for (_, line) in data_lines(regions_csv) {
            let region = line.split(',').next().unwrap_or("");
            t.sending_regions.insert(normalise_region(region));
        }
        Ok(t)
    }

    /// True when the region, or its province, is a listed sending region.
    pub fn is_sending_region(&self, region: &str) -> bool {
        let r = normalise_region(region);
        if self.sending_regions.contains(&r) {
            return true;
        }
        r.split('/')
            .next()
            .is_some_and(|p| self.sending_regions.contains(p))
    }
}

/// Non-empty, non-comment lines after the header, with 1-based line numbers.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        .skip(1)
}

/// `Nusa Tenggara Timur / Kupang` → `nusa tenggara timur/kupang`.
pub fn normalise_region(s: &str) -> String {
    s.split('/')
        .map(|p| {
            p.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The record section of the schema.
pub const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "direction",
        ty: FieldType::String,
        doc: "departure or arrival",
    },
    FieldSpec {
        name: "age",
        ty: FieldType::Number,
        doc: "age in fractional years at the crossing",
    },
    FieldSpec {
        name: "is_minor",
        ty: FieldType::Bool,
        doc: "younger than 18 at the crossing",
    },
    FieldSpec {
        name: "sex",
        ty: FieldType::String,
        doc: "M, F or X",
    },
    FieldSpec {
        name: "nationality",
        ty: FieldType::String,
        doc: "alpha-3 nationality",
    },
    FieldSpec {
        name: "origin_country",
        ty: FieldType::String,
        doc: "alpha-3 origin",
    },
    FieldSpec {
        name: "destination_country",
        ty: FieldType::String,
        doc: "alpha-3 destination",
    },
    FieldSpec {
        name: "port",
        ty: FieldType::String,
        doc: "checkpoint code",
    },
    FieldSpec {
        name: "port_kind",
        ty: FieldType::String,
        doc: "air, sea or land (rules/tables/ports.csv)",
    },
    FieldSpec {
        name: "purpose",
        ty: FieldType::String,
        doc: "declared purpose, lower case",
    },
    FieldSpec {
        name: "visa_type",
        ty: FieldType::String,
        doc: "declared visa type",
    },
    FieldSpec {
        name: "one_way",
        ty: FieldType::Bool,
        doc: "no return booked",
    },
    FieldSpec {
        name: "days_to_return",
        ty: FieldType::Number,
        doc: "days from crossing to booked return",
    },
    FieldSpec {
        name: "passport_age_days",
        ty: FieldType::Number,
        doc: "days since the document was issued",
    },
    FieldSpec {
        name: "passport_expires_in_days",
        ty: FieldType::Number,
        doc: "days until the document expires",
    },
    FieldSpec {
        name: "origin_region",
        ty: FieldType::String,
        doc: "Province/Regency of residence",
    },
    FieldSpec {
        name: "is_sending_region",
        ty: FieldType::Bool,
        doc: "origin region is a known sending region (rules/tables/sending-regions.csv)",
    },
    FieldSpec {
        name: "has_sponsor",
        ty: FieldType::Bool,
        doc: "a sponsor or licence was declared",
    },
    FieldSpec {
        name: "has_booking",
        ty: FieldType::Bool,
        doc: "a booking reference was given",
    },
];

/// Fills the record section.
pub fn fill(t: &Traveller, tables: &Tables, out: &mut [Value]) {
    let day = t.crossing_date();
    let age = t.age();
    let days = |d: chrono::NaiveDate| (d - day).num_days() as f64;
    let vals = [
        Value::str(t.direction.as_str()),
        Value::opt_num(age),
        age.map(|a| Value::Bool(a < 18.0)).unwrap_or(Value::Null),
        Value::opt_str(t.sex.map(|s| s.as_str())),
        Value::opt_str(t.nationality.as_deref()),
        Value::opt_str(t.origin_country.as_deref()),
        Value::opt_str(t.destination_country.as_deref()),
        Value::str(&t.port),
        Value::opt_str(tables.ports.get(&t.port).map(String::as_str)),
        Value::opt_str(t.purpose.as_deref()),
        Value::opt_str(t.visa_type.as_deref()),
        Value::Bool(t.return_date.is_none()),
        Value::opt_num(t.return_date.map(days)),
        Value::opt_num(t.document_issue_date.map(|d| -days(d))),
        Value::opt_num(t.document_expiry_date.map(days)),
        Value::opt_str(t.origin_region.as_deref()),
        t.origin_region
            .as_deref()
            .map(|r| Value::Bool(tables.is_sending_region(r)))
            .unwrap_or(Value::Null),
        Value::Bool(t.sponsor.is_some() || t.sponsor_license.is_some()),
        Value::Bool(t.booking_ref.is_some()),
    ];
    debug_assert_eq!(vals.len(), FIELDS.len());
    for (o, v) in out.iter_mut().zip(vals) {
        *o = v;
    }
}
