//! Character-level folding: case, diacritics, punctuation, old spelling.

use unicode_normalization::UnicodeNormalization;

/// Upper case without diacritics; every character that is not a letter or
/// digit becomes a space, except apostrophes and dots, which vanish
/// (`Ba'asyir` → `BAASYIR`, `S.Pd` → `SPD`).
pub fn plain_upper(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            out.extend(c.to_uppercase());
        } else if matches!(c, '\'' | '’' | '`' | '‘' | 'ʼ' | '.') {
            continue;
        } else {
            out.push(' ');
        }
    }
    out
}

/// Folds one upper-case word for comparison: the pre-1972 Indonesian
/// spelling rules in order (each rewrite applied left to right over the
/// word), then runs of the same letter collapsed (`ABDURRAHMAN` →
/// `ABDURAHMAN`, `MUHAMMAD` → `MUHAMAD`).
pub fn fold_token(word: &str, rules: &[(String, String)]) -> String {
    let mut w = word.to_string();
    for (from, to) in rules {
        if w.contains(from.as_str()) {
            w = w.replace(from.as_str(), to);
        }
    }
    let mut out = String::with_capacity(w.len());
    let mut last = None;
    for c in w.chars() {
        if Some(c) != last || c.is_ascii_digit() {
            out.push(c);
        }
        last = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn old() -> Vec<(String, String)> {
        [
            ("OE", "U"),
            ("DJ", "J"),
            ("TJ", "C"),
            ("NJ", "NY"),
            ("SJ", "SY"),
            ("CH", "KH"),
            ("J", "Y"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
    }

    #[test]
    fn plain_upper_strips_marks_and_punctuation() {
        assert_eq!(plain_upper("José Ba'asyir, S.Pd"), "JOSE BAASYIR  SPD");
        assert_eq!(plain_upper("Dato' Sri"), "DATO SRI");
    }

    #[test]
    fn old_spelling_folds_to_modern() {
        let r = old();
        assert_eq!(fold_token("SOEKARNO", &r), fold_token("SUKARNO", &r));
        assert_eq!(fold_token("DJOKO", &r), fold_token("JOKO", &r));
        assert_eq!(fold_token("TJAHJO", &r), fold_token("CAHYO", &r));
        assert_eq!(fold_token("JUSUF", &r), fold_token("YUSUF", &r));
        assert_eq!(fold_token("NJOMAN", &r), fold_token("NYOMAN", &r));
        assert_eq!(fold_token("SJAHRIR", &r), fold_token("SYAHRIR", &r));
        assert_eq!(fold_token("ACHMAD", &r), fold_token("AKHMAD", &r));
        assert_eq!(fold_token("ABDURRAHMAN", &r), "ABDURAHMAN");
    }
}
