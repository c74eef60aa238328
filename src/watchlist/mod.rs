//! Watchlists: loading (canonical CSV, OFAC SDN, UN XML), the candidate
//! index and screening with evidence beyond the name. See docs/matching.md.

mod config;
mod evidence;
mod facts;
mod index;
mod load;
mod postfilter;

pub use config::{MatchConfig, BUILTIN_MATCHING_TOML};
pub use evidence::{best_date, compare_dates, doc_key};
pub use index::{block_keys, CutReading, NameIndex, MAX_CUT_KEYS};
pub use load::{country_code, detect, load_file, Format};

use crate::model::{DateEvidence, Match, PartialDate, Sex, WatchlistEntry};
use crate::names::{
    aka_variants, epithet_core, explain, normalise, without_notes, NameRules, NormName, TokView,
    INITIAL_WEIGHT,
};
use anyhow::Result;
use foldhash::HashMap;
use rayon::prelude::*;
use std::path::PathBuf;

/// What is known of a traveller for screening.
#[derive(Clone, Debug, Default)]
pub struct Query<'a> {
    /// Name as on the document.
    pub name: &'a str,
    /// Birth date.
    pub birth_date: Option<PartialDate>,
    /// Sex.
    pub sex: Option<Sex>,
    /// Nationality alpha-3.
    pub nationality: Option<&'a str>,
    /// Document number.
    pub document_number: Option<&'a str>,
}

/// One loaded list file.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ListInfo {
    /// The file.
    pub path: String,
    /// List names in it.
    pub lists: Vec<String>,
    /// Entries.
    pub entries: usize,
    /// Content hash.
    pub version: String,
}

/// One name's candidate entries with their best name similarity, before
/// birth-date, sex, nationality and document evidence.
#[derive(Clone, Debug)]
pub struct NameHits {
    /// Each candidate entry's best name, by entry: the alignment is built
    /// later, for reported matches only. A sorted vector of 16-byte
    /// records, not a map: a batch keeps one per distinct name until its
    /// travellers are screened (a million of them), and a map of a dozen
    /// entries takes twice the memory.
    best: Vec<EntryHit>,
}

/// One candidate entry of a name: its best listed name and that name's
/// similarity.
#[derive(Clone, Copy, Debug)]
struct EntryHit {
    sim: f64,
    entry: u32,
    /// The listed name (an index name id).
    name: u32,
}

impl NameHits {
    /// Number of candidate entries (names at the search floor or above).
    pub fn len(&self) -> usize {
        self.best.len()
    }

    /// Whether no entry is a candidate.
    pub fn is_empty(&self) -> bool {
        self.best.is_empty()
    }
}

/// Distinct names a batch thread searches in one piece, at most (see
/// [`WatchlistSet::name_hits_all`]).
const BATCH_PIECE: usize = 256;

/// The name hits of a batch of names
/// ([`WatchlistSet::name_hits_all`]): one [`NameHits`] per distinct name,
/// found by the name's place in the batch.
#[derive(Clone, Debug, Default)]
pub struct BatchHits {
    /// One per distinct name, in the names' sorted order.
    hits: Vec<NameHits>,
    /// For each name of the batch, in its order, its place in `hits`.
    slot: Vec<u32>,
}

impl BatchHits {
    /// The hits of the batch's `i`-th name. Panics if `i` is out of range.
    pub fn get(&self, i: usize) -> &NameHits {
        &self.hits[self.slot[i] as usize]
    }

    /// Names in the batch.
    pub fn len(&self) -> usize {
        self.slot.len()
    }

    /// Whether the batch had no name.
    pub fn is_empty(&self) -> bool {
        self.slot.is_empty()
    }

    /// Distinct names searched.
    pub fn distinct(&self) -> usize {
        self.hits.len()
    }
}

/// All loaded lists with their index. Immutable once built: `Send + Sync`.
#[derive(Debug, Default)]
pub struct WatchlistSet {
    entries: Vec<WatchlistEntry>,
    /// What evidence reads of each entry, packed (parallel to `entries`).
    facts: Vec<facts::Facts>,
    /// A bit per entry: its category is one of `priority_categories`
    /// (empty when no entry's is). Screening reads it for candidates past
    /// the `max_matches` cut, where reading the entry would cost a miss.
    priority: Vec<u64>,
    index: NameIndex,
    documents: HashMap<String, Vec<u32>>,
    rules: NameRules,
    infos: Vec<ListInfo>,
    version: String,
    config: MatchConfig,
}

/// Says on the log which entries no name of which is left to match once
/// titles, degrees and punctuation are removed (`H. S.E.`), or only
/// initials: such an entry
/// loads but can match nobody, except by its document numbers. Entry ids
/// only, never the names; the first five, then a count.
fn warn_nameless(entries: &[WatchlistEntry], names: &[(u32, u32, crate::names::NormName)]) {
    // A name of initials alone matches nothing either (`H. S.E.` keeps
    // its `H`, which may be a name's initial as well as Haji).
    let mut named = vec![false; entries.len()];
    for (e, _, n) in names {
        if n.tokens.iter().any(|t| !t.initial) {
            named[*e as usize] = true;
        }
    }
    let nameless: Vec<&WatchlistEntry> = entries
        .iter()
        .zip(&named)
        .filter(|(_, n)| !**n)
        .map(|(e, _)| e)
        .collect();
    for e in nameless.iter().take(5) {
        tracing::warn!(
            list = %e.list,
            entry_id = %e.entry_id,
            "watchlist entry has no name left to match once titles and degrees are removed"
        );
    }
    if nameless.len() > 5 {
        tracing::warn!(
            count = nameless.len(),
            "watchlist entries with no name left to match"
        );
    }
}

