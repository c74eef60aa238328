//! Matcher quality on labelled data. Prints the figures quoted in
//! docs/matching.md; asserts the targets of issue 3.
//!
//! Reads `../shared/data` (relative to the crate root); every test that
//! needs it skips with a message when the folder is absent.

use lintas::model::{PartialDate, Sex, WatchlistEntry};
use lintas::names::{builtin_rules, jaro_winkler};
use lintas::watchlist::{MatchConfig, Query, WatchlistSet};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

const DATA: &str = "../shared/data";

fn data() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(DATA);
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!(
            "SKIP: {} not found; quality figures need the shared data",
            p.display()
        );
        None
    }
}

fn date(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    PartialDate::parse_iso(s.get(..10).unwrap_or(s))
        .ok()
        .or_else(|| s.get(..4).and_then(|y| PartialDate::parse_iso(y).ok()))
}

/// Screens `a` against a one-entry list holding `b`; returns the similarity (0 when not reported).
fn pair_sim(a: &str, da: Option<PartialDate>, b: &str, db: Option<PartialDate>) -> f64 {
    let set = WatchlistSet::from_entries(vec![listed("E", b, db)], MatchConfig::builtin());
    set.screen(&Query {
        name: a,
        birth_date: da,
        ..Default::default()
    })
    .first()
    .map_or(0.0, |m| m.similarity)
}

#[derive(Default, Debug)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
}

impl Counts {
    fn add(&mut self, truth: bool, said: bool) {
        match (truth, said) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }
    fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
    fn line(&self, what: &str) -> String {
        format!(
            "{what}: precision {:.4} recall {:.4} (tp {} fp {} fn {} tn {})",
            self.precision(),
            self.recall(),
            self.tp,
            self.fp,
            self.fn_,
            self.tn
        )
    }
}

fn csv_rows(path: &Path) -> Vec<csv::StringRecord> {
    let mut r = csv::Reader::from_path(path).expect("readable csv");
    r.records().map(|r| r.expect("csv row")).collect()
}

#[test]
fn own_indonesian_malay_set() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/names/id_my_pairs.csv");
    let rows = csv_rows(&path);
    assert!(rows.len() >= 300, "the labelled set has hundreds of pairs");
    let bar = MatchConfig::builtin().report_threshold;
    let mut c = Counts::default();
    let mut misses = Vec::new();
    for r in &rows {
        let s = pair_sim(&r[0], date(&r[1]), &r[2], date(&r[3]));
        let truth = &r[4] == "true";
        c.add(truth, s >= bar);
        if truth != (s >= bar) {
            misses.push(format!(
                "  {} | {} | {} | {} -> {s:.3} ({})",
                &r[0], &r[1], &r[2], &r[3], &r[5]
            ));
        }
    }
    println!(
        "{}",
        c.line("own ID/MY set (tests/data/names/id_my_pairs.csv)")
    );
    for m in &misses {
        println!("{m}");
    }
    assert!(
        c.recall() >= 0.97 && c.precision() >= 0.98,
        "{}",
        c.line("own set")
    );
}

