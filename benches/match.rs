//! Matcher benchmark (harness = false): builds a synthetic list of
//! Indonesian / Malay / Arabic / Western names, then measures index build
//! time and memory, one-traveller latency, and batch throughput with rayon.
//!
//! `cargo bench --bench match` (release). Sizes from the environment:
//! `LINTAS_BENCH_NAMES` (default 1,000,000), `LINTAS_BENCH_QUERIES`
//! (default 1,000,000), `LINTAS_BENCH_LATENCY` (one-traveller queries,
//! default 2,000; 0 skips them), `LINTAS_BENCH_BRUTE` (queries also run
//! by brute force, default 20).
//!
//! For changes to the matcher: `LINTAS_BENCH_SHOW_MISSES=1` prints, for each
//! brute-force query, the listed names brute force finds and the index
//! misses (up to five, best first); `LINTAS_BENCH_DUMP=FILE` writes every
//! batch traveller's matches (`index<TAB>entry:similarity,...`) to FILE, so
//! that the output of two builds can be diffed (a speed change should leave
//! it identical; the batch time then includes writing the lines);
//! `LINTAS_BENCH_DUMP_NAMES=1` adds to each line, tab-separated, the
//! traveller's name and the listed names matched (`|` between), so that a
//! quality change can be read.
//! `LINTAS_BENCH_ROUNDS=R` runs the batch R times, each over its own
//! `LINTAS_BENCH_QUERIES` travellers, and reports the best round too: on a
//! shared machine the best of several rounds tells two builds apart where
//! one round's noise (±15% here) would not.
//!
//! Two lists (`LINTAS_BENCH_LIST`):
//! - `syllable` (default): names made of syllables. They make a dense list:
//!   a traveller's name has on average about 300 listed names at
//!   similarity 0.76 or more on 1,000,000 names, so the figures are a
//!   worst case.
//! - `real`: names recombined from the words of real names, drawn with
//!   their real frequencies. The pool is every Latin-script word (as
//!   manifests carry names) of the OFAC and UN list names and aliases and
//!   of the 50,000 synthetic travellers in `../shared/data`; each generated
//!   name takes the word count of a random real name. Common words (`MUHAMMAD`, `ALI`) are as
//!   common as in the lists, rare ones as rare.
//!
//! The bench allocates as the `lintas` binary does (mimalloc), and its batch
//! runs as `lintas batch` does (`WatchlistSet::name_hits_all`).

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use lintas::model::WatchlistEntry;
use lintas::watchlist::{load_file, MatchConfig, Query, WatchlistSet};
use rayon::prelude::*;
use std::time::Instant;

/// Small deterministic generator (xorshift64*).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[(self.next() % v.len() as u64) as usize]
    }
}

const ID_SYL: &[&str] = &[
    "su", "har", "to", "wi", "ja", "ya", "ti", "sri", "wa", "ti", "bam", "bang", "ra", "hma", "di",
    "nur", "sa", "pu", "tra", "ku", "su", "ma", "ning", "sih", "yo", "no", "wan", "ga", "dewi",
    "lan", "ri", "pra", "se", "tia", "an", "ka", "mi", "hen", "dra",
];
const AR_SYL: &[&str] = &[
    "ab", "dul", "rah", "man", "ha", "san", "hu", "sein", "is", "mail", "ib", "ra", "him", "fa",
    "ti", "mah", "kha", "lid", "ya", "sin", "za", "ki", "ri", "ah", "mad", "mus", "ta", "fa", "ja",
    "far",
];
const WE_SYL: &[&str] = &[
    "jo", "hn", "mar", "tin", "ste", "ven", "ro", "bert", "son", "wil", "liam", "an", "der", "sen",
    "ca", "rol", "ine", "el", "len", "ge", "org", "mi", "chel", "ber", "ger",
];
const COMMON: &[&str] = &[
    "Muhammad", "Siti", "Nur", "Ahmad", "Abdul", "Sri", "Dewi", "Mohd",
];