impl WatchlistSet {
    /// Loads list files; the format of each is detected (canonical CSV, OFAC
    /// `sdn.csv` with its sibling `alt.csv`, UN consolidated XML). Any bad
    /// row fails the load with `FILE: row N: field F: reason`.
    pub fn load(paths: &[PathBuf], rules: &NameRules, config: MatchConfig) -> Result<WatchlistSet> {
        let mut entries = Vec::new();
        let mut infos = Vec::new();
        let mut blobs: Vec<Vec<u8>> = Vec::new();
        for p in paths {
            let l = load_file(p)?;
            let refs: Vec<&[u8]> = l.bytes.iter().map(Vec::as_slice).collect();
            infos.push(ListInfo {
                path: p.display().to_string(),
                lists: l
                    .entries
                    .iter()
                    .map(|e| e.list.clone())
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect(),
                entries: l.entries.len(),
                version: crate::version::hash_bytes(&refs),
            });
            tracing::info!(
                file_index = infos.len(),
                entries = l.entries.len(),
                "watchlist file loaded"
            );
            entries.extend(l.entries);
            blobs.extend(l.bytes);
        }
        let refs: Vec<&[u8]> = blobs.iter().map(Vec::as_slice).collect();
        let mut set = WatchlistSet::from_entries_with(entries, rules, config);
        set.infos = infos;
        set.version = crate::version::hash_bytes(&refs);
        Ok(set)
    }

    /// Builds the index over entries with the built-in name rules.
    pub fn from_entries(entries: Vec<WatchlistEntry>, config: MatchConfig) -> WatchlistSet {
        WatchlistSet::from_entries_with(entries, crate::names::builtin_rules(), config)
    }

    /// Builds the index over entries with the given name rules. The
    /// names an entry's written names hold are added as aliases (see
    /// `add_aka_aliases`): each name written with `@` or `alias` (see
    /// [`aka_variants`]), the name without its notes in brackets (see
    /// [`without_notes`]) and the name inside a kunya and a nisba (see
    /// [`epithet_core`]).
    pub fn from_entries_with(
        mut entries: Vec<WatchlistEntry>,
        rules: &NameRules,
        config: MatchConfig,
    ) -> WatchlistSet {
        for e in &mut entries {
            add_aka_aliases(e, rules);
        }
        if !config.single_name_needs_exact_date() {
            tracing::warn!(
                report_threshold = config.report_threshold,
                birth_exact_bonus = config.birth_exact_bonus,
                "with these thresholds a single listed name inside a traveller's longer one is \
                 reported without an exact birth date, or never (docs/matching.md, section 2)"
            );
        }
        let names = index::normalise_all(&entries, rules);
        warn_nameless(&entries, &names);
        let index = NameIndex::build(names, rules);
        let mut documents: HashMap<String, Vec<u32>> = HashMap::default();
        for (i, e) in entries.iter().enumerate() {
            for d in &e.document_numbers {
                let k = doc_key(d);
                if k.len() >= 4 {
                    documents.entry(k).or_default().push(i as u32);
                }
            }
        }
        let mut priority = vec![0u64; entries.len().div_ceil(64)];
        for (i, e) in entries.iter().enumerate() {
            if config.priority_categories.contains(&e.category) {
                priority[i / 64] |= 1 << (i % 64);
            }
        }
        if priority.iter().all(|&w| w == 0) {
            priority.clear();
        }
        WatchlistSet {
            facts: entries.iter().map(facts::Facts::of).collect(),
            priority,
            entries,
            index,
            documents,
            rules: rules.clone(),
            infos: Vec::new(),
            version: crate::version::hash_bytes(&[]),
            config,
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no entries are loaded.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Content hash over all list files.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Per-file information.
    pub fn lists(&self) -> &[ListInfo] {
        &self.infos
    }

    /// The entries, in load order.
    pub fn entries(&self) -> &[WatchlistEntry] {
        &self.entries
    }

    /// The matching settings in force.
    pub fn config(&self) -> &MatchConfig {
        &self.config
    }

    /// The candidate index (for measurements).
    pub fn index(&self) -> &NameIndex {
        &self.index
    }

    /// Whether entry `e`'s category is a priority one.
    fn is_priority(&self, e: u32) -> bool {
        self.priority
            .get(e as usize / 64)
            .is_some_and(|w| w >> (e % 64) & 1 == 1)
    }

    /// The traveller's token views, weighted from the lists; the last word
    /// of a long name is read as the index says a word a field limit may
    /// have cut is (see [`NormName::cut_at`] and [`NameIndex::read_cut`]),
    /// and a three-letter word no list or table knows as a name may be a
    /// four-letter one with a letter dropped ([`NameIndex::reads_dropped`]).
    fn query_views<'a>(&self, n: &'a crate::names::NormName) -> Vec<TokView<'a>> {
        let w = |k: &str| self.index.weight_of(k, &self.rules);
        let mut v = crate::names::views(n, &w);
        if let Some(t) = n.cut_at.and_then(|i| v.get_mut(i)) {
            match self.index.read_cut(t.key) {
                CutReading::Whole => {}
                CutReading::Begins => t.cut = true,
                CutReading::Piece => {
                    t.initial = true;
                    t.cut = true;
                    t.weight = t.weight.min(INITIAL_WEIGHT);
                }
            }
        }
        for t in v.iter_mut().filter(|t| !t.initial) {
            t.word = self.index.word_of(t.key, &self.rules);
        }
        v
    }

