//! The candidate index: a token vocabulary with rarity weights, postings
//! from tokens to listed names, and blocking keys (exact key, one-deletion
//! neighbourhood, `ABDUL-` suffix; a consonant skeleton was tried and
//! dropped: on 1M names it linked each token to thousands of others) from which each
//! query token reaches the few vocabulary tokens worth comparing.
//!
//! A query is scored fully only against names that share with it a token
//! that is not too common (weight ≥ [`BLOCK_WEIGHT`]) and whose blocking
//! tokens cover at least half of the query's blocking weight.

use crate::names::{
    compare_views, normalise, token_score, Comparison, NameRules, NormName, TokView,
};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// Query tokens lighter than this do not open candidates on their own
/// (unless no token of the query is heavier).
pub const BLOCK_WEIGHT: f32 = 0.45;
const INITIAL_BIT: u32 = 1 << 31;
const NO_FATHER: u8 = u8::MAX;
/// Share of the query's blocking weight a name must cover to be scored.
pub const CANDIDATE_SHARE: f32 = 0.2;
/// Background list size for rarity weights (see [`NameIndex::build`]).
pub const PRIOR_NAMES: f64 = 10_000.0;

/// One listed name (primary or alias) as vocabulary ids.
#[derive(Debug)]
pub struct NameRec {
    /// Index of the entry.
    pub entry: u32,
    /// 0 for the primary name, n for alias n-1.
    pub alias: u32,
    toks: Box<[u32]>,
    father_from: u8,
}

/// The vocabulary and postings over all listed names.
#[derive(Debug, Default)]
pub struct NameIndex {
    keys: Vec<Box<str>>,
    ids: HashMap<Box<str>, u32>,
    weight: Vec<f32>,
    postings: Vec<Vec<u32>>,
    blocks: HashMap<u64, Vec<u32>>,
    /// Every listed name.
    pub names: Vec<NameRec>,
}

fn h(kind: u8, s: &str) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    kind.hash(&mut hasher);
    s.hash(&mut hasher);
    hasher.finish()
}

/// Blocking keys of one token key (the same function runs on both sides).
pub fn block_keys(k: &str, out: &mut Vec<u64>) {
    out.push(h(0, k));
    let b = k.as_bytes();
    if b.len() >= 4 && k.is_ascii() {
        out.push(h(1, k));
        for i in 0..b.len() {
            let mut d = String::with_capacity(b.len() - 1);
            d.push_str(&k[..i]);
            d.push_str(&k[i + 1..]);
            out.push(h(1, &d));
        }
    }
    if k.len() > 6 && k.starts_with("ABD") {
        for p in ["ABDUL", "ABDU", "ABD"] {
            if let Some(rest) = k.strip_prefix(p) {
                if rest.len() >= 4 {
                    out.push(h(0, rest));
                    // Assimilated article: ABDURAHMAN -> RAHMAN
                    break;
                }
            }
        }
    }
}

impl NameIndex {
    fn intern(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.keys.len() as u32;
        self.keys.push(key.into());
        self.ids.insert(key.into(), id);
        self.weight.push(1.0);
        self.postings.push(Vec::new());
        id
    }

    /// Builds the index over `(entry, alias, normalised name)` triples.
    pub fn build(names: Vec<(u32, u32, NormName)>, rules: &NameRules) -> NameIndex {
        let mut ix = NameIndex::default();
        let mut df: Vec<u32> = Vec::new();
        for (entry, alias, n) in names {
            let rec_id = ix.names.len() as u32;
            let mut toks = Vec::with_capacity(n.tokens.len());
            let mut seen: Vec<u32> = Vec::with_capacity(n.tokens.len() + 2);
            for t in &n.tokens {
                let id = ix.intern(&t.key);
                toks.push(if t.initial { id | INITIAL_BIT } else { id });
                if !t.initial && !seen.contains(&id) {
                    seen.push(id);
                }
            }
            df.resize(ix.keys.len(), 0);
            for &id in &seen {
                df[id as usize] += 1;
            }
            for w in n.tokens.windows(2) {
                if !w[0].initial && !w[1].initial {
                    let id = ix.intern(&format!("{}{}", w[0].key, w[1].key));
                    if !seen.contains(&id) {
                        seen.push(id);
                    }
                }
            }
            for id in seen {
                ix.postings[id as usize].push(rec_id);
            }
            ix.names.push(NameRec {
                entry,
                alias,
                toks: toks.into_boxed_slice(),
                father_from: n.father_from.map_or(NO_FATHER, |f| f.min(254) as u8),
            });
        }
        df.resize(ix.keys.len(), 0);
        // Rarity against the lists plus a background of PRIOR_NAMES names that
        // lack the token, so a tiny list does not call every token common.
        let n = ix.names.len() as f64 + PRIOR_NAMES;
        let mut keys = Vec::new();
        for (id, key) in ix.keys.iter().enumerate() {
            let r = ((n + 1.0) / (f64::from(df[id]) + 1.0)).ln() / (n + 1.0).ln().max(1.0);
            let w = (0.3 + 0.7 * r.clamp(0.0, 1.0)) as f32;
            ix.weight[id] = rules.common.get(&**key).map_or(w, |c| c.min(w));
            keys.clear();
            block_keys(key, &mut keys);
            for &k in &keys {
                ix.blocks.entry(k).or_default().push(id as u32);
            }
        }
        for v in ix.blocks.values_mut() {
            v.sort_unstable();
            v.dedup();
            v.shrink_to_fit();
        }
        ix.postings.iter_mut().for_each(|p| p.shrink_to_fit());
        ix
    }

