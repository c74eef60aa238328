//! The name-matching tables of the rule pack (`rules/tables/names.toml`).

use super::fold::{fold_token, plain_upper};
use foldhash::{HashMap, HashSet};
use serde::Deserialize;
use std::borrow::Cow;

/// Name-matching data from the rule pack: titles, degrees, spelling
/// families, old-spelling rules, patronymic markers and common tokens.
///
/// Every word is stored the way the normaliser sees it: upper-case ASCII
/// without punctuation, so `"Hj."` in the file matches `HJ` in a name.
#[derive(Clone, Debug, Default)]
pub struct NameRules {
    /// Titles and honorifics, one or more words each (`["TAN","SRI"]`),
    /// by their first word, longest first: most words start none, and one
    /// lookup tells them.
    pub titles: HashMap<String, Vec<Vec<String>>>,
    /// Academic degrees (`SPD`, `AMDKEB`).
    pub degrees: HashSet<String>,
    /// Patronymic markers (`BIN`, `BINTI`, `IBN`).
    pub patronymic_markers: HashSet<String>,
    /// The markers that say "son of" (`BIN`, `IBN`) and "daughter of"
    /// (`BINTI`, `BTE`): see [`Lineage`](super::Lineage).
    pub son_markers: HashSet<String>,
    /// See [`son_markers`](Self::son_markers).
    pub daughter_markers: HashSet<String>,
    /// Old-spelling rewrites, applied in order (`("OE","U")`).
    pub old_spelling: Vec<(String, String)>,
    /// Transliteration rewrites (Arabic and other sounds written several
    /// ways: `("Q","K")`, `("SH","SY")`), applied in order after the old
    /// spelling.
    pub transliteration: Vec<(String, String)>,
    /// Both of the above in order: what [`fold`](Self::fold) applies.
    rewrites: Vec<(String, String)>,
    /// Folded single-word variant → family key (folded first spelling).
    pub family_of: HashMap<String, String>,
    /// Multi-word variants (folded words) → family key, longest first.
    pub multi_families: Vec<(Vec<String>, String)>,
    /// Family key → spelling shown in explanations.
    pub family_display: HashMap<String, String>,
    /// Weight caps for common tokens, by family key.
    pub common: HashMap<String, f32>,
    /// Folded variants of the `family_prefixes` families and their key,
    /// longest first: a word that begins with one takes the key instead.
    pub prefix_variants: Vec<(String, String)>,
    /// Keys of three-letter names (`ADI`, `SRI`, `TAN`): a traveller's
    /// three-letter word that is one of these, or that a list has, is a
    /// name as written, never a longer name with a letter dropped.
    pub short_names: HashSet<String>,
    /// Keys of common given names known to be distinct (`SUKARNO`,
    /// `SUMARNO`, `YUDI`, `YULI`): two of them pair by a
    /// spelling rule only, never by Jaro-Winkler alone (see
    /// [`Word::Given`](super::Word::Given)).
    pub given_names: HashSet<String>,
}

