//! Keys that relate records: person, booking group, address, phone, sponsor,
//! family-name tokens and home region, and the compact observation built
//! from them.
//!
//! Keys are normalised text hashed to 64 bits (0 means "no key"), so the
//! state holds no personal text. With 10 million keys the chance that two
//! different keys share a hash is about 3 in a million per run.
//!
//! The normalising functions below ([`person_key`], [`normalise_address`],
//! ...) define each key as text. `Obs::new` hashes the same bytes without
//! building the text for the common ASCII case (and once per distinct
//! sponsor spelling), falling back to the text for anything else; tests
//! check that both give the same hash.

use super::config::PatternConfig;
use crate::features::record::normalise_region;
use crate::model::{Direction, Sex, Traveller};
use std::hash::{BuildHasherDefault, Hasher};

/// The 64-bit finaliser of MurmurHash3: a bijection with full avalanche.
#[inline]
fn fmix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// Streaming 64-bit hash of a byte string for keys: each 8-byte word is
/// xored into the state, which is then mixed by [`fmix`]; the length is
/// mixed in at the end. Every step is a bijection of the state, so inputs
/// of equal length that differ in one word never collide, and others behave
/// like random 64-bit values. Not keyed: fine for identities in data we
/// screen, not for a table an attacker fills.
#[derive(Clone, Copy, Debug)]
pub(crate) struct KeyHasher {
    state: u64,
    word: u64,
    /// Bytes in `word`.
    fill: u32,
    len: u64,
}

impl KeyHasher {
    /// A hasher for keys of kind `domain` (kinds never share a hash by design).
    #[inline]
    pub(crate) fn new(domain: u8) -> KeyHasher {
        KeyHasher {
            state: fmix(0x9E37_79B9_7F4A_7C15 ^ domain as u64),
            word: 0,
            fill: 0,
            len: 0,
        }
    }

    /// Feeds one byte.
    #[inline]
    pub(crate) fn byte(&mut self, b: u8) {
        self.word |= (b as u64) << (8 * self.fill);
        self.fill += 1;
        self.len += 1;
        if self.fill == 8 {
            self.state = fmix(self.state ^ self.word);
            self.word = 0;
            self.fill = 0;
        }
    }

    /// Feeds bytes (the same as feeding them one at a time).
    #[inline]
    pub(crate) fn bytes(&mut self, mut s: &[u8]) {
        while self.fill != 0 {
            match s.split_first() {
                Some((&b, rest)) => {
                    self.byte(b);
                    s = rest;
                }
                None => return,
            }
        }
        let mut words = s.chunks_exact(8);
        for w in &mut words {
            let w: [u8; 8] = w.try_into().expect("8 bytes");
            self.state = fmix(self.state ^ u64::from_le_bytes(w));
        }
        self.len += (s.len() - words.remainder().len()) as u64;
        for &b in words.remainder() {
            self.byte(b);
        }
    }

    /// The hash, never 0.
    #[inline]
    pub(crate) fn hash(&self) -> u64 {
        fmix(fmix(self.state ^ self.word) ^ self.len).max(1)
    }
}

impl Default for KeyHasher {
    fn default() -> KeyHasher {
        KeyHasher::new(0)
    }
}

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.hash()
    }
    fn write(&mut self, bytes: &[u8]) {
        self.bytes(bytes);
    }
}

/// Hash of a normalised key, never 0; `domain` keeps kinds apart.
pub(crate) fn hash_key(domain: u8, s: &str) -> u64 {
    let mut h = KeyHasher::new(domain);
    h.bytes(s.as_bytes());
    h.hash()
}

/// A hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100000001b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        // Spread the bits: hashbrown uses the top 7 bits as a tag.
        self.0 = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Map keyed by hashes.
pub(crate) type IdMap<V> = std::collections::HashMap<u64, V, BuildHasherDefault<IdHasher>>;
/// Set of hashes.
pub(crate) type IdSet = std::collections::HashSet<u64, BuildHasherDefault<IdHasher>>;

/// The person key: document number, else normalised name plus birth date.
/// `None` when neither identifies the person.
pub fn person_key(t: &Traveller) -> Option<String> {
    if let Some(doc) = t.document_number.as_deref() {
        let doc: String = doc
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_uppercase)
            .collect();
        if !doc.is_empty() {
            return Some(format!("doc:{doc}"));
        }
    }
    let name = crate::names::person_key(&t.full_name);
    match (name.is_empty(), t.birth_date) {
        (false, Some(b)) => Some(format!("name:{name}|{b}")),
        _ => None,
    }
}

