//! Turning a written name into comparable tokens.
//!
//! The steps run in this order (each one is a function below):
//! 0. a name as the machine-readable zone writes it (`SURNAME<<GIVEN<NAMES`,
//!    `<` to the end of the field) is spaced and written `SURNAME/GIVEN`;
//! 1. Malaysian `A/L`, `A/P` (and `S/O`, `D/O`, and the machine-readable zone's
//!    `A L`, `A P`) become `BIN`, `BINTI` (so
//!    the slash is not read as a name separator);
//! 2. `SURNAME/GIVEN NAMES` and `SURNAME, Given` are turned round; a part
//!    after a comma that holds only titles or degrees (`Budi, S.Pd`) is not a
//!    given name, and a given name equal to the surname is dropped;
//! 3. case, diacritics and punctuation ([`plain_upper`]); the airline
//!    placeholders `FNU` / `LNU` (first / last name unknown) are dropped
//!    wherever they stand, and a name that is one word written twice (a
//!    single-name traveller in both of a manifest's name fields) is that
//!    word once;
//! 4. titles and honorifics (leading, and multi-letter ones anywhere) and
//!    trailing degrees are removed; they stay in [`NormName::removed`];
//! 5. each word is folded (old spelling, doubled letters) and mapped to its
//!    spelling family; multi-word family variants (`ABDUL RAHMAN`) become one
//!    token;
//! 6. patronymic markers split the name into own part and father's part.

use super::fold::{plain_upper, vanishes_ascii};
use super::rules::NameRules;
use std::borrow::Cow;

/// One comparable word of a name.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// As written, upper case without punctuation (for explanations).
    pub raw: String,
    /// Old spelling and doubled letters folded.
    pub folded: String,
    /// Spelling-family key: what comparison uses.
    pub key: String,
    /// A single Latin letter (`M.` in `M. Rizki`); a one-character
    /// Chinese name is a name, not an initial.
    pub initial: bool,
    /// The first letter as written (folded alone: `J` is `Y`) where it is
    /// not the key's (`K` for `KHAIRUL`, key `HAIRUL`); else 0. An initial
    /// pairs a name by either letter.
    pub written: u8,
}

/// A normalised name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NormName {
    /// Comparable tokens in written order (markers removed).
    pub tokens: Vec<Token>,
    /// Index of the first token of the father's part, after `bin`/`binti`.
    pub father_from: Option<usize>,
    /// Whose child the marker before the father's part says the bearer
    /// is (`bin`: a son), where it says (`anak` does not).
    pub lineage: Option<Lineage>,
    /// Titles, degrees and markers taken out, for display.
    pub removed: Vec<String>,
    /// The token written last, where the name is long enough
    /// ([`CUT_MIN_CHARS`]) that a field limit may have cut it short: a
    /// passport's machine-readable zone and airline systems cut long names
    /// (`SITI NURHALIZA BINTI TARU` for `... TARUDIN`). A screen treats
    /// it as cut only where the lists do not know it as a name and it
    /// begins listed keys (`NameIndex::read_cut`).
    pub cut_at: Option<usize>,
}

/// What a patronymic marker says of the bearer (`names.toml`:
/// `son_markers`, `daughter_markers`): `Ahmad bin Ali` is Ali's son,
/// `Siti binti Ali` his daughter. Two names whose markers disagree are two
/// people, a son and a daughter, whatever else they share.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lineage {
    /// `BIN`, `IBN`, `A/L`, `S/O`.
    Son,
    /// `BINTI`, `BTE`, `BT`, `A/P`, `D/O`.
    Daughter,
}

/// The fewest characters (as written, spaces included) of a name whose
/// last word may have been cut by a field limit. Limits seen are 39 (a
/// passport's machine-readable zone, `SURNAME<<GIVEN<NAMES`), 30 (an
/// identity card's) and lower in airline and legacy systems; shorter names
/// are taken as written whole.
pub const CUT_MIN_CHARS: usize = 20;

impl NormName {
    /// The family keys, space-joined.
    pub fn key(&self) -> String {
        let mut s = String::new();
        for (i, t) in self.tokens.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            if Some(i) == self.father_from {
                s.push_str("BIN ");
            }
            s.push_str(&t.key);
        }
        s
    }
}