    /// Matches for one traveller, best first (at most `max_matches`, each at
    /// least `report_threshold` after evidence).
    pub fn screen(&self, q: &Query<'_>) -> Vec<Match> {
        self.screen_inner(q, false)
    }

    /// Like [`screen`](Self::screen) but compares with every listed name:
    /// the reference the index's recall is measured against.
    pub fn screen_brute_force(&self, q: &Query<'_>) -> Vec<Match> {
        self.screen_inner(q, true)
    }

    /// Best name similarity per entry, before evidence, over candidates
    /// (or all names with `brute`), for entries reaching `floor`. For
    /// recall measurements.
    pub fn name_scores(&self, name: &str, floor: f64, brute: bool) -> HashMap<u32, f64> {
        let qn = normalise(name, &self.rules);
        self.best_per_entry(&qn, floor, brute)
            .into_iter()
            .map(|h| (h.entry, h.sim))
            .collect()
    }

    /// Best (similarity, listed name) per entry over the names the search
    /// finds at `floor` or above (all names with `brute`). Equal scores:
    /// the first alias, whatever order the index found them in.
    fn best_per_entry(&self, qn: &NormName, floor: f64, brute: bool) -> Vec<EntryHit> {
        let qv = self.query_views(qn);
        // A son's name is not a daughter's (`bin` against `binti`),
        // whatever else the two share: such a name is no hit.
        let other_child = |name: u32| {
            qn.lineage
                .zip(self.index.lineage_of(name))
                .is_some_and(|(a, b)| a != b)
        };
        let mut top: Vec<EntryHit> = self
            .index
            .search(&qv, qn.father_from, floor, brute)
            .into_iter()
            .filter(|&(name, _)| !other_child(name))
            .map(|(name, sim)| EntryHit {
                sim,
                entry: self.index.entry_of(name),
                name,
            })
            .collect();
        // Per entry its best name: the highest similarity, then the
        // primary name before aliases, then the earlier alias.
        top.sort_unstable_by(|a, b| {
            a.entry
                .cmp(&b.entry)
                .then(b.sim.total_cmp(&a.sim))
                .then_with(|| {
                    self.index
                        .alias_of(a.name)
                        .cmp(&self.index.alias_of(b.name))
                })
        });
        top.dedup_by_key(|h| h.entry);
        top.shrink_to_fit();
        top
    }

    /// The name-only part of screening: candidates of one name with their
    /// best similarity per entry, before any evidence. It depends on the
    /// name alone, so a batch computes it once per distinct name and reuses
    /// it for every traveller who bears that name.
    pub fn name_hits(&self, name: &str) -> NameHits {
        self.name_hits_inner(&normalise(name, &self.rules), false)
    }

    /// [`name_hits`](Self::name_hits) of many names, in parallel, each
    /// distinct name once (names repeat a lot in real traffic: single
    /// names, common given names). They are matched in sorted order, so
    /// names that share their first words follow each other on a thread
    /// and the postings and neighbour lists they read are still cached.
    ///
    /// The answer is indexed like `names`: no map from names to hits is
    /// built (inserting a million of them took about a second on one
    /// thread while the other waited).
    pub fn name_hits_all(&self, names: &[&str]) -> BatchHits {
        let mut order: Vec<u32> = (0..names.len() as u32).collect();
        order.par_sort_unstable_by_key(|&i| names[i as usize]);
        let mut slot = vec![0u32; names.len()];
        let mut distinct: Vec<&str> = Vec::new();
        for &i in &order {
            let name = names[i as usize];
            if distinct.last() != Some(&name) {
                distinct.push(name);
            }
            slot[i as usize] = distinct.len() as u32 - 1;
        }
        // Small pieces: a search takes 100 µs or so, but some take
        // milliseconds, and with rayon's default pieces one thread was
        // left alone with the last one for about a second.
        let hits = distinct
            .par_iter()
            .with_max_len(BATCH_PIECE)
            .map(|n| self.name_hits(n))
            .collect();
        BatchHits { hits, slot }
    }

    fn name_hits_inner(&self, qn: &NormName, brute: bool) -> NameHits {
        // Evidence can add at most the largest date bonus. The alignment
        // is built later, for the matches reported only.
        let floor = self.config.report_threshold - self.config.max_bonus();
        NameHits {
            best: self.best_per_entry(qn, floor, brute),
        }
    }

    fn screen_inner(&self, q: &Query<'_>, brute: bool) -> Vec<Match> {
        let qn = normalise(q.name, &self.rules);
        let hits = self.name_hits_inner(&qn, brute);
        self.screen_hits(q, &hits, Some(qn))
    }

    /// Screens a traveller whose name hits were computed already (see
    /// [`name_hits`](Self::name_hits)); `hits` must be for `q.name`.
    pub fn screen_with(&self, q: &Query<'_>, hits: &NameHits) -> Vec<Match> {
        self.screen_hits(q, hits, None)
    }