/// The booking-group key: booking reference, direction, local day and port.
pub fn group_key(t: &Traveller) -> Option<String> {
    let b = normalise_booking(t.booking_ref.as_deref()?)?;
    Some(format!(
        "{b}|{}|{}|{}",
        t.direction.as_str(),
        t.crossing_date(),
        t.port.to_uppercase()
    ))
}

/// Booking references compare without case, spaces or punctuation.
pub fn normalise_booking(s: &str) -> Option<String> {
    let b: String = s
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect();
    (!b.is_empty()).then_some(b)
}

/// Addresses compare as upper-case letter/digit tokens; short ones are ignored.
pub fn normalise_address(s: &str, cfg: &PatternConfig) -> Option<String> {
    let cleaned: String = s
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .flat_map(char::to_uppercase)
        .collect();
    let toks: Vec<&str> = cleaned.split_whitespace().collect();
    let chars: usize = toks.iter().map(|t| t.chars().count()).sum();
    (chars >= cfg.min_address_chars).then(|| toks.join(" "))
}

/// Phones compare on their last `phone_digits` digits; short ones are ignored.
pub fn normalise_phone(s: &str, cfg: &PatternConfig) -> Option<String> {
    let digits: Vec<char> = s.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < cfg.min_phone_digits.max(1) {
        return None;
    }
    let start = digits.len().saturating_sub(cfg.phone_digits);
    Some(digits[start..].iter().collect())
}

/// The sponsor key: the normalised company name, else the licence number.
pub fn sponsor_key(t: &Traveller) -> Option<String> {
    if let Some(name) = t.sponsor.as_deref() {
        let n = crate::registry::normalise_company(name);
        if !n.is_empty() {
            return Some(format!("name:{n}"));
        }
    }
    let l = crate::registry::normalise_license(t.sponsor_license.as_deref()?);
    (!l.is_empty()).then(|| format!("licence:{l}"))
}

/// Name tokens that can show a family tie (not common, not short), upper case.
pub fn family_tokens(name: &str, cfg: &PatternConfig) -> Vec<String> {
    let mut toks: Vec<String> = crate::names::tokens(name)
        .into_iter()
        .filter(|t| t.chars().count() >= cfg.min_token_len && !cfg.common_tokens.contains(t))
        .collect();
    toks.sort();
    toks.dedup();
    toks
}

/// Hash of `prefix` then the letters and digits of `s`, upper case (the
/// text of [`normalise_booking`]); 0 when `s` has none.
fn alnum_hash(domain: u8, prefix: &str, s: &str) -> u64 {
    let mut h = KeyHasher::new(domain);
    h.bytes(prefix.as_bytes());
    if s.is_ascii() {
        let mut any = false;
        for b in s.bytes().filter(u8::is_ascii_alphanumeric) {
            h.byte(b.to_ascii_uppercase());
            any = true;
        }
        if !any {
            return 0;
        }
    } else {
        match normalise_booking(s) {
            Some(n) => h.bytes(n.as_bytes()),
            None => return 0,
        }
    }
    h.hash()
}

/// The person key's hash: `hash_key(1, person_key(t))`, without building
/// the key for the common document-number case.
fn person_hash(t: &Traveller) -> u64 {
    if let Some(d) = t.document_number.as_deref() {
        let k = alnum_hash(1, "doc:", d);
        if k != 0 {
            return k;
        }
    }
    person_key(t).map(|k| hash_key(1, &k)).unwrap_or(0)
}

/// The booking-group key's hash: the booking reference's hash, direction,
/// local crossing day and port (ASCII upper case), hashed in turn.
fn group_hash(t: &Traveller, booking: u64) -> u64 {
    use chrono::Datelike;
    if booking == 0 {
        return 0;
    }
    let mut h = KeyHasher::new(2);
    h.bytes(&booking.to_le_bytes());
    h.byte((t.direction == Direction::Departure) as u8);
    h.bytes(&t.crossing_date().num_days_from_ce().to_le_bytes());
    for b in t.port.bytes() {
        h.byte(b.to_ascii_uppercase());
    }
    h.hash()
}

