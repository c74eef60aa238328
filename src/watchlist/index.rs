//! The candidate index: a vocabulary of token keys with rarity weights,
//! postings from keys to listed names, and blocking keys from which a query
//! token reaches the few vocabulary keys worth comparing with it.
//!
//! **Blocking keys** of a token: the key itself, its deletion neighbourhood
//! up to two deletions (`RIZKI` → `IZKI`, `RZKI`, `ZKI`, …: two keys up to
//! two edits apart share one), its prefixes for short forms (`PARLIN`,
//! `PARLINDUNGAN`) and, for an `Abd-` compound, what follows the article
//! (`ABDURAHMAN` → `RAHMAN`). Keys with the same first two letters and a
//! length within three are compared too (Jaro-Winkler forgives more than
//! two edits behind a common prefix). Joined neighbours (`NUR AINI` as
//! `NURAINI`) are keys too, with their one-deletion neighbourhood. Each
//! token of the lists gets its neighbours (keys and token scores) once, at
//! build time.
//!
//! **Which tokens open candidates** ([`NameIndex::plan`]). A listed name
//! that pairs only closed tokens must not be able to reach the bar; within
//! that rule the tokens whose neighbours carry the most postings stay
//! closed (`SITI`, `MUHAMMAD` or a typo of it next to a rarer name).
//!
//! A heavy name (much listed weight) loses more to its unpaired weight, so
//! a common token opens only for the names light enough to reach the bar
//! through it; and from a unit's `solo` weight up, a name is counted only
//! where it may pair another query token too (its token ids, kept beside
//! its postings, against a bit filter of the other tokens' neighbours).
//!
//! **Which candidates are compared.** While postings are read, each
//! candidate gathers the weight its matched tokens carry on both sides. From
//! that, the names' total weights and the unpaired-weight factors of
//! [`unmatched_factors`], an upper bound of the similarity follows. Closed
//! tokens are assumed to pair the name's unmatched weight, up to their
//! heaviest neighbours' weight, unless none of them can pair any of its
//! tokens. Candidates whose bound reaches the bar are aligned, reading the
//! token scores from the query's neighbour lists instead of computing them
//! again; two tokens that no blocking key links do not pair here (brute
//! force pairs them when their Jaro-Winkler reaches 0.85).
//!
//! The result is measured against brute force (every listed name aligned in
//! full) by `tests/names_quality.rs`.

use super::postfilter::{self, bit, pair_hit, ANY_PAIRS, OTHER_WORDS, REACH_WORDS};
use crate::names::{
    abd_rest, article_rest, compare_views, joined_key_score, may_join, may_reach, normalise,
    reachable_factors, similarity_scored, similarity_views, single_listed, token_score,
    unmatched_factors, Comparison, Cover, Lineage, NameRules, NormName, TokView, Word, CUT_MIN_LEN,
    FATHER_ABSENT, INITIAL_WEIGHT, MAX_TOKENS, SUBSET_FACTOR, SUBSET_MIN_WEIGHT,
};
use foldhash::HashMap;
use rayon::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

const INITIAL_BIT: u32 = 1 << 31;
/// 64-bit words of a filter of [`CLOSED_BITS`] bits (the other-token
/// filter of [`postfilter`] is one).
const FILTER_WORDS: usize = OTHER_WORDS;
/// Bits of the per-query filter of keys that closed tokens pair.
const CLOSED_BITS: usize = 1 << 16;
const _: () = assert!(CLOSED_BITS / 64 == FILTER_WORDS && PAIR_CODES / 64 == REACH_WORDS);
const NO_FATHER: u8 = u8::MAX;
/// Background list size for rarity weights (see [`NameIndex::build`]).
pub const PRIOR_NAMES: f64 = 10_000.0;

/// Exact spelling (also for `Abd-` rests and joined neighbours).
const KIND_EXACT: u64 = 0x9E37_79B9_7F4A_7C15;
/// One-deletion neighbourhood (the key itself included).
const KIND_DELETION: u64 = 0xC2B2_AE3D_27D4_EB4F;
/// Keys of these lengths also get their two-deletion neighbourhood (shorter
/// keys would leave residues of two letters, shared by thousands of keys;
/// the first-two-letters scan covers them).
const MIN_DELETE2_LEN: usize = 5;
const MAX_DELETE2_LEN: usize = 12;
/// Short forms: a key of five letters or more, and each prefix of a longer
/// key that leaves at least three letters out (`PARLIN`/`PARLINDUNGAN`).
const KIND_PREFIX: u64 = 0x1656_67B1_9E37_79F9;

/// Letters in any order: the key's letters sorted, and deletions from
/// them (see [`letter_keys`]).
const KIND_LETTERS: u64 = 0x27D4_EB2F_1656_67C5;
/// Keys this long or longer get their letters' deletions too (shorter
/// ones only their letters sorted: three letters in any order are shared
/// by too many keys).
const MIN_LETTERS_DELETE_LEN: usize = 5;
/// Keys this long or longer get their letters' two-letter deletions too
/// (`ZALIHA`/`NAZLIHAN`: two letters more, Jaro-Winkler 0.86).
const MIN_LETTERS_DELETE2_LEN: usize = 7;

/// 64-bit hash of `b` without the byte at `skip` (none when out of range).
fn hash_skip(kind: u64, b: &[u8], skip: usize) -> u64 {
    hash_skip2(kind, b, skip, skip)
}

/// 64-bit hash of `b` without the bytes at `s1` and `s2`.
fn hash_skip2(kind: u64, b: &[u8], s1: usize, s2: usize) -> u64 {
    let mut h = kind;
    for (i, &c) in b.iter().enumerate() {
        if i != s1 && i != s2 {
            h = (h.rotate_left(5) ^ u64::from(c)).wrapping_mul(0x517C_C1B7_2722_0A95);
        }
    }
    // splitmix64 finaliser, so the top bits (the bucket) are well spread.
    h ^= h >> 30;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}

/// Blocking keys of one token key (the same function runs on both sides).
pub fn block_keys(k: &str, out: &mut Vec<u64>) {
    let b = k.as_bytes();
    out.push(hash_skip(KIND_EXACT, b, usize::MAX));
    if b.len() >= 4 && k.is_ascii() {
        byte_deletions(
            b,
            (MIN_DELETE2_LEN..=MAX_DELETE2_LEN).contains(&b.len()),
            out,
        );
    } else if !k.is_ascii() {
        char_deletions(k, out);
    }
    if let Some(rest) = abd_article_rest(k) {
        let r = rest.as_bytes();
        out.push(hash_skip(KIND_EXACT, r, usize::MAX));
        // One deletion from the rest, so that a vowel variant of it
        // (`ROHMAN` for `ABDURAHMAN`) shares a key.
        if r.len() >= 4 && rest.is_ascii() {
            byte_deletions(r, false, out);
        }
    }
    // `ALFATIH` shares a key with `FATIH` (see `names::article_rest`).
    if let Some(rest) = article_rest(k) {
        out.push(hash_skip(KIND_EXACT, rest.as_bytes(), usize::MAX));
    }
    if b.len() >= 5 && k.is_ascii() {
        out.push(hash_skip(KIND_PREFIX, b, usize::MAX));
        for n in 5..=b.len().saturating_sub(3) {
            out.push(hash_skip(KIND_PREFIX, &b[..n], usize::MAX));
        }
    }
}

/// The deletion neighbourhood of an ASCII key: the key itself, each
/// one-letter deletion and, with `two`, each two-letter deletion.
fn byte_deletions(b: &[u8], two: bool, out: &mut Vec<u64>) {
    out.push(hash_skip(KIND_DELETION, b, usize::MAX));
    for i in 0..b.len() {
        out.push(hash_skip(KIND_DELETION, b, i));
        if two {
            for j in i + 1..b.len() {
                out.push(hash_skip2(KIND_DELETION, b, i, j));
            }
        }
    }
}

/// The letters of an ASCII key sorted and, from
/// [`MIN_LETTERS_DELETE_LEN`] letters up to [`MAX_DELETE2_LEN`], each
/// one-letter deletion of them (two-letter deletions too from
/// [`MIN_LETTERS_DELETE2_LEN`]). Jaro-Winkler finds letters out of order
/// within half the key's length, so keys with the same letters score high
/// without a shared first letter or a deletion neighbourhood of two
/// (`BASYIR`/`SABIR` 0.88, `MORVAN`/`ROMAN` 0.88): these keys link them.
/// Only listed tokens seek by them, once, when the index is built (see
/// [`NameIndex::find_neighbours`]).
fn letter_keys(k: &str, out: &mut Vec<u64>) {
    let b = k.as_bytes();
    if b.len() < 4 || !k.is_ascii() {
        return;
    }
    let mut sorted = [0u8; MAX_DELETE2_LEN];
    let Some(s) = sorted.get_mut(..b.len()) else {
        return;
    };
    s.copy_from_slice(b);
    s.sort_unstable();
    out.push(hash_skip(KIND_LETTERS, s, usize::MAX));
    if s.len() >= MIN_LETTERS_DELETE_LEN {
        for i in 0..s.len() {
            // A repeated letter's deletions are the same key.
            if i == 0 || s[i] != s[i - 1] {
                out.push(hash_skip(KIND_LETTERS, s, i));
                if s.len() >= MIN_LETTERS_DELETE2_LEN {
                    for j in i + 1..s.len() {
                        if j == i + 1 || s[j] != s[j - 1] {
                            out.push(hash_skip2(KIND_LETTERS, s, i, j));
                        }
                    }
                }
            }
        }
    }
}

/// The deletion neighbourhood of a key in another script (or mixed), by
/// characters rather than bytes: `ОЛЕСЬ` and `ОЛСЬ` share `ОЛСЬ`. A key
/// of ASCII letters gets the same hashes from the byte path, so mixed and
/// plain keys meet.
fn char_deletions(k: &str, out: &mut Vec<u64>) {
    let cuts: Vec<(usize, usize)> = k
        .char_indices()
        .map(|(i, c)| (i, i + c.len_utf8()))
        .collect();
    let n = cuts.len();
    if n < 4 {
        return;
    }
    let b = k.as_bytes();
    let mut buf = Vec::with_capacity(b.len());
    let without = |skip: &[(usize, usize)], buf: &mut Vec<u8>| {
        buf.clear();
        let mut at = 0;
        for &(s, e) in skip {
            buf.extend_from_slice(&b[at..s]);
            at = e;
        }
        buf.extend_from_slice(&b[at..]);
        hash_skip(KIND_DELETION, buf, usize::MAX)
    };
    out.push(without(&[], &mut buf));
    for i in 0..n {
        out.push(without(&[cuts[i]], &mut buf));
        if (MIN_DELETE2_LEN..=MAX_DELETE2_LEN).contains(&n) {
            for j in i + 1..n {
                out.push(without(&[cuts[i], cuts[j]], &mut buf));
            }
        }
    }
}

/// Letters present in a key, one bit each (`A`..`Z`; bit 31 for any other
/// byte), for the common-letter filter of [`could_pair`].
fn letter_mask(b: &[u8]) -> u32 {
    b.iter().fold(0, |m, &c| {
        m | if c.is_ascii_uppercase() {
            1 << (c - b'A')
        } else {
            1 << 31
        }
    })
}

/// Cheap necessary condition for two keys to pair by Jaro-Winkler: a pair
/// at 0.85 has Jaro at least 0.75 (the prefix bonus adds at most 0.4 of the
/// gap), so at least `1.25·la·lb/(la+lb)` letters in common; each letter of
/// one key that the other lacks takes at least one position out.
fn could_pair(la: usize, ma: u32, lb: usize, mb: u32) -> bool {
    has_common(la, ma, lb, mb, (5, 4))
}

/// [`could_pair`] for a joined pair, which pairs at Jaro-Winkler 0.93
/// (see [`joined_key_score`]): Jaro at least 53/60, so at least
/// `1.65·la·lb/(la+lb)` letters in common.
fn could_pair_joined(la: usize, ma: u32, lb: usize, mb: u32) -> bool {
    has_common(la, ma, lb, mb, (33, 20))
}

/// Whether keys of lengths `la`, `lb` and letters `ma`, `mb` may have
/// `r·la·lb/(la+lb)` letters in common, `r` the fraction `(num, den)`.
fn has_common(la: usize, ma: u32, lb: usize, mb: u32, (num, den): (usize, usize)) -> bool {
    let need = (num * la * lb).div_ceil(den * (la + lb));
    let a_left = la.saturating_sub((ma & !mb).count_ones() as usize);
    let b_left = lb.saturating_sub((mb & !ma).count_ones() as usize);
    a_left.min(b_left) >= need
}

/// The most listed keys a word cut short may begin and still pair them
/// as a cut word (see [`NameIndex::read_cut`]): a shorter piece, such as
/// `MUH` in a large list, begins so many names that it says little of
/// which one, and pairing it with all of them through their postings made
/// every search that met one slow. Such a piece of three letters is read
/// as an initial ([`CutReading::Piece`]); a longer word stays whole.
pub const MAX_CUT_KEYS: usize = 32;

/// How a traveller's last word that a field limit may have cut is read
/// ([`NameIndex::read_cut`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CutReading {
    /// A name as written: the lists know it, or it begins no listed key.
    Whole,
    /// Cut short: it pairs each of the few listed keys it begins at
    /// [`CUT_SCORE`](crate::names::CUT_SCORE).
    Begins,
    /// Too short a piece to tell which name it began (`SA` of `SARI`,
    /// or three letters that begin more than [`MAX_CUT_KEYS`] keys): read
    /// as an initial is, worth an initial's weight, that pairs a name it
    /// begins.
    Piece,
}

/// A token key in a first-two-letters bucket: length and letters inline,
/// so the scan reads one array.
#[derive(Clone, Copy, Debug)]
struct Slot {
    len: u32,
    mask: u32,
    id: u32,
}

/// Pushes the ids of a first-two-letters bucket (sorted by length) whose
/// length is within `window` of `b`'s and that pass the common-letter
/// filter `pair`.
fn scan_prefix(
    list: &[Slot],
    b: &[u8],
    window: u32,
    pair: fn(usize, u32, usize, u32) -> bool,
    ids: &mut Vec<u32>,
) {
    let (lb, mb) = (b.len() as u32, letter_mask(b));
    let start = list.partition_point(|s| s.len + window < lb);
    for s in &list[start..] {
        if s.len > lb + window {
            break;
        }
        if pair(b.len(), mb, s.len as usize, s.mask) {
            ids.push(s.id);
        }
    }
}

/// `ABDURAHMAN` → `RAHMAN`: the name an `Abd-` compound is built on, so
/// that `RAHMAN` on one side finds `ABDURRAHMAN` on the other.
fn abd_article_rest(k: &str) -> Option<&str> {
    if k.len() <= 6 || !k.starts_with("ABD") {
        return None;
    }
    ["ABDUL", "ABDU", "ABD"]
        .iter()
        .find_map(|p| k.strip_prefix(p))
        .filter(|rest| rest.len() >= 4)
}

/// Blocking key → vocabulary ids, as one sorted array bucketed by the
/// top bits of the key (two words per key instead of a hash map of vectors:
/// a 1M-name list has tens of millions of keys).
#[derive(Debug, Default)]
struct BlockTable {
    shift: u32,
    offsets: Vec<u32>,
    /// (low 32 bits of the key, vocabulary id), ordered by bucket.
    slots: Vec<(u32, u32)>,
}

