//! Character-level folding: case, diacritics, punctuation, old spelling.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// Upper case without diacritics; every character that is not a letter or
/// digit becomes a space, except apostrophes and dots, which vanish
/// (`Ba'asyir` → `BAASYIR`, `S.Pd` → `SPD`), and the marks a wrong text
/// encoding leaves for a character it lost (`?`, `�`), which vanish too:
/// `Mus?ab` is `Mus’ab` exported through a code page without `’`, one word.
pub fn plain_upper(s: &str) -> String {
    if s.is_ascii() {
        plain_upper_ascii(s)
    } else {
        plain_upper_unicode(s)
    }
}

/// [`plain_upper`] of any text, through the Unicode decomposition.
fn plain_upper_unicode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            out.extend(c.to_uppercase());
        } else if u8::try_from(c).is_ok_and(vanishes_ascii)
            || matches!(c, '’' | '‘' | 'ʼ' | '\u{FFFD}')
        {
            continue;
        } else {
            out.push(' ');
        }
    }
    out
}

/// Whether [`plain_upper`] drops this ASCII byte (apostrophes, dots and
/// an encoding's lost-character mark) instead of reading it as a space.
/// Fast paths that split names without [`plain_upper`] ask this too.
pub fn vanishes_ascii(b: u8) -> bool {
    matches!(b, b'\'' | b'`' | b'.' | b'?')
}

/// [`plain_upper`] of ASCII text (most names), without the Unicode
/// decomposition: no ASCII character decomposes or is a combining mark.
fn plain_upper_ascii(s: &str) -> String {
    s.bytes()
        .filter(|&b| !vanishes_ascii(b))
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b.to_ascii_uppercase())
            } else {
                ' '
            }
        })
        .collect()
}

/// The bytes present in `w`, one bit per byte value modulo 64: a word
/// that lacks the bit of one of a pattern's bytes cannot hold the pattern.
fn byte_bits(w: &str) -> u64 {
    w.bytes().fold(0, |m, b| m | 1 << (b & 63))
}