#[test]
fn un_alias_pairs_id_my() {
    let Some(d) = data() else { return };
    let rows = csv_rows(&d.join("name-pairs/un-alias-pairs-id-my.csv"));
    // Each true pair read by hand (tests/data/names/un_id_my_alias_kinds.csv):
    // a `variant` when the words of one name are all, up to spelling,
    // initials, joins and splits, words of the other (either may carry
    // names the other lacks: `Nurjaman`, `Siregar, Saleh Parlindungan`);
    // `other` when each carries a name the other lacks, or they share
    // none (a nom de guerre, a kunya, a nickname, another given name:
    // `Muhammad Syawal` for `Yassin Syawal`).
    let kinds_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/names/un_id_my_alias_kinds.csv");
    let kinds: std::collections::HashMap<(String, String), String> = csv_rows(&kinds_path)
        .iter()
        .map(|r| ((r[1].to_string(), r[2].to_string()), r[3].to_string()))
        .collect();
    let rules = builtin_rules();
    let bar = MatchConfig::builtin().report_threshold;
    let (mut all, mut kept, mut read) = (Counts::default(), Counts::default(), Counts::default());
    let (mut noms, mut others) = (0, 0);
    for r in &rows {
        let truth = &r[4] == "true";
        let s = pair_sim(&r[1], None, &r[3], None);
        all.add(truth, s >= bar);
        // The count by hand: every true pair has a kind, and the file
        // names no pair the data lacks.
        let kind = kinds.get(&(r[1].to_string(), r[3].to_string()));
        match (truth, kind.map(String::as_str)) {
            (false, None) => read.add(truth, s >= bar),
            (true, Some("variant")) => {
                if s < bar {
                    println!("  miss (variant): {} | {} -> {s:.3}", &r[1], &r[3]);
                }
                read.add(truth, s >= bar);
            }
            (true, Some("other")) => others += 1,
            _ => panic!(
                "{}: no kind, or a kind for a false pair: {} | {}",
                kinds_path.display(),
                &r[1],
                &r[3]
            ),
        }
        // The count by the UN's marks: noms de guerre are aliases the UN
        // marks `Low` quality (its a.k.a. of lesser reliability, mostly
        // noms de guerre) and aliases that share no token with the name,
        // even approximately (the aligner finds no pair at all).
        let a = lintas::names::normalise(&r[1], rules);
        let b = lintas::names::normalise(&r[3], rules);
        let aligned = !lintas::names::compare(&a, &b, &|_| 1.0).pairs.is_empty();
        if truth && (!aligned || &r[5] == "Low") {
            noms += 1;
            continue;
        }
        if truth && s < bar {
            println!("  miss: {} | {} -> {s:.3}", &r[1], &r[3]);
        }
        if !truth && s >= bar {
            println!("  false: {} | {} -> {s:.3}", &r[1], &r[3]);
        }
        kept.add(truth, s >= bar);
    }
    assert_eq!(
        kinds.len(),
        all.tp + all.fn_,
        "{}: one kind per true pair",
        kinds_path.display()
    );
    println!("{}", all.line("UN alias pairs ID/MY, all"));
    println!(
        "{} (noms de guerre excluded: {noms})",
        kept.line("UN alias pairs ID/MY")
    );
    println!(
        "{} (other names excluded: {others})",
        read.line("UN alias pairs ID/MY, read by hand")
    );
    // Recall here is below the 97% (measured 57/73 = 0.781 by the
    // UN's marks, 61/64 = 0.953 read by hand): the misses are given in
    // docs/matching.md. Precision is 1.0 in both counts. (0.795 by the
    // UN's marks before stop 28 told `Abdul Rahim` from `Abdurrahman`,
    // which the UN lists as one man's names.)
    assert!(kept.precision() >= 0.98, "{}", kept.line("UN ID/MY"));
    assert!(kept.recall() >= 0.78, "{}", kept.line("UN ID/MY"));
    assert!(
        read.precision() >= 0.98,
        "{}",
        read.line("UN ID/MY by hand")
    );
    assert!(read.recall() >= 0.95, "{}", read.line("UN ID/MY by hand"));
}

/// The Latin-script Indonesian and Malaysian names of the synthetic
/// travellers (two words or more, upper case).
fn id_my_names(d: &Path) -> Vec<String> {
    csv_rows(&d.join("travellers/synthetic-nonmatches-global.csv"))
        .iter()
        .filter(|r| matches!(&r[7], "Indonesia" | "Malaysia"))
        .map(|r| r[0].to_uppercase())
        .filter(|n| {
            n.split(' ').count() >= 2 && n.bytes().all(|c| c.is_ascii_uppercase() || c == b' ')
        })
        .collect()
}