impl BlockTable {
    fn build(mut pairs: Vec<(u64, u32)>) -> BlockTable {
        pairs.sort_unstable();
        pairs.dedup();
        let bits = (usize::BITS - pairs.len().max(1).leading_zeros()).clamp(8, 26);
        let shift = 64 - bits;
        let mut offsets = vec![0u32; (1usize << bits) + 1];
        for &(h, _) in &pairs {
            offsets[(h >> shift) as usize + 1] += 1;
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let slots = pairs.iter().map(|&(h, id)| (h as u32, id)).collect();
        BlockTable {
            shift,
            offsets,
            slots,
        }
    }

    /// Where the bucket of `h` starts in `slots` (0 for an empty table).
    fn bucket_start(&self, h: u64) -> u32 {
        let b = (h >> self.shift) as usize;
        self.offsets.get(b).copied().unwrap_or(0)
    }

    fn get(&self, h: u64, out: &mut Vec<u32>) {
        if self.offsets.is_empty() {
            return;
        }
        let b = (h >> self.shift) as usize;
        let (lo, hi) = (self.offsets[b] as usize, self.offsets[b + 1] as usize);
        out.extend(
            self.slots[lo..hi]
                .iter()
                .filter(|s| s.0 == h as u32)
                .map(|s| s.1),
        );
    }
}

/// The vocabulary, postings and listed names, in flat arrays.
#[derive(Debug, Default)]
pub struct NameIndex {
    /// Tells this index from any other built in the process (a reload
    /// builds a new one): per-thread caches of neighbour lists check it.
    uid: u64,
    keys: KeyArena,
    /// The first letter listed names with a key are written with where
    /// that is not the key's own (`K` for `HAIRUL`, written `KHAIRUL`), by
    /// key id: what a traveller's initial may also pair
    /// ([`Token::written`](crate::names::Token::written)). Where a key is
    /// written with two such letters (`KHAIRUL`, `CHAIRUL`), the first
    /// listed holds.
    written: HashMap<u32, u8>,
    ids: HashMap<Box<str>, u32>,
    /// Per key (and one past the last), where its postings start, and
    /// what a search reads with that: one cache line per key.
    key_post: Vec<KeyPostings>,
    post: Vec<u32>,
    /// Beside each posting, what the first bound reads of its name: its
    /// weight ([`NameMeta::total`]), and its number of tokens with its
    /// flags ([`NameMeta::size`]). Read in order with the postings, they spare a cache
    /// miss on the name's metadata for every name the bound rejects.
    post_total: Vec<f32>,
    post_len: Vec<u16>,
    /// Beside each posting, what the closed-token filter reads of its
    /// name: the low 16 bits of its first four token ids (see
    /// [`token_print`]), less the posting's own key, and the
    /// [`pair_lanes`] of its adjacent pairs. Copied into the name's
    /// accumulator when the search first reaches it.
    post_print: Vec<u64>,
    post_joined: Vec<u64>,
    blocks: BlockTable,
    entry: Vec<u32>,
    alias: Vec<u32>,
    /// Per listed name, what its patronymic marker says (see
    /// [`lineage_of`](Self::lineage_of)).
    lineage: Vec<Option<Lineage>>,
    /// Per listed name, what the bound and the alignment read first.
    meta: Vec<NameMeta>,
    /// Token ids of all listed names, one after the other
    /// ([`INITIAL_BIT`] marks an initial).
    toks: Vec<u32>,
    /// Keys that are only ever two listed tokens joined (`NURAINI` from
    /// `NUR AINI`): they pair a token by [`joined_key_score`].
    joined_only: Vec<bool>,
    /// What each key is known as: a name of `names.toml`'s
    /// `given_names` ([`Word::Given`]), a listed word perhaps typed with a
    /// letter dropped, swapped or changed ([`Word::Dropped`]), or nothing
    /// more (see [`word_for`]).
    words: Vec<Word>,
    /// Listed names of one rare word (see [`single_listed`]), by their
    /// word's key: a traveller who bears the word among more names may
    /// match them, which the bound's plan may not read (it may close the
    /// token that would). The search reads them apart.
    singles: HashMap<u32, Vec<u32>>,
    /// Token keys by their first two letters, shortest first.
    by_prefix: HashMap<[u8; 2], Vec<Slot>>,
    /// The same for joined-only keys, while the index is built: a listed
    /// token's list seeks the listed pairs joined within one letter of
    /// its length (`WILLIAM AARON` for `WILLIAMSON`, three deletions
    /// apart). Emptied once the lists are built.
    joined_by_prefix: HashMap<[u8; 2], Vec<Slot>>,
    /// For each token key: the vocabulary keys it pairs with and the token
    /// score, best first (computed once at build time).
    nb_off: Vec<u32>,
    nb: Vec<(u32, f32)>,
    /// Per token key, its neighbour list's [`open_cost`](Self::open_cost)
    /// and [`heaviest`](Self::heaviest) weight: choosing the opening
    /// tokens then reads one entry, not two cache lines per neighbour.
    nb_sums: Vec<ListSums>,
}

/// One key's postings in [`NameIndex::post`] and the arrays beside it.
#[derive(Clone, Copy, Debug, Default)]
struct KeyPostings {
    /// Its first posting (its last is the next key's first, less one).
    off: u32,
    /// How many of them are of names with an initial (they come first).
    init: u32,
    /// The most listed weight a match on this key stands for: the token's
    /// weight, or both weights of a joined neighbour pair.
    bound: f32,
}

/// The vocabulary's keys in one buffer: scoring a query token against its
/// reachable keys reads thousands of them at random, and a separate
/// allocation per key would cost a second cache miss each.
#[derive(Debug, Default)]
struct KeyArena {
    bytes: String,
    /// Start of each key in `bytes` (and the end of the last), with the
    /// key's rarity weight beside it: a listed token's view reads both.
    off: Vec<KeyAt>,
}

/// Where a key starts in [`KeyArena::bytes`], and its weight.
#[derive(Debug, Default, Clone, Copy)]
struct KeyAt {
    start: u32,
    weight: f32,
}

impl KeyArena {
    /// Appends a key; returns its id.
    fn push(&mut self, key: &str) -> u32 {
        if self.off.is_empty() {
            self.off.push(KeyAt::default());
        }
        self.bytes.push_str(key);
        self.off.push(KeyAt {
            start: self.bytes.len() as u32,
            weight: 0.0,
        });
        (self.off.len() - 2) as u32
    }

    /// The key of `id`.
    fn get(&self, id: usize) -> &str {
        &self.bytes[self.off[id].start as usize..self.off[id + 1].start as usize]
    }

    /// The length of key `id` in bytes.
    fn byte_len(&self, id: usize) -> usize {
        (self.off[id + 1].start - self.off[id].start) as usize
    }

    /// The rarity weight of key `id` (0 until weights are set).
    fn weight(&self, id: usize) -> f32 {
        self.off[id].weight
    }

    /// Number of keys.
    fn len(&self) -> usize {
        self.off.len().saturating_sub(1)
    }

    /// Every key, by id.
    fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|id| self.get(id))
    }
}

/// What a query's tokens weigh, for the bounds: all of them, and its
/// own part (before a father's name).
#[derive(Clone, Copy, Debug)]
struct QueryWeight {
    total: f32,
    own: f32,
}

impl QueryWeight {
    fn of(q: &[TokView<'_>], q_father: Option<usize>) -> QueryWeight {
        let w = |ts: &[TokView<'_>]| -> f32 { ts.iter().map(|t| t.weight).sum() };
        let total = w(q);
        let own = q_father
            .filter(|&f| f < q.len())
            .map_or(total, |f| w(&q[..f]));
        QueryWeight { total, own }
    }

    /// The least the query's unpaired tokens count against a name that
    /// pairs at most `matched` of its weight. A father's name counts
    /// [`FATHER_ABSENT`] as much where the own part pairs whole (and the
    /// listed name has no father's part; see `compare_views`), which
    /// needs `matched` to reach the own part's weight. (Rounded down, as
    /// a bound must be. Pairing more never lowers a bound so counted: a
    /// paired unit adds 1 to the numerator and less to the denominator.)
    fn unpaired(&self, matched: f32) -> f32 {
        let left = (self.total - matched).max(0.0);
        if self.own < self.total && matched >= self.own - 1e-4 {
            (FATHER_ABSENT as f32 * left - 1e-5).max(0.0)
        } else {
            left
        }
    }
}

/// What a word with this key is known as, where `listed` listed names
/// have it: a name of `rules`' `given_names` ([`Word::Given`]); perhaps a
/// name typed with a letter dropped, two swapped or one changed
/// ([`Word::Dropped`]): three ASCII letters that `rules` do not know as a
/// name (`short_names`, `given_names`) and that one listed name at most
/// has (a word the lists use again is a name: `KOW` in a Malaysian list,
/// `YON` in a Korean one); or nothing more.
fn word_for(key: &str, listed: u32, rules: &NameRules) -> Word {
    if rules.given_names.contains(key) {
        Word::Given
    } else if listed <= 1
        && key.len() == 3
        && key.bytes().all(|b| b.is_ascii_uppercase())
        && !rules.short_names.contains(key)
    {
        Word::Dropped
    } else {
        Word::Plain
    }
}

/// The blocking keys that link a three-letter word read as a typo
/// ([`Word::Dropped`]) with the names it may be: the four-letter keys it
/// is with a letter dropped (their one-deletion neighbourhoods hold it),
/// the key with its last two letters swapped, and those with its middle
/// letter changed (three-letter keys have no deletion keys; the scan by
/// the first two letters finds a changed last one).
fn typo_keys(key: &str, out: &mut Vec<u64>) {
    if let &[a, b, c] = key.as_bytes() {
        out.push(hash_skip(KIND_DELETION, key.as_bytes(), usize::MAX));
        out.push(hash_skip(KIND_EXACT, &[a, c, b], usize::MAX));
        for x in (b'A'..=b'Z').filter(|&x| x != b) {
            out.push(hash_skip(KIND_EXACT, &[a, x, c], usize::MAX));
        }
    }
}

/// Token ids a [`NameMeta`] holds itself.
const HEAD_TOKENS: usize = 4;

/// One listed name's place in [`NameIndex::toks`], its totals and its
/// first tokens, packed in 32 bytes (half a cache line): the bound reads
/// it for every candidate, at random, and the closed-token check and the
/// alignment then need no second cache miss for the tokens of most names.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(32))]
struct NameMeta {
    /// First token in `toks`.
    start: u32,
    /// Weight of the name (initials count at most 0.3), less what a
    /// father's part may be spared when the traveller has none
    /// ([`FATHER_ABSENT`]): the least listed weight its unpaired tokens
    /// can count for, which the cuts and bounds assume.
    total: f32,
    /// Number of tokens.
    len: u16,
    /// Where the father's part starts ([`NO_FATHER`] when none).
    father: u8,
    /// Whether the name has an initial (`Ahmad A.`): any query token may
    /// pair it, so postings do not find that pair.
    has_initial: bool,
    /// Its first [`HEAD_TOKENS`] token ids, as in `toks`.
    head: [u32; HEAD_TOKENS],
    /// The length in bytes of its longest token (initials aside, at most
    /// 255): two query tokens joined pair no token shorter than their
    /// joined length less one, which the bound of a name with an initial
    /// tells from this without reading the name's keys.
    longest: u8,
}

// Half a cache line: a field more must fit in the padding.
const _: () = assert!(std::mem::size_of::<NameMeta>() == 32);

impl NameMeta {
    /// Its number of tokens (at most `SIZE_FATHER - 1`), with
    /// [`SIZE_INITIAL`] set when one is an initial and [`SIZE_FATHER`] when
    /// it has a father's part.
    fn size(&self) -> u16 {
        let initial = if self.has_initial { SIZE_INITIAL } else { 0 };
        let father = if self.father().is_some() {
            SIZE_FATHER
        } else {
            0
        };
        self.len.min(SIZE_FATHER - 1) | initial | father
    }

    /// The length in bytes of its longest token (initials aside), or
    /// `usize::MAX` where it is too long to hold.
    fn longest(&self) -> usize {
        match self.longest {
            u8::MAX => usize::MAX,
            n => usize::from(n),
        }
    }

    /// Where the father's part starts, if the name has one.
    fn father(&self) -> Option<usize> {
        (self.father != NO_FATHER).then_some(usize::from(self.father))
    }
}

/// The bit of [`NameMeta::size`] and [`Acc::size`] set for a name with an
/// initial.
const SIZE_INITIAL: u16 = 1 << 15;

/// The bit of [`NameMeta::size`] and [`Acc::size`] set for a name with a
/// father's part (whose `total` is then spared part of it).
const SIZE_FATHER: u16 = 1 << 14;

/// A listed name's adjacent pairs of tokens, joined, by first letter and
/// length: a joined pair pairs a token only with the same first letter and
/// a length within one (see [`joined_key_score`]). Four lanes of 16 bits,
/// each a pair's [`pair_code`], 0 for none (a pair has two letters or
/// more, so no pair's code is 0); a name with more pairs than lanes is
/// [`ANY_PAIRS`]. Postings carry it, so that a name
/// whose joined pairs cannot pair a query token is told without reading
/// its metadata.
fn pair_lanes(pairs: impl ExactSizeIterator<Item = (Option<u8>, usize)>) -> u64 {
    if pairs.len() > 4 {
        return ANY_PAIRS;
    }
    pairs
        .enumerate()
        .fold(0, |m, (i, (f, l))| m | (pair_code(f, l) as u64) << (16 * i))
}

/// The place of a first letter and a length among [`PAIR_CODES`] (letters
/// by their low five bits, lengths up to 63: a few share a place, which
/// only lets more names through).
fn pair_code(first: Option<u8>, len: usize) -> usize {
    usize::from(first.unwrap_or(0) & 31) << 6 | len.min(63)
}

/// Sets bit `b` of a bit set in 64-bit words.
fn set_bit(words: &mut [u64], b: usize) {
    words[b / 64] |= 1 << (b % 64);
}

/// Number of [`pair_code`]s.
const PAIR_CODES: usize = 32 * 64;

/// The joined pairs some query tokens may pair, as a set of
/// [`pair_code`]s: each token's first letter, with its length, one letter
/// less or one more.
#[derive(Clone)]
struct PairReach([u64; REACH_WORDS]);

impl PairReach {
    /// The pairs the given keys may pair.
    fn of<'k>(keys: impl Iterator<Item = &'k str>) -> PairReach {
        PairReach::of_shapes(keys.map(|key| (key.as_bytes().first().copied(), key.len())))
    }

    /// [`of`](Self::of) from each key's first letter and length alone
    /// (two query tokens joined, without joining them).
    fn of_shapes(shapes: impl Iterator<Item = (Option<u8>, usize)>) -> PairReach {
        let mut set = PairReach([0; REACH_WORDS]);
        for (f, l) in shapes {
            // A pair has two letters or more: lengths below never enter,
            // so that code 0 (an empty lane) is never held.
            for len in [l.saturating_sub(1), l, l + 1]
                .into_iter()
                .filter(|&n| n >= 2)
            {
                set_bit(&mut set.0, pair_code(f, len));
            }
        }
        set
    }

    /// Whether the set holds a token `key` (its first letter and length):
    /// whether a joined pair of the set may pair it.
    fn holds(&self, key: &str) -> bool {
        let b = key.as_bytes();
        bit(&self.0, pair_code(b.first().copied(), b.len())) != 0
    }

    /// Whether a name with these [`pair_lanes`] has a pair in the set
    /// (the lanes tested without a branch: an empty lane is code 0, which
    /// no set holds).
    fn hits(&self, lanes: u64) -> bool {
        pair_hit(&self.0, lanes) != 0
    }
}

/// The low 16 bits of a name's first [`HEAD_TOKENS`] token ids, one lane
/// each (a shorter name repeats its first): enough to test them against a
/// filter of [`CLOSED_BITS`] bits without reading the name's metadata.
/// A longer name's print is [`LONG_PRINT`]: every filter holds its place,
/// so such a name always passes (its other tokens are not in the print).
fn token_print(ids: &[u32]) -> u64 {
    if ids.len() > HEAD_TOKENS {
        return LONG_PRINT;
    }
    let first = ids.first().map_or(0, |&t| u64::from(t as u16));
    (0..HEAD_TOKENS).fold(0, |p, i| {
        let t = ids.get(i).map_or(first, |&t| u64::from(t as u16));
        p | t << (16 * i)
    })
}

/// The print a posting of key `id` carries: the [`token_print`] of its
/// name's tokens less one occurrence of `id`. The unit that reads the
/// posting pairs that token, so only the name's others tell whether it
/// may pair another query token too (a query with two alike tokens,
/// `MOHAMED MOHAMAD`, would otherwise let every name of the key through
/// the filter). A joined key is no token of the name, and a name of one
/// token or more than [`HEAD_TOKENS`] keeps its whole print.
fn print_without(ids: &[u32], id: u32) -> u64 {
    let own = ids.iter().position(|&t| t & !INITIAL_BIT == id);
    match own {
        Some(i) if ids.len() > 1 && ids.len() <= HEAD_TOKENS => {
            let mut rest = [0u32; HEAD_TOKENS];
            let n = ids.len() - 1;
            rest[..i].copy_from_slice(&ids[..i]);
            rest[i..n].copy_from_slice(&ids[i + 1..]);
            token_print(&rest[..n])
        }
        _ => token_print(ids),
    }
}

/// The [`token_print`] of a name with more than [`HEAD_TOKENS`] tokens:
/// place 0 in every lane, which every filter holds (a token whose id
/// falls there passes too, which only lets a few more names through).
const LONG_PRINT: u64 = 0;

/// How many of `totals` (ascending) are below `w`, found by galloping
/// from the start: a common token's cut is usually near it, and the
/// postings' first cache lines are then all that is read, where a binary
/// search over thousands would miss the cache at every probe.
fn lighter_than(totals: &[f32], w: f32) -> usize {
    let mut hi = 1;
    while hi < totals.len() && totals[hi - 1] < w {
        hi *= 2;
    }
    let lo = hi / 2;
    let hi = hi.min(totals.len());
    lo + totals[lo..hi].partition_point(|&t| t < w)
}

/// Makes every load of `loads` in one pass, for what follows to find in
/// cache. Loads at random that are independent of each other overlap in a
/// loop of their own; the work between them in the loop that needs them
/// would make each wait for the last.
fn load_ahead(loads: impl Iterator<Item = u64>) {
    std::hint::black_box(loads.fold(0, |seen, x| seen ^ x));
}

/// The rows of one query: for each vocabulary key its neighbour lists
/// hold, where the key's row starts in `rows`. An open-addressing table of
/// a few kilobytes, filled anew per query: every token of every name
/// checked or aligned is looked up, most are not there, and a slot per
/// vocabulary key (12 MB a thread on a million names) made each lookup a
/// cache miss.
#[derive(Default)]
struct RowMap {
    /// Per slot, the key id plus one (0 for an empty slot) and its row.
    slots: Vec<(u32, u32)>,
    /// 64 less the slots' bits: a key's first slot is the top bits of its
    /// id times a large odd number.
    shift: u32,
}

impl RowMap {
    /// Empties the table, with room for `keys` keys at half load or less.
    fn reset(&mut self, keys: usize) {
        let size = (2 * keys).next_power_of_two().max(64);
        self.slots.clear();
        self.slots.resize(size, (0, 0));
        self.shift = 64 - size.trailing_zeros();
    }