    /// [`screen_with`](Self::screen_with), with `q.name` normalised
    /// already where the caller has it (one traveller screened whole);
    /// otherwise it is normalised again when there are matches to explain
    /// (a batch keeps a million name hits until screening, and normalising
    /// anew, about a microsecond, costs less than keeping a million
    /// normalised names).
    fn screen_hits(&self, q: &Query<'_>, hits: &NameHits, qn: Option<NormName>) -> Vec<Match> {
        // Scores as reported: three decimals.
        let rounded = |s: f64| (s * 1000.0).round() / 1000.0;
        let doc_hits: Vec<u32> = q
            .document_number
            .map(doc_key)
            .filter(|k| k.len() >= 4)
            .and_then(|k| self.documents.get(&k))
            .cloned()
            .unwrap_or_default();
        // (entry, name similarity, listed name or u32::MAX, document hit)
        let by_document = doc_hits.iter().map(|&e| {
            let (sim, name) = hits
                .best
                .binary_search_by_key(&e, |h| h.entry)
                .map_or((0.0, u32::MAX), |i| (hits.best[i].sim, hits.best[i].name));
            (e, sim, name, true)
        });
        // First the score of candidate entries with their evidence; the
        // alignment and its explanation only for those reported. Name hits
        // go best first: once `max_matches` entries score more than
        // evidence could lift the rest to, the rest cannot be reported and
        // their entries are not read (a dense list gives hundreds of
        // candidates a traveller). Past that cut only a priority entry can
        // still be reported (the best of them always is), until one scores
        // more than evidence could lift the rest to. Document hits come
        // first, as the document floor lifts them whatever their name.
        let mut by_name: Vec<_> = hits
            .best
            .iter()
            .filter(|h| !doc_hits.contains(&h.entry))
            .map(|h| (h.entry, h.sim, h.name, false))
            .collect();
        by_name.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let lift = self.config.max_bonus();
        let keep = self.config.max_matches;
        // The best reported scores so far (rounded), best first, at most
        // `keep` of them; and the best reported priority score.
        let mut best: Vec<f64> = Vec::with_capacity(keep + 1);
        let mut best_priority: Option<f64> = None;
        // Strictly under a reported score once rounded: ties on the
        // rounded score are broken by entry id, so they still count.
        let under = |name_sim: f64, score: f64| name_sim + lift < score - 0.0005;
        let q_nat = q
            .nationality
            .filter(|n| !n.trim().is_empty())
            .map(country_code);
        let mut scored = Vec::new();
        for (entry, name_sim, rec_id, document_match) in by_document.chain(by_name) {
            let priority = self.is_priority(entry);
            if !document_match && keep > 0 && best.len() == keep && under(name_sim, best[keep - 1])
            {
                if self.priority.is_empty() || best_priority.is_some_and(|p| under(name_sim, p)) {
                    break;
                }
                if !priority {
                    continue;
                }
            }
            // The packed facts; the entry itself only when they do not fit.
            let f = &self.facts[entry as usize];
            let e = || &self.entries[entry as usize];
            let date = f.date(q.birth_date.as_ref(), e);
            let sex = q.sex.zip(f.sex());
            let nat = f.nationality_differs(q_nat.as_deref(), e);
            let mut sim = evidence::adjust(name_sim, date, sex, nat, &self.config, None);
            if document_match {
                sim = sim.max(self.config.document_match_floor);
            }
            if sim < self.config.report_threshold {
                continue;
            }
            let at = best.partition_point(|&b| b >= rounded(sim));
            if at < keep {
                best.insert(at, rounded(sim));
                best.truncate(keep);
            }
            if priority {
                best_priority = Some(best_priority.unwrap_or(0.0).max(rounded(sim)));
            }
            let why = (name_sim, sex, nat);
            scored.push((entry, rec_id, sim, why, date, document_match, priority));
        }
        scored.sort_by(|a, b| {
            rounded(b.2).total_cmp(&rounded(a.2)).then_with(|| {
                self.entries[a.0 as usize]
                    .entry_id
                    .cmp(&self.entries[b.0 as usize].entry_id)
            })
        });
        // The best `max_matches`, and the best priority match after them
        // when it is not among them.
        let first_priority = scored.iter().position(|s| s.6);
        let beyond = first_priority
            .filter(|&i| i >= keep)
            .map(|i| scored.swap_remove(i));
        scored.truncate(keep);
        scored.extend(beyond);
        if scored.is_empty() {
            // Most travellers: nothing to explain.
            return Vec::new();
        }
        // The name normalised, for the alignments to explain.
        let qn = &qn.unwrap_or_else(|| normalise(q.name, &self.rules));
        let qv = self.query_views(qn);
        let mut out = Vec::with_capacity(scored.len());
        for (entry, rec_id, sim, (name_sim, sex, nat), date, document_match, priority) in scored {
            let e = &self.entries[entry as usize];
            let mut ev = vec![format!("name {name_sim:.2}")];
            let mut adjusted = Vec::new();
            evidence::adjust(name_sim, date, sex, nat, &self.config, Some(&mut adjusted));
            let shown = if rec_id == u32::MAX {
                e.full_name.clone()
            } else {
                let alias = self.index.alias_of(rec_id);
                let n = if alias == 0 {
                    &e.full_name
                } else {
                    &e.aliases[alias as usize - 1]
                };
                let cmp = self.index.compare(&qv, qn.father_from, rec_id);
                ev.extend(explain(qn, &normalise(n, &self.rules), &cmp, &self.rules));
                n.clone()
            };
            ev.extend(adjusted);
            if document_match {
                ev.push("document number exact".into());
            }
            out.push(Match {
                entry_id: e.entry_id.clone(),
                list: e.list.clone(),
                category: e.category.clone(),
                name: shown,
                similarity: rounded(sim),
                evidence: ev,
                birth_date: date,
                document_match,
                priority,
            });
        }
        out
    }
}

