//! Keys that relate records: person, booking group, address, phone, sponsor,
//! family-name tokens and home region, and the compact observation built
//! from them.
//!
//! Keys are normalised text hashed to 64 bits (0 means "no key"), so the
//! state holds no personal text. With 10 million keys the chance that two
//! different keys share a hash is about 3 in a million per run.

use super::config::PatternConfig;
use crate::features::record::normalise_region;
use crate::model::{Direction, Sex, Traveller};
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// Hash of a normalised key, never 0; `domain` keeps kinds apart.
pub(crate) fn hash_key(domain: u8, s: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    domain.hash(&mut h);
    s.hash(&mut h);
    h.finish().max(1)
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

/// Hash of the letters and digits of `s`, upper case, in order (0 when
/// there are none): the same as `hash_key` of the normalised text would
/// identify, without building it.
fn alnum_hash(domain: u8, s: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    domain.hash(&mut h);
    let mut any = false;
    for c in s.chars().filter(|c| c.is_alphanumeric()) {
        any = true;
        if c.is_ascii() {
            h.write_u32(c.to_ascii_uppercase() as u32);
        } else {
            c.to_uppercase().for_each(|u| h.write_u32(u as u32));
        }
    }
    if any {
        h.finish().max(1)
    } else {
        0
    }
}

/// The person key's hash ([`person_key`], hashed without building it for
/// the common document-number case).
fn person_hash(t: &Traveller) -> u64 {
    let doc = t
        .document_number
        .as_deref()
        .map(|d| alnum_hash(1, d))
        .unwrap_or(0);
    if doc != 0 {
        return doc;
    }
    person_key(t).map(|k| hash_key(1, &k)).unwrap_or(0)
}

/// The booking-group key's hash ([`group_key`]'s parts, hashed in turn).
fn group_hash(t: &Traveller) -> u64 {
    use chrono::Datelike;
    let Some(b) = t
        .booking_ref
        .as_deref()
        .map(|b| alnum_hash(2, b))
        .filter(|&b| b != 0)
    else {
        return 0;
    };
    let mut h = std::hash::DefaultHasher::new();
    b.hash(&mut h);
    (t.direction == Direction::Departure).hash(&mut h);
    t.crossing_date().num_days_from_ce().hash(&mut h);
    for c in t.port.chars() {
        h.write_u32(c.to_ascii_uppercase() as u32);
    }
    h.finish().max(1)
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
        let h = |d: u8, s: Option<String>| s.map(|s| hash_key(d, &s)).unwrap_or(0);
        let mut family = [0u32; FAMILY_TOKENS];
        for (slot, tok) in family.iter_mut().zip(family_tokens(&t.full_name, cfg)) {
            *slot = (hash_key(7, &tok) as u32).max(1);
        }
        Obs {
            time: t.crossing_time.timestamp(),
            rec: hash_key(0, &t.record_id),
            person: person_hash(t),
            group: group_hash(t),
            booking: t
                .booking_ref
                .as_deref()
                .map(|b| alnum_hash(3, b))
                .unwrap_or(0),
            address: h(
                4,
                t.destination_address
                    .as_deref()
                    .and_then(|a| normalise_address(a, cfg)),
            ),
            phone: h(5, t.phone.as_deref().and_then(|p| normalise_phone(p, cfg))),
            sponsor: h(6, sponsor_key(t)),
            region: t
                .origin_region
                .as_deref()
                .map(|r| (hash_key(8, &normalise_region(r)) as u32).max(1))
                .unwrap_or(0),
            family,
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
