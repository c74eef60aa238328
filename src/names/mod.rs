//! Normalisation and comparison of personal names.
//! (Placeholder: the [names] work replaces this with the full matcher.)

/// Name-matching data from the rule pack (`rules/tables/names.toml`):
/// titles, degrees, spelling families.
#[derive(Clone, Debug, Default)]
pub struct NameRules {}

impl NameRules {
    /// Parses `rules/tables/names.toml`.
    pub fn from_toml(_text: &str) -> Result<NameRules, String> {
        Ok(NameRules {})
    }
}

/// Upper-case ASCII tokens of a name, `SURNAME/GIVEN` turned round.
pub fn tokens(name: &str) -> Vec<String> {
    let name = match name.split_once('/') {
        Some((sur, given)) => format!("{given} {sur}"),
        None => name.to_string(),
    };
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(|t| t.to_uppercase())
        .collect()
}

/// A key that identifies a person's name for history look-ups: the
/// normalised tokens in order, space-joined.
pub fn person_key(name: &str) -> String {
    tokens(name).join(" ")
}