/// Adds to `e.aliases` the names its written names hold that it lacks:
/// the name without its notes in brackets (`Encep Nurjaman (birth name)`
/// adds `Encep Nurjaman`, see [`without_notes`]), each name written with
/// `@` or `alias` (`Tan Ah Kow @ Tan Kok Wah` adds `Tan Ah Kow` and `Tan
/// Kok Wah`), and the name inside a kunya and a nisba (`Abu Sulaiman Aman
/// Abdurrahman Al-Arkhabiliy` adds `Aman Abdurrahman`, see
/// [`epithet_core`]).
fn add_aka_aliases(e: &mut WatchlistEntry, rules: &NameRules) {
    let written: Vec<String> = std::iter::once(&e.full_name)
        .chain(&e.aliases)
        .flat_map(|n| {
            let bare = without_notes(n);
            let n = bare.as_deref().unwrap_or(n);
            let mut names = aka_variants(n, rules);
            names.extend(epithet_core(n, rules));
            names.extend(bare);
            names
        })
        .collect();
    for v in written {
        if v != e.full_name && !e.aliases.contains(&v) {
            e.aliases.push(v);
        }
    }
}

/// Date evidence is re-exported for callers that explain matches.
pub type BirthEvidence = DateEvidence;

#[cfg(test)]
mod tests {
    use super::*;

    /// `q` screened through the index, or by brute force.
    fn screen_query(s: &WatchlistSet, q: &Query<'_>, brute: bool) -> Vec<Match> {
        if brute {
            s.screen_brute_force(q)
        } else {
            s.screen(q)
        }
    }

    /// `name` screened through the index, or by brute force.
    fn screen_by(s: &WatchlistSet, name: &str, brute: bool) -> Vec<Match> {
        let q = Query {
            name,
            ..Default::default()
        };
        screen_query(s, &q, brute)
    }

    fn entry(id: &str, name: &str, dob: &str, cat: &str) -> WatchlistEntry {
        WatchlistEntry {
            entry_id: id.into(),
            list: "POLRI-DPO".into(),
            full_name: name.into(),
            aliases: vec![],
            birth_dates: if dob.is_empty() {
                vec![]
            } else {
                vec![PartialDate::parse_iso(dob).unwrap()]
            },
            nationalities: vec!["IDN".into()],
            document_numbers: vec!["B1234567".into()],
            sex: Some(Sex::M),
            category: cat.into(),
        }
    }

    #[test]
    fn a_long_name_cut_short_matches_where_the_lists_lack_its_last_word() {
        let s = WatchlistSet::from_entries(
            vec![
                entry("E1", "Siti Nurhaliza binti Tarudin", "", "travel-ban"),
                entry("E2", "Muhammad Rizky Ramadhan Putranto", "", "travel-ban"),
                entry("E3", "Agus Putra", "", "travel-ban"),
                entry("E4", "Siti Aminah binti Tarmizi", "", "travel-ban"),
            ],
            MatchConfig::builtin(),
        );
        let screen = |name: &str, brute: bool| {
            screen_by(&s, name, brute)
                .iter()
                .map(|m| (m.entry_id.clone(), m.evidence.clone()))
                .collect::<Vec<_>>()
        };
        for brute in [false, true] {
            let m = screen("SITI NURHALIZA BINTI TARU", brute);
            assert_eq!(m.len(), 1, "{m:?}");
            assert_eq!(m[0].0, "E1");
            assert!(
                m[0].1.contains(&"TARU≈TARUDIN (cut short)".to_string()),
                "{m:?}"
            );
            // `PUTRA` is a listed name, so written last it is whole, and a
            // different name from `PUTRANTO` (as in a short name).
            let m = screen("MUHAMMAD RIZKY RAMADHAN PUTRA", brute);
            assert!(m.iter().all(|(id, _)| id != "E2"), "{m:?}");
            let m = screen("Budi Tarud", brute);
            assert!(m.is_empty(), "{m:?}");
        }
    }

    #[test]
    fn two_given_names_one_letter_apart_are_two_people() {
        let s = WatchlistSet::from_entries(
            vec![
                entry("E1", "Agus Sumarno", "", "trafficking-suspect"),
                entry("E2", "Yuli Hartati", "", "travel-ban"),
            ],
            MatchConfig::builtin(),
        );
        for brute in [false, true] {
            let screen = |name: &str| screen_by(&s, name, brute);
            // `SUKARNO` and `SUMARNO`, `YUDI` and `YULI`: names of their own.
            assert!(screen("AGUS SUKARNO").is_empty(), "{brute}");
            assert!(screen("YUDI HARTATI").is_empty(), "{brute}");
            // A typo of the listed name is still found.
            let m = screen("AGUS SUMARMO");
            assert_eq!(m.len(), 1, "{m:?}");
            assert_eq!(m[0].entry_id, "E1");
            assert_eq!(screen("AGUS SUMARNO")[0].similarity, 1.0);
        }
    }

    #[test]
    fn a_sons_name_is_not_a_daughters() {
        let mut listed = entry("E1", "Nur Iman binti Ali", "", "trafficking-suspect");
        listed.aliases = vec!["Nur Iman".into()];
        let s = WatchlistSet::from_entries(
            vec![
                listed,
                entry("E2", "Subramaniam a/p Muthu", "", "travel-ban"),
                entry("E3", "Azman bin Ismail", "", "travel-ban"),
            ],
            MatchConfig::builtin(),
        );
        for brute in [false, true] {
            let screen = |name: &str| screen_by(&s, name, brute);
            // The daughter's own name and its alias without a marker.
            let m = screen("NUR IMAN BINTI ALI");
            assert_eq!((m.len(), m[0].similarity), (1, 1.0), "{m:?}");
            let m = screen("NUR IMAN BIN ALI");
            assert!(
                m.iter().all(|x| x.name != "Nur Iman binti Ali"),
                "the son is not the daughter: {m:?}"
            );
            assert!(screen("SUBRAMANIAM A/L MUTHU").is_empty(), "{brute}");
            assert!(!screen("SUBRAMANIAM D/O MUTHU").is_empty(), "{brute}");
            // `bte` says daughter too; `anak` says neither, and a name
            // without a marker says nothing.
            assert!(screen("AZMAN BTE ISMAIL").is_empty(), "{brute}");
            assert!(!screen("AZMAN ANAK ISMAIL").is_empty(), "{brute}");
            assert!(!screen("AZMAN ISMAIL").is_empty(), "{brute}");
        }
    }