/// `name` with one typo of `kind` (0 a letter changed, 1 dropped, 2
/// doubled, 3 two swapped) in the word `word` picks, at its first letter
/// or at a place inside taken from `i`; `None` when no word is picked or
/// the edit changes nothing. Fixed edits, no random seed.
fn with_typo(
    name: &str,
    word: impl Fn(&[Vec<u8>]) -> Option<usize>,
    first: bool,
    kind: usize,
    i: usize,
) -> Option<String> {
    let mut words: Vec<Vec<u8>> = name.split(' ').map(|w| w.as_bytes().to_vec()).collect();
    let j = word(&words)?;
    let w = &mut words[j];
    let at = if first {
        0
    } else {
        1 + (i * 7) % (w.len() - 2)
    };
    match kind {
        0 => w[at] = b"BCDEFGHIJKLMNOPRSTUWY"[(i * 11) % 21],
        1 => {
            w.remove(at);
        }
        2 => w.insert(at, w[at]),
        _ => w.swap(at, at + 1),
    }
    let edited = String::from_utf8(words.join(&b' ')).ok()?;
    (edited != name).then_some(edited)
}

/// One typo (a letter changed, dropped, doubled, or two swapped) in one
/// word of each Latin-script Indonesian and Malaysian name of the
/// synthetic travellers, never in its first letter: the edited name against
/// its own (recall) and against the next name (precision). The edits are
/// fixed (no random seed), so the figure only moves with the matcher.
#[test]
fn one_typo_in_indonesian_and_malaysian_names() {
    let Some(d) = data() else { return };
    let names = id_my_names(&d);
    let typo = |i: usize, name: &str| {
        let fifth = |ws: &[Vec<u8>]| {
            let long = ws.iter().enumerate().filter(|(_, w)| w.len() >= 5);
            long.map(|(j, _)| j).nth(i % 2)
        };
        with_typo(name, fifth, false, i % 4, i)
    };
    let edited: Vec<(String, &String, &String)> = names
        .iter()
        .enumerate()
        .filter_map(|(i, n)| Some((typo(i, n)?, n, &names[(i + 1) % names.len()])))
        .collect();
    let said: Vec<(bool, bool)> = edited
        .par_iter()
        .map(|(e, own, next)| {
            (
                pair_sim(e, None, own, None) >= 0.8,
                pair_sim(e, None, next, None) >= 0.8,
            )
        })
        .collect();
    let mut c = Counts::default();
    for ((e, own, _), &(hit, false_hit)) in edited.iter().zip(&said) {
        if !hit && std::env::var_os("LINTAS_SHOW_MISSES").is_some() {
            println!("  miss: {e} | {own}");
        }
        c.add(true, hit);
        c.add(false, false_hit);
    }
    println!(
        "{}",
        c.line("one typo in ID/MY names (synthetic travellers)")
    );
    assert!(c.recall() >= 0.95 && c.precision() >= 0.98, "{c:?}");
}

/// The same names with one typo anywhere: in any word of four letters or
/// more, the first letter included, one kind of typo at a time. Where
/// [`one_typo_in_indonesian_and_malaysian_names`] measures the typos a
/// matcher should not miss, this one shows where one typo takes a name
/// out of reach: a four-letter word cut to three (`LISA`/`LSA`) or a
/// first letter changed (`Budi`/`Rudi`) is as often another name, and
/// both are scored as such (docs/matching.md, section 5). Recall per kind
/// is printed; the floor asserted is the whole's.
#[test]
fn one_typo_anywhere_in_indonesian_and_malaysian_names() {
    let Some(d) = data() else { return };
    let mut names = id_my_names(&d);
    names.truncate(1000);
    // Typo `kind` in word `i` modulo the word count (or the next word of
    // four letters or more), at the first letter or inside.
    let typo = |i: usize, name: &str, first: bool, kind: usize| {
        let word = |ws: &[Vec<u8>]| {
            let mut from = ws.iter().enumerate().skip(i % ws.len());
            from.find(|(_, w)| w.len() >= 4).map(|(j, _)| j)
        };
        with_typo(name, word, first, kind, i)
    };
    let kinds = ["changed", "dropped", "doubled", "swapped"];
    let mut all = Counts::default();
    for first in [true, false] {
        for (kind, what) in kinds.iter().enumerate() {
            let said: Vec<(bool, bool)> = names
                .par_iter()
                .enumerate()
                .filter_map(|(i, n)| {
                    let e = typo(i, n, first, kind)?;
                    let next = &names[(i + 1) % names.len()];
                    let hit = pair_sim(&e, None, n, None) >= 0.8;
                    if !hit && std::env::var_os("LINTAS_SHOW_MISSES").is_some() {
                        println!("  miss ({}, first {first}): {e} | {n}", kinds[kind]);
                    }
                    Some((hit, pair_sim(&e, None, next, None) >= 0.8))
                })
                .collect();
            let mut c = Counts::default();
            for (hit, false_hit) in said {
                c.add(true, hit);
                c.add(false, false_hit);
                all.add(true, hit);
                all.add(false, false_hit);
            }
            let at = if first { "the first letter" } else { "inside" };
            println!("{}", c.line(&format!("one typo anywhere: {what}, {at}")));
        }
    }
    println!("{}", all.line("one typo anywhere in ID/MY names"));
    assert!(all.recall() >= 0.88 && all.precision() >= 0.98, "{all:?}");
}

