//! Features from the recruiter registry's verdict on the declared sponsor.

use super::{FieldSpec, FieldType, Value};
use crate::registry::SponsorLookup;

/// The sponsor section of the schema.
pub const FIELDS: &[FieldSpec] = &[
    FieldSpec { name: "sponsor_status", ty: FieldType::String, doc: "active, suspended, revoked, unlicensed or none" },
    FieldSpec { name: "sponsor_similarity", ty: FieldType::Number, doc: "similarity of the declared sponsor to the registry company found (1 for a licence-number hit)" },
];

/// Fills the sponsor section.
pub fn fill(s: &SponsorLookup, out: &mut [Value]) {
    out[0] = Value::str(s.status.as_str());
    out[1] = Value::Num(s.similarity);
}
