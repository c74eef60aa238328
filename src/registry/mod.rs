//! The recruiter / placement-company registry (DESIGN §2.3) and the lookup of
//! a declared sponsor in it: licence number first, then the company name,
//! exactly after normalisation and then fuzzily (typos), with candidates from
//! a character-trigram index so a lookup never scans the whole registry.

mod names;

pub use names::{company_similarity, normalise_company, normalise_license};

use anyhow::{bail, Context, Result};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, RwLock};

/// Licence status as the registry states it, plus the two outcomes of a lookup.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SponsorStatus {
    /// Licensed and in good standing.
    Active,
    /// Licence suspended.
    Suspended,
    /// Licence revoked.
    Revoked,
    /// A sponsor was declared but is not in the registry.
    Unlicensed,
    /// No sponsor declared.
    #[default]
    None,
}

impl SponsorStatus {
    /// The spelling used in features.
    pub fn as_str(self) -> &'static str {
        match self {
            SponsorStatus::Active => "active",
            SponsorStatus::Suspended => "suspended",
            SponsorStatus::Revoked => "revoked",
            SponsorStatus::Unlicensed => "unlicensed",
            SponsorStatus::None => "none",
        }
    }
}

/// One registered company.
#[derive(Clone, Debug, PartialEq)]
pub struct Company {
    /// Licence number.
    pub license_number: String,
    /// Registered name.
    pub company_name: String,
    /// active, suspended or revoked.
    pub status: SponsorStatus,
}

/// The registry's verdict on a declared sponsor.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SponsorLookup {
    /// Status found.
    pub status: SponsorStatus,
    /// The company found, if any.
    pub company: Option<Company>,
    /// Name similarity to the company found (1.0 for a licence hit).
    pub similarity: f64,
}

/// Default name-match threshold; mirrors `[registry] min_similarity` in
/// `rules/tables/patterns.toml` (set it with [`Registry::set_min_similarity`]).
pub const DEFAULT_MIN_SIMILARITY: f64 = 0.88;

/// Distinct sponsor spellings remembered per registry before the memo is reset.
const MEMO_LIMIT: usize = 100_000;

/// Name lookups already done: normalised sponsor → best (company, similarity).
type Memo = Arc<RwLock<HashMap<String, Option<(usize, f64)>>>>;

/// The loaded registry.
#[derive(Clone, Debug)]
pub struct Registry {
    companies: Vec<Company>,
    by_license: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    /// Normalised names, aligned with `companies`.
    names: Vec<String>,
    /// Trigram of a padded normalised name → companies containing it.
    trigrams: HashMap<[char; 3], Vec<u32>>,
    min_similarity: f64,
    version: String,
    /// Name lookups already done: normalised sponsor → (company, similarity).
    memo: Memo,
}

impl Default for Registry {
    fn default() -> Registry {
        Registry::from_companies(Vec::new(), String::new())
    }
}

impl Registry {
    /// Loads `license_number, company_name, status` CSV. A bad row is an
    /// error naming the file, the data row (1-based) and the field.
    pub fn load(path: &Path) -> Result<Registry> {
        let bytes = std::fs::read(path)
            .with_context(|| format!("cannot read registry {}", path.display()))?;
        let companies = parse_csv(&bytes, &path.display().to_string())?;
        let version = crate::version::hash_bytes(&[&bytes]);
        Ok(Registry::from_companies(companies, version))
    }

    /// Builds a registry from companies.
    pub fn from_companies(companies: Vec<Company>, version: String) -> Registry {
        let by_license = companies
            .iter()
            .enumerate()
            .map(|(i, c)| (normalise_license(&c.license_number), i))
            .filter(|(l, _)| !l.is_empty())
            .collect();
        let names: Vec<String> = companies
            .iter()
            .map(|c| normalise_company(&c.company_name))
            .collect();
        let mut by_name = HashMap::new();
        let mut trigrams: HashMap<[char; 3], Vec<u32>> = HashMap::new();
        for (i, n) in names.iter().enumerate() {
            if n.is_empty() {
                continue;
            }
            by_name.entry(n.clone()).or_insert(i);
            let mut grams = names::trigrams(n);
            grams.sort_unstable();
            grams.dedup();
            for g in grams {
                trigrams.entry(g).or_default().push(i as u32);
            }
        }
        Registry {
            companies,
            by_license,
            by_name,
            names,
            trigrams,
            min_similarity: DEFAULT_MIN_SIMILARITY,
            version,
            memo: Arc::default(),
        }
    }

    /// Sets the name-match threshold (`[registry] min_similarity`, 0..=1).
    pub fn set_min_similarity(&mut self, min: f64) {
        self.min_similarity = min.clamp(0.0, 1.0);
        self.memo = Arc::default();
    }

    /// Number of companies.
    pub fn len(&self) -> usize {
        self.companies.len()
    }