/// `hash_key(4, normalise_address(s))`, 0 for `None`, without building the
/// text for ASCII addresses.
fn address_hash(s: &str, cfg: &PatternConfig) -> u64 {
    if !s.is_ascii() {
        return normalise_address(s, cfg)
            .map(|a| hash_key(4, &a))
            .unwrap_or(0);
    }
    let mut h = KeyHasher::new(4);
    let mut chars = 0;
    let mut gap = false;
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() {
            if gap && chars > 0 {
                h.byte(b' ');
            }
            gap = false;
            h.byte(b.to_ascii_uppercase());
            chars += 1;
        } else {
            gap = true;
        }
    }
    if chars >= cfg.min_address_chars {
        h.hash()
    } else {
        0
    }
}

/// `hash_key(5, normalise_phone(s))`, 0 for `None`, without building the text.
fn phone_hash(s: &str, cfg: &PatternConfig) -> u64 {
    let digits = s.bytes().filter(u8::is_ascii_digit).count();
    if digits < cfg.min_phone_digits.max(1) {
        return 0;
    }
    let skip = digits.saturating_sub(cfg.phone_digits);
    let mut h = KeyHasher::new(5);
    for b in s.bytes().filter(u8::is_ascii_digit).skip(skip) {
        h.byte(b);
    }
    h.hash()
}

/// `hash_key(8, normalise_region(s))` cut to 32 bits (never 0), without
/// building the text for ASCII regions.
fn region_hash(s: &str) -> u32 {
    if !s.is_ascii() {
        return (hash_key(8, &normalise_region(s)) as u32).max(1);
    }
    let mut h = KeyHasher::new(8);
    for (i, part) in s.split('/').enumerate() {
        if i > 0 {
            h.byte(b'/');
        }
        for (j, tok) in part.split_whitespace().enumerate() {
            if j > 0 {
                h.byte(b' ');
            }
            for b in tok.bytes() {
                h.byte(b.to_ascii_lowercase());
            }
        }
    }
    (h.hash() as u32).max(1)
}

/// The hash of one family token, 32 bits, never 0.
fn family_hash(tok: &[u8]) -> u32 {
    let mut h = KeyHasher::new(7);
    h.bytes(tok);
    (h.hash() as u32).max(1)
}

/// The hashes of the first [`FAMILY_TOKENS`] of [`family_tokens`] (sorted),
/// 0-padded. ASCII names up to 128 bytes are split on the stack:
/// `names::tokens` on ASCII keeps letters and digits (upper case), drops
/// what `names::vanishes_ascii` says, and splits on anything else; its
/// `SURNAME/GIVEN` swap only reorders tokens, which sorting undoes.
fn family_hashes(name: &str, cfg: &PatternConfig) -> [u32; FAMILY_TOKENS] {
    const MAX: usize = 128;
    let mut out = [0u32; FAMILY_TOKENS];
    if !name.is_ascii() || name.len() > MAX {
        for (slot, tok) in out.iter_mut().zip(family_tokens(name, cfg)) {
            *slot = family_hash(tok.as_bytes());
        }
        return out;
    }
    let mut buf = [0u8; MAX];
    // Token ranges in `buf`: at most one per two bytes, plus the last.
    let mut toks = [(0u8, 0u8); MAX / 2 + 1];
    let (mut ntok, mut len, mut start) = (0, 0, 0);
    for b in name.bytes().chain(std::iter::once(b' ')) {
        if b.is_ascii_alphanumeric() {
            buf[len] = b.to_ascii_uppercase();
            len += 1;
        } else if !crate::names::vanishes_ascii(b) {
            let tok = &buf[start..len];
            let common = || std::str::from_utf8(tok).is_ok_and(|t| cfg.common_tokens.contains(t));
            if !tok.is_empty() && tok.len() >= cfg.min_token_len && !common() {
                toks[ntok] = (start as u8, len as u8);
                ntok += 1;
            }
            start = len;
        }
    }
    let toks = &mut toks[..ntok];
    let text = |&(a, b): &(u8, u8)| &buf[a as usize..b as usize];
    toks.sort_unstable_by(|x, y| text(x).cmp(text(y)));
    let mut slots = out.iter_mut();
    let mut last: Option<&[u8]> = None;
    for tok in toks.iter().map(text) {
        if last == Some(tok) {
            continue;
        }
        last = Some(tok);
        match slots.next() {
            Some(slot) => *slot = family_hash(tok),
            None => break,
        }
    }
    out
}

/// Work shared by the records of one batch: sponsor spellings repeat, and
/// normalising a company name is the costliest key.
#[derive(Default)]
pub(crate) struct Memo<'a> {
    /// Sponsor as written → hash of `name:` and its normalised name (0: empty).
    company: std::collections::HashMap<&'a str, u64, BuildHasherDefault<KeyHasher>>,
}