/// Normalises a name with the given rules (see the module notes for the order).
pub fn normalise(name: &str, rules: &NameRules) -> NormName {
    let machine = machine_readable(name);
    let marked = malaysian_markers(&machine);
    let reordered = reorder(&marked, rules);
    let mut words: Vec<String> = plain_upper(&reordered)
        .split_whitespace()
        .map(String::from)
        .collect();
    let mut removed = Vec::new();
    drop_placeholders(&mut words, &mut removed);
    strip_titles_and_degrees(&mut words, &mut removed, rules);
    if words.len() == 2 && words[0] == words[1] {
        removed.extend(words.pop());
    }
    let mut tokens = Vec::with_capacity(words.len());
    let mut father_from = None;
    let mut lineage = None;
    let folded: Vec<String> = words.iter().map(|w| rules.fold(w)).collect();
    let mut i = 0;
    while i < words.len() {
        if rules.patronymic_markers.contains(&words[i]) && !tokens.is_empty() && i + 1 < words.len()
        {
            if father_from.is_none() {
                father_from = Some(tokens.len());
                lineage = if rules.son_markers.contains(&words[i]) {
                    Some(Lineage::Son)
                } else if rules.daughter_markers.contains(&words[i]) {
                    Some(Lineage::Daughter)
                } else {
                    None
                };
            }
            removed.push(words[i].clone());
            i += 1;
            continue;
        }
        if let Some((len, key)) = multi_family_at(&folded, i, rules) {
            tokens.push(Token {
                raw: words[i..i + len].join(" "),
                folded: folded[i..i + len].concat(),
                written: written_letter(&words[i], key, rules),
                key: key.to_string(),
                initial: false,
            });
            i += len;
            continue;
        }
        // Words that are one name (`AZ ZAHRA`, `ABDUL RAHIM`, `ABD AL RAHIM`).
        let merged = article_merge(&words, &folded, i, rules)
            .map(|m| (m, 2))
            .or_else(|| abdul_merge(&words, &folded, i, rules));
        if let Some((merged, len)) = merged {
            let key = rules.family_key(&merged).to_string();
            tokens.push(Token {
                raw: words[i..i + len].join(" "),
                written: written_letter(&words[i], &key, rules),
                folded: merged,
                key,
                initial: false,
            });
            i += len;
            continue;
        }
        let key = rules.family_key(&folded[i]).to_string();
        tokens.push(Token {
            initial: words[i].len() == 1 && words[i].as_bytes()[0].is_ascii_alphabetic(),
            written: written_letter(&words[i], &key, rules),
            raw: words[i].clone(),
            folded: folded[i].clone(),
            key,
        });
        i += 1;
    }
    let cut_at = last_written(name, &tokens);
    NormName {
        tokens,
        father_from,
        lineage,
        removed,
        cut_at,
    }
}

/// Which token holds the word written last in `name` (before `SURNAME/GIVEN`
/// or `SURNAME, Given` is turned round), when `name` has at least
/// [`CUT_MIN_CHARS`] characters and that word is a token (not a title,
/// degree or marker) of more than one letter.
fn last_written(name: &str, tokens: &[Token]) -> Option<usize> {
    let name = name.trim();
    if name.chars().count() < CUT_MIN_CHARS {
        return None;
    }
    // The last word as written (ASCII, most names: read in place, as this
    // runs for every long name screened), or of the plain text.
    let plain;
    let last = if name.is_ascii() {
        let b = name.as_bytes();
        let in_word = |c: u8| c.is_ascii_alphanumeric() || vanishes_ascii(c);
        let end = b.iter().rposition(|c| c.is_ascii_alphanumeric())? + 1;
        let start = b[..end]
            .iter()
            .rposition(|&c| !in_word(c))
            .map_or(0, |i| i + 1);
        &name[start..end]
    } else {
        plain = plain_upper(name);
        plain.split_whitespace().last()?
    };
    let written = || {
        last.bytes()
            .filter(|&c| !vanishes_ascii(c))
            .map(|c| c.to_ascii_uppercase())
    };
    tokens
        .iter()
        .rposition(|t| {
            t.raw
                .rsplit(' ')
                .next()
                .is_some_and(|w| w.bytes().eq(written()))
        })
        .filter(|&i| !tokens[i].initial)
}

/// Step 0: a name as a passport's machine-readable zone writes it,
/// `SURNAME<<GIVEN<NAMES` with `<` to the end of the field, written
/// `SURNAME/GIVEN NAMES`, which step 2 turns round (`ABDUL<<RINA` is
/// `RINA ABDUL`, not one `Abdul-` name; `RAJAN<A<L<MUTHU<<<` is `RAJAN A L
/// MUTHU`, whose `A L` step 1 reads). Other names are returned as they are.
fn machine_readable(name: &str) -> Cow<'_, str> {
    if !name.contains('<') {
        return name.into();
    }
    let spaced = |s: &str| s.replace('<', " ").trim().to_string();
    let (sur, given) = name.split_once("<<").unwrap_or((name, ""));
    format!("{}/{}", spaced(sur), spaced(given)).into()
}

/// Step 1: `A/L`, `A/P`, `S/O`, `D/O` become `BIN`, `BINTI`, and so does
/// `A L` / `A P` between two words: a passport's machine-readable zone has
/// no slash and writes `RAJAN<A<L<MUTHU`.
fn malaysian_markers(name: &str) -> Cow<'_, str> {
    let words: Vec<&str> = name.split(' ').collect();
    let is = |w: &str, marker: &str| w.eq_ignore_ascii_case(marker);
    // The marker at word `i` and how many words it spans, if any.
    let marker = |i: usize| -> Option<(&str, usize)> {
        let mrz = |second: &str| {
            is(words[i], "A") && i > 0 && i + 2 < words.len() && is(words[i + 1], second)
        };
        if is(words[i], "A/L") || is(words[i], "S/O") {
            Some(("BIN", 1))
        } else if is(words[i], "A/P") || is(words[i], "D/O") {
            Some(("BINTI", 1))
        } else if mrz("L") {
            Some(("BIN", 2))
        } else if mrz("P") {
            Some(("BINTI", 2))
        } else {
            None
        }
    };
    // Most names have none: they are returned as they are.
    if !(0..words.len()).any(|i| marker(i).is_some()) {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len());
    let mut i = 0;
    while i < words.len() {
        if i > 0 {
            out.push(' ');
        }
        let (text, span) = marker(i).unwrap_or((words[i], 1));
        out.push_str(text);
        i += span;
    }
    Cow::Owned(out)
}