    /// True when no registry was loaded.
    pub fn is_empty(&self) -> bool {
        self.companies.is_empty()
    }

    /// Content hash of the registry file.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Looks up a declared sponsor by licence number first, then by name
    /// (exact after normalisation, then the most similar name at or above
    /// the threshold).
    pub fn lookup(&self, sponsor: Option<&str>, license: Option<&str>) -> SponsorLookup {
        let license = license.map(normalise_license).filter(|l| !l.is_empty());
        let sponsor = sponsor.map(normalise_company).filter(|s| !s.is_empty());
        if let Some(&i) = license.as_ref().and_then(|l| self.by_license.get(l)) {
            return self.found(i, 1.0);
        }
        if let Some((i, sim)) = sponsor.as_deref().and_then(|s| self.match_name(s)) {
            return self.found(i, sim);
        }
        if sponsor.is_some() || license.is_some() {
            SponsorLookup {
                status: SponsorStatus::Unlicensed,
                company: None,
                similarity: 0.0,
            }
        } else {
            SponsorLookup::default()
        }
    }

    fn found(&self, i: usize, similarity: f64) -> SponsorLookup {
        let c = &self.companies[i];
        SponsorLookup {
            status: c.status,
            company: Some(c.clone()),
            similarity,
        }
    }

    /// The best company for a normalised name, memoised.
    fn match_name(&self, name: &str) -> Option<(usize, f64)> {
        if let Some(&i) = self.by_name.get(name) {
            return Some((i, 1.0));
        }
        if let Some(hit) = self.memo.read().ok().and_then(|m| m.get(name).copied()) {
            return hit;
        }
        let hit = self.fuzzy(name);
        if let Ok(mut m) = self.memo.write() {
            if m.len() >= MEMO_LIMIT {
                m.clear();
            }
            m.insert(name.to_string(), hit);
        }
        hit
    }

    /// Scores the companies sharing enough trigrams with `name`.
    fn fuzzy(&self, name: &str) -> Option<(usize, f64)> {
        let mut grams = names::trigrams(name);
        grams.sort_unstable();
        grams.dedup();
        if grams.is_empty() {
            return None;
        }
        let mut shared: HashMap<u32, u32> = HashMap::new();
        for g in &grams {
            for &i in self.trigrams.get(g).map(Vec::as_slice).unwrap_or(&[]) {
                *shared.entry(i).or_default() += 1;
            }
        }
        // One edit touches at most three trigrams; demand a fair share in common.
        let need = (grams.len() as f64 * 0.4).ceil() as u32;
        let mut best: Option<(usize, f64)> = None;
        for (i, n) in shared {
            if n < need.max(1) {
                continue;
            }
            let i = i as usize;
            let sim = company_similarity(name, &self.names[i]);
            let better = match best {
                None => true,
                Some((bi, bs)) => sim > bs || (sim == bs && i < bi),
            };
            if sim >= self.min_similarity && better {
                best = Some((i, sim));
            }
        }
        best
    }
}