    #[test]
    fn a_three_letter_word_no_one_is_named_may_be_a_name_with_a_letter_dropped() {
        let s = WatchlistSet::from_entries(
            vec![
                entry("E1", "Lisa Brooks", "", "travel-ban"),
                entry("E2", "Andi Susanto", "", "travel-ban"),
                entry("E3", "Mary Kong", "", "travel-ban"),
                entry("E4", "David King", "", "travel-ban"),
                entry("E5", "Kng Hartono", "", "travel-ban"),
                entry("E6", "Kng Wibowo", "", "travel-ban"),
                entry("E7", "Sit Aminah", "", "travel-ban"),
            ],
            MatchConfig::builtin(),
        );
        let rules = &s.rules;
        assert!(s.index().reads_dropped("LSA", rules));
        // A listed word in one listed name only may be a typo too.
        assert!(s.index().reads_dropped("SIT", rules));
        // A short name of the table, a word two listed names have, an
        // initial-sized piece and a longer word are read as written.
        assert!(!s.index().reads_dropped("ADI", rules));
        assert!(!s.index().reads_dropped("KNG", rules));
        assert!(!s.index().reads_dropped("LS", rules));
        assert!(!s.index().reads_dropped("LISA", rules));
        for brute in [false, true] {
            let screen = |name: &str| screen_by(&s, name, brute);
            let m = screen("LSA BROOKS");
            assert_eq!(m.len(), 1, "{m:?}");
            assert_eq!(m[0].entry_id, "E1");
            assert!(
                m[0].evidence
                    .iter()
                    .any(|e| e == "LSA≈LISA (letter dropped 0.92)"),
                "{m:?}"
            );
            // `ADI` is a name of its own, not `ANDI` typed short.
            assert!(screen("ADI SUSANTO").is_empty(), "{brute}");
            // Only a dropped letter that is not the first: `ING` is not
            // `KING`.
            let m = screen("DAVID ING");
            assert!(m.iter().all(|x| x.entry_id != "E4"), "{m:?}");
            assert!(!screen("DAVID KIG").is_empty(), "{brute}");
            // `KNG` is a name two listed names have, so it is read as
            // written and pairs neither `KING` nor `KONG` as a typo.
            let m = screen("DAVID KNG");
            assert!(m.iter().all(|x| x.entry_id != "E4"), "{m:?}");
            // The list's typo: `SIT` in one listed name is `SITI` typed
            // short, found from the traveller's whole name.
            let m = screen("SITI AMINAH");
            assert_eq!(m.len(), 1, "{m:?}");
            assert_eq!(m[0].entry_id, "E7");
        }
    }

    #[test]
    fn a_cut_word_that_begins_too_many_listed_names_is_read_as_a_piece() {
        let mut entries = vec![entry(
            "E1",
            "Siti Nurhaliza binti Tarudin",
            "",
            "travel-ban",
        )];
        // `TARBIBO`, `TARBIDO`, ...: as many more keys begin with `TAR` as
        // a cut word may pair.
        let letters = "BDGLMNPSTW";
        let keys = letters
            .chars()
            .flat_map(|x| letters.chars().map(move |y| format!("Tar{x}i{y}o")));
        for (i, k) in keys.take(MAX_CUT_KEYS).enumerate() {
            entries.push(entry(
                &format!("F{i}"),
                &format!("Budi {k}"),
                "",
                "travel-ban",
            ));
        }
        let s = WatchlistSet::from_entries(entries, MatchConfig::builtin());
        assert_eq!(s.index().read_cut("TAR"), CutReading::Piece);
        assert_eq!(s.index().read_cut("TARU"), CutReading::Begins);
        assert_eq!(s.index().read_cut("TARUDIN"), CutReading::Whole);
        assert_eq!(s.index().read_cut("XU"), CutReading::Whole);
        assert_eq!(s.index().read_cut("TA"), CutReading::Piece);
        for brute in [false, true] {
            let screen = |name: &str| screen_by(&s, name, brute);
            // `TAR` pairs the name it begins, worth an initial: the
            // listed father's name counts mostly unpaired.
            let m = screen("SITI NURHALIZA BINTI TAR");
            assert_eq!(m.len(), 1, "{m:?}");
            assert_eq!(m[0].entry_id, "E1");
            assert!(m[0].similarity < 0.95, "{m:?}");
            assert!(
                m[0].evidence.iter().any(|e| e == "TAR≈TARUDIN (cut short)"),
                "{m:?}"
            );
            // Two letters are a piece too; it pairs only a name it begins.
            let sim = |name: &str| {
                screen(name)
                    .iter()
                    .find(|x| x.entry_id == "E1")
                    .map_or(0.0, |x| x.similarity)
            };
            let (ta, nu) = (
                sim("SITI NURHALIZA BINTI TA"),
                sim("SITI NURHALIZA BINTI NU"),
            );
            assert!(ta >= 0.8 && ta > nu, "{ta} {nu}");
        }
    }