/// The names a Malaysian record writes as one with `@` ("also known
/// as"): `ABDUL RAHMAN @ RAMAN BIN ALI` is `Abdul Rahman bin Ali` and
/// `Raman bin Ali`, `TAN AH KOW @ TAN KOK WAH` is `Tan Ah Kow` and
/// `Tan Kok Wah`. The father's part is written once, after the last
/// alternative; an alternative without a father's part of its own gets
/// that one. Empty for a name without `@`. (Normalisation alone reads `@`
/// as a space, so the whole written name still pairs either alternative,
/// at about 0.85, as one longer name; a list loaded with the alternatives
/// as aliases pairs each at 1.) The word `alias`, the `als.` Indonesian
/// police records shorten it to (`Agus Salim als. Gundul`), and `aka`
/// (`a.k.a.`) stand for `@` between two names.
pub fn aka_variants(name: &str, rules: &NameRules) -> Vec<String> {
    let name = alias_words_as_at(name);
    let parts: Vec<&str> = name
        .split('@')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return Vec::new();
    }
    // A part's father's part: from its marker (never its first word) on.
    let father_of = |part: &str| {
        let words: Vec<&str> = part.split_whitespace().collect();
        let at = (1..words.len()).find(|&k| {
            let w = plain_upper(&malaysian_markers(words[k]));
            rules.patronymic_markers.contains(w.trim())
        })?;
        Some(words[at..].join(" "))
    };
    let father = father_of(parts[parts.len() - 1]);
    parts
        .iter()
        .map(|&p| match &father {
            Some(f) if father_of(p).is_none() => format!("{p} {f}"),
            _ => p.to_string(),
        })
        .collect()
}

/// A listed name without the notes written in brackets after or inside
/// it (`Encep Nurjaman (birth name)`, `Abu Muhammad (original script:
/// ...)`, `Budi Santoso (Alm)`), or `None` where it has none or nothing
/// is left. Normalisation reads a bracket as a space, so the note's words
/// were a name's words: `ENCEP NURJAMAN` met the UN's alias at 0.80, on
/// the bar.
pub fn without_notes(name: &str) -> Option<String> {
    if !name.contains(['(', '[']) {
        return None;
    }
    let mut out = String::with_capacity(name.len());
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    (!out.is_empty()).then_some(out)
}

/// `name` with each word `alias`, `als` or `aka` (any case, dots
/// dropped: `als.`, `a.k.a.`) between two other words written `@`.
fn alias_words_as_at(name: &str) -> Cow<'_, str> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let is_alias = |w: &str| {
        let plain: String = w.chars().filter(|&c| c != '.').collect();
        ["ALIAS", "ALS", "AKA"]
            .iter()
            .any(|a| plain.eq_ignore_ascii_case(a))
    };
    let inner = 1..words.len().saturating_sub(1);
    if !inner.clone().any(|i| is_alias(words[i])) {
        return Cow::Borrowed(name);
    }
    let joined: Vec<&str> = words
        .iter()
        .enumerate()
        .map(|(i, &w)| {
            if inner.contains(&i) && is_alias(w) {
                "@"
            } else {
                w
            }
        })
        .collect();
    Cow::Owned(joined.join(" "))
}

/// The name a listed alias in the style of a nom de guerre wraps: a
/// kunya before it (`Abu Sulaiman`, `Umm Salamah`, `Abu al-Harith`) and a
/// nisba or laqab after it (`Al-Arkhabiliy`, `al Jawi`), as in
/// `Abu Sulaiman Aman Abdurrahman Al-Arkhabiliy`, whose passport name is
/// `Aman Abdurrahman`. Compared whole, the three epithet words the
/// passport lacks outweigh the two it has, and the alias is never met;
/// loaded as an alias of its own, the wrapped name is. `None` unless the
/// written name has both, and two words or more between them that start
/// with no patronymic marker.
///
/// Both are needed, as either alone is also a plain name: `Abu Bakar`
/// and `Abu Hassan` are given names in Indonesia and Malaysia (`Abu
/// Bakar Ahmad Yusuf` is not `Ahmad Yusuf`), and `Al-Hashimi` is a
/// family name. A name written surname first (`ABU-MARZUQ, Musa`) or
/// with notes (`(original script: ...)`) is left as it is.
pub fn epithet_core(name: &str, rules: &NameRules) -> Option<String> {
    if name.contains([',', '/', '@', '(', ')']) {
        return None;
    }
    let pieces: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|p| !p.is_empty())
        .collect();
    // Each piece as one plain word, or no reading at all.
    let words: Vec<String> = pieces
        .iter()
        .map(|p| plain_upper(p).trim().to_string())
        .collect();
    if words.iter().any(|w| w.is_empty() || w.contains(' ')) {
        return None;
    }
    // An article: `AL`/`EL`, or one assimilated to a sun letter, written
    // apart before its word (`ash-Shami`, `ar-Rashid`).
    let article = |w: &str, next: &str| match w {
        "AL" | "EL" => true,
        "AR" | "AS" | "AD" | "AN" | "AT" | "AZ" | "ASH" => {
            next.as_bytes().first() == w.as_bytes().get(1)
        }
        _ => false,
    };
    let kunya = matches!(words.first()?.as_str(), "ABU" | "ABOU" | "UMM" | "UMMU");
    if !kunya || words.len() < 2 {
        return None;
    }
    let from = if words.len() > 2 && article(&words[1], &words[2]) {
        3
    } else {
        2
    };
    let mut to = words.len();
    while to >= from + 2 && article(&words[to - 2], &words[to - 1]) {
        to -= 2;
    }
    let core = &words[from.min(to)..to];
    let wraps =
        to < words.len() && core.len() >= 2 && !rules.patronymic_markers.contains(core[0].as_str());
    wraps.then(|| pieces[from..to].join(" "))
}