    /// Where the search for `id` starts.
    fn first(&self, id: u32) -> usize {
        (u64::from(id).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The slot that holds key `id`, or the empty slot where it would go,
    /// with the row it holds.
    fn probe(&self, id: u32) -> (usize, Option<u32>) {
        let mask = self.slots.len() - 1;
        let mut at = self.first(id);
        loop {
            match self.slots[at] {
                (0, _) => return (at, None),
                (k, r) if k == id + 1 => return (at, Some(r)),
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// The row of key `id`, if the table holds it.
    fn get(&self, id: u32) -> Option<u32> {
        self.probe(id).1
    }

    /// The row of key `id`: the one it has, or `next` (then its own).
    fn get_or_insert(&mut self, id: u32, next: u32) -> u32 {
        match self.probe(id) {
            (_, Some(r)) => r,
            (at, None) => {
                self.slots[at] = (id + 1, next);
                next
            }
        }
    }
}

/// Per-thread scratch for one search.
#[derive(Default)]
struct Scratch {
    /// Per listed name, its place in `acc` ([`UNTOUCHED`] when the search
    /// has not reached it). Four bytes a name keep the array that postings
    /// hit at random small enough to stay in cache.
    slot: Vec<u32>,
    /// The accumulators of the names reached, in `touched` order.
    acc: Vec<Acc>,
    /// The names reached; their slots are reset when the next search
    /// starts.
    touched: Vec<u32>,
    /// Per vocabulary key the query's lists hold, its row: its token score
    /// against each query token (and joined pair), in `rows`.
    row_map: RowMap,
    rows: Vec<f32>,
    /// The places in `touched` of the names that pass the first bound,
    /// and their metadata.
    first: Vec<u32>,
    /// Per name in `first`: whether its bound reached the bar only with
    /// two tokens joined counting as one.
    first_joins: Vec<bool>,
    metas: Vec<NameMeta>,
    /// Blocking keys and vocabulary ids while finding neighbours.
    keys: Vec<u64>,
    ids: Vec<u32>,
    cache: NbCache,
    /// The closed-token filter: per place (a key id modulo
    /// [`CLOSED_BITS`]), the first level at which a key there is closed,
    /// and the places set (reset by the next search).
    closed_from: Vec<u8>,
    closed_set: Vec<u16>,
    /// Per opening unit, the filter of the other lists' keys
    /// ([`CLOSED_BITS`] bits each), and the postings a key's read keeps.
    others: Vec<u64>,
    sel: Vec<u32>,
    /// The postings one unit reads, per key (see [`NameIndex::gather`]).
    spans: Vec<Span>,
}

/// Neighbour lists computed at query time (a token the lists lack, two
/// query tokens joined), kept per thread for the travellers that follow:
/// a batch or a server meets the same misspellings and the same pairs of
/// names again, and scoring a list costs a cache miss per reachable key.
#[derive(Default)]
struct NbCache {
    /// The [`NameIndex::uid`] the lists belong to.
    index: u64,
    tokens: HashMap<Box<str>, Rc<[(u32, f32)]>>,
    /// By the two tokens with a space between (`NUR AINI`): where the
    /// join falls changes the score.
    joined: HashMap<Box<str>, Rc<[(u32, f32)]>>,
    /// The key of a joined pair while it is looked up.
    parts: String,
}

/// Lists an [`NbCache`] keeps of each kind before it starts again (at
/// about 100 neighbours of 8 bytes, some 16 MB a kind and thread; joined
/// pairs have fewer neighbours).
const NB_CACHE_MAX: usize = 20_000;

impl NbCache {
    /// The cached list of `key`, or `compute`'s, kept for next time.
    fn get_or(
        &mut self,
        joined: bool,
        key: &str,
        compute: impl FnOnce() -> Vec<(u32, f32)>,
    ) -> Rc<[(u32, f32)]> {
        let map = if joined {
            &mut self.joined
        } else {
            &mut self.tokens
        };
        if let Some(nb) = map.get(key) {
            return nb.clone();
        }
        if map.len() >= NB_CACHE_MAX {
            map.clear();
        }
        let nb: Rc<[(u32, f32)]> = compute().into();
        map.insert(key.into(), nb.clone());
        nb
    }
}

impl Scratch {
    /// Starts a search over `names` listed names: the names the last
    /// search reached are untouched again.
    fn start(&mut self, names: usize) {
        for &n in &self.touched {
            if let Some(s) = self.slot.get_mut(n as usize) {
                *s = UNTOUCHED;
            }
        }
        self.touched.clear();
        self.acc.clear();
        if self.slot.len() < names {
            self.slot.resize(names, UNTOUCHED);
        }
    }

    /// Adds `hit` to the accumulator of listed `name` (reached now if not
    /// before); posting `at` of `ix` holds what the bound reads of it.
    fn add(&mut self, ix: &NameIndex, name: u32, at: usize, hit: &Hit) {
        let slot = &mut self.slot[name as usize];
        if *slot == UNTOUCHED {
            *slot = self.acc.len() as u32;
            self.acc.push(Acc {
                unit: u16::MAX,
                total: ix.post_total[at],
                size: ix.post_len[at],
                print: ix.post_print[at],
                key: hit.key,
                joined: ix.post_joined[at],
                ..Acc::default()
            });
            self.touched.push(name);
        }
        let a = &mut self.acc[*slot as usize];
        // The query side counts once per unit (its best match); the
        // listed side counts every key the unit reaches in this name, as
        // the best by score need not be the heaviest (`KAROLINA` pairs
        // `KAROL` at 0.93 and `KAROL VIAN` joined at 0.94).
        // A unit counts as pairing a token of its own only where its first
        // key is not one another unit reached the name by: `KRISTINA` and
        // `KRISTOFFERSEN` both reach `KRISTENSEN AMAY` by `KRISTENSEN`,
        // which leaves `AMAY` to a closed token (see `reaches`).
        let bit = 1u64 << (hit.key % 64);
        if a.unit != hit.unit {
            a.unit = hit.unit;
            a.units += u16::from(a.keys & bit == 0);
            a.mq += hit.weight;
            a.sq += hit.score * hit.weight;
        }
        a.keys |= bit;
        a.ml += hit.listed;
        a.sl += hit.score * hit.listed;
    }
}

/// One opening unit's match on one vocabulary key, as postings add it.
struct Hit {
    /// The unit's place in the plan.
    unit: u16,
    /// Its query weight.
    weight: f32,
    /// Its token score against the key.
    score: f32,
    /// The listed weight the key stands for.
    listed: f32,
    /// The key's place in a filter (its id's low 16 bits, as in
    /// [`token_print`]).
    key: u16,
}

/// The postings of one neighbour key that a unit reads: `lo..solo` whole,
/// `solo..hi` where the name may pair another query token.
#[derive(Clone, Copy)]
struct Span {
    lo: u32,
    solo: u32,
    hi: u32,
    /// The key's token score against the unit, and the listed weight it
    /// stands for.
    score: f32,
    listed: f32,
    /// The key.
    id: u32,
}

/// [`Scratch::slot`] of a name the search has not reached.
const UNTOUCHED: u32 = u32::MAX;

/// What the postings of the opening units add up for one listed name.
#[derive(Clone, Copy, Default)]
struct Acc {
    /// The last unit that reached it.
    unit: u16,
    /// Opening units this name matched, each by a key no unit before it
    /// reached the name by (so each pairs a token of its own).
    units: u16,
    /// The keys the units reached it by, one bit each (their id's low
    /// six bits: two keys may share one, which counts fewer units).
    keys: u64,
    /// Query weight matched, and the same times the token score.
    mq: f32,
    sq: f32,
    /// Listed weight matched, and the same times the token score.
    ml: f32,
    sl: f32,
    /// The name's weight and size (see [`NameMeta::size`]), copied from
    /// the posting that reached it.
    total: f32,
    size: u16,
    /// The print of the posting that reached it first (which leaves out
    /// that posting's key), that key's place, and the [`pair_lanes`] of
    /// its adjacent pairs.
    print: u64,
    key: u16,
    joined: u64,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// A neighbour list's opening cost and heaviest weight (see
/// [`NameIndex::open_cost`], [`NameIndex::heaviest`]).
type ListSums = (u32, f32);

/// Vocabulary keys and token scores, best first: built with the index, or
/// computed at query time and shared with the thread's [`NbCache`].
enum Neighbours<'a> {
    Built(&'a [(u32, f32)]),
    Cached(Rc<[(u32, f32)]>),
}

impl std::ops::Deref for Neighbours<'_> {
    type Target = [(u32, f32)];

    fn deref(&self) -> &[(u32, f32)] {
        match self {
            Neighbours::Built(nb) => nb,
            Neighbours::Cached(nb) => nb,
        }
    }
}

/// A query token, or two adjacent ones joined, that opens candidates.
struct Unit {
    /// Query weight it stands for.
    weight: f32,
    /// Its neighbour list in [`Plan::lists`].
    list: usize,
    /// Only names lighter than this (listed weight) are read: heavier
    /// ones cannot reach the bar unless another unit reaches them too
    /// (see [`Level`]).
    cut: f32,
    /// From this listed weight up, a name that pairs this unit's tokens
    /// and no other cannot reach the bar: its postings are read only
    /// where the name may pair another query token (see
    /// [`NameIndex::gather`]).
    solo: f32,
    /// What the query tokens outside the unit pair: two tokens of a name
    /// joined may pair one of them.
    other_joined: PairReach,
    /// The same with the unit's own token, for the postings of a key that
    /// another list holds too: their print leaves the key out, yet the
    /// name may pair the unit by that key joined with the next token
    /// (`FREDERIK SAED` for `FREDERIKSEN`) and another query token by a
    /// token of its own.
    own_joined: PairReach,
}

/// From a listed weight up: the query tokens that open nothing for names
/// that heavy. The unpaired weight of a heavy name costs it so much that
/// names pairing only the closed tokens cannot reach the bar, so a common
/// token's postings are read for its short names only.
struct Level {
    /// The least listed weight (a name's total) the level holds for.
    from: f32,
    /// Query weight of the tokens closed here.
    spare: f32,
    /// The most listed weight the closed tokens can pair.
    reach: f32,
    /// Per query token: whether it opens nothing here.
    closed: Vec<bool>,
}

/// The listed weight from which names that pair only some of a query's
/// tokens fall below the bar (see [`NameIndex::plan`]).
#[derive(Clone, Copy)]
struct Heavy {
    /// The query's weight `Q`, and its own part's (see
    /// [`QueryWeight::unpaired`]).
    q_weight: QueryWeight,
    /// The bar.
    theta: f32,
    /// Whether the query has an initial (see [`Heavy::from`]).
    alias: bool,
    /// The query weight of its initials: a query initial may pair any
    /// name of its letter, in no list.
    initials: f32,
}

impl Heavy {
    /// A name of listed weight `T > B` that pairs query weight `A` and at
    /// most `B` of its own, its pairs' token scores times their weights
    /// summing to `num` (at most `A + B`), scores at most
    /// `num / (A + B + fa·(Q − A) + fb·(T − B))`, with `(fa, fb)` any case
    /// of `unmatched_factors` (the name is not paired whole). The least
    /// such `T` at which that falls below the bar.
    fn from(&self, a: f32, b: f32, num: f32) -> f32 {
        let x = self.q_weight.unpaired(a);
        let r = (num - self.theta * (a + b)) / self.theta.max(1e-6);
        let cases = [
            (1.0, 0.5),
            (0.5, 1.0),
            (0.75, 0.75),
            (SUBSET_FACTOR as f32, 1.0),
        ];
        // The partial-alias case needs the name paired whole, which a
        // name heavier than `B` can be only through a query initial (its
        // name counted unpaired beyond the initial's weight).
        let cases = if self.alias { &cases[..] } else { &cases[..3] };
        let y = cases
            .iter()
            .map(|&(fa, fb)| ((r - fa * x) / fb).max(0.0))
            .fold(0.0, f32::max);
        b + y + 1e-4
    }

    /// The `solo` weight of a unit of query weight `w` pairing at most `b`
    /// listed weight at token score `score`: from it up, a name that pairs
    /// the unit and no other query token (the initials may pair too)
    /// falls below the bar.
    fn solo(&self, w: f32, b: f32, score: f32) -> f32 {
        let (a, b_all) = (w + self.initials, b + self.initials);
        self.from(a, b_all, a + b_all - (1.0 - score) * (w + b))
    }
}

/// How a query is searched: the neighbours of each token, the units that
/// open candidates, and what the tokens that open nothing may add to a
/// candidate (see [`NameIndex::plan`]).
struct Plan<'a> {
    /// The vocabulary keys each query token pairs with, with their token
    /// scores, best first (one list per token, then one per joined pair).
    lists: Vec<Neighbours<'a>>,
    units: Vec<Unit>,
    /// Per joined list: the index of its first query token.
    joined_at: Vec<usize>,
    /// By listed weight, ascending: which tokens open nothing (the first
    /// level, from 0, holds for every name).
    levels: Vec<Level>,
    /// Where names that pair few of the tokens fall below the bar.
    heavy: Heavy,
}

impl Plan<'_> {
    /// The level a name of listed weight `total` falls in (its place in
    /// `levels`).
    fn level(&self, total: f32) -> usize {
        self.levels
            .iter()
            .rposition(|l| total >= l.from)
            .unwrap_or(0)
    }
}

/// What the bound knows of the query (see [`NameIndex::reaches`]).
#[derive(Clone, Copy)]
struct Shape<'r> {
    /// Its number of tokens.
    tokens: usize,
    /// Its weight and its own part's, for what its unpaired tokens
    /// count (see [`QueryWeight::unpaired`]).
    weight: QueryWeight,
    /// How many of its adjacent pairs the alignment may join (at most):
    /// two tokens joined count as one when lengths are compared.
    joins: usize,
    /// The listed pairs joined its tokens may pair, by first letter and
    /// length.
    reach: &'r PairReach,
}

impl Shape<'_> {
    /// Whether two tokens of a name with these [`pair_lanes`] joined may
    /// pair a query token (by first letter and length).
    fn reaches_pairs(&self, lanes: u64) -> bool {
        self.reach.hits(lanes)
    }
}

/// Whether a candidate's bound reaches the bar (see
/// [`NameIndex::bound`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reach {
    No,
    /// Only where two tokens joined count as one (the alignment must be
    /// able to join them).
    WithJoins,
    Yes,
}

/// What a candidate may pair beyond what its postings gathered (see
/// [`NameIndex::reaches`]).
#[derive(Clone, Copy)]
struct Unread {
    /// Query weight of the tokens that open nothing for it, and the most
    /// listed weight they can pair.
    spare: f32,
    reach: f32,
    /// The listed weight of its initials, where known (infinite where
    /// not: any query token then may pair them).
    initials: f32,
}

impl Unread {
    /// The closed tokens of a level, with the name's initials unknown.
    fn closed(spare: f32, reach: f32) -> Unread {
        Unread {
            spare,
            reach,
            initials: f32::INFINITY,
        }
    }
}

/// What a key seeks its neighbours as (see [`NameIndex::scored`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Seek {
    /// A token, by its blocking keys and first two letters.
    Token,
    /// A listed token, by those, its letters in any order, and the
    /// listed pairs joined with its first two letters and within one
    /// letter of its length.
    Letters,
    /// Two query tokens joined.
    Joined,
}

impl Seek {
    /// The blocking keys `key` seeks by (the listed keys' own, at build
    /// time, are those of [`Seek::Letters`], so that both sides meet).
    fn keys(self, key: &str, out: &mut Vec<u64>) {
        match self {
            Seek::Token => block_keys(key, out),
            Seek::Letters => {
                block_keys(key, out);
                letter_keys(key, out);
            }
            Seek::Joined => {
                out.push(hash_skip(KIND_EXACT, key.as_bytes(), usize::MAX));
                if key.is_ascii() {
                    byte_deletions(key.as_bytes(), false, out);
                } else {
                    char_deletions(key, out);
                }
            }
        }
    }

    /// How far in length the first-two-letters scan looks: a joined pair
    /// pairs only a key within one letter of its length.
    fn window(self) -> u32 {
        match self {
            Seek::Joined => 1,
            Seek::Token | Seek::Letters => 3,
        }
    }
}

/// Postings are read a little past a unit's cut, so that f32 rounding never
/// leaves a name both unread and counted as open.
const CUT_MARGIN: f32 = 1e-3;

impl NameIndex {
    fn intern(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.keys.push(key);
        self.ids.insert(key.into(), id);
        id
    }