/// `hash_key(6, sponsor_key(t))`, 0 for `None`, normalising each sponsor
/// spelling once per memo.
fn sponsor_hash<'a>(t: &'a Traveller, memo: &mut Memo<'a>) -> u64 {
    if let Some(name) = t.sponsor.as_deref() {
        let k = *memo.company.entry(name).or_insert_with(|| {
            let n = crate::registry::normalise_company(name);
            if n.is_empty() {
                return 0;
            }
            let mut h = KeyHasher::new(6);
            h.bytes(b"name:");
            h.bytes(n.as_bytes());
            h.hash()
        });
        if k != 0 {
            return k;
        }
    }
    t.sponsor_license
        .as_deref()
        .map(|l| alnum_hash(6, "licence:", l))
        .unwrap_or(0)
}

/// How many family tokens an observation keeps.
pub(crate) const FAMILY_TOKENS: usize = 4;

/// One observed crossing, compact: what the features need and nothing else.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Obs {
    /// Crossing time, Unix seconds.
    pub time: i64,
    /// Hash of the record id.
    pub rec: u64,
    /// Person key hash (0: unknown person).
    pub person: u64,
    /// Booking-group key hash (0: no booking).
    pub group: u64,
    /// Booking reference hash (0: none).
    pub booking: u64,
    /// Address key hash (0: none).
    pub address: u64,
    /// Phone key hash (0: none).
    pub phone: u64,
    /// Sponsor key hash (0: none).
    pub sponsor: u64,
    /// Home region hash (0: unknown).
    pub region: u32,
    /// Family-token hashes, 0-padded.
    pub family: [u32; FAMILY_TOKENS],
    /// Age at the crossing (NaN: unknown).
    pub age: f32,
    /// Destination country, alpha-3 bytes (0s: unknown).
    pub destination: [u8; 3],
    /// Origin country, alpha-3 bytes (0s: unknown).
    pub origin: [u8; 3],
    /// True for a departure.
    pub departure: bool,
    /// 0 unknown, 1 M, 2 F, 3 X.
    pub sex: u8,
}

fn country(s: Option<&str>) -> [u8; 3] {
    match s.map(str::as_bytes) {
        Some([a, b, c]) => [
            a.to_ascii_uppercase(),
            b.to_ascii_uppercase(),
            c.to_ascii_uppercase(),
        ],
        _ => [0; 3],
    }
}

impl Obs {
    /// The observation of one record.
    pub fn new(t: &Traveller, cfg: &PatternConfig) -> Obs {
        Obs::with_memo(t, cfg, &mut Memo::default())
    }