/// The bit of an upper-case ASCII letter in a token's letter set
/// (for an initial's test, [`Token::written`](super::Token::written); 0
/// for any other byte).
pub fn letter_bit(b: u8) -> u32 {
    if b.is_ascii_uppercase() {
        1 << (b - b'A')
    } else {
        0
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    titles: Vec<String>,
    #[serde(default)]
    degrees: Vec<String>,
    #[serde(default)]
    patronymic_markers: Vec<String>,
    #[serde(default)]
    son_markers: Vec<String>,
    #[serde(default)]
    daughter_markers: Vec<String>,
    #[serde(default)]
    families: Vec<Vec<String>>,
    #[serde(default)]
    old_spelling: Vec<(String, String)>,
    #[serde(default)]
    transliteration: Vec<(String, String)>,
    #[serde(default)]
    common_tokens: HashMap<String, f32>,
    #[serde(default)]
    family_prefixes: Vec<String>,
    #[serde(default)]
    short_names: Vec<String>,
    #[serde(default)]
    given_names: Vec<String>,
}

/// The rule file shipped with lintas.
pub const BUILTIN_TOML: &str = include_str!("../../rules/tables/names.toml");

fn words(s: &str) -> Vec<String> {
    plain_upper(s)
        .split_whitespace()
        .map(String::from)
        .collect()
}

impl NameRules {
    /// Parses `rules/tables/names.toml`. Unknown keys and malformed
    /// entries are errors that name the key.
    pub fn from_toml(text: &str) -> Result<NameRules, String> {
        let f: File = toml::from_str(text).map_err(|e| format!("names.toml: {e}"))?;
        let mut r = NameRules {
            old_spelling: Vec::new(),
            ..Default::default()
        };
        for (what, rewrites, into) in [
            ("old_spelling", &f.old_spelling, &mut r.old_spelling),
            (
                "transliteration",
                &f.transliteration,
                &mut r.transliteration,
            ),
        ] {
            for (from, to) in rewrites {
                let (from, to) = (plain_upper(from), plain_upper(to));
                if from.trim().is_empty() {
                    return Err(format!("names.toml: {what}: empty pattern"));
                }
                into.push((from, to));
            }
        }
        r.rewrites = r
            .old_spelling
            .iter()
            .chain(&r.transliteration)
            .cloned()
            .collect();
        let mut titles = Vec::new();
        for t in &f.titles {
            let w = words(t);
            if w.is_empty() {
                return Err(format!("names.toml: titles: '{t}' has no letters"));
            }
            titles.push(w);
        }
        titles.sort_by_key(|w| std::cmp::Reverse(w.len()));
        for t in titles {
            r.titles.entry(t[0].clone()).or_default().push(t);
        }
        r.degrees = f
            .degrees
            .iter()
            .map(|d| words(d).concat())
            .filter(|d| !d.is_empty())
            .collect();
        r.patronymic_markers = f
            .patronymic_markers
            .iter()
            .map(|d| words(d).concat())
            .filter(|d| !d.is_empty())
            .collect();
        for (what, list, into) in [
            ("son_markers", &f.son_markers, &mut r.son_markers),
            (
                "daughter_markers",
                &f.daughter_markers,
                &mut r.daughter_markers,
            ),
        ] {
            for m in list {
                let w = words(m).concat();
                if !r.patronymic_markers.contains(&w) {
                    return Err(format!(
                        "names.toml: {what}: '{m}' is not one of patronymic_markers"
                    ));
                }
                into.insert(w);
            }
        }
        if let Some(m) = r.son_markers.intersection(&r.daughter_markers).next() {
            return Err(format!(
                "names.toml: '{m}' is in both son_markers and daughter_markers"
            ));
        }
        for (i, fam) in f.families.iter().enumerate() {
            let Some(first) = fam.first() else {
                return Err(format!("names.toml: families[{i}]: empty family"));
            };
            let key: String = words(first).iter().map(|w| r.fold(w)).collect();
            r.family_display.insert(key.clone(), words(first).join(" "));
            for v in fam {
                let ws: Vec<String> = words(v).iter().map(|w| r.fold(w)).collect();
                match ws.len() {
                    0 => return Err(format!("names.toml: families[{i}]: '{v}' has no letters")),
                    1 => {
                        r.family_of.insert(ws[0].clone(), key.clone());
                    }
                    _ => {
                        r.family_of.insert(ws.concat(), key.clone());
                        r.multi_families.push((ws, key.clone()));
                    }
                }
            }
        }
        r.multi_families
            .sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        for p in &f.family_prefixes {
            let folded = r.fold(&words(p).concat());
            let Some(key) = r.family_of.get(&folded).cloned() else {
                return Err(format!(
                    "names.toml: family_prefixes: '{p}' is not a spelling in `families`"
                ));
            };
            r.prefix_variants.extend(
                r.family_of
                    .iter()
                    .filter(|(v, k)| **k == key && **v != key)
                    .map(|(v, k)| (v.clone(), k.clone())),
            );
        }
        r.prefix_variants
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        r.prefix_variants.dedup();
        // One word each, kept as its family key.
        let keys = |what: &str, list: &[String]| -> Result<HashSet<String>, String> {
            list.iter()
                .map(|n| match words(n).as_slice() {
                    [w] => Ok(r.family_key(&r.fold(w)).into_owned()),
                    _ => Err(format!(
                        "names.toml: {what}: '{n}' is not one word of letters"
                    )),
                })
                .collect()
        };
        let short_names = keys("short_names", &f.short_names)?;
        let given_names = keys("given_names", &f.given_names)?;
        r.short_names = short_names;
        r.given_names = given_names;
        for (tok, w) in &f.common_tokens {
            if !(0.0..=1.0).contains(w) {
                return Err(format!(
                    "names.toml: common_tokens.{tok}: weight {w} outside 0..1"
                ));
            }
            let folded = r.fold(&plain_upper(tok));
            let key = r.family_of.get(&folded).cloned().unwrap_or(folded);
            r.common.insert(key, *w);
        }
        Ok(r)
    }

    /// The rules shipped in `rules/tables/names.toml`.
    pub fn builtin() -> NameRules {
        // The shipped file is tested; an error here is a build defect.
        NameRules::from_toml(BUILTIN_TOML).unwrap_or_default()
    }

    /// Folds one upper-case word: old spelling, transliteration, then
    /// doubled letters.
    pub fn fold(&self, word: &str) -> String {
        fold_token(word, &self.rewrites)
    }

    /// The rewrites [`fold`](Self::fold) applies, in order (for tests of
    /// the folding against them).
    #[cfg(test)]
    pub(crate) fn rewrites(&self) -> &[(String, String)] {
        &self.rewrites
    }

    /// The family key of a folded word: its family's, or for a word that
    /// begins with a variant of a `family_prefixes` family, that family's
    /// key and the rest (`NORAINI` → `NURAINI`); itself otherwise.
    pub fn family_key<'a>(&'a self, folded: &'a str) -> Cow<'a, str> {
        if let Some(k) = self.family_of.get(folded) {
            return Cow::Borrowed(k);
        }
        // A joined name that starts with a prefix family's variant
        // (`NORAINI`): the variant takes the family's key.
        for (v, k) in &self.prefix_variants {
            if let Some(rest) = folded.strip_prefix(v.as_str()) {
                if rest.len() >= 3 {
                    return Cow::Owned(format!("{k}{rest}"));
                }
            }
        }
        Cow::Borrowed(folded)
    }

    /// True when the words (from `start`) begin with a title; returns its length.
    pub fn title_at(&self, words: &[String], start: usize) -> Option<usize> {
        self.titles
            .get(words.get(start)?)?
            .iter()
            .find(|t| words[start..].starts_with(t))
            .map(|t| t.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_file_parses() {
        let r = NameRules::from_toml(BUILTIN_TOML).unwrap();
        assert!(r.degrees.contains("SPD"));
        assert!(r.patronymic_markers.contains("BINTI"));
        assert_eq!(r.family_key(&r.fold("MOHD")), r.fold("MUHAMMAD"));
        assert_eq!(r.family_key(&r.fold("ACHMAD")), r.fold("AHMAD"));
        assert_eq!(r.fold("TAUFIQ"), r.fold("TAUFIK"));
        assert_eq!(r.fold("RASHID"), r.fold("RASYID"));
        assert_eq!(r.fold("RAMADHAN"), r.fold("RAMADAN"));
        assert_eq!(r.fold("DZULKIFLI"), r.fold("ZULKIFLI"));
        assert_eq!(r.fold("KAREEM"), r.fold("KARIM"));
        assert!(r.title_at(&words("Tan Sri Ali"), 0) == Some(2));
    }

    #[test]
    fn bad_files_are_errors() {
        assert!(NameRules::from_toml("titles = 3").is_err());
        assert!(NameRules::from_toml("nonsense = []").is_err());
        assert!(NameRules::from_toml("families = [[]]").is_err());
        assert!(NameRules::from_toml("transliteration = [[\"\", \"K\"]]").is_err());
        assert!(NameRules::from_toml("[common_tokens]\nSITI = 4.0").is_err());
        assert!(NameRules::from_toml("short_names = [\"ADI PUTRA\"]").is_err());
        assert!(NameRules::from_toml("son_markers = [\"BIN\"]").is_err());
        let both =
            "patronymic_markers = [\"BIN\"]\nson_markers = [\"BIN\"]\ndaughter_markers = [\"BIN\"]";
        assert!(NameRules::from_toml(both).is_err());
        assert!(NameRules::from_toml("short_names = [\"--\"]").is_err());
        assert!(NameRules::from_toml("").is_ok());
        let e = NameRules::from_toml("family_prefixes = [\"NUR\"]").unwrap_err();
        assert!(e.contains("family_prefixes") && e.contains("NUR"), "{e}");
    }

    #[test]
    fn prefix_families_take_the_key_for_their_part_only() {
        let r = NameRules::from_toml(
            "families = [[\"NUR\", \"NOR\", \"NOER\"]]\nfamily_prefixes = [\"Nur\"]",
        )
        .unwrap();
        assert_eq!(r.family_key("NORAINI"), "NURAINI");
        assert_eq!(r.family_key(&r.fold("NOERHAYATI")), "NURHAYATI");
        assert_eq!(r.family_key("NOR"), "NUR");
        // The rest must be a name of three letters or more.
        assert_eq!(r.family_key("NORA"), "NORA");
        assert_eq!(r.family_key("NORUL"), "NORUL");
        let plain = NameRules::from_toml("families = [[\"NUR\", \"NOR\"]]").unwrap();
        assert_eq!(plain.family_key("NORAINI"), "NORAINI");
    }

    #[test]
    fn short_names_are_kept_as_keys() {
        let r = NameRules::from_toml("short_names = [\"Adi\", \"e.d.i\"]").unwrap();
        assert!(r.short_names.contains("ADI"));
        assert!(r.short_names.contains("EDI"));
        // As token keys: `SRI` is of the `SERI` family, and `JOE` folds
        // as any word does (old `OE` is `U`, `J` is `Y`).
        let b = NameRules::builtin();
        for n in ["ADI", "TRI", "TAN", "ALI", "SERI", "YU"] {
            assert!(b.short_names.contains(n), "{n}");
        }
        assert!(!b.short_names.contains("SRI"));
        assert!(b.given_names.contains("SUKARNO") && b.given_names.contains("SUMARNO"));
        assert!(NameRules::from_toml("given_names = [\"Budi Santoso\"]").is_err());
    }
}
