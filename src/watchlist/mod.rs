//! Watchlists: loading, the candidate index and screening.
//! (Placeholder: the [names] work replaces this with the full matcher.)

use crate::model::{Match, PartialDate, Sex, WatchlistEntry};
use crate::names::NameRules;
use anyhow::{bail, Context, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Matching settings from the rule pack (`ruleset.toml`, `[matching]`).
#[derive(Clone, Debug)]
pub struct MatchConfig {
    /// Matches below this similarity are not reported.
    pub report_threshold: f64,
    /// At most this many matches per traveller.
    pub max_matches: usize,
}

impl Default for MatchConfig {
    fn default() -> Self {
        MatchConfig { report_threshold: 0.80, max_matches: 5 }
    }
}

impl MatchConfig {
    /// Parses `rules/tables/matching.toml`.
    pub fn from_toml(_text: &str) -> Result<MatchConfig, String> {
        Ok(MatchConfig::default())
    }
}

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

/// All loaded lists with their index.
#[derive(Debug, Default)]
pub struct WatchlistSet {
    entries: Vec<WatchlistEntry>,
    by_token: HashMap<String, Vec<usize>>,
    infos: Vec<ListInfo>,
    version: String,
    config: MatchConfig,
}

impl WatchlistSet {
    /// Loads list files (canonical CSV).
    pub fn load(paths: &[PathBuf], _rules: &NameRules, config: MatchConfig) -> Result<WatchlistSet> {
        let mut entries = Vec::new();
        let mut infos = Vec::new();
        let mut blobs = Vec::new();
        for p in paths {
            let bytes = std::fs::read(p).with_context(|| format!("cannot read watchlist {}", p.display()))?;
            let es = load_canonical(p, &bytes)?;
            infos.push(ListInfo {
                path: p.display().to_string(),
                lists: es.iter().map(|e| e.list.clone()).collect::<std::collections::BTreeSet<_>>().into_iter().collect(),
                entries: es.len(),
                version: crate::version::hash_bytes(&[&bytes]),
            });
            entries.extend(es);
            blobs.push(bytes);
        }
        let refs: Vec<&[u8]> = blobs.iter().map(|b| b.as_slice()).collect();
        let mut set = WatchlistSet::from_entries(entries, config);
        set.infos = infos;
        set.version = crate::version::hash_bytes(&refs);
        Ok(set)
    }

    /// Builds the index over entries.
    pub fn from_entries(entries: Vec<WatchlistEntry>, config: MatchConfig) -> WatchlistSet {
        let mut by_token: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            for n in std::iter::once(&e.full_name).chain(&e.aliases) {
                for t in crate::names::tokens(n) {
                    by_token.entry(t).or_default().push(i);
                }
            }
        }
        WatchlistSet { entries, by_token, infos: Vec::new(), version: crate::version::hash_bytes(&[]), config }
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

    /// Matches for one traveller, best first.
    pub fn screen(&self, q: &Query<'_>) -> Vec<Match> {
        let qt = crate::names::tokens(q.name);
        let mut cands: Vec<usize> = qt.iter().flat_map(|t| self.by_token.get(t).into_iter().flatten().copied()).collect();
        cands.sort_unstable();
        cands.dedup();
        let qn = qt.join(" ");
        let mut out = Vec::new();
        for i in cands {
            let e = &self.entries[i];
            let (sim, name) = std::iter::once(&e.full_name)
                .chain(&e.aliases)
                .map(|n| (strsim::jaro_winkler(&qn, &crate::names::tokens(n).join(" ")), n))
                .fold((0.0, &e.full_name), |a, b| if b.0 > a.0 { b } else { a });
            if sim >= self.config.report_threshold {
                out.push(Match {
                    entry_id: e.entry_id.clone(),
                    list: e.list.clone(),
                    category: e.category.clone(),
                    name: name.clone(),
                    similarity: sim,
                    evidence: vec![format!("name {sim:.2}")],
                    birth_date: Default::default(),
                    document_match: false,
                });
            }
        }
        out.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
        out.truncate(self.config.max_matches);
        out
    }
}

fn load_canonical(path: &Path, bytes: &[u8]) -> Result<Vec<WatchlistEntry>> {
    let mut rdr = csv::Reader::from_reader(bytes);
    let headers = rdr.headers().with_context(|| format!("{}: cannot read header", path.display()))?.clone();
    let col = |n: &str| headers.iter().position(|h| h.trim() == n);
    let (Some(id), Some(list), Some(name)) = (col("entry_id"), col("list"), col("full_name")) else {
        bail!("{}: missing required column (entry_id, list, full_name)", path.display());
    };
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.with_context(|| format!("{}: row {}", path.display(), i + 1))?;
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).map(str::trim).unwrap_or("");
        if get(Some(id)).is_empty() {
            bail!("{}: row {}: field entry_id: empty", path.display(), i + 1);
        }
        let split = |s: &str| s.split(';').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect::<Vec<_>>();
        out.push(WatchlistEntry {
            entry_id: get(Some(id)).into(),
            list: get(Some(list)).into(),
            full_name: get(Some(name)).into(),
            aliases: split(get(col("aliases"))),
            birth_dates: split(get(col("birth_date"))).iter().filter_map(|d| PartialDate::parse_iso(d).ok()).collect(),
            nationalities: split(get(col("nationality"))),
            document_numbers: split(get(col("document_number"))),
            sex: None,
            category: get(col("category")).into(),
        });
    }
    Ok(out)
}
