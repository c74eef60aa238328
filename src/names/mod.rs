//! Normalisation and comparison of personal names (DESIGN §3).
//!
//! [`normalise`] turns a written name into tokens (titles out, old spelling
//! and spelling families folded, patronymic part marked); [`compare`] aligns
//! two such names and gives a documented 0..1 similarity; [`explain`] says
//! why. The data (titles, degrees, families, spelling rules) comes from
//! `rules/tables/names.toml` through [`NameRules`].

mod compare;
mod fold;
mod jaro;
mod normalise;
mod rules;

pub use compare::{
    abd_rest, article_rest, compare, compare_views, explain, joinable, joined_key_score,
    lengths_apart, may_join, may_reach, reachable_factors, similarity_scored, similarity_views,
    single_listed, token_score, unmatched_factors, views, vowel_variant, Comparison, Cover, Pair,
    TokView, Word, ARTICLE_SCORE, CUT_MIN_LEN, CUT_SCORE, FATHER_ABSENT, INITIAL_WEIGHT,
    MAX_TOKENS, MIN_TOKEN_SIM, SINGLE_CAP, SINGLE_FACTOR, SINGLE_MIN_LEN, SINGLE_MIN_WEIGHT,
    SUBSET_FACTOR, SUBSET_MIN_WEIGHT,
};
pub use fold::{fold_token, plain_upper, vanishes_ascii};
pub use jaro::{jaro, jaro_winkler};
pub use normalise::{
    aka_variants, epithet_core, normalise, without_notes, Lineage, NormName, Token, CUT_MIN_CHARS,
};
pub use rules::{NameRules, BUILTIN_TOML};

use std::sync::OnceLock;

/// The built-in rules, parsed once.
pub fn builtin_rules() -> &'static NameRules {
    static RULES: OnceLock<NameRules> = OnceLock::new();
    RULES.get_or_init(NameRules::builtin)
}

/// Upper-case ASCII tokens of a name, `SURNAME/GIVEN` turned round (no
/// folding; kept for callers that want the written words).
pub fn tokens(name: &str) -> Vec<String> {
    let name = match name.split_once('/') {
        Some((sur, given)) => format!("{given} {sur}"),
        None => name.to_string(),
    };
    plain_upper(&name)
        .split_whitespace()
        .map(String::from)
        .collect()
}

/// A key that identifies a person's name for history look-ups, with the
/// built-in rules: titles and degrees removed, order normalised
/// (`SURNAME/GIVEN`), old spelling and spelling families folded, tokens in
/// written order, `BIN` before the father's part. Deterministic and cheap.
pub fn person_key(name: &str) -> String {
    normalise(name, builtin_rules()).key()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_key_folds_variants() {
        assert_eq!(person_key("SOEPARMI/SITI"), person_key("Hj. Siti Suparmi"));
        assert_eq!(
            person_key("Mohd Yusuf bin Ali"),
            person_key("Muhammad Jusuf bin Ali")
        );
        assert_ne!(
            person_key("Ahmad bin Ismail"),
            person_key("Ismail bin Ahmad")
        );
        assert_eq!(person_key(""), "");
    }
}