/// Folds one upper-case word for comparison: a typed letter's repeats
/// dropped first (see `typed_once`), the pre-1972 Indonesian spelling rules
/// in order (each rewrite applied left to right over the word), then runs
/// of the same letter collapsed (`ABDURRAHMAN` → `ABDURAHMAN`, `MUHAMMAD`
/// → `MUHAMAD`).
pub fn fold_token(word: &str, rules: &[(String, String)]) -> String {
    let read = ocr_letters(word);
    let mut w = typed_once(&read);
    // Most words hold few of the patterns: the bit of a pattern's first
    // byte spares the substring search for the others.
    let mut bits = byte_bits(&w);
    for (from, to) in rules {
        // The patterns are a letter or two and the words short: a byte
        // scan answers sooner than a substring searcher is set up.
        let pat = from.as_bytes();
        if byte_bits(from) & !bits == 0
            && !pat.is_empty()
            && w.as_bytes().windows(pat.len()).any(|x| x == pat)
        {
            w = w.replace(from.as_str(), to);
            bits = byte_bits(&w);
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

/// `word` with each digit a reader of a printed name takes for a letter
/// written as that letter (`0MAR` → `OMAR`, `5ITI` → `SITI`, `8UDI` →
/// `BUDI`): a person's name has no digits, so in a word with letters a
/// digit is a machine-readable zone or a scan misread, or a key typed
/// beside its letter. Only the look-alikes (`0` `O`, `1` `I`, `2` `Z`,
/// `5` `S`, `6` `G`, `8` `B`); a word of digits alone stays as it is.
fn ocr_letters(word: &str) -> Cow<'_, str> {
    let b = word.as_bytes();
    if !b.iter().any(u8::is_ascii_digit) || !b.iter().any(u8::is_ascii_alphabetic) {
        return Cow::Borrowed(word);
    }
    Cow::Owned(
        word.chars()
            .map(|c| match c {
                '0' => 'O',
                '1' => 'I',
                '2' => 'Z',
                '5' => 'S',
                '6' => 'G',
                '8' => 'B',
                _ => c,
            })
            .collect(),
    )
}

/// `word` with a doubled consonant written once and a letter written
/// three times or more written twice, before the spelling rules read
/// letter pairs. A letter typed twice by mistake would otherwise change
/// what a rule reads: `ICCHA` would keep a `C` that `ICHA` loses to the
/// rule `CH`, and `COOOK` would read `OO` and one `O` more. No name
/// doubles a consonant for a rule to read, and the rules that read a
/// doubled vowel (`OO`, `EE`) still see two.
fn typed_once(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    // The last two letters written.
    let (mut last, mut before) = (None, None);
    for c in word.chars() {
        let consonant = c.is_ascii_uppercase() && !matches!(c, 'A' | 'E' | 'I' | 'O' | 'U');
        let third = before == Some(c) && c.is_alphabetic();
        if last == Some(c) && (consonant || third) {
            continue;
        }
        out.push(c);
        (before, last) = (last, Some(c));
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

    /// The rewrites as applied before the first-byte filter.
    fn fold_reference(word: &str, rules: &[(String, String)]) -> String {
        let mut w = typed_once(word);
        for (from, to) in rules {
            if w.contains(from.as_str()) {
                w = w.replace(from.as_str(), to);
            }
        }
        fold_token(&w, &[])
    }

    #[test]
    fn digits_a_reader_takes_for_letters_are_read_as_letters() {
        let f = |w: &str| fold_token(w, &[]);
        assert_eq!(f("0MAR"), f("OMAR"));
        assert_eq!(f("5ITI"), f("SITI"));
        assert_eq!(f("8UDI"), f("BUDI"));
        assert_eq!(f("AGU5"), f("AGUS"));
        // Digits alone, and those like no letter, stay.
        assert_eq!(f("1985"), "1985");
        assert_ne!(f("BUD7"), f("BUDI"));
    }

    proptest::proptest! {
        #[test]
        fn first_byte_filter_changes_no_fold(word in "[A-Z]{0,14}") {
            let rules = crate::names::NameRules::builtin();
            proptest::prop_assert_eq!(rules.fold(&word), fold_reference(&word, rules.rewrites()));
        }
    }

    #[test]
    fn ascii_path_is_the_unicode_path() {
        let all: String = (0u8..128).map(char::from).collect();
        assert_eq!(plain_upper_ascii(&all), plain_upper_unicode(&all));
        assert_eq!(plain_upper("Ba'asyir, S.Pd"), "BAASYIR  SPD");
    }

    #[test]
    fn plain_upper_strips_marks_and_punctuation() {
        assert_eq!(plain_upper("José Ba'asyir, S.Pd"), "JOSE BAASYIR  SPD");
        assert_eq!(plain_upper("Dato' Sri"), "DATO SRI");
        // What a wrong code page leaves of a lost character.
        assert_eq!(plain_upper("Mus?ab Omar"), "MUSAB OMAR");
        assert_eq!(plain_upper("Mus\u{FFFD}ab Jos\u{e9}"), "MUSAB JOSE");
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

    #[test]
    fn a_letter_typed_again_folds_as_typed_once() {
        let r = crate::names::NameRules::builtin();
        assert_eq!(r.fold("ICCHA"), r.fold("ICHA"));
        assert_eq!(r.fold("CCHAD"), r.fold("CHAD"));
        assert_eq!(r.fold("COOOK"), r.fold("COOK"));
        assert_eq!(r.fold("KAREEEM"), r.fold("KAREEM"));
        // A doubled vowel is still read by its rule.
        assert_eq!(r.fold("NOOR"), r.fold("NUR"));
        assert_eq!(typed_once("ABDURRAHMAN"), "ABDURAHMAN");
    }
}