    /// The observation of one record of a batch sharing `memo`.
    pub fn with_memo<'a>(t: &'a Traveller, cfg: &PatternConfig, memo: &mut Memo<'a>) -> Obs {
        let booking = t
            .booking_ref
            .as_deref()
            .map(|b| alnum_hash(3, "", b))
            .unwrap_or(0);
        Obs {
            time: t.crossing_time.timestamp(),
            rec: hash_key(0, &t.record_id),
            person: person_hash(t),
            group: group_hash(t, booking),
            booking,
            address: t
                .destination_address
                .as_deref()
                .map(|a| address_hash(a, cfg))
                .unwrap_or(0),
            phone: t.phone.as_deref().map(|p| phone_hash(p, cfg)).unwrap_or(0),
            sponsor: sponsor_hash(t, memo),
            region: t.origin_region.as_deref().map(region_hash).unwrap_or(0),
            family: family_hashes(&t.full_name, cfg),
            age: t.age().map(|a| a as f32).unwrap_or(f32::NAN),
            destination: country(t.destination_country.as_deref()),
            origin: country(t.origin_country.as_deref()),
            departure: t.direction == Direction::Departure,
            sex: match t.sex {
                None => 0,
                Some(Sex::M) => 1,
                Some(Sex::F) => 2,
                Some(Sex::X) => 3,
            },
        }
    }

    /// The person, or the record itself when the person is unknown.
    pub fn ident(&self) -> u64 {
        if self.person != 0 {
            self.person
        } else {
            self.rec
        }
    }

    /// Age, when known.
    pub fn age(&self) -> Option<f64> {
        (!self.age.is_nan()).then_some(self.age as f64)
    }

    /// True when sex and age are known and make a young woman.
    pub fn young_woman(&self, cfg: &PatternConfig) -> bool {
        self.age()
            .is_some_and(|a| cfg.is_young_woman(self.sex == 2, a))
    }

    /// True when what is known already rules out a young woman.
    pub fn surely_not_young_woman(&self, cfg: &PatternConfig) -> bool {
        let not_female = self.sex == 1 || self.sex == 3;
        let out_of_range = self.age().is_some_and(|a| !cfg.is_young_woman(true, a));
        not_female || out_of_range
    }

    /// True when sex and age are both known.
    pub fn sex_and_age_known(&self) -> bool {
        self.sex != 0 && self.age().is_some()
    }

    /// Shares a family-name token or the home region with `other`.
    pub fn related(&self, other: &Obs) -> bool {
        if self.region != 0 && self.region == other.region {
            return true;
        }
        self.family
            .iter()
            .any(|&a| a != 0 && other.family.contains(&a))
    }

    /// Shares a family-name token with `other`.
    pub fn same_family(&self, other: &Obs) -> bool {
        self.family
            .iter()
            .any(|&a| a != 0 && other.family.contains(&a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> PatternConfig {
        PatternConfig::default()
    }

    /// Texts that exercise the fast paths' edges: punctuation, vanishing
    /// characters, slashes, control whitespace, non-ASCII, long names.
    const TEXTS: &[&str] = &[
        "",
        " ",
        "-",
        "No. 12, Jalan Mawar 3, Johor Bahru",
        "  no 12   jalan\tmawar\x0b3 ",
        "Siti Aminah binti Suparman",
        "SOEPARMI/SITI",
        "Ba'asyir/ Abu  Bakar. S.Pd",
        "A./B/C..D `E` F'G",
        "bin BIN Binti al-Amin",
        "José Ba’asyir",
        "Straße 5, München",
        "Nusa Tenggara Timur / Kupang",
        "nusa  tenggara timur/ /kupang/",
        "İSTANBUL/ΣΟΦΙΑ",
        "+62 812-3456-7890",
        "0812 3456 7890",
        "12345",
        "٣٤٥٦٧٨٩٠١٢",
        "P.T. Maju Jaya",
        "pt maju jaya",
        "PT",
        "kep-123/2020",
        "x 123",
        "X123",
        "ABCDEFGH IJKLMNOP QRSTUVWX YZ012345 67890ABC DEFGHIJK LMNOPQRS TUVWXYZA BCDEFGHI JKLMNOPQ RSTUVWXY Z0123456 7890ABCD EF",
        "Aa Bb Cc Dd Ee Ff Gg Hh Ii Jj Kk Ll Mm Nn Oo Pp Qq Rr Ss Tt Uu Vv Ww Xx Yy Zz Ab Bc Cd De Ef Fg Gh Hi Ij Jk Kl Lm Mn No Op Pq Qr",
        "zeta alpha ZETA beta gamma delta epsilon alpha",
    ];

    /// Each fast hash equals the hash of the key's text, for `s`.
    fn check_fast_paths(s: &str, c: &PatternConfig) {
        let text_hash = |d: u8, k: Option<String>| k.map(|k| hash_key(d, &k)).unwrap_or(0);
        assert_eq!(
            address_hash(s, c),
            text_hash(4, normalise_address(s, c)),
            "address {s:?}"
        );
        assert_eq!(
            phone_hash(s, c),
            text_hash(5, normalise_phone(s, c)),
            "phone {s:?}"
        );
        assert_eq!(
            region_hash(s),
            (hash_key(8, &normalise_region(s)) as u32).max(1),
            "region {s:?}"
        );
        assert_eq!(
            alnum_hash(3, "", s),
            text_hash(3, normalise_booking(s)),
            "booking {s:?}"
        );
        let mut want = [0u32; FAMILY_TOKENS];
        for (slot, tok) in want.iter_mut().zip(family_tokens(s, c)) {
            *slot = (hash_key(7, &tok) as u32).max(1);
        }
        assert_eq!(family_hashes(s, c), want, "family {s:?}");

        let mut t = crate::features::patterns::tests::traveller("R1", "2025-01-01T08:00:00+07:00");
        t.document_number = Some(s.into());
        t.full_name = s.into();
        t.birth_date = Some(crate::model::PartialDate {
            year: 1990,
            month: Some(1),
            day: Some(1),
        });
        assert_eq!(
            person_hash(&t),
            text_hash(1, person_key(&t)),
            "person {s:?}"
        );
        t.sponsor = Some(s.into());
        t.sponsor_license = Some(s.into());
        let sponsor = |t: &Traveller| {
            let mut memo = Memo::default();
            let first = sponsor_hash(t, &mut memo);
            // The memoised answer is the same.
            assert_eq!(sponsor_hash(t, &mut memo), first);
            first
        };
        assert_eq!(sponsor(&t), text_hash(6, sponsor_key(&t)), "sponsor {s:?}");
        t.sponsor = Some("PT".into());
        assert_eq!(sponsor(&t), text_hash(6, sponsor_key(&t)));
        t.sponsor_license = None;
        assert_eq!(sponsor(&t), text_hash(6, sponsor_key(&t)));
    }

    #[test]
    fn fast_hashes_equal_hashes_of_the_key_text() {
        let mut c = cfg();
        for s in TEXTS {
            check_fast_paths(s, &c);
        }
        // Other settings, and the common tokens of the rules file.
        c.min_address_chars = 0;
        c.min_phone_digits = 0;
        c.phone_digits = 3;
        c.min_token_len = 1;
        c.common_tokens
            .extend(["AL", "M", "SITI"].map(String::from));
        for s in TEXTS {
            check_fast_paths(s, &c);
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_hashes_equal_hashes_of_the_key_text_prop(
            s in "[ -~\t\x0b]{0,140}|[ a-zA-Z0-9./'`éΣß’-]{0,40}",
        ) {
            check_fast_paths(&s, &cfg());
        }
    }

    #[test]
    fn key_hasher_streams_like_one_write() {
        let text = b"the quick brown fox jumps over the lazy dog 0123456789";
        for cut in 0..text.len() {
            let mut a = KeyHasher::new(9);
            a.bytes(&text[..cut]);
            a.bytes(&text[cut..]);
            let mut b = KeyHasher::new(9);
            text.iter().for_each(|&x| b.byte(x));
            assert_eq!(a.hash(), b.hash());
            assert_eq!(a.hash(), hash_key(9, std::str::from_utf8(text).unwrap()));
        }
        // Length, domain and every byte count.
        assert_ne!(hash_key(1, ""), hash_key(1, "\0"));
        assert_ne!(hash_key(1, "a"), hash_key(2, "a"));
        assert_ne!(hash_key(1, "abcdefgh"), hash_key(1, "abcdefgi"));
    }

    #[test]
    fn phones_compare_on_last_digits() {
        let c = cfg();
        assert_eq!(
            normalise_phone("+62 812-3456-7890", &c),
            normalise_phone("0812 3456 7890", &c)
        );
        assert_eq!(normalise_phone("-", &c), None);
        assert_eq!(normalise_phone("12345", &c), None);
    }

    #[test]
    fn addresses_ignore_case_and_punctuation() {
        let c = cfg();
        assert_eq!(
            normalise_address("No. 12, Jalan Mawar 3, Johor Bahru", &c),
            normalise_address("NO 12 JALAN MAWAR 3  JOHOR BAHRU", &c)
        );
        assert_eq!(normalise_address("-", &c), None);
    }

    #[test]
    fn family_tokens_skip_patronymic_markers_and_common_names() {
        let c = cfg();
        assert_eq!(
            family_tokens("Siti Aminah binti Suparman", &c),
            vec!["AMINAH", "SUPARMAN"]
        );
        assert_eq!(family_tokens("Muhammad Ali", &c), vec!["ALI"]);
        assert_eq!(family_tokens("SUPARMI", &c), vec!["SUPARMI"]);
    }

    #[test]
    fn sponsor_key_ignores_legal_form() {
        let mut t = crate::features::patterns::tests::traveller("R1", "2025-01-01T08:00:00+07:00");
        t.sponsor = Some("P.T. Maju Jaya".into());
        let a = sponsor_key(&t);
        t.sponsor = Some("pt maju jaya".into());
        assert_eq!(a, sponsor_key(&t));
        t.sponsor = None;
        t.sponsor_license = Some("kep-123/2020".into());
        assert_eq!(sponsor_key(&t).as_deref(), Some("licence:KEP1232020"));
    }

    #[test]
    fn person_key_prefers_document_then_name_and_birth_date() {
        let mut t = crate::features::patterns::tests::traveller("R1", "2025-01-01T08:00:00+07:00");
        t.document_number = Some("x 123".into());
        assert_eq!(person_key(&t).as_deref(), Some("doc:X123"));
        t.document_number = None;
        t.birth_date = None;
        assert_eq!(person_key(&t), None);
    }
}