    #[test]
    fn names_joined_across_a_dropped_bin_are_found_both_ways() {
        // The listed name's own pair across its marker is posted, and a
        // traveller's pair across hers is looked up.
        for (listed, traveller) in [
            ("Muhammad Rafiuddin", "MOHAMAD RAFI BIN UDIN"),
            ("Mohamad Rafi bin Udin", "MUHAMMAD RAFIUDDIN"),
        ] {
            let mut entries = vec![entry("E1", listed, "", "travel-ban")];
            // Names that share only the common `Muhammad`.
            for i in 0..50 {
                entries.push(entry(
                    &format!("F{i}"),
                    &format!("Muhammad Hasan{i}"),
                    "",
                    "travel-ban",
                ));
            }
            let s = WatchlistSet::from_entries(entries, MatchConfig::builtin());
            for brute in [false, true] {
                let m = screen_by(&s, traveller, brute);
                assert_eq!(
                    m.first().map(|x| x.entry_id.as_str()),
                    Some("E1"),
                    "{listed}: {m:?}"
                );
                assert!(
                    m[0].evidence.iter().any(|e| e.ends_with("(joined)")),
                    "{m:?}"
                );
            }
        }
    }

    #[test]
    fn a_name_written_with_also_known_as_matches_each_name() {
        let mut e = entry("E9", "Tan Ah Kow @ Tan Kok Wah", "1970-01-01", "travel-ban");
        e.aliases = vec![
            "Abdul Rahman @ Raman bin Ali".into(),
            "Agus Salim als. Gundul".into(),
            "Encep Nurjaman (birth name)".into(),
        ];
        let s = WatchlistSet::from_entries(vec![e], MatchConfig::builtin());
        for (name, shown) in [
            ("TAN KOK WAH", "Tan Kok Wah"),
            ("TAN AH KOW", "Tan Ah Kow"),
            ("RAMAN BIN ALI", "Raman bin Ali"),
            ("AGUS SALIM", "Agus Salim"),
            ("GUNDUL", "Gundul"),
            ("ENCEP NURJAMAN", "Encep Nurjaman"),
        ] {
            let m = s.screen(&Query {
                name,
                ..Default::default()
            });
            assert_eq!(m.len(), 1, "{name}");
            assert_eq!(m[0].similarity, 1.0, "{name}: {:?}", m[0]);
            assert_eq!(m[0].name, shown);
        }
    }