/// Drops `FNU` / `LNU`, what airlines write for a name part the traveller
/// does not have (`FNU SUPARMI`), unless nothing else is left.
fn drop_placeholders(words: &mut Vec<String>, removed: &mut Vec<String>) {
    let placeholder = |w: &String| w == "FNU" || w == "LNU";
    if words.iter().any(|w| !placeholder(w)) {
        removed.extend(words.iter().filter(|w| placeholder(w)).cloned());
        words.retain(|w| !placeholder(w));
    }
}

fn only_titles(part: &str, rules: &NameRules) -> bool {
    let words: Vec<String> = plain_upper(part)
        .split_whitespace()
        .map(String::from)
        .collect();
    if words.is_empty() {
        return true;
    }
    let mut i = 0;
    while i < words.len() {
        if rules.degrees.contains(&words[i]) {
            i += 1;
        } else if let Some(n) = rules.title_at(&words, i) {
            i += n;
        } else {
            return false;
        }
    }
    true
}

/// The given names of an airline's `SURNAME/GIVEN` with the title some
/// reservation systems glue to them taken apart (`AMINAH/SITIMRS`,
/// `SUPARMI/SUPARMIMS`), so that the title is read as one. Only the last
/// word, and only where three letters or more are left (two for the
/// longer titles), so `AMR` stays a name. A given name that truly ends
/// so (`WILLIAMS`) loses two letters, which Jaro-Winkler still pairs with
/// the whole.
fn unglue_title(given: &str) -> Cow<'_, str> {
    let last = given.rsplit(' ').next().unwrap_or(given);
    let upper = last.to_ascii_uppercase();
    for (title, keep) in [("MSTR", 2), ("MISS", 2), ("MRS", 2), ("MR", 3), ("MS", 3)] {
        if upper.len() >= title.len() + keep && upper.ends_with(title) && last.is_ascii() {
            let at = given.len() - title.len();
            return Cow::Owned(format!("{} {}", &given[..at], &given[at..]));
        }
    }
    Cow::Borrowed(given)
}

fn reorder<'a>(name: &'a str, rules: &NameRules) -> Cow<'a, str> {
    if let Some((sur, given)) = name.split_once('/') {
        let (sur, given) = (sur.trim(), given.trim());
        let given = &*unglue_title(given);
        let g = plain_upper(given);
        let g = g.trim();
        // `SURNAME/FNU` is left to `drop_placeholders`, like `FNU` anywhere.
        if g.is_empty() || g == plain_upper(sur).trim() {
            return Cow::Borrowed(sur);
        }
        return Cow::Owned(format!("{given} {sur}"));
    }
    let parts: Vec<&str> = name.split(',').collect();
    if parts.len() == 1 {
        return Cow::Borrowed(name);
    }
    let mut kept = vec![parts[0]];
    let mut tail = Vec::new();
    for p in &parts[1..] {
        if only_titles(p, rules) {
            tail.push(*p);
        } else {
            kept.push(p);
        }
    }
    let mut out = if kept.len() == 2 {
        format!("{} {}", kept[1].trim(), kept[0].trim())
    } else {
        kept.join(" ")
    };
    for t in tail {
        out.push(' ');
        out.push_str(t);
    }
    Cow::Owned(out)
}

fn strip_titles_and_degrees(words: &mut Vec<String>, removed: &mut Vec<String>, rules: &NameRules) {
    // Leading titles (H. Ahmad, Tan Sri Dato' Ali).
    loop {
        if words.len() <= 1 {
            break;
        }
        match rules.title_at(words, 0) {
            Some(n) if n < words.len() => {
                removed.extend(words.drain(..n));
            }
            _ => break,
        }
    }
    // Trailing degrees (Budi Santoso S Pd: `SPD` after joining dots).
    while words.len() > 1 && words.last().is_some_and(|w| rules.degrees.contains(w)) {
        removed.extend(words.pop());
    }
    // Titles of two letters or more inside the name (Ahmad Haji Ismail,
    // airline `AHMAD/ALI MR` which reads `ALI MR AHMAD`).
    let mut i = 1;
    while i < words.len() {
        match rules.title_at(words, i) {
            Some(n) if words[i].len() >= 2 && i + n <= words.len() => {
                removed.extend(words.drain(i..i + n));
            }
            _ => i += 1,
        }
    }
}