#[test]
fn nomenklatura_persons_and_un_perturbed() {
    let Some(d) = data() else { return };
    let bar = MatchConfig::builtin().report_threshold;
    let mut c = Counts::default();
    for r in csv_rows(&d.join("name-pairs/nomenklatura-cases.csv")) {
        if &r[1] != "Person" {
            continue;
        }
        c.add(&r[4] == "true", pair_sim(&r[2], None, &r[3], None) >= bar);
    }
    println!("{}", c.line("nomenklatura person cases"));
    let listed = csv_rows(&d.join("name-pairs/un-persons-listed.csv"));
    let perturbed = csv_rows(&d.join("name-pairs/un-persons-perturbed.csv"));
    let mut p = Counts::default();
    for (i, (a, b)) in listed.iter().zip(&perturbed).enumerate() {
        if a[0] != b[0] {
            p.add(true, pair_sim(&b[0], None, &a[0], None) >= bar);
        }
        let other = &listed[(i + 1) % listed.len()];
        p.add(false, pair_sim(&b[0], None, &other[0], None) >= bar);
    }
    println!(
        "{}",
        p.line("UN perturbed (170 changed names; negatives: next row)")
    );
}

#[test]
fn us_consolidated_screening_list_loads_gzipped_and_matches() {
    let Some(d) = data() else { return };
    let path = d.join("watchlists/us-csl-2025/consolidated.csv.gz");
    let set = WatchlistSet::load(&[path], builtin_rules(), MatchConfig::builtin())
        .expect("the CSL loads as published");
    // 5,286 individuals of its 14,160 rows.
    assert_eq!(set.len(), 5286);
    let born = PartialDate::parse_iso("1973-03-25").ok();
    let m = set.screen(&Query {
        name: "RIM ABBAS",
        birth_date: born,
        ..Default::default()
    });
    let hit = m.iter().find(|m| m.entry_id == "CSL-21944");
    let hit = hit.unwrap_or_else(|| panic!("{m:?}"));
    assert!(hit.similarity >= 0.95, "{hit:?}");
    assert!(
        hit.evidence.iter().any(|e| e == "birth date exact"),
        "{hit:?}"
    );
}