    /// Builds the index over `(entry, alias, normalised name)` triples.
    ///
    /// A token's weight is its rarity: `0.3 + 0.7·r` with `r` the log
    /// inverse document frequency over the lists plus a background of
    /// `PRIOR_NAMES` names that lack it (so a tiny list does not call every
    /// token common), capped by the common-token table of the rules.
    pub fn build(names: Vec<(u32, u32, NormName)>, rules: &NameRules) -> NameIndex {
        static BUILT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let mut ix = NameIndex {
            uid: BUILT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            ..NameIndex::default()
        };
        let mut written: Vec<(u32, u8)> = Vec::new();
        let mut df: Vec<u32> = Vec::new();
        let mut postings: Vec<(u32, u32)> = Vec::new();
        let mut joined: Vec<(u32, u32, u32)> = Vec::new();
        for (entry, alias, n) in names {
            let name_id = ix.entry.len() as u32;
            let first = postings.len();
            for t in &n.tokens {
                let id = ix.intern(&t.key);
                ix.toks.push(if t.initial { id | INITIAL_BIT } else { id });
                if !t.initial {
                    postings.push((id, name_id));
                    if t.written != 0 {
                        written.push((id, t.written));
                    }
                }
            }
            df.resize(ix.keys.len(), 0);
            let mut seen: Vec<u32> = postings[first..].iter().map(|p| p.0).collect();
            seen.sort_unstable();
            seen.dedup();
            for &id in &seen {
                df[id as usize] += 1;
            }
            // Across a patronymic marker too: a traveller's name without
            // one may join them (`RAFIUDDIN`; the alignment decides, see
            // `joinable`).
            for (i, w) in n.tokens.windows(2).enumerate() {
                if !w[0].initial && !w[1].initial {
                    let id = ix.intern(&format!("{}{}", w[0].key, w[1].key));
                    postings.push((id, name_id));
                    let at = ix.toks.len() - n.tokens.len() + i;
                    joined.push((id, ix.toks[at], ix.toks[at + 1]));
                }
            }
            let mut mine: Vec<(u32, u32)> = postings.drain(first..).collect();
            mine.sort_unstable();
            mine.dedup();
            postings.extend(mine);
            ix.entry.push(entry);
            ix.alias.push(alias);
            ix.lineage.push(n.lineage);
            ix.meta.push(NameMeta {
                start: (ix.toks.len() - n.tokens.len()) as u32,
                total: 0.0,
                len: n.tokens.len().min(usize::from(u16::MAX)) as u16,
                father: n.father_from.map_or(NO_FATHER, |f| f.min(254) as u8),
                has_initial: n.tokens.iter().any(|t| t.initial),
                longest: n
                    .tokens
                    .iter()
                    .filter(|t| !t.initial)
                    .map(|t| t.key.len().min(usize::from(u8::MAX)) as u8)
                    .max()
                    .unwrap_or(0),
                head: [0; HEAD_TOKENS],
            });
        }
        df.resize(ix.keys.len(), 0);
        // Number the keys in sorted order: keys with a common start (a
        // prefix bucket, most neighbour lists) then sit together in every
        // per-key array, so a search reads fewer cache lines.
        let mut order: Vec<u32> = (0..ix.keys.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| ix.keys.get(a as usize).cmp(ix.keys.get(b as usize)));
        let mut new_id = vec![0u32; order.len()];
        let mut sorted = KeyArena::default();
        for (new, &old) in order.iter().enumerate() {
            new_id[old as usize] = new as u32;
            sorted.push(ix.keys.get(old as usize));
        }
        ix.keys = sorted;
        let renumber = |id: u32| new_id[id as usize];
        for t in &mut ix.toks {
            *t = renumber(*t & !INITIAL_BIT) | (*t & INITIAL_BIT);
        }
        for m in &mut ix.meta {
            let s = m.start as usize;
            let n = usize::from(m.len).min(HEAD_TOKENS);
            m.head[..n].copy_from_slice(&ix.toks[s..s + n]);
        }
        for p in &mut postings {
            p.0 = renumber(p.0);
        }
        // Joined pairs never hold an initial.
        for j in &mut joined {
            *j = (renumber(j.0), renumber(j.1), renumber(j.2));
        }
        for id in ix.ids.values_mut() {
            *id = renumber(*id);
        }
        for (id, letter) in written {
            ix.written.entry(renumber(id)).or_insert(letter);
        }
        df = order.iter().map(|&old| df[old as usize]).collect();
        ix.keys.bytes.shrink_to_fit();
        ix.keys.off.shrink_to_fit();
        let n = ix.entry.len() as f64 + PRIOR_NAMES;
        let weight: Vec<f32> = ix
            .keys
            .iter()
            .zip(&df)
            .map(|(key, &d)| {
                let r = ((n + 1.0) / (f64::from(d) + 1.0)).ln() / (n + 1.0).ln().max(1.0);
                let w = (0.3 + 0.7 * r.clamp(0.0, 1.0)) as f32;
                rules.common.get(key).map_or(w, |c| c.min(w))
            })
            .collect();
        for (k, &w) in ix.keys.off.iter_mut().zip(&weight) {
            k.weight = w;
        }
        let mut bound: Vec<f32> = weight
            .iter()
            .zip(&df)
            .map(|(&w, &d)| if d > 0 { w } else { 0.0 })
            .collect();
        for (id, x, y) in joined {
            let w = ix.keys.weight(x as usize) + ix.keys.weight(y as usize);
            let b = &mut bound[id as usize];
            *b = b.max(w);
        }
        let totals: Vec<f32> = (0..ix.meta.len() as u32)
            .map(|i| {
                let ids = ix.token_ids(i);
                let father = ix.meta[i as usize].father().unwrap_or(ids.len());
                let (own, fathers) = ids.split_at(father.min(ids.len()));
                let w = |ids: &[u32]| -> f32 { ids.iter().map(|&t| ix.listed_weight(t)).sum() };
                let (own, fathers) = (w(own), w(fathers));
                if fathers > 0.0 {
                    // Rounded down, as a bound must be.
                    (own + FATHER_ABSENT as f32 * fathers - 1e-5).max(0.0)
                } else {
                    own
                }
            })
            .collect();
        for (m, t) in ix.meta.iter_mut().zip(totals) {
            m.total = t;
        }
        ix.cluster_names(&df, &mut postings);
        // Postings as one array, ordered by key, then by `posting_rank`.
        postings.sort_unstable_by_key(|&(k, n)| (k, Self::posting_rank(&ix.meta[n as usize]), n));
        let mut post_off = vec![0u32; ix.keys.len() + 1];
        for &(k, _) in &postings {
            post_off[k as usize + 1] += 1;
        }
        for i in 1..post_off.len() {
            post_off[i] += post_off[i - 1];
        }
        ix.post = postings.into_iter().map(|p| p.1).collect();
        ix.post_total = ix.post.iter().map(|&n| ix.meta[n as usize].total).collect();
        ix.post_len = ix
            .post
            .iter()
            .map(|&n| ix.meta[n as usize].size())
            .collect();
        ix.post_print = Vec::with_capacity(ix.post.len());
        for id in 0..ix.keys.len() {
            for at in post_off[id] as usize..post_off[id + 1] as usize {
                let print = print_without(ix.token_ids(ix.post[at]), id as u32);
                ix.post_print.push(print);
            }
        }
        let joined_sig: Vec<u64> = (0..ix.meta.len() as u32)
            .map(|n| {
                pair_lanes(ix.token_ids(n).windows(2).map(|w| {
                    let (a, b) = (
                        ix.keys.get((w[0] & !INITIAL_BIT) as usize),
                        ix.keys.get((w[1] & !INITIAL_BIT) as usize),
                    );
                    (a.as_bytes().first().copied(), a.len() + b.len())
                }))
            })
            .collect();
        ix.post_joined = ix.post.iter().map(|&n| joined_sig[n as usize]).collect();
        // Blocking keys: tokens get their full set, joined-only keys their
        // exact spelling and one-deletion neighbourhood (a joined pair
        // pairs a token at Jaro-Winkler 0.93 or more: `ABDAL BASIR` for
        // `ABDULBASIR`).
        ix.joined_only = df.iter().map(|&d| d == 0).collect();
        ix.words = ix
            .keys
            .iter()
            .zip(&df)
            .map(|(k, &d)| word_for(k, d, rules))
            .collect();
        let mut pairs = Vec::new();
        let mut keys = Vec::new();
        for (id, key) in ix.keys.iter().enumerate() {
            keys.clear();
            if df[id] > 0 {
                Seek::Letters.keys(key, &mut keys);
                // A listed word read as a typo is found from the words
                // it may be.
                if ix.words[id] == Word::Dropped {
                    typo_keys(key, &mut keys);
                }
            } else {
                keys.push(hash_skip(KIND_EXACT, key.as_bytes(), usize::MAX));
                if key.is_ascii() {
                    byte_deletions(key.as_bytes(), false, &mut keys);
                }
            }
            pairs.extend(keys.iter().map(|&k| (k, id as u32)));
        }
        ix.blocks = BlockTable::build(pairs);
        for (id, key) in ix.keys.iter().enumerate() {
            let b = key.as_bytes();
            if b.len() >= 2 && key.is_ascii() {
                let table = if df[id] > 0 {
                    &mut ix.by_prefix
                } else {
                    &mut ix.joined_by_prefix
                };
                table.entry([b[0], b[1]]).or_default().push(Slot {
                    len: b.len() as u32,
                    mask: letter_mask(b),
                    id: id as u32,
                });
            }
        }
        for table in [&mut ix.by_prefix, &mut ix.joined_by_prefix] {
            table
                .values_mut()
                .for_each(|v| v.sort_by_key(|s| (s.len, s.id)));
        }
        let lists: Vec<Vec<(u32, f32)>> = (0..ix.keys.len())
            .into_par_iter()
            .map(|id| {
                if df[id] > 0 {
                    let key = ix.keys.get(id);
                    ix.find_neighbours(
                        key,
                        Seek::Letters,
                        (false, ix.word_at(id as u32)),
                        &mut Vec::new(),
                        &mut Vec::new(),
                    )
                } else {
                    Vec::new()
                }
            })
            .collect();
        ix.joined_by_prefix = HashMap::default();
        ix.nb_off = Vec::with_capacity(lists.len() + 1);
        ix.nb_off.push(0);
        for l in lists {
            ix.nb.extend(l);
            ix.nb_off.push(ix.nb.len() as u32);
        }
        ix.key_post = (0..post_off.len())
            .map(|id| {
                let (lo, end) = (
                    post_off[id] as usize,
                    post_off.get(id + 1).map_or(post_off[id], |&e| e) as usize,
                );
                KeyPostings {
                    off: post_off[id],
                    init: ix.post_len[lo..end].partition_point(|&l| l & SIZE_INITIAL != 0) as u32,
                    bound: bound.get(id).copied().unwrap_or(0.0),
                }
            })
            .collect();
        ix.nb_sums = (0..ix.keys.len())
            .map(|id| {
                let nb = &ix.nb[ix.nb_off[id] as usize..ix.nb_off[id + 1] as usize];
                (ix.open_cost(nb), ix.heaviest(nb))
            })
            .collect();
        for name in 0..ix.len() as u32 {
            if let [t] = ix.token_ids(name) {
                if single_listed(&[ix.view(*t)]) {
                    ix.singles.entry(*t).or_default().push(name);
                }
            }
        }
        ix
    }

    /// How many postings the keys of a neighbour list hold (what opening
    /// it costs), saturating.
    fn open_cost(&self, nb: &[(u32, f32)]) -> u32 {
        nb.iter().fold(0u32, |c, &(id, _)| {
            c.saturating_add(self.key_post[id as usize + 1].off - self.key_post[id as usize].off)
        })
    }

    /// The most listed weight a key of a neighbour list stands for.
    fn heaviest(&self, nb: &[(u32, f32)]) -> f32 {
        nb.iter()
            .map(|&(id, _)| self.key_post[id as usize].bound)
            .fold(0.0, f32::max)
    }

    /// Where a name's posting sits among a key's postings: names with an
    /// initial first, then from the lightest name up. A search reads a
    /// common key's light names only (see [`Level`]), and every name with
    /// an initial, which may pair any query token without its postings.
    /// (Weights are positive, so their bits sort as they do.)
    fn posting_rank(m: &NameMeta) -> (bool, u32) {
        (m.size() & SIZE_INITIAL == 0, m.total.to_bits())
    }

    /// Renumbers the listed names in the order of their rarest token's key,
    /// then of their [`posting_rank`](Self::posting_rank) (ties keep their
    /// order): a search opens on rare tokens, so the names a neighbour list
    /// reaches, and their slots and metadata, then sit together instead of
    /// one cache line each across the whole list.
    fn cluster_names(&mut self, df: &[u32], postings: &mut [(u32, u32)]) {
        let rarest = |m: &NameMeta| {
            self.tokens_of(m)
                .iter()
                .filter(|&&t| t & INITIAL_BIT == 0)
                .min_by_key(|&&t| (df[t as usize], t))
                .map_or(u32::MAX, |&t| t)
        };
        let mut order: Vec<u32> = (0..self.meta.len() as u32).collect();
        order.sort_by_cached_key(|&n| {
            let m = &self.meta[n as usize];
            (rarest(m), Self::posting_rank(m))
        });
        let mut new_id = vec![0u32; order.len()];
        let mut toks = Vec::with_capacity(self.toks.len());
        let mut meta = Vec::with_capacity(self.meta.len());
        for (new, &old) in order.iter().enumerate() {
            new_id[old as usize] = new as u32;
            let mut m = self.meta[old as usize];
            let start = toks.len() as u32;
            toks.extend_from_slice(self.tokens_of(&m));
            m.start = start;
            meta.push(m);
        }
        self.toks = toks;
        self.meta = meta;
        self.entry = order.iter().map(|&o| self.entry[o as usize]).collect();
        self.alias = order.iter().map(|&o| self.alias[o as usize]).collect();
        self.lineage = order.iter().map(|&o| self.lineage[o as usize]).collect();
        for p in postings {
            p.1 = new_id[p.1 as usize];
        }
    }

    /// Vocabulary keys that pair with `key` as a token, with their token
    /// score, best first (see [`NameIndex::scored`]). A listed token's
    /// list, built once, seeks as [`Seek::Letters`]; a query token the
    /// lists lack seeks as [`Seek::Token`], as the letter keys would cost
    /// every misspelt token some 4% more time for pairs that rare.
    fn find_neighbours(
        &self,
        key: &str,
        seek: Seek,
        (cut, word): (bool, Word),
        keys: &mut Vec<u64>,
        ids: &mut Vec<u32>,
    ) -> Vec<(u32, f32)> {
        let qv = TokView {
            key,
            initial: false,
            written: 0,
            cut,
            word,
            weight: 1.0,
        };
        keys.clear();
        seek.keys(key, keys);
        if word == Word::Dropped {
            typo_keys(key, keys);
        }
        let mut out = self.score_reachable(key, keys, ids, seek, |id, other| {
            self.neighbour_score(&qv, id, other)
        });
        if cut {
            self.add_cut_neighbours(key, &mut out, |id, other| {
                self.neighbour_score(&qv, id, other)
            });
        }
        out
    }

    /// The score of vocabulary key `id` (`other`) as a neighbour of the
    /// token `qv`: by [`joined_key_score`] for a key that is only ever two
    /// listed tokens joined, else by [`token_score`].
    #[inline(always)]
    fn neighbour_score(&self, qv: &TokView<'_>, id: u32, other: &str) -> f64 {
        if self.joined_only[id as usize] {
            return joined_key_score(other, None, qv.key);
        }
        token_score(
            qv,
            &TokView {
                key: other,
                initial: false,
                written: 0,
                cut: false,
                word: self.word_at(id),
                weight: 1.0,
            },
        )
    }

    /// Adds to `out` (best first) the listed keys that a token cut short
    /// begins (`TARU` of `TARUDIN`, see [`CUT_SCORE`](crate::names::CUT_SCORE)),
    /// which its blocking keys may not reach.
    fn add_cut_neighbours(
        &self,
        key: &str,
        out: &mut Vec<(u32, f32)>,
        score: impl Fn(u32, &str) -> f64,
    ) {
        let before = out.len();
        for id in self.begun_by(key) {
            if !out[..before].iter().any(|&(seen, _)| seen == id) {
                let sc = score(id, self.keys.get(id as usize)) as f32;
                if sc > 0.0 {
                    out.push((id, sc));
                }
            }
        }
        out.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    }