/// [`Token::written`] of a word written `written` (upper case) with key
/// `key`: the written first letter, folded alone, where it is an ASCII
/// letter other than the key's first.
fn written_letter(written: &str, key: &str, rules: &NameRules) -> u8 {
    let (w, k) = (written.bytes().next(), key.bytes().next());
    if w == k {
        return 0;
    }
    let folded = written.get(..1).map(|l| rules.fold(l));
    match folded.and_then(|f| f.bytes().next()) {
        Some(l) if l.is_ascii_uppercase() && Some(l) != k => l,
        _ => 0,
    }
}

/// `ABDUL RAHIM` is one name ("servant of the Merciful"), written joined
/// (`Abdurrahim`) as often as split; the article assimilates before sun
/// letters (`ABDUL R...` → `ABDUR...`). Joining here makes both spellings
/// one token. The article may also be written apart, as transliterations
/// from Arabic do (`Abd al-Aziz`, `Abd ar-Rahman`): three words, one name.
/// Written apart, the article may already be assimilated (`Abdur Rohim`,
/// `Abdus Salam`): two words, one name, when the next word starts with
/// the assimilated letter (`ABDUR` before a word in `R`), which then folds
/// as the doubled letter of the joined spelling does (`Abdurrohim`).
/// Malaysian records shorten the article to `Ab` (`Ab Rahman`, `Ab.
/// Ghani`): the same name. Returns the joined name and how many words it
/// took.
fn abdul_merge(
    words: &[String],
    folded: &[String],
    i: usize,
    rules: &NameRules,
) -> Option<(String, usize)> {
    // An article already assimilated (`ABDUR`) needs a word in its letter.
    let sun = assimilated_abd(&folded[i]);
    if sun.is_none()
        && !matches!(
            folded[i].as_str(),
            "ABDUL" | "ABDOL" | "ABDEL" | "ABD" | "ABDU" | "AB"
        )
    {
        return None;
    }
    let article = sun.is_none()
        && folded.get(i + 1).is_some_and(|w| {
            matches!(
                w.as_str(),
                "AL" | "EL" | "UL" | "AR" | "AS" | "AZ" | "AD" | "AN" | "AT" | "ASY"
            )
        })
        && i + 2 < words.len();
    let at = if article { i + 2 } else { i + 1 };
    let next = folded.get(at)?;
    if rules.patronymic_markers.contains(&words[at])
        || next.len() < 3
        || !next.bytes().all(|c| c.is_ascii_alphabetic())
        || sun.is_some_and(|sun| !next.starts_with(sun))
    {
        return None;
    }
    let first = next.as_bytes()[0];
    let stem = if b"TDRZSNL".contains(&first) {
        "ABDU"
    } else {
        "ABDUL"
    };
    Some((rules.fold(&format!("{stem}{next}")), at + 1 - i))
}

/// The sun letter of an `Abd-` word whose article is already assimilated
/// (`ABDUR` → `R`, `ABDUSY` → `SY`), folded.
fn assimilated_abd(folded: &str) -> Option<&str> {
    let rest = folded
        .strip_prefix("ABDU")
        .or_else(|| folded.strip_prefix("ABDO"))
        .or_else(|| folded.strip_prefix("ABDE"))?;
    matches!(rest, "R" | "S" | "Z" | "D" | "N" | "T" | "SY").then_some(rest)
}

/// `AZ ZAHRA` (`Az-Zahra`) is one name, the Arabic article assimilated to
/// a sun letter, written joined as often (`Azzahra`, `Annisa`): `AR`,
/// `AS`, `AZ`, `AD`, `AN`, `AT` (and `ASY` before `SY`) followed by a word
/// that starts with the article's consonant become one token, whose
/// doubled letter then folds as the joined spelling's does (`AZAHRA`,
/// `ANISA`, so `Anisa` meets all three). Dropping the article instead would
/// part `Annisa` from `Anisa`. The article unassimilated, `AL` (or `EL`),
/// joins any word the same way (`Al Amin` = `Alamin`); the joined name
/// still pairs the bare one (`Amin`), a little lower
/// (`compare::article_rest`).
fn article_merge(
    words: &[String],
    folded: &[String],
    i: usize,
    rules: &NameRules,
) -> Option<String> {
    let next = words.get(i + 1)?;
    let consonant = match folded[i].as_str() {
        a @ ("AR" | "AS" | "AZ" | "AD" | "AN" | "AT") => &a[1..],
        "ASY" => "SY",
        "AL" | "EL" => "",
        _ => return None,
    };
    if rules.patronymic_markers.contains(next)
        || next.len() < 3
        || !folded[i + 1].starts_with(consonant)
    {
        return None;
    }
    // `EL` is the same article (`el-Sisi`, `al-Sisi`).
    let article = if folded[i] == "EL" { "AL" } else { &words[i] };
    Some(rules.fold(&format!("{article}{next}")))
}