/// OFAC's remarks and the UN's XML write nationalities as country names
/// (`Mexico`, `Korea, North`, `Democratic People's Republic of Korea`):
/// each is read as its alpha-3 code, or a traveller of that nationality
/// would be told "nationality differs" from his own country. Before stop
/// 31 only 45 names were known: 1,466 of the 3,055 nationalities in
/// OFAC's remarks and 185 of the UN's 625 stayed text, and met every
/// traveller as "nationality differs".
#[test]
fn listed_nationalities_are_read_as_country_codes() {
    let Some(d) = data() else { return };
    let set = real_lists(&d);
    let mut texts: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut codes = 0;
    for n in set.entries().iter().flat_map(|e| &e.nationalities) {
        if lintas::model::is_country_code(n) {
            codes += 1;
        } else {
            *texts.entry(n.as_str()).or_default() += 1;
        }
    }
    println!("listed nationalities: {codes} codes, text left: {texts:?}");
    // What stays text names no one country: `possibly Palestinian`,
    // `Former Soviet Union`, the UN's `na`.
    assert!(texts.values().sum::<usize>() <= 5, "{texts:?}");
    assert!(codes > 3_000, "{codes}");
    // A listed Mexican met by a Mexican traveller: the same nationality.
    let e = set
        .entries()
        .iter()
        .find(|e| e.nationalities == ["MEX"] && e.birth_dates.len() == 1)
        .expect("a listed Mexican with one birth date");
    let m = set.screen(&Query {
        name: &e.full_name,
        birth_date: Some(e.birth_dates[0]),
        nationality: Some("MEX"),
        ..Default::default()
    });
    let hit = m.iter().find(|m| m.entry_id == e.entry_id).expect("found");
    assert!(
        hit.evidence.iter().any(|x| x == "nationality same"),
        "{hit:?}"
    );
}

fn real_lists(d: &Path) -> WatchlistSet {
    let paths = vec![
        d.join("watchlists/ofac-sdn-2021/sdn.csv"),
        d.join("watchlists/un-sc/UN_consolidated.xml"),
    ];
    WatchlistSet::load(&paths, builtin_rules(), MatchConfig::builtin()).expect("real lists load")
}

#[test]
fn synthetic_non_matches_against_ofac_and_un() {
    let Some(d) = data() else { return };
    let set = real_lists(&d);
    println!(
        "lists: {} entries, {} names, vocabulary {}",
        set.len(),
        set.index().len(),
        set.index().vocabulary()
    );
    let rows = csv_rows(&d.join("travellers/synthetic-nonmatches-global.csv"));
    let review = set.config().review_threshold;
    let hits: Vec<(bool, bool, String)> = rows
        .par_iter()
        .filter_map(|r| {
            let q = Query {
                name: &r[0],
                birth_date: date(&r[5]),
                sex: Sex::parse(&r[4]),
                nationality: Some(&r[7]).filter(|s| !s.is_empty()),
                document_number: None,
            };
            let m = set.screen(&q);
            let top = m.first()?;
            Some((
                true,
                top.similarity >= review,
                format!(
                    "{} ~ {} {:.3} {:?}",
                    &r[0], top.name, top.similarity, top.evidence
                ),
            ))
        })
        .collect();
    let reported = hits.len();
    let reviewed = hits.iter().filter(|h| h.1).count();
    for h in hits.iter().take(30) {
        println!("  {}", h.2);
    }
    println!(
        "synthetic non-matches vs OFAC+UN: {reported} of {} reported ({:.3}%), {reviewed} at review ({:.3}%)",
        rows.len(),
        100.0 * reported as f64 / rows.len() as f64,
        100.0 * reviewed as f64 / rows.len() as f64
    );
    assert!(reported as f64 <= 0.001 * rows.len() as f64);
}