    /// The listed tokens' keys that `key` begins and that are longer: keys
    /// are numbered in byte order, so they sit together, found by a binary
    /// search.
    fn begun_by<'a>(&'a self, key: &'a str) -> impl Iterator<Item = u32> + 'a {
        let n = self.keys.len() as u32;
        let (mut lo, mut hi) = (0u32, n);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.keys.get(mid as usize) <= key {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        (lo..n)
            .take_while(move |&id| self.keys.get(id as usize).starts_with(key))
            .filter(|&id| !self.joined_only[id as usize])
    }

    /// How a traveller's last word with this key is read where a field
    /// limit may have cut it (see
    /// [`NormName::cut_at`](crate::names::NormName::cut_at)): whole when a
    /// listed token has the key or it begins none; else cut short
    /// ([`CutReading::Begins`]) when it has [`CUT_MIN_LEN`] letters or
    /// more and begins at most [`MAX_CUT_KEYS`] listed keys; else, with
    /// two or three letters, as a piece of a name ([`CutReading::Piece`]).
    /// A longer word that begins more keys stays whole: it is as likely a
    /// word with a typo (`ABDULLH`, which begins every `ABDULLH-` key and
    /// pairs `ABDULLAH` by Jaro-Winkler) as a cut one.
    pub fn read_cut(&self, key: &str) -> CutReading {
        if self.lists_token(key) {
            return CutReading::Whole;
        }
        match self.begun_by(key).take(MAX_CUT_KEYS + 1).count() {
            0 => CutReading::Whole,
            n if n <= MAX_CUT_KEYS && key.len() >= CUT_MIN_LEN => CutReading::Begins,
            _ if key.len() <= CUT_MIN_LEN => CutReading::Piece,
            _ => CutReading::Whole,
        }
    }

    /// Vocabulary keys reachable from `key`, scored by `score`, those above
    /// 0 best first. A token reaches keys sharing one of its blocking keys
    /// (with [`Seek::Letters`], its [`letter_keys`] too), or with its first
    /// two letters and a length within three. A query's joined pair
    /// ([`Seek::Joined`]) pairs only a key within one letter of
    /// its length, at Jaro-Winkler 0.93 or more with the same first letter:
    /// its exact and one-deletion keys and a length window of one suffice.
    fn scored(
        &self,
        key: &str,
        seek: Seek,
        keys: &mut Vec<u64>,
        ids: &mut Vec<u32>,
        score: impl Fn(u32, &str) -> f64,
    ) -> Vec<(u32, f32)> {
        keys.clear();
        seek.keys(key, keys);
        self.score_reachable(key, keys, ids, seek, score)
    }

    /// The vocabulary keys that share one of the blocking `keys`, or have
    /// the first two letters of `key`, a length within the seek's
    /// [`window`](Seek::window) and pass the common-letter filter, scored
    /// by `score`, those above 0 best first. With window 1 (a joined pair,
    /// which pairs only a key within one letter of its length) every key
    /// farther is dropped unscored.
    fn score_reachable(
        &self,
        key: &str,
        keys: &[u64],
        ids: &mut Vec<u32>,
        seek: Seek,
        score: impl Fn(u32, &str) -> f64,
    ) -> Vec<(u32, f32)> {
        let window = seek.window();
        ids.clear();
        // Each key's bucket bounds first (see `load_ahead`).
        load_ahead(keys.iter().map(|&k| u64::from(self.blocks.bucket_start(k))));
        for &k in keys {
            self.blocks.get(k, ids);
        }
        let b = key.as_bytes();
        if b.len() >= 2 && key.is_ascii() {
            // A joined pair pairs by Jaro-Winkler at 0.93 on the whole
            // keys (unless it has an `Abd-` rest, compared apart).
            let joined_pair = if abd_rest(key).is_none() {
                could_pair_joined
            } else {
                could_pair
            };
            if let Some(list) = self.by_prefix.get(&[b[0], b[1]]) {
                let pair = if window == 1 { joined_pair } else { could_pair };
                scan_prefix(list, b, window, pair, ids);
            }
            if seek == Seek::Letters {
                if let Some(list) = self.joined_by_prefix.get(&[b[0], b[1]]) {
                    scan_prefix(list, b, 1, joined_pair, ids);
                }
            }
        }
        ids.sort_unstable();
        ids.dedup();
        if window == 1 {
            // A joined pair pairs a key within one letter of its length:
            // the others are told by their offsets, without their letters.
            ids.retain(|&id| self.keys.byte_len(id as usize).abs_diff(key.len()) <= 1);
        }
        // Each key's offsets and first byte first (see `load_ahead`): a
        // misspelt token scores some two hundred keys.
        load_ahead(ids.iter().map(|&id| {
            let key = self.keys.get(id as usize).as_bytes();
            u64::from(key.first().copied().unwrap_or(0))
        }));
        let mut out: Vec<(u32, f32)> = ids
            .iter()
            .filter_map(|&id| {
                let sc = score(id, self.keys.get(id as usize)) as f32;
                (sc > 0.0).then_some((id, sc))
            })
            .collect();
        out.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        out
    }

    /// Number of listed names (primary names and aliases).
    pub fn len(&self) -> usize {
        self.entry.len()
    }

    /// Whether no name is listed.
    pub fn is_empty(&self) -> bool {
        self.entry.is_empty()
    }

    /// The entry a listed name belongs to.
    pub fn entry_of(&self, name: u32) -> u32 {
        self.entry[name as usize]
    }

    /// Whose child listed name `name`'s patronymic marker says its
    /// bearer is, where it says.
    pub fn lineage_of(&self, name: u32) -> Option<Lineage> {
        self.lineage[name as usize]
    }

    /// 0 for an entry's primary name, n for its alias n-1.
    pub fn alias_of(&self, name: u32) -> u32 {
        self.alias[name as usize]
    }

    /// The weight of a token key (1 for keys no list has, capped by the
    /// common-token table).
    pub fn weight_of(&self, key: &str, rules: &NameRules) -> f32 {
        let w = self
            .ids
            .get(key)
            .map_or(1.0, |&id| self.keys.weight(id as usize));
        rules.common.get(key).map_or(w, |c| c.min(w))
    }

    /// Whether a word with this key is read as a typo ([`Word::Dropped`]):
    /// three ASCII letters that `rules` do not know as a name
    /// (`short_names`, `given_names`) and that the lists have in one
    /// listed name at most (a word they use again is a name there; see
    /// `word_for`). The table tells the common short names a small
    /// list lacks (`ADI` beside `ANDI`, `SRI` beside `SARI`). A listed word
    /// so read is the list's own typo (`SIT AMINAH` for `Siti Aminah`).
    pub fn reads_dropped(&self, key: &str, rules: &NameRules) -> bool {
        self.word_of(key, rules) == Word::Dropped
    }

    /// What a traveller's word with this key is known as: a typo
    /// ([`reads_dropped`](Self::reads_dropped)), a given name of
    /// `rules`, or nothing more; for a listed key, what the index knows
    /// it as (see `word_for`; a key that is only ever two listed tokens
    /// joined is in no listed name as a word).
    pub fn word_of(&self, key: &str, rules: &NameRules) -> Word {
        match self.ids.get(key) {
            Some(&id) => self.words[id as usize],
            None => word_for(key, 0, rules),
        }
    }

    /// What vocabulary key `id` is known as (see `words`).
    fn word_at(&self, id: u32) -> Word {
        self.words.get(id as usize).copied().unwrap_or(Word::Plain)
    }

    /// Whether a listed name has a token of this key.
    fn lists_token(&self, key: &str) -> bool {
        self.ids
            .get(key)
            .is_some_and(|&id| !self.joined_only[id as usize])
    }

    /// Token views of a listed name (initials weigh at most 0.3).
    fn views(&self, name: u32) -> Vec<TokView<'_>> {
        let mut out = Vec::new();
        self.views_into(name, &mut out);
        out
    }