fn multi_family_at<'a>(
    folded: &[String],
    i: usize,
    rules: &'a NameRules,
) -> Option<(usize, &'a str)> {
    rules
        .multi_families
        .iter()
        .find(|(ws, _)| folded[i..].starts_with(ws))
        .map(|(ws, k)| (ws.len(), k.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(n: &str) -> String {
        normalise(n, &NameRules::builtin()).key()
    }

    #[test]
    fn orders_titles_and_degrees() {
        assert_eq!(keys("SANTOSO/BUDI"), keys("Budi Santoso"));
        assert_eq!(keys("Santoso, Budi"), keys("Budi Santoso"));
        assert_eq!(keys("Budi Santoso, S.Pd., M.M."), keys("Budi Santoso"));
        assert_eq!(keys("Hj. Siti Aminah"), keys("Siti Aminah"));
        assert_eq!(keys("Tan Sri Dato' Ahmad Zahid"), keys("Ahmad Zahid"));
        assert_eq!(keys("SUPARMI/SUPARMI"), keys("Suparmi"));
        assert_eq!(keys("SUPARMI/FNU"), keys("Suparmi"));
        assert_eq!(keys("Rina Amd.Keb"), keys("Rina"));
        // Al-Azhar's licence, and professional titles after the degrees.
        for written in [
            "Abdul Somad, Lc., M.A.",
            "ABDUL SOMAD LC MA",
            "Abdul Somad, S.Th.I., M.Hum.",
            "Abdul Somad, S.Farm., Apt.",
            "Abdul Somad, S.Kep., Ns.",
            "Abdul Somad, dr., Sp.PD",
        ] {
            assert_eq!(keys(written), keys("Abdul Somad"), "{written}");
        }
        // `Ak.` (accountant) is also the Iban marker and a Turkish
        // surname at a name's end, so it stays.
        assert_ne!(keys("Mehmet Ak"), keys("Mehmet"));
        assert_eq!(keys("AHMAD/ALI MR"), keys("ALI AHMAD"));
        // A title glued to the given names by a reservation system.
        assert_eq!(keys("AMINAH/SITIMRS"), keys("Siti Aminah"));
        assert_eq!(keys("SUPARMI/SUPARMIMS"), keys("Suparmi"));
        assert_eq!(keys("SANTOSO/BUDIMR"), keys("Budi Santoso"));
        assert_eq!(keys("SANTOSO/BUDI AGUSMSTR"), keys("Budi Agus Santoso"));
        assert_eq!(keys("HASSAN/AMR"), keys("Amr Hassan"));
        assert_eq!(keys("AMINAH/SITI MRS"), keys("Siti Aminah"));
        // The machine-readable zone's `SURNAME<<GIVEN<NAMES`, `<` to the end.
        assert_eq!(keys("ABDUL<<RINA"), keys("Rina Abdul"));
        assert_eq!(keys("SANTOSO<<BUDI<AGUS<<<<<<"), keys("Budi Agus Santoso"));
        assert_eq!(keys("SUPARMI<<<<<<<<"), keys("Suparmi"));
        let n = normalise("Dr. H. Ahmad Dahlan, S.H.", &NameRules::builtin());
        assert_eq!(n.removed, vec!["DR", "H", "SH"]);
    }

    #[test]
    fn the_last_word_of_a_long_name_may_be_cut() {
        let cut = |n: &str| {
            let n = normalise(n, &NameRules::builtin());
            n.cut_at.map(|i| n.tokens[i].raw.clone())
        };
        assert_eq!(cut("Siti Nurhaliza binti Tarud").as_deref(), Some("TARUD"));
        // Written last before `SURNAME/GIVEN` is turned round.
        assert_eq!(
            cut("SYAHPUTRA/MUHAMMAD RIZKY RAMA").as_deref(),
            Some("RAMA")
        );
        assert_eq!(
            cut("SYAHPUTRA<<MUHAMMAD<RIZKY<RAMA").as_deref(),
            Some("RAMA")
        );
        // Short names are whole; a degree or an initial last is no cut word.
        assert_eq!(cut("Budi Wira"), None);
        assert_eq!(cut("Budi Santoso Wiranto, S.Pd."), None);
        assert_eq!(cut("Budi Santoso Wiranto Ahmad S"), None);
    }

    #[test]
    fn spelling_and_patronymics() {
        assert_eq!(
            keys("Mohd Rizki bin Abdullah"),
            keys("Muhammad Rizky bin Abdulah")
        );
        assert_eq!(keys("Soekarno"), keys("Sukarno"));
        assert_eq!(keys("Abdul Rahman"), keys("Abdurrahman"));
        assert_ne!(keys("Ahmad bin Ismail"), keys("Ismail bin Ahmad"));
        assert_eq!(keys("Muthu a/l Raman"), keys("Muthu bin Raman"));
        // The Dutch and English `ck` of Chinese-Indonesian names.
        assert_eq!(keys("Tan Kim Hock"), keys("Tan Kim Hok"));
        let n = normalise("Ahmad bin Ismail", &NameRules::builtin());
        assert_eq!(n.father_from, Some(1));
        assert_eq!(n.tokens.len(), 2);
    }

    #[test]
    fn manifest_conventions_for_missing_and_single_names() {
        assert_eq!(keys("FNU SUPARMI"), keys("Suparmi"));
        assert_eq!(keys("Suparmi LNU"), keys("Suparmi"));
        assert_eq!(keys("SUPARMI SUPARMI"), keys("Suparmi"));
        assert_eq!(keys("MRS KARTINI KARTINI"), keys("Kartini"));
        // Only a whole name of one word twice: a repeated word among
        // others is a name of its own.
        assert_eq!(keys("Ahmad bin Ahmad"), "AHMAD BIN AHMAD");
        assert_eq!(keys("FNU"), "FNU");
        let n = normalise("FNU Suparmi", &NameRules::builtin());
        assert_eq!(n.removed, vec!["FNU"]);
    }

    #[test]
    fn markers_say_whose_child() {
        let r = NameRules::builtin();
        let lineage = |n: &str| normalise(n, &r).lineage;
        assert_eq!(lineage("Ahmad bin Ismail"), Some(Lineage::Son));
        assert_eq!(lineage("Siti binti Ismail"), Some(Lineage::Daughter));
        assert_eq!(lineage("Siti bte Ismail"), Some(Lineage::Daughter));
        assert_eq!(lineage("Rajan a/l Muthu"), Some(Lineage::Son));
        assert_eq!(lineage("PRIYA A/P MUTHU"), Some(Lineage::Daughter));
        assert_eq!(lineage("RAJAN<A<L<MUTHU"), Some(Lineage::Son));
        assert_eq!(lineage("Jimbun anak Jalong"), None);
        assert_eq!(lineage("Ahmad Ismail"), None);
        // The first marker speaks for the bearer (`binti` of the father's
        // own `bin` is his).
        assert_eq!(
            lineage("Siti binti Ahmad bin Ismail"),
            Some(Lineage::Daughter)
        );
    }

    #[test]
    fn iban_and_tamil_patronymic_markers() {
        assert_eq!(keys("Jimmy anak Jeli"), keys("Jimmy ak Jeli"));
        assert_eq!(keys("Jimmy anak Jeli"), keys("Jimmy bin Jeli"));
        assert_eq!(keys("Ravi s/o Subramaniam"), keys("Ravi a/l Subramaniam"));
        assert_eq!(keys("Kavitha d/o Rajan"), keys("Kavitha a/p Rajan"));
        // The machine-readable zone's `A<L`, read `A L`, is the marker too,
        // but not an `A` and an `L` at either end of the name.
        assert_eq!(keys("RAJAN A L MUTHU"), keys("Rajan a/l Muthu"));
        assert_eq!(keys("RAJAN<A<L<MUTHU<<<<<"), keys("Rajan a/l Muthu"));
        assert_eq!(keys("KAVITHA A P RAJAN"), keys("Kavitha a/p Rajan"));
        assert_eq!(keys("Rajan A L"), "RAYAN A L");
        // A bare `AL` is the Arabic article, not a marker: it joins its
        // word as the assimilated articles do.
        let n = normalise("Muhammad Al Amin", &NameRules::builtin());
        assert_eq!((n.tokens.len(), n.father_from), (2, None));
        assert_eq!(n.tokens[1].raw, "AL AMIN");
        assert_eq!(keys("Muhammad Al-Amin"), keys("Muhammad Alamin"));
        assert_eq!(keys("Abdel Fattah el-Sisi"), keys("Abdel Fattah al-Sisi"));
        // A leading `Anak Agung` is the Balinese title, not a marker.
        assert_eq!(keys("Anak Agung Gde Agung"), keys("Gde Agung"));
        // A title's spellings are all titles (`Tgk` was a family variant
        // of `Tengku` before `Tengku` was a title).
        assert_eq!(keys("Tgk Aminah"), keys("Tengku Aminah"));
        assert_eq!(keys("Tengkoe Aminah"), keys("Aminah"));
    }

    #[test]
    fn names_written_with_also_known_as() {
        let r = NameRules::builtin();
        for (written, names) in [
            (
                "ABDUL RAHMAN @ RAMAN BIN ALI",
                ["ABDUL RAHMAN BIN ALI", "RAMAN BIN ALI"],
            ),
            ("Tan Ah Kow @ Tan Kok Wah", ["Tan Ah Kow", "Tan Kok Wah"]),
            (
                "Muthu @ Muthusamy a/l Rajan",
                ["Muthu a/l Rajan", "Muthusamy a/l Rajan"],
            ),
            // An alternative with its own father's part keeps it.
            (
                "Ahmad bin Ali @ Mat bin Ali",
                ["Ahmad bin Ali", "Mat bin Ali"],
            ),
        ] {
            assert_eq!(aka_variants(written, &r), names, "{written}");
        }
        // Indonesian police records write `alias` or `als.`.
        for written in [
            "Agus Salim alias Gundul",
            "AGUS SALIM ALS. GUNDUL",
            "Agus Salim a.k.a. Gundul",
        ] {
            let names: Vec<String> = aka_variants(written, &r)
                .iter()
                .map(|n| n.to_uppercase())
                .collect();
            assert_eq!(names, ["AGUS SALIM", "GUNDUL"], "{written}");
        }
        // Not first or last: a name of its own there.
        assert!(aka_variants("Alias Ahmad", &r).is_empty());
        assert!(aka_variants("Mehmet Aka", &r).is_empty());
        assert!(aka_variants("Siti Aminah binti Abu", &r).is_empty());
        assert!(aka_variants("@ Siti", &r).is_empty());
    }

    #[test]
    fn notes_in_brackets_are_left_out_of_a_listed_name() {
        for (written, name) in [
            ("Encep Nurjaman (birth name)", Some("Encep Nurjaman")),
            (
                "Abu Muhammad (original script: Абу Мухаммад)",
                Some("Abu Muhammad"),
            ),
            (
                "Budi Santoso [DPO] bin Suparno",
                Some("Budi Santoso bin Suparno"),
            ),
            ("(birth name)", None),
            ("Budi Santoso", None),
        ] {
            assert_eq!(without_notes(written).as_deref(), name, "{written}");
        }
    }

    #[test]
    fn a_name_wrapped_in_a_kunya_and_a_nisba_is_read_out() {
        let r = NameRules::builtin();
        for (written, core) in [
            (
                "Abu Sulaiman Aman Abdurrahman Al-Arkhabiliy",
                Some("Aman Abdurrahman"),
            ),
            (
                "ABU AL-HARITH MUHAMMAD YUSUF AL JAWI AL INDUNISI",
                Some("MUHAMMAD YUSUF"),
            ),
            ("Umm Salamah Siti Aminah ash-Shami", Some("Siti Aminah")),
            // One word inside, a father's part alone, or no nisba.
            ("Abu al Athir Amr al Absi", None),
            ("Abu Seif bin Ahmad al-Jawi", None),
            ("Abu Bakar Ahmad Yusuf", None),
            ("Abu Bakar Ba'asyir", None),
            // No kunya, or a surname written first.
            ("Ahmad Ali Al-Hashimi", None),
            ("ABU-MARZUQ, Musa Al-Gazzawi", None),
            // `AS` before a word of another letter is no article.
            ("Abu Umar Hasan Basri as Malik", None),
        ] {
            assert_eq!(epithet_core(written, &r).as_deref(), core, "{written}");
        }
    }

    #[test]
    fn assimilated_arabic_articles_join_their_word() {
        for n in ["Siti Fatimah Az-Zahra", "Siti Fatimah Az Zahra"] {
            assert_eq!(keys(n), keys("Siti Fatimah Azzahra"), "{n}");
        }
        assert_eq!(keys("An-Nisa Putri"), keys("Anisa Putri"));
        assert_eq!(keys("Annisa Putri"), keys("Anisa Putri"));
        assert_eq!(keys("Harun Ar-Rasyid"), keys("Harun Arrasyid"));
        // `Abd` with the article written apart is one name too.
        assert_eq!(keys("'Abd al-Aziz"), keys("Abdul Aziz"));
        assert_eq!(keys("Abd ar-Rahman"), keys("Abdurrahman"));
        assert_eq!(keys("Abd al-Rahim Ba'asyir"), keys("Abdul Rahim Baasyir"));
        // The article assimilated, written apart.
        assert_eq!(keys("Abdur Rohim"), keys("Abdurrohim"));
        assert_eq!(keys("Abdur Rohim"), keys("Abdul Rohim"));
        assert_eq!(keys("Abdus Salam"), keys("Abdussalam"));
        assert_eq!(keys("Abdus Syukur"), keys("Abdul Syukur"));
        // The Malaysian short form `Ab`.
        assert_eq!(keys("Ab Rahman"), keys("Abdul Rahman"));
        assert_eq!(
            keys("Mohd Faizal bin Ab. Ghani"),
            keys("Mohd Faizal bin Abdul Ghani")
        );
        // Not before a word in another letter, nor before a marker.
        assert_eq!(keys("Abdur Hakim"), "ABDUR HAKIM");
        assert_eq!(keys("Ahmad Abdus bin Salim"), "AHMAD ABDUS BIN SALIM");
        assert_eq!(keys("Ash-Shiddiq"), keys("Asy-Syiddiq"));
        // Not before another consonant, nor a short word or a marker.
        assert_eq!(keys("An Ming"), "AN MING");
        assert_eq!(keys("Ahmad As Bakri"), "AHMAD AS BAKRI");
        assert_eq!(keys("Ahmad As bin Salim"), "AHMAD AS BIN SALIM");
        let n = normalise("Az-Zahra Putri", &NameRules::builtin());
        assert_eq!(n.tokens[0].raw, "AZ ZAHRA");
    }

    #[test]
    fn joined_names_start_with_a_prefix_family() {
        assert_eq!(keys("Noraini"), keys("Nuraini"));
        assert_eq!(keys("Noorhayati"), keys("Nurhayati"));
        assert_eq!(keys("Nor Aini").replace(' ', ""), keys("Noraini"));
        // Too short a rest is a name of its own.
        assert_eq!(keys("Nora"), "NORA");
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in [
            "",
            "/",
            ",",
            "  ",
            "bin",
            "H.",
            "///,,,",
            "Ωμέγα",
            "李小龙",
            "a/l",
            "<<",
            "<<<<A",
            "A<<<<<",
            "<A<L<",
        ] {
            let _ = normalise(s, &NameRules::builtin());
        }
        let n = normalise("M. Rizki", &NameRules::builtin());
        assert!(n.tokens[0].initial || n.tokens[0].key == NameRules::builtin().fold("MUHAMAD"));
    }
}