fn word(r: &mut Rng) -> String {
    let set = match r.next() % 3 {
        0 => ID_SYL,
        1 => AR_SYL,
        _ => WE_SYL,
    };
    let n = 2 + (r.next() % 2) as usize;
    let mut w = String::new();
    for _ in 0..n {
        w.push_str(r.pick(set));
    }
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn name(r: &mut Rng) -> String {
    let mut parts = Vec::new();
    if r.next().is_multiple_of(4) {
        parts.push(r.pick(COMMON).to_string());
    }
    for _ in 0..(1 + r.next() % 3) {
        parts.push(word(r));
    }
    if r.next().is_multiple_of(6) && parts.len() > 1 {
        let at = parts.len() - 1;
        parts.insert(at, "bin".into());
    }
    parts.join(" ")
}

/// Drops one letter inside a word of four letters or more (a keying
/// error; names run together are a separate phenomenon).
fn typo(r: &mut Rng, s: &str) -> String {
    let mut b: Vec<char> = s.chars().collect();
    let inside: Vec<usize> = (1..b.len().saturating_sub(1))
        .filter(|&i| {
            let word = |j: usize| b.get(j).is_some_and(|c| c.is_alphabetic());
            word(i - 1) && word(i) && word(i + 1) && (i < 2 || word(i - 2) || word(i + 2))
        })
        .collect();
    if !inside.is_empty() {
        b.remove(inside[(r.next() % inside.len() as u64) as usize]);
    }
    b.into_iter().collect()
}

/// Real names (list names, aliases, synthetic travellers) from the shared
/// data, or `None` when it is absent.
fn real_names() -> Option<Vec<String>> {
    let d = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let lists = [
        d.join("watchlists/ofac-sdn-2021/sdn.csv"),
        d.join("watchlists/un-sc/UN_consolidated.xml"),
    ];
    if !lists.iter().all(|p| p.is_file()) {
        return None;
    }
    // The loader alone: the names are wanted, not an index over them.
    let mut out: Vec<String> = Vec::new();
    for p in &lists {
        let loaded = load_file(p).unwrap_or_else(|e| panic!("{e:#}"));
        out.extend(
            loaded
                .entries
                .into_iter()
                .flat_map(|e| std::iter::once(e.full_name).chain(e.aliases)),
        );
    }
    if let Ok(mut r) = csv::Reader::from_path(d.join("travellers/synthetic-nonmatches-global.csv"))
    {
        out.extend(r.records().filter_map(|r| r.ok()?.get(0).map(String::from)));
    }
    Some(out)
}

/// Names recombined from the words of `real`, each word drawn with its
/// real frequency, each name with the word count of a random real name.
struct RealNames {
    shapes: Vec<usize>,
    words: Vec<String>,
}

impl RealNames {
    fn new(real: &[String]) -> RealNames {
        let mut shapes = Vec::new();
        let mut words = Vec::new();
        for n in real {
            // Latin script only, as manifests carry it (MRZ and PAXLST
            // names are A-Z): `Ba'asyir` and `Peña` are kept, `王` is not.
            let w: Vec<&str> = n
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|w| !w.is_empty() && lintas::names::plain_upper(w).is_ascii())
                .collect();
            if w.is_empty() {
                continue;
            }
            shapes.push(w.len().min(6));
            words.extend(w.into_iter().map(String::from));
        }
        RealNames { shapes, words }
    }
    fn name(&self, r: &mut Rng) -> String {
        let n = self.shapes[(r.next() % self.shapes.len() as u64) as usize];
        (0..n)
            .map(|_| self.words[(r.next() % self.words.len() as u64) as usize].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .nth(1)
                .and_then(|p| p.parse::<f64>().ok())
        })
        .map_or(0.0, |p| p * 4096.0 / 1e6)
}

/// The process's user and system CPU seconds so far (Linux; zero
/// elsewhere): the batch's own, told apart from the wall time that other
/// work on a shared machine stretches.
fn cpu_seconds() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which ends with the last ')'.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let ticks = |i: usize| {
        rest.split_whitespace()
            .nth(i)
            .and_then(|t| t.parse::<f64>().ok())
            .map_or(0.0, |t| t / 100.0)
    };
    (ticks(11), ticks(12))
}