    #[test]
    fn a_name_inside_a_kunya_and_a_nisba_matches_the_passport_name() {
        let mut e = entry("E7", "Oman Rochman", "", "trafficking-suspect");
        e.aliases = vec!["Abu Sulaiman Aman Abdurrahman Al-Arkhabiliy".into()];
        let s = WatchlistSet::from_entries(vec![e.clone()], MatchConfig::builtin());
        for brute in [false, true] {
            let m = screen_by(&s, "AMAN ABDURRAHMAN", brute);
            assert_eq!(m.len(), 1, "{m:?}");
            assert_eq!(m[0].similarity, 1.0, "{m:?}");
            assert_eq!(m[0].name, "Aman Abdurrahman");
        }
        // A primary name written so adds the alias too.
        e.full_name = e.aliases.pop().expect("one alias");
        let s = WatchlistSet::from_entries(vec![e], MatchConfig::builtin());
        let m = screen_by(&s, "AMAN ABDURRAHMAN", false);
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].name, "Aman Abdurrahman");
    }

    #[test]
    fn a_single_listed_name_inside_a_longer_one_needs_the_exact_birth_date() {
        // A missing person's report writes one name; the passport made for
        // work abroad adds the father's.
        let s = WatchlistSet::from_entries(
            vec![
                entry("M1", "Suparmi", "1995-03-12", "missing-person"),
                entry("M2", "Wagiyem", "", "missing-person"),
            ],
            MatchConfig::builtin(),
        );
        let screen = |name: &str, dob: &str, brute: bool| {
            let q = Query {
                name,
                birth_date: PartialDate::parse_iso(dob).ok(),
                ..Default::default()
            };
            screen_query(&s, &q, brute)
        };
        for brute in [false, true] {
            let m = screen("SUPARMI KARTO", "1995-03-12", brute);
            assert_eq!(m.len(), 1, "{m:?}");
            assert_eq!(m[0].entry_id, "M1");
            assert!(m[0].similarity >= 0.8, "{m:?}");
            // A birth year alone, another date, or none: not reported.
            for dob in ["1995", "1995-12-03", "1996-03-12", ""] {
                let m = screen("SUPARMI KARTO", dob, brute);
                assert!(m.is_empty(), "{dob}: {m:?}");
            }
            // With `binti` the father's-part rule reads it, date or not.
            let m = screen("WAGIYEM BINTI MANGUNKUSUMO", "", brute);
            assert_eq!(m.len(), 1, "{m:?}");
        }
    }

    fn set() -> WatchlistSet {
        WatchlistSet::from_entries(
            vec![
                entry(
                    "T1",
                    "Muhammad Rizky bin Abdullah",
                    "1985-04-12",
                    "trafficking-suspect",
                ),
                entry("T2", "Ahmad bin Ismail", "1970", "trafficking-suspect"),
                entry("T3", "Jusuf Kalla", "", "travel-ban"),
            ],
            MatchConfig::default(),
        )
    }

    #[test]
    fn a_weaker_name_lifted_by_its_birth_date_still_makes_the_top() {
        // Two exact namesakes fill `max_matches`; a name a letter short, with
        // the exact birth date reaches the same reported score, and its
        // entry id sorts first, so it must be reported: the cut that skips
        // weaker candidates counts what evidence can add.
        let mut e = vec![
            entry("B1", "Siti Aminah", "", "travel-ban"),
            entry("B2", "Siti Aminah", "", "travel-ban"),
            entry("A0", "Siti Amina", "1990-05-06", "travel-ban"),
        ];
        for x in &mut e {
            x.document_numbers.clear();
        }
        let config = MatchConfig {
            max_matches: 2,
            ..MatchConfig::default()
        };
        let s = WatchlistSet::from_entries(e, config);
        let date = PartialDate::parse_iso("1990-05-06").unwrap();
        let q = Query {
            name: "Siti Aminah",
            birth_date: Some(date),
            ..Default::default()
        };
        let hits = s.name_hits(q.name);
        assert_eq!(hits.len(), 3);
        let ids: Vec<String> = s.screen(&q).into_iter().map(|m| m.entry_id).collect();
        assert_eq!(ids, ["A0", "B1"]);
    }

    #[test]
    fn batch_hits_follow_the_batch_order_with_repeated_names() {
        let s = WatchlistSet::from_entries(crowded(), MatchConfig::default());
        let names = [
            "Siti Amanah",
            "Budi Santoso",
            "Siti Aminah",
            "Siti Amanah",
            "",
        ];
        let all = s.name_hits_all(&names);
        assert_eq!((all.len(), all.distinct()), (5, 4));
        for (i, n) in names.iter().enumerate() {
            let want: Vec<_> = s.name_hits(n).best.iter().map(|h| h.entry).collect();
            let got: Vec<_> = all.get(i).best.iter().map(|h| h.entry).collect();
            assert_eq!(got, want, "{n:?}");
        }
        assert_eq!(all.get(0).len(), 7);
        assert!(all.get(1).is_empty());
        assert!(s.name_hits_all(&[]).is_empty());
    }

    /// Five exact travel-ban namesakes and, a letter off, trafficking
    /// suspects: one without a birth date, one whose exact birth date lifts
    /// it over the first.
    fn crowded() -> Vec<WatchlistEntry> {
        let mut e: Vec<_> = (1..=5)
            .map(|i| entry(&format!("B{i}"), "Siti Aminah", "", "travel-ban"))
            .collect();
        e.push(entry("T1", "Siti Amanah", "", "trafficking-suspect"));
        e.push(entry(
            "T2",
            "Siti Amanah",
            "1990-05-06",
            "trafficking-suspect",
        ));
        for x in &mut e {
            x.document_numbers.clear();
        }
        e
    }

    fn ids(s: &WatchlistSet, q: &Query<'_>) -> Vec<(String, bool)> {
        s.screen(q)
            .into_iter()
            .map(|m| (m.entry_id, m.priority))
            .collect()
    }

    #[test]
    fn the_best_priority_match_is_reported_past_max_matches() {
        let config = MatchConfig {
            max_matches: 2,
            ..MatchConfig::default()
        };
        let s = WatchlistSet::from_entries(crowded(), config.clone());
        let q = Query {
            name: "Siti Aminah",
            birth_date: PartialDate::parse_iso("1990-05-06").ok(),
            ..Default::default()
        };
        // The namesakes fill the two places; of the suspects the one its
        // birth date lifts is the best, though its name is no closer.
        let got = ids(&s, &q);
        assert_eq!(
            got,
            [
                ("B1".into(), false),
                ("B2".into(), false),
                ("T2".into(), true)
            ]
        );
        let m = s.screen(&q);
        assert!(m[2].similarity < m[1].similarity, "{m:?}");
        assert_eq!(m[2].birth_date, DateEvidence::Exact);
        // Without priority categories the cut is the plain one.
        let plain = WatchlistSet::from_entries(
            crowded(),
            MatchConfig {
                priority_categories: vec![],
                ..config.clone()
            },
        );
        assert_eq!(
            ids(&plain, &q),
            [("B1".into(), false), ("B2".into(), false)]
        );
        // A priority match among the best is not repeated after them.
        let q = Query {
            name: "Siti Amanah",
            ..Default::default()
        };
        assert_eq!(ids(&s, &q), [("T1".into(), true), ("T2".into(), true)]);
    }

    #[test]
    fn finds_variants_with_evidence() {
        let s = set();
        let d = PartialDate::parse_iso("1985-04-12").unwrap();
        let m = s.screen(&Query {
            name: "Mohd Rizki Abdullah",
            birth_date: Some(d),
            ..Default::default()
        });
        assert_eq!(m[0].entry_id, "T1");
        assert!(m[0].similarity >= 0.88, "{m:?}");
        assert!(
            m[0].evidence
                .iter()
                .any(|e| e == "MOHD≈MUHAMMAD (spelling family)"),
            "{:?}",
            m[0].evidence
        );
        assert!(m[0].evidence.iter().any(|e| e == "birth date exact"));
        let m = s.screen(&Query {
            name: "Yusuf Kalla",
            ..Default::default()
        });
        assert_eq!(m[0].entry_id, "T3");
    }

    #[test]
    fn namesake_and_order() {
        let s = set();
        let m = s.screen(&Query {
            name: "Ismail bin Ahmad",
            ..Default::default()
        });
        assert!(m.iter().all(|m| m.entry_id != "T2"), "{m:?}");
        let d = PartialDate::parse_iso("1990").unwrap();
        let m = s.screen(&Query {
            name: "Ahmad bin Ismail",
            birth_date: Some(d),
            ..Default::default()
        });
        assert!(
            m.iter().all(|m| m.similarity < s.config().review_threshold),
            "{m:?}"
        );
    }

    #[test]
    fn document_number_is_strong_under_another_name() {
        let s = set();
        let m = s.screen(&Query {
            name: "Budi Santoso",
            document_number: Some("b 1234567"),
            ..Default::default()
        });
        assert!(
            !m.is_empty() && m[0].document_match && m[0].similarity >= 0.97,
            "{m:?}"
        );
    }

    #[test]
    fn set_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<WatchlistSet>();
    }
}