    /// The weight of a token key (1 for keys no list has, capped by the
    /// common-token table).
    pub fn weight_of(&self, key: &str, rules: &NameRules) -> f32 {
        let w = self
            .ids
            .get(key)
            .map_or(1.0, |&id| self.weight[id as usize]);
        rules.common.get(key).map_or(w, |c| c.min(w))
    }

    /// Token views of a stored name.
    pub fn views(&self, rec: &NameRec) -> (Vec<TokView<'_>>, Option<usize>) {
        let v = rec
            .toks
            .iter()
            .map(|&t| {
                let id = (t & !INITIAL_BIT) as usize;
                let initial = t & INITIAL_BIT != 0;
                let w = self.weight[id];
                TokView {
                    key: &self.keys[id],
                    initial,
                    weight: if initial { w.min(0.3) } else { w },
                }
            })
            .collect();
        (
            v,
            (rec.father_from != NO_FATHER).then_some(rec.father_from as usize),
        )
    }

    /// Candidate names for a query (indexes into [`NameIndex::names`]).
    pub fn candidates(&self, q: &[TokView<'_>], min_token: f64) -> Vec<u32> {
        let strong = q.iter().any(|t| !t.initial && t.weight >= BLOCK_WEIGHT);
        let mut units: Vec<(String, f32)> = Vec::new();
        for t in q {
            if !t.initial && (!strong || t.weight >= BLOCK_WEIGHT) {
                units.push((t.key.to_string(), t.weight));
            }
        }
        let token_units = units.len();
        for w in q.windows(2) {
            if !w[0].initial && !w[1].initial {
                units.push((
                    format!("{}{}", w[0].key, w[1].key),
                    w[0].weight.max(w[1].weight),
                ));
            }
        }
        // Joined pairs are alternatives to their tokens: they add evidence
        // but not to the weight a candidate must cover.
        let total: f32 = units.iter().take(token_units).map(|u| u.1).sum();
        let mut acc: HashMap<u32, (f32, u16)> = HashMap::new();
        let mut keys = Vec::new();
        let mut vocab: Vec<u32> = Vec::new();
        for (ui, (key, w)) in units.iter().enumerate() {
            keys.clear();
            block_keys(key, &mut keys);
            vocab.clear();
            for k in &keys {
                if let Some(v) = self.blocks.get(k) {
                    vocab.extend_from_slice(v);
                }
            }
            vocab.sort_unstable();
            vocab.dedup();
            let qv = TokView {
                key,
                initial: false,
                weight: *w,
            };
            for &id in &vocab {
                let vv = TokView {
                    key: &self.keys[id as usize],
                    initial: false,
                    weight: 1.0,
                };
                let s = token_score(&qv, &vv);
                if s < min_token {
                    continue;
                }
                let add = s as f32 * w;
                for &n in &self.postings[id as usize] {
                    let e = acc.entry(n).or_insert((0.0, u16::MAX));
                    if e.1 != ui as u16 {
                        e.0 += add;
                        e.1 = ui as u16;
                    }
                }
            }
        }
        let bar = CANDIDATE_SHARE * total;
        acc.into_iter()
            .filter(|(_, (a, _))| *a >= bar)
            .map(|(n, _)| n)
            .collect()
    }

    /// Full comparison of a query with one stored name.
    pub fn score(&self, q: &[TokView<'_>], q_father: Option<usize>, rec: &NameRec) -> Comparison {
        let (v, f) = self.views(rec);
        compare_views(q, q_father, &v, f)
    }

    /// Number of vocabulary tokens (for reports).
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