#[test]
fn candidate_index_recall_against_brute_force() {
    let Some(d) = data() else { return };
    let set = real_lists(&d);
    let bar = set.config().report_threshold;
    let mut queries: Vec<String> = csv_rows(&d.join("name-pairs/un-persons-perturbed.csv"))
        .iter()
        .map(|r| r[0].to_string())
        .collect();
    queries.extend(
        csv_rows(&d.join("name-pairs/un-alias-pairs-id-my.csv"))
            .iter()
            .map(|r| r[3].to_string()),
    );
    queries.extend(
        csv_rows(&d.join("travellers/synthetic-nonmatches-global.csv"))
            .iter()
            .step_by(100)
            .map(|r| r[0].to_string()),
    );
    let own = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/names/id_my_pairs.csv");
    queries.extend(csv_rows(&own).iter().step_by(4).map(|r| r[0].to_string()));
    let limit = std::env::var("LINTAS_RECALL_QUERIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(usize::MAX);
    let uniq: HashSet<String> = queries.into_iter().take(limit).collect();
    let queries: Vec<String> = uniq.into_iter().collect();
    // At the report bar, and at the floor screening searches at (the bar
    // less the largest birth-date bonus), where names a date may lift are
    // found (a single listed word inside a longer name, capped under the
    // bar, is found only there).
    let floor = bar - set.config().max_bonus();
    for at in [bar, floor] {
        let (brute, found): (usize, usize) = queries
            .par_iter()
            .map(|q| {
                let all = set.name_scores(q, at, true);
                let ix = set.name_scores(q, at, false);
                let want: Vec<u32> = all
                    .iter()
                    .filter(|(_, s)| **s >= at)
                    .map(|(e, _)| *e)
                    .collect();
                let got = want
                    .iter()
                    .filter(|e| ix.get(e).is_some_and(|s| *s >= at))
                    .count();
                if got < want.len() && std::env::var("LINTAS_SHOW_MISSES").is_ok() {
                    for e in want.iter().filter(|e| ix.get(e).is_none_or(|s| *s < at)) {
                        let en = &set.entries()[*e as usize];
                        println!(
                            "  index missed at {at:.2}: {q} ~ {} {:?} ({:.3} vs {:?})",
                            en.full_name,
                            en.aliases,
                            all[e],
                            ix.get(e)
                        );
                    }
                }
                (want.len(), got)
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        let recall = found as f64 / brute.max(1) as f64;
        println!(
            "candidate index recall vs brute force at {at:.2}: {found}/{brute} = {recall:.4} over {} queries",
            queries.len()
        );
        // Issue 3 asks that the index keep at least 99.5% of brute-force
        // hits; measured 2079/2087 = 0.9962 over 1,486 queries at the bar
        // (docs/matching.md).
        assert!(
            recall >= 0.995,
            "index recall at {at:.2}: {recall:.4} (target 0.995)"
        );
    }
}

#[test]
fn watchman_jaro_winkler_cases() {
    let Some(d) = data() else { return };
    let text =
        std::fs::read_to_string(d.join("name-pairs/watchman-jaro-winkler-cases.json")).unwrap();
    let cases: Vec<(String, String, f64, f64)> = serde_json::from_str(&text).unwrap();
    let (mut same, mut within) = (0, 0);
    for (a, b, want, _) in &cases {
        // Our primitive is token against token; watchman's cases with one
        // token a side (after its lower-casing) use the same primitive.
        if a.split_whitespace().count() != 1 || b.split_whitespace().count() != 1 {
            continue;
        }
        same += 1;
        let got = jaro_winkler(&a.to_lowercase(), &b.to_lowercase());
        if (got - want).abs() <= 0.01 {
            within += 1;
        } else {
            println!("  differs: {a} / {b}: ours {got:.3} watchman {want:.3}");
        }
    }
    println!(
        "watchman JW single-token cases: {within}/{same} within 0.01 (of {} cases)",
        cases.len()
    );
}

/// Given names beside the generator's pools that carry the letters
/// spelling varies on, for [`spelling_variants_through_the_index`].
const VARIANT_GIVEN: &[&str] = &[
    "EVI",
    "YULIANTI",
    "TAUFIK",
    "SYAHRUL",
    "RAMADHAN",
    "FIRDAUS",
    "KHAIRUL",
    "JUNAIDI",
    "CAHYO",
    "SUCIPTO",
    "NYOMAN",
    "WAYAN",
    "PUTU",
    "KADEK",
    "SYAIFUL",
    "RACHMAT",
    "FATHUR",
    "HAFIZ",
    "SHAFIQ",
    "NORHAYATI",
    "FARIDAH",
    "ROSLAN",
    "AZIZ",
    "MAHMUD",
    "JAMALUDIN",
    "DJOKO",
    "SOEKARNO",
    "ZAINAB",
    "ABDUL RAHMAN",
];

/// The same for family names.
const VARIANT_FAMILY: &[&str] = &[
    "SIHOMBING",
    "SIMBOLON",
    "NASUTION",
    "HARAHAP",
    "LUBIS",
    "PURBA",
    "SYAHPUTRA",
    "RAMADHANI",
    "FIRMANSYAH",
    "JAAFAR",
    "MOKHTAR",
    "YAAKOB",
    "CHONG",
    "SYAFRUDDIN",
    "FAUZI",
    "MUSTOFA",
    "KHOLIL",
    "ROZIKIN",
    "JUNAEDI",
    "SAEFULLOH",
    "FAJRI",
    "HUTAPEA",
    "PANGARIBUAN",
];

/// The first of the `(from, to)` edits that `name` allows, `from`
/// replaced by `to` once in the first word that has it.
fn in_one_word(name: &str, edits: &[(&str, &str)]) -> Option<String> {
    edits.iter().find_map(|(from, to)| {
        let mut words: Vec<String> = name.split(' ').map(String::from).collect();
        let w = words.iter_mut().find(|w| *w != "BIN" && w.contains(from))?;
        *w = w.replacen(from, to, 1);
        Some(words.join(" "))
    })
}

/// A listed entry of `name` alone.
fn listed(id: &str, name: &str, birth: Option<PartialDate>) -> WatchlistEntry {
    WatchlistEntry {
        entry_id: id.into(),
        list: "TEST".into(),
        full_name: name.into(),
        aliases: vec![],
        birth_dates: birth.into_iter().collect(),
        nationalities: vec![],
        document_numbers: vec![],
        sex: None,
        category: "trafficking-suspect".into(),
    }
}

/// The spellings one person's name takes on documents, manifests and
/// lists (19 kinds), each made of about 600 listed names (two to four
/// words, some with `bin`), screened through the index against those
/// names. Recall:
/// the variant finds its own name. Prints recall per kind and the
/// reports of other names (the names share their words, so many are
/// partial namesakes by construction).
#[test]
fn spelling_variants_through_the_index() {
    use lintas::generate::names::{FAMILY, FEMALE, MALE};
    let given: Vec<&str> = [FEMALE, MALE, VARIANT_GIVEN].concat();
    let family: Vec<&str> = [FAMILY, VARIANT_FAMILY].concat();
    let (g, f) = (given.len(), family.len());
    let mut seen = HashSet::new();
    let names: Vec<String> = (0..600usize)
        .map(|i| {
            let a = given[(i * 7) % g];
            let b = given[(i * 13 + 5) % g];
            let c = family[(i * 11 + i / f) % f];
            match i % 4 {
                0 => format!("{a} {c}"),
                1 => format!("{a} {b} {c}"),
                2 => format!("{a} {b}"),
                _ => format!("{a} {c} BIN {}", family[(i * 3) % f]),
            }
        })
        .filter(|n| {
            let mut words = HashSet::new();
            n.split(' ').all(|w| words.insert(w)) && seen.insert(n.clone())
        })
        .collect();
    type Variant = fn(&str) -> Option<String>;
    let kinds: [(&str, Variant); 19] = [
        ("old spelling", |n| {
            let s = n
                .replace('U', "OE")
                .replace("SY", "SJ")
                .replace("NY", "NJ")
                .replace('J', "DJ")
                .replace('Y', "J")
                .replace('C', "TJ")
                .replace("KH", "CH")
                .replace("SDJ", "SJ")
                .replace("NDJ", "NJ");
            (s != n).then_some(s)
        }),
        ("Sundanese f as p", |n| in_one_word(n, &[("F", "P")])),
        ("p as f inside a word", |n| {
            let mut words: Vec<String> = n.split(' ').map(String::from).collect();
            let w = words
                .iter_mut()
                .find(|w| w.len() > 3 && w[1..].contains('P'))?;
            let at = 1 + w[1..].find('P')?;
            w.replace_range(at..=at, "F");
            Some(words.join(" "))
        }),
        ("v, f and w", |n| {
            in_one_word(n, &[("V", "F"), ("EWI", "EVI")])
        }),
        ("final i as y", |n| {
            let mut words: Vec<String> = n.split(' ').map(String::from).collect();
            let w = words.iter_mut().find(|w| w.len() > 3 && w.ends_with('I'))?;
            w.pop();
            w.push('Y');
            Some(words.join(" "))
        }),
        ("h written or not", |n| {
            let edits = [("DH", "D"), ("AH ", "A "), ("RACH", "RAH")];
            in_one_word(n, &edits)
                .or_else(|| in_one_word(n, &[("SYAH", "SAH"), ("TH", "T"), ("KH", "K")]))
        }),
        ("doubled letters", |n| {
            let edits = [
                ("SAN", "SSAN"),
                ("LAH", "LLAH"),
                ("MAD", "MMAD"),
                ("LL", "L"),
                ("DD", "D"),
            ];
            in_one_word(n, &edits)
        }),
        ("vowel written as spoken", |n| {
            let edits = [
                ("SL", "SEL"),
                ("SRI", "SERI"),
                ("TO", "TU"),
                ("AE", "AI"),
                ("NAI", "NE"),
                ("HAI", "HE"),
            ];
            in_one_word(n, &edits)
        }),
        ("transliteration", |n| {
            in_one_word(n, &[("SY", "SH"), ("FIK", "FIQ"), ("ZIZ", "ZEEZ")])
        }),
        ("first two words joined", |n| {
            let w: Vec<&str> = n.split(' ').collect();
            (w.len() >= 3 && w[1] != "BIN")
                .then(|| format!("{}{} {}", w[0], w[1], w[2..].join(" ")))
        }),
        ("middle name left out", |n| {
            let w: Vec<&str> = n.split(' ').collect();
            (w.len() == 3).then(|| format!("{} {}", w[0], w[2]))
        }),
        ("family name first", |n| {
            let w: Vec<&str> = n.split(' ').collect();
            (!w.contains(&"BIN"))
                .then(|| format!("{} {}", w[w.len() - 1], w[..w.len() - 1].join(" ")))
        }),
        ("cut by a field limit", |n| {
            let limit = [20, 24, 28, 32].into_iter().rfind(|&l| l < n.len())?;
            Some(n[..limit].trim_end().to_string())
        }),
        ("title and degree", |n| Some(format!("Hj. {n}, S.Pd."))),
        ("father's name dropped", |n| {
            n.split_once(" BIN ").map(|(own, _)| own.to_string())
        }),
        ("bin written B.", |n| {
            n.contains(" BIN ").then(|| n.replace(" BIN ", " B. "))
        }),
        ("first name an initial", |n| {
            let (first, rest) = n.split_once(' ')?;
            (rest.split(' ').count() >= 2).then(|| format!("{}. {rest}", &first[..1]))
        }),
        ("machine-readable zone", |n| {
            let w: Vec<&str> = n.split(' ').collect();
            (!w.contains(&"BIN"))
                .then(|| format!("{}<<{}", w[w.len() - 1], w[..w.len() - 1].join("<")))
        }),
        ("lower case, a hyphen", |n| {
            Some(n.to_lowercase().replacen(' ', "-", 1))
        }),
    ];
    let entries = names
        .iter()
        .enumerate()
        .map(|(i, n)| listed(&i.to_string(), n, None))
        .collect();
    let set = WatchlistSet::from_entries(entries, MatchConfig::builtin());
    let (mut all, mut found) = (0, 0);
    for (kind, variant) in kinds {
        let (mut n, mut hits, mut others) = (0, 0, 0);
        let mut misses = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let Some(v) = variant(name) else { continue };
            let ms = set.screen(&Query {
                name: &v,
                ..Default::default()
            });
            n += 1;
            if ms.iter().any(|m| m.entry_id == i.to_string()) {
                hits += 1;
            } else {
                misses.push(format!("{v} for {name}"));
            }
            others += ms.iter().filter(|m| m.entry_id != i.to_string()).count();
        }
        println!(
            "{kind}: recall {hits}/{n} = {:.3}; {others} reports of other names",
            hits as f64 / n as f64
        );
        for m in misses.iter().take(5) {
            println!("  miss: {m}");
        }
        assert!(hits as f64 >= 0.95 * n as f64, "{kind}: {hits}/{n}");
        all += n;
        found += hits;
    }
    println!(
        "spelling variants: recall {found}/{all} = {:.3}",
        found as f64 / all as f64
    );
}