/// Parses registry CSV; `source` names the file in errors.
fn parse_csv(bytes: &[u8], source: &str) -> Result<Vec<Company>> {
    // Commas, or a spreadsheet's semicolons or tabs (told by the header,
    // as for manifests).
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .delimiter(crate::ingest::table::delimiter(bytes))
        .from_reader(bytes);
    let headers = rdr
        .headers()
        .with_context(|| format!("{source}: header: not valid CSV"))?
        .clone();
    let col = |name: &str| -> Result<usize> {
        headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .with_context(|| format!("{source}: header: field {name} is missing"))
    };
    let (lic, name, status) = (col("license_number")?, col("company_name")?, col("status")?);
    let mut companies = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, rec) in rdr.records().enumerate() {
        let row = i + 1;
        let rec = rec.with_context(|| format!("{source}: row {row}: not valid CSV"))?;
        let get = |k: usize| rec.get(k).unwrap_or("").to_string();
        let (license_number, company_name, status_text) = (get(lic), get(name), get(status));
        if normalise_license(&license_number).is_empty() {
            bail!("{source}: row {row}: field license_number: empty");
        }
        if normalise_company(&company_name).is_empty() {
            bail!("{source}: row {row}: field company_name: empty");
        }
        let status = match status_text.to_lowercase().as_str() {
            "active" => SponsorStatus::Active,
            "suspended" => SponsorStatus::Suspended,
            "revoked" => SponsorStatus::Revoked,
            other => bail!(
                "{source}: row {row}: field status: '{other}' is not active, suspended or revoked"
            ),
        };
        if let Some(first) = seen.insert(normalise_license(&license_number), row) {
            bail!("{source}: row {row}: field license_number: '{license_number}' already on row {first}");
        }
        companies.push(Company {
            license_number,
            company_name,
            status,
        });
    }
    Ok(companies)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> Registry {
        let csv = "license_number,company_name,status\n\
                   KEP-001/2019,PT. Maju Jaya Abadi,active\n\
                   KEP-002/2019,PT Sinar Harapan Sejahtera,revoked\n\
                   KEP-003/2020,CV Bintang Timur,suspended\n\
                   KEP-004/2020,PT Agensi Nomor 12,active\n\
                   KEP-005/2020,PT Agensi Nomor 13,revoked\n";
        Registry::from_companies(parse_csv(csv.as_bytes(), "reg.csv").unwrap(), "v".into())
    }

    #[test]
    fn licence_first_then_exact_name() {
        let r = registry();
        let l = r.lookup(Some("something else"), Some("kep 002/2019"));
        assert_eq!((l.status, l.similarity), (SponsorStatus::Revoked, 1.0));
        for spelling in [
            "PT Maju Jaya Abadi",
            "P.T. MAJU JAYA ABADI",
            "maju jaya abadi",
            "PT.MAJU-JAYA ABADI",
        ] {
            let l = r.lookup(Some(spelling), None);
            assert_eq!(l.status, SponsorStatus::Active, "{spelling}");
            assert_eq!(l.similarity, 1.0, "{spelling}");
        }
    }

    #[test]
    fn a_spreadsheet_s_semicolon_export_is_read() {
        let csv = "license_number;company_name;status\n\
                   KEP-001/2019;PT Maju Jaya, Abadi;active\n";
        let c = parse_csv(csv.as_bytes(), "reg.csv").unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].company_name, "PT Maju Jaya, Abadi");
    }

    #[test]
    fn typos_match_fuzzily() {
        let r = registry();
        let l = r.lookup(Some("PT Sinar Harapan Sejahtra"), None);
        assert_eq!(l.status, SponsorStatus::Revoked);
        assert!(
            l.similarity < 1.0 && l.similarity >= 0.88,
            "{}",
            l.similarity
        );
        let l = r.lookup(Some("PT Maju Jaya Abdi"), None);
        assert_eq!(l.company.unwrap().license_number, "KEP-001/2019");
        // Twice: the memo gives the same answer.
        assert_eq!(
            r.lookup(Some("PT Maju Jaya Abdi"), None).status,
            SponsorStatus::Active
        );
    }

    #[test]
    fn different_numbers_or_names_do_not_match() {
        let r = registry();
        assert_eq!(
            r.lookup(Some("PT Agensi Nomor 14"), None).status,
            SponsorStatus::Unlicensed
        );
        assert_eq!(
            r.lookup(Some("PT Maju Jaya"), None).status,
            SponsorStatus::Unlicensed
        );
        assert_eq!(
            r.lookup(Some("PT Cahaya Baru"), None).status,
            SponsorStatus::Unlicensed
        );
        assert_eq!(
            r.lookup(None, Some("KEP-999")).status,
            SponsorStatus::Unlicensed
        );
        assert_eq!(r.lookup(None, None).status, SponsorStatus::None);
        assert_eq!(r.lookup(Some("  "), Some("-")).status, SponsorStatus::None);
    }

    #[test]
    fn threshold_is_settable() {
        let mut r = registry();
        r.set_min_similarity(1.0);
        assert_eq!(
            r.lookup(Some("PT Maju Jaya Abdi"), None).status,
            SponsorStatus::Unlicensed
        );
    }

    #[test]
    fn bad_rows_name_file_row_and_field() {
        let err = |csv: &str| {
            parse_csv(csv.as_bytes(), "reg.csv")
                .unwrap_err()
                .to_string()
        };
        let e = err("license_number,company_name,status\nK1,PT A B C,active\nK2,PT D E F,closed\n");
        assert!(
            e.contains("reg.csv") && e.contains("row 2") && e.contains("status"),
            "{e}"
        );
        let e = err("license_number,company_name,status\n,PT A,active\n");
        assert!(e.contains("row 1") && e.contains("license_number"), "{e}");
        let e = err("license_number,company_name,status\nK1,-,active\n");
        assert!(e.contains("company_name"), "{e}");
        let e = err("license_number,company_name,status\nK1,PT A,active\nk-1,PT B,active\n");
        assert!(e.contains("row 2") && e.contains("already on row 1"), "{e}");
        let e = err("license,company_name,status\n");
        assert!(e.contains("header") && e.contains("license_number"), "{e}");
    }

    #[test]
    fn load_reads_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("registry.csv");
        std::fs::write(
            &p,
            "license_number,company_name,status\nK1,PT Maju,active\n",
        )
        .unwrap();
        let r = Registry::load(&p).unwrap();
        assert_eq!(r.len(), 1);
        assert!(r.version().starts_with("sha256:"));
        let e = Registry::load(&dir.path().join("missing.csv"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing.csv"), "{e}");
    }
}