    /// The token views of a listed name, into a reused buffer (the search
    /// loop would otherwise allocate once per candidate).
    fn views_into<'a>(&'a self, name: u32, out: &mut Vec<TokView<'a>>) {
        out.clear();
        out.extend(self.token_ids(name).iter().map(|&t| TokView {
            written: self.written_letter(t),
            ..self.view(t)
        }));
    }

    /// The first letter a listed token is written with beyond its key's
    /// ([`written`](Self::written)), or 0 (always for an initial, whose id
    /// carries [`INITIAL_BIT`]): what else an initial may pair it by. Read
    /// only where a traveller's initial meets a listed name, and by brute
    /// force.
    fn written_letter(&self, t: u32) -> u8 {
        self.written.get(&t).copied().unwrap_or(0)
    }

    /// The view of a listed token id (initials marked by [`INITIAL_BIT`]).
    fn view(&self, t: u32) -> TokView<'_> {
        TokView {
            key: self.keys.get((t & !INITIAL_BIT) as usize),
            initial: t & INITIAL_BIT != 0,
            written: 0,
            cut: false,
            word: self.word_at(t & !INITIAL_BIT),
            weight: self.listed_weight(t),
        }
    }

    /// The weight of a listed token (an initial weighs at most 0.3).
    fn listed_weight(&self, t: u32) -> f32 {
        let w = self.keys.weight((t & !INITIAL_BIT) as usize);
        if t & INITIAL_BIT != 0 {
            w.min(INITIAL_WEIGHT)
        } else {
            w
        }
    }

    fn father_of(&self, name: u32) -> Option<usize> {
        self.meta[name as usize].father()
    }

    /// Full comparison of a query with one listed name.
    pub fn compare(&self, q: &[TokView<'_>], q_father: Option<usize>, name: u32) -> Comparison {
        compare_views(q, q_father, &self.views(name), self.father_of(name))
    }

    /// Every listed name whose similarity with the query is at least
    /// `floor`, with that similarity. With `brute`, every listed name is
    /// aligned (the reference the index is measured against).
    pub fn search(
        &self,
        q: &[TokView<'_>],
        q_father: Option<usize>,
        floor: f64,
        brute: bool,
    ) -> Vec<(u32, f64)> {
        let mut out = Vec::new();
        if q.is_empty() {
            return out;
        }
        let mut listed = Vec::with_capacity(MAX_TOKENS);
        if brute {
            for name in 0..self.len() as u32 {
                self.views_into(name, &mut listed);
                let s = similarity_views(q, q_father, &listed, self.father_of(name));
                if s >= floor {
                    out.push((name, s));
                }
            }
            return out;
        }
        let nq = q.len();
        let q_weight = QueryWeight::of(q, q_father);
        SCRATCH.with(|s| {
            let mut s = s.borrow_mut();
            let s = &mut *s;
            let plan = self.plan(q, q_weight, floor, &mut s.keys, &mut s.ids, &mut s.cache);
            s.start(self.len());
            // Per unit, the keys of every other list as bits: a name that
            // holds none of them pairs no other query token.
            s.others.clear();
            s.others.resize(plan.units.len() * FILTER_WORDS, 0);
            for (ui, u) in plan.units.iter().enumerate().filter(|(_, u)| u.cut > 0.0) {
                let bits = &mut s.others[ui * FILTER_WORDS..(ui + 1) * FILTER_WORDS];
                bits[0] |= 1; // LONG_PRINT's place
                for (c, list) in plan.lists.iter().enumerate() {
                    if c != u.list {
                        for &(id, _) in list.iter() {
                            set_bit(bits, id as usize % CLOSED_BITS);
                        }
                    }
                }
            }
            for (ui, u) in plan.units.iter().enumerate() {
                self.gather(&plan, u, ui as u16, s);
            }
            // Each query token's (and joined pair's) score against every
            // key it pairs with: one row per key, one column per list.
            let stride = plan.lists.len();
            s.rows.clear();
            s.row_map.reset(plan.lists.iter().map(|l| l.len()).sum());
            for (i, list) in plan.lists.iter().enumerate() {
                for &(id, sc) in list.iter() {
                    let next = (s.rows.len() / stride) as u32;
                    let r = s.row_map.get_or_insert(id, next);
                    if r == next {
                        s.rows.resize(s.rows.len() + stride, 0.0);
                    }
                    s.rows[r as usize * stride + i] = sc;
                }
            }
            // Per level, the lists of closed tokens (and of joined pairs of
            // two), and the joined pairs closed tokens may pair.
            let closed_at: Vec<(Vec<usize>, PairReach)> = plan
                .levels
                .iter()
                .map(|lv| {
                    let cols = (0..stride)
                        .filter(|&c| match c.checked_sub(nq) {
                            None => lv.closed[c],
                            Some(k) => {
                                lv.closed[plan.joined_at[k]] && lv.closed[plan.joined_at[k] + 1]
                            }
                        })
                        .collect();
                    let pairs = PairReach::of(
                        (0..nq)
                            .filter(|&i| lv.closed[i] && !q[i].initial)
                            .map(|i| q[i].key),
                    );
                    (cols, pairs)
                })
                .collect();
            // Closed lists' keys in a filter that fits the cache: per
            // place, the first level at which a key there is closed (a hit
            // is checked against the rows).
            for &b in &s.closed_set {
                s.closed_from[usize::from(b)] = u8::MAX;
            }
            s.closed_set.clear();
            s.closed_from.resize(CLOSED_BITS, u8::MAX);
            for (k, (cols, _)) in closed_at.iter().enumerate() {
                for &c in cols {
                    for &(id, _) in plan.lists[c].iter() {
                        let b = id as usize % CLOSED_BITS;
                        if s.closed_from[b] == u8::MAX {
                            s.closed_from[b] = k as u8;
                            s.closed_set.push(b as u16);
                        }
                    }
                }
            }
            // LONG_PRINT's place counts as closed from the first level.
            if s.closed_from[0] == u8::MAX {
                s.closed_set.push(0);
            }
            s.closed_from[0] = 0;
            let closed_from = &s.closed_from;
            let maybe_closed =
                |id: u32, k: usize| usize::from(closed_from[id as usize % CLOSED_BITS]) <= k;
            let checkable = !q.iter().any(|t| t.initial);
            // Whether a token closed at level `k` may pair a token of the
            // name, or two of its tokens joined, from what its postings
            // carry (a set filter bit is checked against the rows later).
            let may_pair_closed = |a: &Acc, k: usize| {
                closed_at[k].1.hits(a.joined)
                    || maybe_closed(u32::from(a.key), k)
                    || (0..HEAD_TOKENS)
                        .any(|l| maybe_closed(u32::from((a.print >> (16 * l)) as u16), k))
            };
            // The first bound, from what the postings gathered: most names
            // fail it, before their metadata is read. Each place is written
            // and kept where the name passes. (The bar sits a little lower,
            // so that f32 rounding never turns away a name at it.)
            let bar = floor as f32 - 1e-5;
            // What the query's tokens reach of a name's pairs joined.
            let query_reach = PairReach::of(q.iter().map(|t| t.key));
            let shape = Shape {
                tokens: nq,
                weight: q_weight,
                joins: if plan.joined_at.is_empty() { 0 } else { nq / 2 },
                reach: &query_reach,
            };
            s.first.clear();
            s.first.resize(s.acc.len(), 0);
            s.first_joins.clear();
            s.first_joins.resize(s.acc.len(), false);
            let mut kept = 0;
            for (i, a) in s.acc.iter().enumerate() {
                s.first[kept] = i as u32;
                let k = plan.level(a.total);
                let lv = &plan.levels[k];
                let mut r = self.bound(a, shape, Unread::closed(lv.spare, lv.reach), bar);
                // The bound let closed tokens pair the name's unmatched
                // tokens; where none can, it is tighter without them.
                if r != Reach::No && checkable && lv.spare > 0.0 && !may_pair_closed(a, k) {
                    r = self.bound(a, shape, Unread::closed(0.0, 0.0), bar);
                }
                s.first_joins[kept] = r == Reach::WithJoins;
                kept += usize::from(r != Reach::No);
            }
            s.first.truncate(kept);
            s.first_joins.truncate(kept);
            // The metadata of those left, in one pass (independent loads
            // overlap; in the loop below they would wait one by one).
            s.metas.clear();
            s.metas.extend(
                s.first
                    .iter()
                    .map(|&i| self.meta[s.touched[i as usize] as usize]),
            );
            let s = &*s;
            let row = |id: usize| {
                s.row_map.get(id as u32).map(|r| {
                    let at = r as usize * stride;
                    &s.rows[at..at + stride]
                })
            };
            // Whether a token (or pair) closed at level `k` can pair a
            // token of the name or two of its tokens joined.
            let closed_reach = |a: &Acc, m: &NameMeta, k: usize| {
                let (closed_cols, pairs) = &closed_at[k];
                if pairs.hits(a.joined) {
                    return true;
                }
                self.tokens_of(m).iter().any(|&t| {
                    t & INITIAL_BIT == 0
                        && maybe_closed(t, k)
                        && row(t as usize).is_some_and(|r| closed_cols.iter().any(|&c| r[c] > 0.0))
                })
            };
            // Names with an initial are read whole by every unit (see
            // `gather`), so beyond what was read only their initials pair,
            // unless the query has an initial (which pairs by its letter,
            // in no list) or two closed tokens joined pair a listed key
            // (closed joined pairs read nothing). The alignment scores two
            // adjacent tokens joined from their letters, beyond the lists:
            // a name where two of its tokens joined may pair a query token,
            // or one of its tokens two query tokens joined, keeps the loose
            // bound.
            let initials_known = checkable
                && plan.joined_at.iter().enumerate().all(|(k, &i)| {
                    !(plan.levels[0].closed[i] && plan.levels[0].closed[i + 1])
                        || plan.lists[nq + k].is_empty()
                });
            // The query's adjacent pairs that may be joined are the plan's
            // joined lists: by first letter and joined length.
            let joined_shapes = || {
                plan.joined_at.iter().map(|&i| {
                    let (x, y) = (q[i].key, q[i + 1].key);
                    (x.as_bytes().first().copied(), x.len() + y.len())
                })
            };
            let joined_reach = PairReach::of_shapes(joined_shapes());
            let shortest_joined = joined_shapes().map(|(_, l)| l).min().unwrap_or(usize::MAX);
            let only_initials_unread = |a: &Acc, m: &NameMeta| {
                !query_reach.hits(a.joined)
                    && (m.longest().saturating_add(1) < shortest_joined
                        || self.tokens_of(m).iter().all(|&t| {
                            let key = self.keys.get((t & !INITIAL_BIT) as usize);
                            t & INITIAL_BIT != 0 || !joined_reach.holds(key)
                        }))
            };
            let mut pass = Vec::new();
            for (k, (&i, m)) in s.first.iter().zip(&s.metas).enumerate() {
                let a = &s.acc[i as usize];
                // The bound let closed tokens pair the name's unmatched
                // tokens; where none can, it is tighter without them. (The
                // bound first: it reads nothing, the check reads rows.)
                let lv = plan.level(a.total);
                if checkable
                    && plan.levels[lv].spare > 0.0
                    && !self.reaches(a, shape, Unread::closed(0.0, 0.0), bar)
                    && !closed_reach(a, m, lv)
                {
                    continue;
                }
                // A name with an initial was read whole by every unit, the
                // closed tokens' too: what it may pair beyond that is its
                // initials, each one query token at its own weight.
                if initials_known && a.size & SIZE_INITIAL != 0 && only_initials_unread(a, m) {
                    let initials = self
                        .tokens_of(m)
                        .iter()
                        .filter(|&&t| t & INITIAL_BIT != 0)
                        .map(|&t| self.listed_weight(t))
                        .sum();
                    let unread = Unread {
                        initials,
                        ..Unread::closed(0.0, 0.0)
                    };
                    if !self.reaches(a, shape, unread, bar) {
                        continue;
                    }
                }
                // Where the bound needs joins (two tokens joined count as
                // one), the name is checked as the alignment would join:
                // first by what its metadata and postings tell (a token
                // long enough for two query tokens joined, or pairs of its
                // own that may pair a query token), then by its keys.
                if s.first_joins[k] {
                    let fits = (shape.joins > 0
                        && m.longest().saturating_add(1) >= shortest_joined)
                        || shape.reaches_pairs(a.joined);
                    if !fits {
                        continue;
                    }
                    let mut listed = Vec::with_capacity(MAX_TOKENS);
                    listed.extend(self.tokens_of(m).iter().map(|&t| self.view(t)));
                    if !may_join(q, q_father, &listed, m.father()) {
                        continue;
                    }
                }
                pass.push(k);
            }
            // The token views of the names to align, in one pass: their
            // keys and weights are loads at random, which overlap here
            // and would wait one by one inside the alignment loop.
            // So are their rows: the start of each token's row in `rows`
            // (`NO_ROW` where the query's lists do not hold it).
            const NO_ROW: u32 = u32::MAX;
            let mut views = Vec::with_capacity(pass.len() * 4);
            let mut row_at = Vec::with_capacity(pass.len() * 4);
            for &i in &pass {
                for &t in self.tokens_of(&s.metas[i]) {
                    views.push(self.view(t));
                    let r = s.row_map.get(t & !INITIAL_BIT);
                    row_at.push(r.map_or(NO_ROW, |r| r * stride as u32));
                }
            }
            let mut at = 0;
            for &i in &pass {
                let m = &s.metas[i];
                let ids = self.tokens_of(m);
                let listed = &views[at..at + ids.len()];
                let rows_at = &row_at[at..at + ids.len()];
                at += ids.len();
                // Pairs the query's neighbour lists do not hold do not pair
                // (initials pair by their first letter).
                let score = |i: usize, j: usize| {
                    if ids[j] & INITIAL_BIT != 0 {
                        return token_score(&q[i], &listed[j]);
                    }
                    if q[i].initial {
                        // The letters the listed key is written with.
                        let written = TokView {
                            written: self.written_letter(ids[j]),
                            ..listed[j]
                        };
                        return token_score(&q[i], &written);
                    }
                    match rows_at[j] {
                        NO_ROW => 0.0,
                        r => f64::from(s.rows[r as usize + i]),
                    }
                };
                // Each token's best score first (the rows, joined pairs by
                // their letters; the name's own pairs only where its
                // postings tell one may pair): a name that cannot reach the
                // floor with them is not aligned.
                let own_joins = query_reach.hits(s.acc[s.first[i] as usize].joined);
                if !may_reach(q, q_father, listed, m.father(), own_joins, bar, score) {
                    continue;
                }
                let sim = similarity_scored(q, q_father, listed, m.father(), score);
                if sim >= floor {
                    out.push((s.touched[s.first[i] as usize], sim));
                }
            }
            self.search_singles(q, q_father, &plan, floor, &mut out);
        });
        out
    }

    /// Adds to `out` the listed names of one rare word (`singles`) that
    /// a query token, or two joined, pairs and that reach `floor`: the
    /// plan may have closed that token, and the bound of a single word
    /// standing for a longer name is its own (see [`single_listed`]).
    fn search_singles(
        &self,
        q: &[TokView<'_>],
        q_father: Option<usize>,
        plan: &Plan<'_>,
        floor: f64,
        out: &mut Vec<(u32, f64)>,
    ) {
        // Only a traveller of two names or more, with no father's part,
        // stands so for a single listed word (see `single_listed`), and
        // only where a token pairs it exactly: the lists' first keys
        // (best first), those at a score of 1.
        if self.singles.is_empty() || q.len() < 2 || q_father.is_some() {
            return;
        }
        let own = q.iter().filter_map(|t| self.ids.get(t.key).copied());
        let listed_keys = plan.lists.iter().flat_map(|l| {
            l.iter()
                .take_while(|&&(_, sc)| sc >= 1.0)
                .map(|&(id, _)| id)
        });
        let mut listed = Vec::with_capacity(1);
        for id in own.chain(listed_keys) {
            for &name in self.singles.get(&id).map_or(&[][..], Vec::as_slice) {
                if out.iter().any(|&(n, _)| n == name) {
                    continue;
                }
                self.views_into(name, &mut listed);
                let sim = similarity_views(q, q_father, &listed, None);
                if sim >= floor {
                    out.push((name, sim));
                }
            }
        }
    }

    /// The vocabulary ids of a listed name's tokens (initials marked by
    /// [`INITIAL_BIT`]).
    fn token_ids(&self, name: u32) -> &[u32] {
        self.tokens_of(&self.meta[name as usize])
    }

    /// [`token_ids`](Self::token_ids) from a name's metadata already read.
    fn tokens_of<'a>(&'a self, m: &'a NameMeta) -> &'a [u32] {
        let n = usize::from(m.len);
        if n <= HEAD_TOKENS {
            &m.head[..n]
        } else {
            &self.toks[m.start as usize..m.start as usize + n]
        }
    }

    /// Reads the postings of every vocabulary key that pairs with unit `u`
    /// (its neighbour list in `plan`), adding to each listed name's
    /// accumulator.
    ///
    /// A key's postings hold names with an initial first (all read), then
    /// the others from the lightest up, read below the unit's cut. From
    /// the key's solo weight up, a name counts only if it may pair another
    /// query token: a token of it in another list (by the unit's filter
    /// in `s.others`), two of its tokens joined with the first letter and
    /// a length within one of another query token, or more tokens than its
    /// posting shows. The key's solo weight is the unit's `solo` for a
    /// perfect pair with its heaviest neighbour, and lighter for a key
    /// that scores less or stands for less listed weight.
    fn gather(&self, plan: &Plan<'_>, u: &Unit, ui: u16, s: &mut Scratch) {
        // Each key's range first, for all keys: their records and cuts are
        // loads at random, which overlap here and would wait one by one
        // between the keys' postings.
        let mut spans = std::mem::take(&mut s.spans);
        spans.clear();
        for &(id, sc) in plan.lists[u.list].iter() {
            let (k, next) = (
                self.key_post[id as usize],
                self.key_post[id as usize + 1].off,
            );
            let init = k.init as usize;
            if u.cut <= 0.0 && init == 0 {
                continue;
            }
            let lw = k.bound;
            let (lo, end) = (k.off as usize, next as usize);
            // Names with an initial first, then from the lightest name up.
            let light = lo + init;
            let hi = light + lighter_than(&self.post_total[light..end], u.cut);
            // A name that pairs this key and no other query token pairs
            // it at its token score: below 1, or with a lighter key than
            // the unit's heaviest, it falls below the bar from a lighter
            // weight than `u.solo`.
            let solo_w = plan.heavy.solo(u.weight, lw, sc).min(u.solo);
            let solo = light + lighter_than(&self.post_total[light..hi], solo_w);
            spans.push(Span {
                lo: lo as u32,
                solo: solo as u32,
                hi: hi as u32,
                score: sc,
                listed: lw,
                id,
            });
        }
        let at_bits = usize::from(ui) * FILTER_WORDS;
        let mut sel = std::mem::take(&mut s.sel);
        for span in &spans {
            let (lo, solo, hi) = (span.lo as usize, span.solo as usize, span.hi as usize);
            let hit = Hit {
                unit: ui,
                weight: u.weight,
                score: span.score,
                listed: span.listed,
                key: span.id as u16,
            };
            sel.clear();
            sel.extend(lo as u32..solo as u32);
            let bits: &[u64; FILTER_WORDS] = s.others[at_bits..at_bits + FILTER_WORDS]
                .try_into()
                .expect("a unit's filter is FILTER_WORDS long");
            // A posting's print leaves its key out (see `post_print`):
            // where another list holds the key, the name pairs another
            // query token by it, or pairs the unit by a token of its own
            // or by the key and its neighbour joined.
            let reach = if bit(bits, span.id as usize & 0xFFFF) != 0 {
                &u.own_joined
            } else {
                &u.other_joined
            };
            let filter = postfilter::Filter {
                others: bits,
                reach: &reach.0,
            };
            filter.select(
                &self.post_print[solo..hi],
                &self.post_joined[solo..hi],
                solo as u32,
                &mut sel,
            );
            for block in sel.chunks(64) {
                // The block's slots first (see `load_ahead`).
                load_ahead(
                    block
                        .iter()
                        .map(|&at| u64::from(s.slot[self.post[at as usize] as usize])),
                );
                for &at in block {
                    s.add(self, self.post[at as usize], at as usize, &hit);
                }
            }
        }
        s.sel = sel;
        s.spans = spans;
    }

    /// The neighbour list computed at build time for a token key the
    /// lists have, with its [`nb_sums`](Self::nb_sums) entry.
    fn known_neighbours(&self, key: &str) -> Option<(&[(u32, f32)], ListSums)> {
        let id = *self.ids.get(key)? as usize;
        let (lo, hi) = (self.nb_off[id] as usize, self.nb_off[id + 1] as usize);
        (lo < hi).then(|| (&self.nb[lo..hi], self.nb_sums[id]))
    }

    /// Chooses the query tokens that open candidates.
    ///
    /// A listed name that pairs only closed tokens must not be able to
    /// reach the bar `θ`. With `A` the closed tokens' query weight, `B` the
    /// most listed weight they pair (each token its heaviest neighbour's,
    /// an initial its own, a joined pair its best joined neighbour's) and
    /// `Q` the query's weight, such a name scores at most
    /// `(A + B) / (A + B + f·(Q − A))`, `f` the least unpaired-weight
    /// factor of the traveller's side (a half, a quarter when `B` could be
    /// a partial alias). Within that, the tokens whose neighbours carry the
    /// most postings are closed first: a typo of `MUHAMMAD` reaches tens of
    /// thousands of names and opens nothing next to a rarer `CINDY`.
    /// Initials never open. Joined neighbours open when either token does.
    ///
    /// A heavier name is harder to reach: of weight `T > B`, it scores at
    /// most `(A + B) / (A + B + fa·(Q − A) + fb·(T − B))`. So the open
    /// tokens close too, the costliest first, each from the listed weight
    /// at which the rule holds without it ([`Level`]); a unit's postings
    /// are read below that weight only. The same bound, for a name that
    /// pairs one unit and nothing else, gives the unit's `solo` weight.
    fn plan<'a>(
        &'a self,
        q: &[TokView<'_>],
        q_weight: QueryWeight,
        floor: f64,
        keys: &mut Vec<u64>,
        ids: &mut Vec<u32>,
        cache: &mut NbCache,
    ) -> Plan<'a> {
        if cache.index != self.uid {
            *cache = NbCache {
                index: self.uid,
                ..NbCache::default()
            };
        }
        let theta = floor.clamp(0.0, 1.0) as f32;
        let mut nbs: Vec<Neighbours<'a>> = Vec::with_capacity(q.len());
        // (cost, the most listed weight it pairs) per token.
        let mut per: Vec<(u64, f32)> = Vec::with_capacity(q.len());
        for t in q {
            if t.initial {
                nbs.push(Neighbours::Built(&[]));
                per.push((0, t.weight));
            } else {
                // A word read cut short or with a letter dropped has
                // neighbours that the built list of its key lacks.
                let built = if t.cut || t.word == Word::Dropped {
                    None
                } else {
                    self.known_neighbours(t.key)
                };
                let (nb, (cost, heavy)) = match built {
                    Some((nb, sums)) => (Neighbours::Built(nb), sums),
                    None => {
                        // A token cut short has more neighbours than the
                        // same key whole: kept apart (`<` is in no key).
                        let mut cached = std::mem::take(&mut cache.parts);
                        cached.clear();
                        cached.push_str(t.key);
                        if t.cut {
                            cached.push('<');
                        }
                        if t.word == Word::Dropped {
                            cached.push('>');
                        }
                        let nb = cache.get_or(false, &cached, || {
                            let reading = (t.cut, t.word);
                            self.find_neighbours(t.key, Seek::Token, reading, keys, ids)
                        });
                        cache.parts = cached;
                        let sums = (self.open_cost(&nb), self.heaviest(&nb));
                        (Neighbours::Cached(nb), sums)
                    }
                };
                per.push((u64::from(cost), heavy.max(t.weight.min(INITIAL_WEIGHT))));
                nbs.push(nb);
            }
        }
        // Adjacent pairs joined (`NUR AINI` for `NURAINI`), neither an
        // initial; across a patronymic marker too, for listed names
        // without one (the alignment decides, see `joinable`).
        let mut joined: Vec<(usize, Neighbours<'a>)> = Vec::new();
        for i in 0..q.len().saturating_sub(1) {
            if !q[i].initial && !q[i + 1].initial {
                // Listed tokens only: a listed joined pair is two tokens,
                // which the query's tokens reach one by one.
                let split = Some(q[i].key.len());
                let mut parts = std::mem::take(&mut cache.parts);
                parts.clear();
                parts.push_str(q[i].key);
                parts.push(' ');
                parts.push_str(q[i + 1].key);
                let nb = cache.get_or(true, &parts, || {
                    let key = format!("{}{}", q[i].key, q[i + 1].key);
                    let score = |id: u32, other: &str| {
                        if self.joined_only[id as usize] {
                            0.0
                        } else {
                            joined_key_score(&key, split, other)
                        }
                    };
                    // A part of one or two letters pairs the same key only.
                    if q[i].key.len() < 3 || q[i + 1].key.len() < 3 {
                        return self.ids.get(key.as_str()).map_or(Vec::new(), |&id| {
                            let sc = score(id, &key) as f32;
                            if sc > 0.0 {
                                vec![(id, sc)]
                            } else {
                                Vec::new()
                            }
                        });
                    }
                    self.scored(&key, Seek::Joined, keys, ids, score)
                });
                cache.parts = parts;
                joined.push((i, Neighbours::Cached(nb)));
            }
        }
        let mut closed: Vec<bool> = q.iter().map(|t| t.initial).collect();
        let closed_weight = |closed: &[bool]| -> f32 {
            q.iter()
                .zip(closed)
                .filter(|(_, &c)| c)
                .map(|(t, _)| t.weight)
                .sum()
        };
        // The closed tokens' query weight `A`, the most listed weight they
        // pair `B`, and the least unpaired-weight factor of the traveller's
        // side for a name they pair whole.
        let weights = |closed: &[bool]| -> (f32, f32, f32) {
            let a = closed_weight(closed);
            let mut b: f32 = per
                .iter()
                .zip(closed)
                .filter(|(_, &c)| c)
                .map(|(p, _)| p.1)
                .sum();
            for (i, nb) in &joined {
                if closed[*i] && closed[i + 1] {
                    b += (self.heaviest(nb) - per[*i].1 - per[i + 1].1).max(0.0);
                }
            }
            let f = if b >= SUBSET_MIN_WEIGHT {
                SUBSET_FACTOR as f32
            } else {
                0.5
            };
            (a, b, f)
        };
        let allowed = |closed: &[bool]| -> Option<(f32, f32)> {
            let (a, b, f) = weights(closed);
            let unpaired = q_weight.unpaired(a);
            ((a + b) * (1.0 - theta) < theta * f * unpaired - 1e-4).then_some((a, b))
        };
        let heavy = Heavy {
            q_weight,
            theta,
            alias: q.iter().any(|t| t.initial),
            initials: q.iter().filter(|t| t.initial).map(|t| t.weight).sum(),
        };
        let mut order: Vec<usize> = (0..q.len()).filter(|&i| !q[i].initial).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(per[i].0));
        for &i in &order {
            closed[i] = true;
            if allowed(&closed).is_none() {
                closed[i] = false;
            }
        }
        let (spare, reach) = allowed(&closed).unwrap_or_else(|| {
            // Initials alone break the rule (a tiny bar): count them anyway.
            let a = closed_weight(&closed);
            (a, a)
        });
        // The open tokens close one by one, the costliest first, each from
        // the listed weight at which the rule holds without it. Its
        // postings are read below that weight only.
        let mut levels = vec![Level {
            from: 0.0,
            spare,
            reach,
            closed: closed.clone(),
        }];
        let mut cut = vec![0.0f32; q.len()];
        let mut shut = closed.clone();
        for &i in order.iter().filter(|&&i| !closed[i]) {
            shut[i] = true;
            let (a, b, _) = weights(&shut);
            let from = heavy.from(a, b, a + b).max(levels[levels.len() - 1].from);
            cut[i] = from + CUT_MARGIN;
            levels.push(Level {
                from,
                spare: a,
                reach: b,
                closed: shut.clone(),
            });
        }
        let joined_but = |a: usize, b: usize| {
            PairReach::of(
                (0..q.len())
                    .filter(|&j| j != a && j != b && !q[j].initial)
                    .map(|j| q[j].key),
            )
        };
        let solo = |w: f32, b: f32| heavy.solo(w, b, 1.0);
        let mut units: Vec<Unit> = Vec::new();
        for (i, (t, &c)) in q.iter().zip(&closed).enumerate() {
            if c && !t.initial {
                // A listed initial may stand for an open token, so a name
                // with one may pair only closed tokens beside it (`ALI H.`
                // for `ALI HASSAN`, `ALI` closed): a closed token reads
                // the names with an initial, which its postings hold first.
                units.push(Unit {
                    weight: t.weight,
                    list: i,
                    cut: 0.0,
                    solo: 0.0,
                    other_joined: PairReach::of(std::iter::empty()),
                    own_joined: PairReach::of(std::iter::empty()),
                });
            } else if !c {
                units.push(Unit {
                    weight: t.weight,
                    list: i,
                    cut: cut[i],
                    solo: solo(t.weight, per[i].1),
                    other_joined: joined_but(i, i),
                    own_joined: joined_but(usize::MAX, usize::MAX),
                });
            }
        }
        let mut lists = nbs;
        let joined_at = joined.iter().map(|j| j.0).collect();
        for (k, (i, nb)) in joined.into_iter().enumerate() {
            if !closed[i] || !closed[i + 1] {
                let weight = q[i].weight + q[i + 1].weight;
                let b = self.heaviest(&nb).max(per[i].1 + per[i + 1].1);
                units.push(Unit {
                    weight,
                    list: q.len() + k,
                    cut: cut[i].max(cut[i + 1]),
                    solo: solo(weight, b),
                    other_joined: joined_but(i, i + 1),
                    own_joined: joined_but(i, i + 1),
                });
            }
            lists.push(nb);
        }
        Plan {
            lists,
            units,
            joined_at,
            levels,
            heavy,
        }
    }

    /// Whether an upper bound of the similarity of a candidate, from what
    /// it matched (see the module notes), reaches `bar`; `spare` is the
    /// weight of query tokens that open nothing, assumed to pair
    /// perfectly, up to `reach`, where the name has room. `initials` is
    /// the listed weight of the name's initials where known (infinite
    /// where not): an initial pairs one query token, and counts only its
    /// own weight as paired on either side. `q` says how many tokens the
    /// query has and may join, for the unpaired-weight factors.
    #[inline(always)]
    fn reaches(&self, a: &Acc, q: Shape, unread: Unread, bar: f32) -> bool {
        self.bound(a, q, unread, bar) != Reach::No
    }

    /// [`reaches`](Self::reaches), telling apart a name that reaches the
    /// bar only where two tokens joined count as one.
    #[inline(always)]
    fn bound(&self, a: &Acc, q: Shape, unread: Unread, bar: f32) -> Reach {
        let Shape {
            tokens: nq,
            weight: q_weight,
            joins: q_joins,
            ..
        } = q;
        let Unread {
            spare,
            reach,
            initials,
        } = unread;
        let q_total = q_weight.total;
        let nl = usize::from(a.size & !(SIZE_INITIAL | SIZE_FATHER));
        let has_initial = a.size & SIZE_INITIAL != 0;
        // A name with a father's part weighs at most twice its `total`
        // (the part spared is at most half of it): what the subset rule
        // below must assume.
        let l_total = a.total;
        let l_most = if a.size & SIZE_FATHER != 0 {
            2.0 * l_total
        } else {
            l_total
        };
        let ml = a.ml.min(l_total);
        let room = (l_total - ml).max(0.0);
        // Tokens that open nothing may pair the name's unmatched tokens,
        // and those may weigh more than they do (an initial `O` against
        // `OBREGON`, a common `MARIA` against a rare `MARIAH`): assume they
        // pair as much as their heaviest neighbours weigh (`reach`).
        // An initial of the name may pair any query token, even one that
        // opened nothing here.
        let open = usize::from(a.units) < nl;
        let (eq, el) = if open && has_initial {
            ((q_total - a.mq).max(0.0).min(initials), room.min(initials))
        } else if open && spare > 0.0 {
            (spare, room.min(reach))
        } else {
            (0.0, 0.0)
        };
        let mq = (a.mq + eq).min(q_total);
        let ml = ml + el;
        let num = a.sq.min(a.mq) + eq + a.sl.min(a.ml) + el;
        // A shorter listed name may be paired whole (the subset discount)
        // when it weighs enough; the bound assumes it is. (A listed single
        // word standing for a longer name is left out: `search_singles`
        // finds those.)
        let (uq, ul) = (q_weight.unpaired(mq), (l_total - ml).max(0.0));
        let cover = if l_most >= SUBSET_MIN_WEIGHT {
            Cover::Subset
        } else {
            Cover::Part
        };
        let (fa, fb) = unmatched_factors(nq, nl, cover);
        // num / den >= bar, without the division.
        let reaches_bar = |den: f32| den > 0.0 && num >= bar * den;
        if reaches_bar(mq + ml + fa as f32 * uq + fb as f32 * ul) {
            return Reach::Yes;
        }
        // Two tokens aligned joined count as one when the lengths are
        // compared: the bound takes the most favourable count the joins
        // allow (the name's own pairs only where one may pair a query
        // token). Joins only lower the denominator, so this is needed
        // only where the bound fails without them.
        let listed_joins = if q.reaches_pairs(a.joined) { nl / 2 } else { 0 };
        if (q_joins, listed_joins) == (0, 0) {
            return Reach::No;
        }
        let unpaired = reachable_factors(nq, nl, (q_joins, listed_joins), cover)
            .map(|(fa, fb)| fa as f32 * uq + fb as f32 * ul)
            .fold(f32::INFINITY, f32::min);
        if reaches_bar(mq + ml + unpaired) {
            Reach::WithJoins
        } else {
            Reach::No
        }
    }

    /// Number of vocabulary keys (tokens and joined neighbours; for reports).
    pub fn vocabulary(&self) -> usize {
        self.keys.len()
    }
}

/// Normalises every name of every entry for [`NameIndex::build`].
pub fn normalise_all(
    entries: &[crate::model::WatchlistEntry],
    rules: &NameRules,
) -> Vec<(u32, u32, NormName)> {
    let mut out = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        for (a, n) in std::iter::once(&e.full_name).chain(&e.aliases).enumerate() {
            let nn = normalise(n, rules);
            if !nn.tokens.is_empty() {
                out.push((i as u32, a as u32, nn));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::{builtin_rules, views};

    fn index<S: AsRef<str>>(names: &[S]) -> NameIndex {
        let r = builtin_rules();
        let all = names
            .iter()
            .enumerate()
            .map(|(i, n)| (i as u32, 0, normalise(n.as_ref(), r)))
            .collect();
        NameIndex::build(all, r)
    }

    /// Names whose only pair is two of their own tokens joined (`BEN TE`
    /// for `BENTE`) have no row for those tokens: the bound before the
    /// alignment must still score the pair, or it turns them away.
    #[test]
    fn a_name_paired_by_its_own_tokens_joined_is_aligned() {
        let ix = index(&[
            "Ben TE",
            "Rosa ALI",
            "Alan HAJJI",
            "Maria Lopez",
            "Ben Affleck",
        ]);
        assert_eq!(found(&ix, "Bente Frea", false), vec![0]);
        finds_as_brute_force(&ix, &["Bente Frea", "Rosalie Kimberly", "AL-SANHAJI Juan"]);
    }

    /// Asserts that the index finds, for each query, what brute force finds.
    fn finds_as_brute_force(ix: &NameIndex, queries: &[&str]) {
        for q in queries {
            assert_eq!(found(ix, q, false), found(ix, q, true), "{q}");
        }
    }

    /// The entries (input positions) whose name the search finds.
    fn found(ix: &NameIndex, q: &str, brute: bool) -> Vec<u32> {
        found_reading(ix, q, brute, false)
    }

    /// [`found`], with the query's three-letter words read as typos
    /// where the index says so (as a screen does, see
    /// [`NameIndex::reads_dropped`]) when `typos`.
    fn found_reading(ix: &NameIndex, q: &str, brute: bool, typos: bool) -> Vec<u32> {
        let r = builtin_rules();
        let n = normalise(q, r);
        let w = |k: &str| ix.weight_of(k, r);
        let mut v = views(&n, &w);
        for t in v.iter_mut().filter(|_| typos) {
            t.word = ix.word_of(t.key, r);
        }
        let mut hits: Vec<u32> = ix
            .search(&v, n.father_from, 0.8, brute)
            .into_iter()
            .map(|h| ix.entry_of(h.0))
            .collect();
        hits.sort_unstable();
        hits
    }

    #[test]
    fn words_read_with_a_letter_dropped_are_found_as_brute_force_finds_them() {
        let ix = index(&[
            "Lisa Brooks",
            "Lina Brooks",
            "Luna Brooks",
            "Lisa Brook Tan",
            "Mark Lee Hartono",
            "Mirk Lee Hartono",
            "Marko Hartono",
            "Kung Fatimah",
            "King Fatimah",
            "Andi Susanto",
            "Tan Ah Kow",
            "Nurul Ain binti Abdullah",
            "Ali bin Omar",
            "Eko Prasetyo",
            "Lim Kok Wai",
        ]);
        let found = |q: &str, brute: bool| found_reading(&ix, q, brute, true);
        for q in [
            "LSA BROOKS",
            "LNA BROOKS",
            "MRK LEE HARTONO",
            "KNG FATIMAH",
            "FATIMAH KUG",
            "ADI SUSANTO",
            "LSA BROOK TAN",
            "TNA AH KOW",
            "FATIMAH KGN",
            "NURUL AIN BINTI ABDULLHA",
            "ALO BIN OMAR",
            "EPO PRASETYO",
            "EKI PRASETYO",
            "OLI BIN OMAR",
            "LIM KOK WAH",
        ] {
            assert_eq!(found(q, false), found(q, true), "{q}");
        }
        // `LNA` is `LINA` or `LUNA` (and `LISA BROOKS` falls short).
        assert_eq!(found("LNA BROOKS", false), vec![1, 2]);
        assert_eq!(found("KNG FATIMAH", false), vec![7, 8]);
        assert!(found("ADI SUSANTO", false).is_empty());
        assert_eq!(found("TNA AH KOW", false), vec![10]);
        // A swap in `Abdullah`'s short rest (`LAH`) is a typo too.
        assert_eq!(found("NURUL AIN BINTI ABDULLHA", false), vec![11]);
        // A letter changed, not the first, by the middle letter or the
        // last; `WAH` is a name of the table, and so read as written.
        assert_eq!(found("ALO BIN OMAR", false), vec![12]);
        assert_eq!(found("EPO PRASETYO", false), vec![13]);
        assert_eq!(found("EKI PRASETYO", false), vec![13]);
        assert!(found("OLI BIN OMAR", false).is_empty());
        assert!(found("LIM KOK WAH", false).is_empty());
    }

    #[test]
    fn listed_words_read_as_typos_are_found_as_brute_force_finds_them() {
        // The list's own typos: a word in one listed name only, no name
        // of the tables. `KNG` is in two listed names, so read as written.
        let ix = index(&[
            "Sit Aminah",
            "Eok Prasetyo",
            "Alo bin Omar",
            "Kng Hartono",
            "Kng Wibowo",
            "Siti Rahayu",
            "Lsa Brooks",
        ]);
        let found = |q: &str, brute: bool| found_reading(&ix, q, brute, true);
        for q in [
            "SITI AMINAH",
            "EKO PRASETYO",
            "ALI BIN OMAR",
            "KING HARTONO",
            "STI AMINAH",
            "SIT RAHAYU",
            "LISA BROOKS",
        ] {
            assert_eq!(found(q, false), found(q, true), "{q}");
        }
        assert_eq!(found("SITI AMINAH", false), vec![0]);
        assert_eq!(found("EKO PRASETYO", false), vec![1]);
        assert_eq!(found("ALI BIN OMAR", false), vec![2]);
        assert!(found("KING HARTONO", false).is_empty());
        // Both sides typed short: `STI` is `SIT` with two letters swapped.
        assert_eq!(found("STI AMINAH", false), vec![0]);
        assert_eq!(found("SIT RAHAYU", false), vec![5]);
        // A letter dropped after the first: found by the deletion
        // neighbourhood of the traveller's word, which no list has.
        assert_eq!(found("LISA BROOKS", false), vec![6]);
    }

    #[test]
    fn renumbered_names_keep_their_entry_and_tokens() {
        let names = [
            "Siti Aminah",
            "Zulkarnain bin Ahmad",
            "Ahmad Zulkarnain",
            "M. Rizki",
            "Budi",
            "Nur Aini Binti Yusuf Abdullah Rahman",
        ];
        let ix = index(&names);
        let r = builtin_rules();
        // Names are renumbered by their rarest token, so ids no longer
        // follow the input (here they do not).
        assert_ne!(
            (0..ix.len() as u32)
                .map(|n| ix.entry_of(n))
                .collect::<Vec<_>>(),
            (0..names.len() as u32).collect::<Vec<_>>()
        );
        for n in 0..ix.len() as u32 {
            let own = normalise(names[ix.entry_of(n) as usize], r);
            let keys: Vec<&str> = ix.views(n).iter().map(|t| t.key).collect();
            let want: Vec<&str> = own.tokens.iter().map(|t| t.key.as_str()).collect();
            assert_eq!(keys, want);
            assert_eq!(ix.father_of(n), own.father_from);
        }
    }

    /// Two tokens aligned joined count as one when the names' lengths are
    /// compared, on either side: the bound allows for it, and the
    /// metadata check lets through only names the alignment may join.
    #[test]
    fn names_joined_on_either_side_are_found_as_brute_force_finds_them() {
        let first = ["Kartini", "Nur", "Siti", "Dewi", "Mohd"];
        let second = ["Haliza", "Iman", "Aisyah", "Lestari", "Fadilah"];
        let fathers = ["Tarudin", "Zakaria", "Kamal", "Slamet", "Daud"];
        let families = ["Hartono", "Basri", "Yunus", "Ramli", "Sudirman"];
        let mut names = Vec::new();
        for (i, a) in first.iter().enumerate() {
            for (j, b) in second.iter().enumerate() {
                let f = fathers[(i + j) % fathers.len()];
                names.push(format!("{a}{} binti {f}", b.to_lowercase()));
                names.push(format!("{a} {b} {}", families[(i + 2 * j) % 5]));
            }
        }
        let ix = index(&names);
        let mut queries = Vec::new();
        for a in first {
            for b in second {
                queries.push(format!("{a} {b}"));
                queries.push(format!("{a}{}", b.to_lowercase()));
                queries.push(format!("{a}{} {}", b.to_lowercase(), fathers[a.len() % 5]));
            }
        }
        let queries: Vec<&str> = queries.iter().map(String::as_str).collect();
        finds_as_brute_force(&ix, &queries);
        // The joins are what find these: two names against three.
        assert!(found(&ix, "Kartini Haliza", false).contains(&0));
        assert!(found(&ix, "Kartinihaliza", false).contains(&1));
    }

    #[test]
    fn a_fathers_part_the_traveller_lacks_is_found_as_brute_force_finds_it() {
        let given = ["Suparmi", "Sulastri", "Ponirah", "Wagiyem", "Sutinah"];
        let fathers = [
            "Kartosuwiryo",
            "Mangunkusumo",
            "Wiryosaputro",
            "Karto",
            "Slamet",
        ];
        let mut names = Vec::new();
        for (i, g) in given.iter().enumerate() {
            for (j, f) in fathers.iter().enumerate() {
                names.push(format!("{g} binti {f}"));
                names.push(format!("{g} {} binti {f}", given[(i + j + 1) % 5]));
            }
        }
        let ix = index(&names);
        let mut queries: Vec<String> = given.iter().map(|g| g.to_string()).collect();
        for (i, g) in given.iter().enumerate() {
            queries.push(format!("{g} {}", given[(i + 1) % 5]));
            queries.push(format!("{g} binti {}", fathers[i]));
        }
        let queries: Vec<&str> = queries.iter().map(String::as_str).collect();
        finds_as_brute_force(&ix, &queries);
        // The single name finds the names whose own part it is, the
        // heavy fathers' too (a heavier name is harder to reach).
        let found = found(&ix, "Suparmi", false);
        assert!(found.contains(&0) && found.contains(&2), "{found:?}");
    }

    #[test]
    fn single_listed_names_inside_longer_ones_are_found_as_brute_force_finds_them() {
        // Rare single names and longer names sharing their words; the
        // travellers carry one of the single names among one to four more.
        let single = ["Suparmi", "Wagiyem", "Nurjaman", "Ponirah"];
        let other = ["Karto", "Slamet", "Riduan", "Isamuddin"];
        let mut names: Vec<String> = single.iter().map(|g| g.to_string()).collect();
        for (i, g) in single.iter().enumerate() {
            names.push(format!("{g} {} {}", other[i], other[(i + 1) % 4]));
            names.push(format!("Siti {}", other[i]));
            // Each other word once more alone: rarer than the single
            // names, it is the token the plan opens first.
            names.push(format!("Dewi {} Lestari", other[i]));
        }
        let ix = index(&names);
        let r = builtin_rules();
        let search = |q: &str, brute: bool| {
            let n = normalise(q, r);
            let w = |k: &str| ix.weight_of(k, r);
            let v = views(&n, &w);
            let mut hits: Vec<(u32, String)> = ix
                .search(&v, n.father_from, 0.76, brute)
                .into_iter()
                .map(|(name, sim)| (ix.entry_of(name), format!("{sim:.4}")))
                .collect();
            hits.sort_unstable();
            hits
        };
        for (i, g) in single.iter().enumerate() {
            for extra in 1..=4 {
                let more: Vec<&str> = (0..extra).map(|k| other[(i + k) % 4]).collect();
                for q in [
                    format!("{g} {}", more.join(" ")),
                    format!("{} {g}", more.join(" ")),
                ] {
                    assert_eq!(search(&q, false), search(&q, true), "{q}");
                }
            }
            // One more name: the single name is found, under the bar.
            let q = format!("{g} {}", other[i]);
            let hits = search(&q, false);
            let at = names.iter().position(|n| n == g).unwrap() as u32;
            assert!(
                hits.iter().any(|h| h.0 == at && h.1 == "0.7700"),
                "{q}: {hits:?}"
            );
        }
    }

    #[test]
    fn a_fathers_part_the_list_lacks_is_found_as_brute_force_finds_it() {
        // Single names and names of two words, each listed without a
        // father's name, beside heavier names that share a word; the
        // travellers carry `binti` and a father's name the lists lack.
        let given = ["Suparmi", "Sulastri", "Ponirah", "Wagiyem", "Sutinah"];
        let fathers = ["Kartosuwiryo", "Mangunkusumo", "Karto", "Slamet"];
        let mut names: Vec<String> = given.iter().map(|g| g.to_string()).collect();
        for (i, g) in given.iter().enumerate() {
            names.push(format!("Siti {g}"));
            names.push(format!("{g} {} {}", given[(i + 1) % 5], fathers[i % 4]));
        }
        let ix = index(&names);
        let mut queries = Vec::new();
        for (i, g) in given.iter().enumerate() {
            for f in fathers {
                queries.push(format!("{g} binti {f}"));
                queries.push(format!("Siti {g} binti {f}"));
            }
            queries.push(format!("{g} {} binti Karto", given[(i + 2) % 5]));
        }
        let queries: Vec<&str> = queries.iter().map(String::as_str).collect();
        finds_as_brute_force(&ix, &queries);
        // The listed single name is found from the traveller's own part.
        assert!(found(&ix, "Suparmi binti Kartosuwiryo", false).contains(&0));
    }

    #[test]
    fn names_joined_to_the_arabic_article_are_found_from_the_bare_name() {
        let ix = index(&[
            "Bashar Alassad",
            "Muhammad Fatih Ramadhan",
            "Ahmad Al-Syahrastaniy",
            "Redouane el-Habhab",
        ]);
        let queries = [
            "Bashar Assad",
            "Muhammad Al Fatih Ramadhan",
            "Ahmad Syahrastaniy",
            "Redouane el-Hassani",
        ];
        finds_as_brute_force(&ix, &queries);
        assert_eq!(found(&ix, "Bashar Assad", false), vec![0]);
        // Only the article's own blocking key links these: the joined key
        // is too long for a neighbourhood of two deletions.
        assert_eq!(found(&ix, "Ahmad Syahrastaniy", false), vec![2]);
        assert!(found(&ix, "Redouane el-Hassani", false).is_empty());
    }

    #[test]
    fn finds_what_brute_force_finds() {
        let ix = index(&[
            "Muhammad Rizki bin Abdullah",
            "Siti Aminah",
            "Nur Aini Rahmawati",
            "Abdurrahman Wahid",
            "Yusuf Kalla",
            "Siti Nurhaliza",
            "Ahmad bin Ismail",
            "Nur Aini",
        ]);
        finds_as_brute_force(
            &ix,
            &[
                "Mohd Rizky bin Abdulah",
                "Nuraini Rahmawati",
                "Abdul Rahman Wahid",
                "Jusuf Kalla",
                "Siti Aminah",
                "Ismail bin Ahmad",
                "Siti",
                "Nurainy",
            ],
        );
        assert_eq!(found(&ix, "Jusuf Kalla", false), vec![4]);
        assert!(found(&ix, "Ismail bin Ahmad", false).is_empty());
        // A listed pair joined, up to a letter, is reached.
        assert_eq!(found(&ix, "Nurainy", false), vec![7]);
    }

    #[test]
    fn a_three_letter_name_reaches_its_final_e_spelling() {
        let ix = index(&["Arie Wibowo", "Adi Santoso"]);
        finds_as_brute_force(&ix, &["Ari Wibowo", "Adie Santoso"]);
        assert_eq!(found(&ix, "Ari Wibowo", false), vec![0]);
        assert_eq!(found(&ix, "Adie Santoso", false), vec![1]);
    }

    /// A list where `ALI` is common: the search reads its postings for
    /// light names only, and a heavy name's postings only where it may pair
    /// another query token, yet finds what brute force finds.
    #[test]
    fn heavy_names_of_common_tokens_are_found_through_their_other_tokens() {
        let first = ["BUDI", "JOKO", "WAYAN", "PUTU", "MADE", "KETUT", "AGUS"];
        let last = [
            "SANTOSO",
            "WIDODO",
            "SUSANTO",
            "PRATAMA",
            "SAPUTRA",
            "HIDAYAT",
            "NUGROHO",
            "SETIAWAN",
            "KURNIAWAN",
            "WIBOWO",
            "GUNAWAN",
        ];
        let mut names: Vec<String> = (0..400)
            .map(|i| format!("Ali {} {}", first[i % 7], last[i % 11]))
            .collect();
        names.extend(
            [
                "Ali",
                "Hassan",
                "Ali Hassan",
                "Hassan Ali Qureshi Santoso",
                "Hasan Aly",
                "A. Hassan",
                "Ali H.",
                "Hassan Budi Santoso Widodo",
                "Alihassan",
                "Ali Hassanudin",
            ]
            .map(String::from),
        );
        let ix = index(&names);
        finds_as_brute_force(
            &ix,
            &[
                "Ali Hassan",
                "Hassan Ali",
                "Ali Hasan Qureshi",
                "Aly Hassan Santoso",
                "A. Hassan",
                "Ali Budi Santoso",
            ],
        );
        assert!(found(&ix, "Ali Hassan", false).contains(&402));
        // The plan does close `ALI` for heavy names here: a unit's cut
        // lies below the heaviest name's weight.
        let r = builtin_rules();
        let n = normalise("Ali Hassan", r);
        let w = |k: &str| ix.weight_of(k, r);
        let v = views(&n, &w);
        let plan = ix.plan(
            &v,
            QueryWeight::of(&v, n.father_from),
            0.8,
            &mut Vec::new(),
            &mut Vec::new(),
            &mut NbCache::default(),
        );
        let heaviest = ix.meta.iter().map(|m| m.total).fold(0.0, f32::max);
        assert!(plan.levels.len() > 1);
        assert!(plan.units.iter().any(|u| u.cut < heaviest));
        assert!(plan.units.iter().all(|u| u.solo < heaviest));
    }

    /// A name with an initial is bounded by what its initials may pair
    /// (`Z.` for `ZULKIFLI`: the test fails when that allowance is too
    /// small), and keeps the loose bound where a joined pair may pair it
    /// (`SUH ARTONO` joined and `SHUARTONO`). The check of joined pairs
    /// beyond the lists is not isolated here: `ARTONO` alone reaches
    /// `SHUARTONO` through its list.
    #[test]
    fn names_with_an_initial_are_found_as_brute_force_finds_them() {
        let ix = index(&[
            // Initials placed so that no two listed tokens joined may pair
            // a query token (that keeps the loose bound).
            "Shuartono Z. Budi",
            "Z. Shuartono Budi",
            "Budi Z.",
            "Nuraini Rahma S.",
            "Hassan A. Budi",
            "Budi Hassan",
            "Z. Budi Hassan",
            "Z. Rahmat Hidayat",
        ]);
        finds_as_brute_force(
            &ix,
            &[
                "Suh Artono Budi",
                "Budi Suh Artono",
                "Nur Aini Rahma",
                "Hassan Budi",
                "Budi Hasan Ali",
                "Budi Hassan Zulkifli",
                "Rahmat Zulkifli Hidayat",
            ],
        );
        // The initial pairs the query's third name.
        assert!(found(&ix, "Budi Hassan Zulkifli", false).contains(&6));
        // The pair joined from its letters is found, beside the initial.
        assert!(found(&ix, "Suh Artono Budi", false).contains(&0));
        // An initial stands for the letter written: `K.` for `Khairul`
        // (key `HAIRUL`), listed or travelling.
        let ix = index(&["K. Hartono Tambunan", "Khairul Hidayat Siregar"]);
        finds_as_brute_force(&ix, &["Khairul Hartono Tambunan", "K. Hidayat Siregar"]);
        // Paired, the initial lifts each to 0.89 (0.80 unpaired).
        let r = builtin_rules();
        let sims = |q: &str| {
            let n = normalise(q, r);
            let v = views(&n, &|k: &str| ix.weight_of(k, r));
            ix.search(&v, n.father_from, 0.85, false)
        };
        assert_eq!(sims("Khairul Hartono Tambunan").len(), 1);
        assert_eq!(sims("K. Hidayat Siregar").len(), 1);
    }

    /// A posting's print leaves its own key out, so a query with two alike
    /// tokens no longer lets every name of one through the other's filter;
    /// a name may still pair the unit by that key joined with the next
    /// token (`FREDERIK SAED` for `FREDERIKSEN`) while another list holds
    /// the key (`FREDY`'s).
    #[test]
    fn alike_query_tokens_find_what_brute_force_finds() {
        let last = [
            "SANTOSO", "WIDODO", "SUSANTO", "PRATAMA", "SAPUTRA", "HIDAYAT", "NUGROHO",
        ];
        let mut names: Vec<String> = (0..300)
            .map(|i| format!("Mohamed {} {}", last[i % 7], last[(i / 7) % 7]))
            .collect();
        names.extend((0..300).map(|i| format!("Frederik {} {}", last[i % 7], last[(i / 7) % 7])));
        names.extend((0..300).map(|i| format!("Fredy {} {}", last[i % 7], last[(i / 7) % 7])));
        names.extend(
            [
                "Frederik Saed",
                "Frederik Saed Santoso",
                "Mohamad Hurmet",
                "Muhammad Mohamed Hurmet",
                "Mohamed",
                "Fredy Frederiksen",
                "Theresa Frederik",
            ]
            .map(String::from),
        );
        let ix = index(&names);
        finds_as_brute_force(
            &ix,
            &[
                "Hurmet Mohamed Mohamad",
                "Mohamed Mohamad Santoso",
                "Theresa Frederiksen Fredy",
                "Frederiksen Fredy",
                "Frederik Frederik Saed",
            ],
        );
        assert!(found(&ix, "Frederiksen Fredy", false).contains(&900));
        // The posting of `FREDERIK` in `FREDERIK SAED` holds `SAED` only.
        let r = builtin_rules();
        let key = |k: &str| ix.ids[normalise(k, r).tokens[0].key.as_str()];
        let (fred, saed) = (key("Frederik"), key("Saed"));
        let k = ix.key_post[fred as usize];
        let at = (k.off..ix.key_post[fred as usize + 1].off)
            .find(|&at| ix.entry_of(ix.post[at as usize]) == 900)
            .unwrap() as usize;
        assert_eq!(ix.post_print[at], token_print(&[saed]));
    }

    proptest::proptest! {
        /// The joined pairs' letter filter keeps every key a joined pair
        /// pairs with.
        #[test]
        fn joined_filter_keeps_what_pairs(
            a in "A[A-Z]{4,11}",
            edits in proptest::collection::vec((1usize..12, 0u8..27), 0..3),
        ) {
            // `b`: `a` with a few letters changed, or dropped (27).
            let mut b = a.clone().into_bytes();
            for (at, c) in edits {
                let at = at.min(b.len() - 1);
                if c == 26 {
                    b.remove(at);
                } else {
                    b[at] = b'A' + c;
                }
            }
            let b = String::from_utf8(b).unwrap();
            if abd_rest(&a).is_none() && joined_key_score(&a, None, &b) > 0.0 {
                let (x, y) = (a.as_bytes(), b.as_bytes());
                proptest::prop_assert!(could_pair_joined(
                    x.len(),
                    letter_mask(x),
                    y.len(),
                    letter_mask(y)
                ));
            }
        }
    }

    #[test]
    fn pair_reach_finds_pairs_by_first_letter_and_length() {
        // `NUR AINI` joined is `NURAINI`: N, seven letters.
        let lanes = pair_lanes([(Some(b'N'), 7), (Some(b'A'), 12)].into_iter());
        for key in ["NURAINI", "NURAINY", "NURAIN", "NURAINIE"] {
            assert!(PairReach::of([key].into_iter()).hits(lanes), "{key}");
        }
        // Another first letter, or two letters off, pairs neither.
        for key in ["MURAINI", "NURA", "NURAINIAH", "RAHMAWATI"] {
            assert!(!PairReach::of([key].into_iter()).hits(lanes), "{key}");
        }
        assert!(!PairReach::of(std::iter::empty()).hits(lanes));
        // No pairs, no hit; too many to hold, every hit.
        assert!(!PairReach::of(["NURAINI"].into_iter()).hits(pair_lanes(std::iter::empty())));
        let many = [(Some(b'A'), 9); 5];
        assert!(PairReach::of(["ZZZ"].into_iter()).hits(pair_lanes(many.into_iter())));
    }

    #[test]
    fn row_map_finds_the_rows_it_was_given() {
        let mut m = RowMap::default();
        let ids: Vec<u32> = (0..500u32)
            .map(|i| i.wrapping_mul(2_654_435_761) >> 1)
            .collect();
        m.reset(ids.len());
        for (r, &id) in ids.iter().enumerate() {
            assert_eq!(m.get_or_insert(id, r as u32), r as u32);
        }
        // A key met again keeps its row.
        assert_eq!(m.get_or_insert(ids[7], 999), 7);
        for (r, &id) in ids.iter().enumerate() {
            assert_eq!(m.get(id), Some(r as u32));
        }
        assert_eq!(m.get(ids.iter().max().unwrap() + 1), None);
        // Keys that start at the same slot still find theirs, and a key
        // missing past them is missing.
        m.reset(3);
        let at = m.first(1);
        let alike: Vec<u32> = (2..100_000u32)
            .filter(|&id| m.first(id) == at)
            .take(4)
            .collect();
        assert_eq!(alike.len(), 4);
        for (r, &id) in alike[..3].iter().enumerate() {
            m.get_or_insert(id, r as u32);
        }
        for (r, &id) in alike[..3].iter().enumerate() {
            assert_eq!(m.get(id), Some(r as u32));
        }
        assert_eq!(m.get(alike[3]), None);
        // A new query starts empty.
        m.reset(10);
        assert_eq!(m.get(ids[0]), None);
    }

    #[test]
    fn lighter_than_counts_like_a_binary_search() {
        for n in 0..70usize {
            let totals: Vec<f32> = (0..n).map(|i| (i / 3) as f32 * 0.25).collect();
            for k in 0..=n / 3 + 2 {
                let w = k as f32 * 0.25 - 0.1;
                for w in [w, w + 0.1] {
                    let want = totals.partition_point(|&t| t < w);
                    assert_eq!(lighter_than(&totals, w), want, "n {n} w {w}");
                }
            }
        }
    }

    #[test]
    fn block_table_finds_every_key_it_holds() {
        let pairs: Vec<(u64, u32)> = (0..5000u32)
            .map(|i| (hash_skip(KIND_EXACT, &i.to_le_bytes(), usize::MAX), i))
            .collect();
        let t = BlockTable::build(pairs.clone());
        let mut out = Vec::new();
        for (h, id) in pairs {
            out.clear();
            t.get(h, &mut out);
            assert!(out.contains(&id));
        }
    }

    #[test]
    fn deletion_keys_link_one_edit() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        block_keys("RIZKI", &mut a);
        block_keys("RIZKY", &mut b);
        assert!(a.iter().any(|k| b.contains(k)));
        a.clear();
        b.clear();
        block_keys("ABDURAHMAN", &mut a);
        block_keys("RAHMAN", &mut b);
        assert!(a.iter().any(|k| b.contains(k)));
    }

    /// Two query tokens that pair the same listed token (`KRISTINA` and
    /// `KRISTOFFERSEN` both `KRISTENSEN`) leave the name's other token
    /// unpaired: the second unit to reach a name by a key already counted
    /// is not counted as pairing a token of its own (the bound then lets
    /// closed tokens pair the rest, see `reaches`).
    #[test]
    fn units_on_one_listed_key_count_once() {
        let ix = index(&["Kristensen Amay"]);
        let mut s = Scratch::default();
        s.start(ix.len());
        let hit = |unit: u16, key: u16| Hit {
            unit,
            weight: 0.7,
            score: 0.9,
            listed: 0.7,
            key,
        };
        s.add(&ix, 0, 0, &hit(0, 5));
        s.add(&ix, 0, 0, &hit(1, 5));
        assert_eq!(s.acc[0].units, 1);
        // Both units still count on the query side.
        assert!((s.acc[0].mq - 1.4).abs() < 1e-6);
        s.add(&ix, 0, 0, &hit(2, 6));
        assert_eq!(s.acc[0].units, 2);
    }

    /// A listed token's list holds the listed pairs joined that pair it
    /// (`WILLIAM AARON` for `WILLIAMSON`, 0.94), though no blocking key
    /// links them (three deletions apart): the bound counts them only
    /// through the list.
    #[test]
    fn listed_tokens_find_listed_pairs_joined_beyond_the_blocking_keys() {
        let ix = index(&["William Aaron", "Williamson Putra"]);
        assert!(found(&ix, "Williamson", false).contains(&0));
        finds_as_brute_force(&ix, &["Williamson", "Williamson Putra", "William Aaron"]);
    }

    #[test]
    fn letter_keys_link_letters_out_of_order() {
        let keys = |k: &str| {
            let mut out = Vec::new();
            letter_keys(k, &mut out);
            out
        };
        let shares = |a: &str, b: &str| keys(a).iter().any(|k| keys(b).contains(k));
        // The same letters; one letter more; no deletion keys of two link
        // them, nor a first letter.
        assert!(shares("BASIR", "SABIR"));
        assert!(shares("BASYIR", "SABIR"));
        assert!(shares("MORVAN", "ROMAN"));
        assert!(shares("ZALIHA", "NAZLIHAN"));
        assert!(!shares("MORVAN", "ROMAS"));
        // Short keys: their letters sorted only.
        assert!(shares("LIAN", "NILA"));
        assert!(shares("LIAN", "NILAM"));
        assert!(!shares("LIAN", "MILANS"));
        assert!(keys("ALI").is_empty());
    }

    /// Listed tokens reach listed keys with their letters in another order
    /// (`BASYIR`/`SABIR` 0.88): Jaro-Winkler pairs them without a first
    /// letter in common, and no deletion key of two links them.
    #[test]
    fn listed_tokens_find_their_letters_out_of_order() {
        let names = ["Sabir Ali", "Basyir Hasan", "Roman", "Morvan Putra"];
        let ix = index(&names);
        for (q, want) in [("Basir Ali", 0), ("Morvan", 2)] {
            assert!(found(&ix, q, false).contains(&want), "{q}");
        }
        finds_as_brute_force(&ix, &["Basir Ali", "Morvan", "Roman Putra", "Sabir Hasan"]);
    }
}