fn env(k: &str, d: usize) -> usize {
    std::env::var(k)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(d)
}

fn main() {
    let n = env("LINTAS_BENCH_NAMES", 1_000_000);
    let nq = env("LINTAS_BENCH_QUERIES", 1_000_000);
    let nl = env("LINTAS_BENCH_LATENCY", 2_000);
    let rounds = env("LINTAS_BENCH_ROUNDS", 1).max(1);
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    let kind = std::env::var("LINTAS_BENCH_LIST").unwrap_or_else(|_| "syllable".into());
    let real = match kind.as_str() {
        "syllable" => None,
        "real" => Some(RealNames::new(
            &real_names().expect("LINTAS_BENCH_LIST=real needs ../shared/data"),
        )),
        other => panic!("LINTAS_BENCH_LIST: '{other}' is neither 'syllable' nor 'real'"),
    };
    let gen = |r: &mut Rng| match &real {
        Some(g) => g.name(r),
        None => name(r),
    };
    let names: Vec<String> = (0..n).map(|_| gen(&mut r)).collect();
    let entries: Vec<WatchlistEntry> = names
        .iter()
        .enumerate()
        .map(|(i, nm)| WatchlistEntry {
            entry_id: format!("E{i}"),
            list: "BENCH".into(),
            full_name: nm.clone(),
            aliases: vec![],
            birth_dates: vec![],
            nationalities: vec![],
            document_numbers: vec![],
            sex: None,
            category: "trafficking-suspect".into(),
        })
        .collect();
    let before = rss_mb();
    let t = Instant::now();
    let set = WatchlistSet::from_entries(entries, MatchConfig::builtin());
    let build = t.elapsed();
    let after = rss_mb();
    println!(
        "list: {n} {kind} names, vocabulary {}; build {:.2?}; RSS +{:.0} MB for the index (process {:.0} MB)",
        set.index().vocabulary(),
        build,
        after - before,
        after
    );
    // Queries: half perturbed list names, half new names.
    let queries: Vec<String> = (0..(nq * rounds).max(nl))
        .map(|i| {
            if i % 2 == 0 {
                {
                    let k = (r.next() % n as u64) as usize;
                    typo(&mut r, &names[k])
                }
            } else {
                gen(&mut r)
            }
        })
        .collect();
    let mut lat = Vec::with_capacity(nl);
    let mut hits = 0usize;
    for q in queries.iter().take(nl) {
        let t = Instant::now();
        let m = set.screen(&Query {
            name: q,
            ..Default::default()
        });
        lat.push(t.elapsed().as_secs_f64() * 1e6);
        hits += usize::from(!m.is_empty());
    }
    lat.sort_by(f64::total_cmp);
    // `LINTAS_BENCH_LATENCY=0` skips the one-traveller figures.
    let median = (nl > 0).then(|| lat[nl / 2]);
    if let Some(median) = median {
        println!(
            "one traveller: median {median:.1} µs, p90 {:.1} µs, p99 {:.1} µs ({nl} queries, {hits} with a match)",
            lat[nl * 9 / 10],
            lat[nl * 99 / 100]
        );
    }
    // Brute force (every listed name aligned) on a few queries: the
    // reference the index is measured against, for the speed ratio and the
    // recall on this list.
    let nb = env("LINTAS_BENCH_BRUTE", 20).min(queries.len());
    let show_misses = std::env::var_os("LINTAS_BENCH_SHOW_MISSES").is_some();
    let floor = set.config().report_threshold;
    let (mut brute_lat, mut want, mut got) = (Vec::with_capacity(nb), 0usize, 0usize);
    for q in queries.iter().take(nb) {
        let t = Instant::now();
        let all = set.name_scores(q, floor, true);
        brute_lat.push(t.elapsed().as_secs_f64() * 1e6);
        let ix = set.name_scores(q, floor, false);
        want += all.len();
        got += all.keys().filter(|e| ix.contains_key(e)).count();
        if show_misses {
            let mut missed: Vec<_> = all.iter().filter(|(e, _)| !ix.contains_key(e)).collect();
            missed.sort_by(|a, b| b.1.total_cmp(a.1));
            for (e, sim) in missed.iter().take(5) {
                println!("  missed for {q:?}: {:?} at {sim:.3}", names[**e as usize]);
            }
        }
    }
    if nb > 0 {
        brute_lat.sort_by(f64::total_cmp);
        let med = brute_lat[nb / 2];
        let faster = median.map_or(String::new(), |m| format!("; index {:.0}x faster", med / m));
        println!(
            "brute force: median {med:.0} µs per traveller ({nb} queries{faster}); index recall {got}/{want}"
        );
    }
    // As `lintas batch` does it: name hits of the distinct names (in sorted
    // order), then each traveller's screening.
    let dump = std::env::var("LINTAS_BENCH_DUMP").ok();
    let dump_names = std::env::var_os("LINTAS_BENCH_DUMP_NAMES").is_some();
    let mut best = f64::INFINITY;
    for round in 0..rounds {
        let t = Instant::now();
        let cpu = cpu_seconds();
        let batch: Vec<&str> = queries[round * nq..(round + 1) * nq]
            .iter()
            .map(String::as_str)
            .collect();
        let hits = set.name_hits_all(&batch);
        let searched = t.elapsed();
        // With a dump asked for, each traveller's matches as one line too
        // (entry:similarity), so that two builds' outputs can be diffed.
        let dump = dump.as_ref().filter(|_| round == 0);
        let screened: Vec<(usize, String)> = batch
            .par_iter()
            .enumerate()
            .map(|(i, q)| {
                let m = set.screen_with(
                    &Query {
                        name: q,
                        ..Default::default()
                    },
                    hits.get(i),
                );
                let line = match dump {
                    Some(_) => {
                        let ids: Vec<String> = m
                            .iter()
                            .map(|x| format!("{}:{:.4}", x.entry_id, x.similarity))
                            .collect();
                        let mut line = ids.join(",");
                        if dump_names {
                            // The entry ids are `E` and the name's place.
                            let listed: Vec<&str> = m
                                .iter()
                                .map(|x| {
                                    let at = x.entry_id[1..].parse::<usize>();
                                    names[at.expect("bench entry ids are E<place>")].as_str()
                                })
                                .collect();
                            line = format!("{line}\t{q}\t{}", listed.join("|"));
                        }
                        line
                    }
                    None => String::new(),
                };
                (m.len(), line)
            })
            .collect();
        let total: usize = screened.iter().map(|s| s.0).sum();
        let el = t.elapsed();
        let cpu_now = cpu_seconds();
        best = best.min(el.as_secs_f64());
        let label = if round == 0 {
            "batch".to_string()
        } else {
            format!("batch round {}", round + 1)
        };
        println!(
            "{label}: {nq} travellers in {:.2?} on {} threads ({:.0} travellers/s, {total} matches; name search {:.2?}, screening {:.2?}; CPU user {:.1}s, system {:.1}s)",
            el,
            rayon::current_num_threads(),
            nq as f64 / el.as_secs_f64(),
            searched,
            el - searched,
            cpu_now.0 - cpu.0,
            cpu_now.1 - cpu.1
        );
        if let Some(path) = dump {
            let mut out = String::new();
            for (i, (_, line)) in screened.iter().enumerate() {
                out += &format!("{i}\t{line}\n");
            }
            std::fs::write(path, out).unwrap_or_else(|e| panic!("{path}: {e}"));
            println!("wrote every traveller's matches to {path}");
        }
    }
    if rounds > 1 {
        println!(
            "batch best of {rounds} rounds: {nq} travellers in {best:.2}s ({:.0} travellers/s)",
            nq as f64 / best
        );
    }
}
