//! The recruiter / placement-company registry (DESIGN §2.3) and the lookup of
//! a declared sponsor in it. (First version: exact normalised names; the
//! [patterns] work adds fuzzy company-name matching.)

use anyhow::{Context, Result};
use std::collections::HashMap;
use std::path::Path;

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

/// The loaded registry.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    companies: Vec<Company>,
    by_license: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    version: String,
}

impl Registry {
    /// Loads `license_number, company_name, status` CSV.
    pub fn load(path: &Path) -> Result<Registry> {
        let bytes = std::fs::read(path).with_context(|| format!("cannot read registry {}", path.display()))?;
        let mut rdr = csv::Reader::from_reader(bytes.as_slice());
        let mut companies = Vec::new();
        for (i, rec) in rdr.deserialize::<HashMap<String, String>>().enumerate() {
            let row = rec.with_context(|| format!("{}: row {}: not valid CSV", path.display(), i + 1))?;
            let get = |k: &str| row.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
            let status = match get("status").to_lowercase().as_str() {
                "active" => SponsorStatus::Active,
                "suspended" => SponsorStatus::Suspended,
                "revoked" => SponsorStatus::Revoked,
                other => anyhow::bail!(
                    "{}: row {}: field status: '{other}' is not active, suspended or revoked",
                    path.display(),
                    i + 1
                ),
            };
            companies.push(Company { license_number: get("license_number"), company_name: get("company_name"), status });
        }
        let version = crate::version::hash_bytes(&[&bytes]);
        Ok(Registry::from_companies(companies, version))
    }

    /// Builds a registry from companies.
    pub fn from_companies(companies: Vec<Company>, version: String) -> Registry {
        let by_license = companies.iter().enumerate().map(|(i, c)| (normalise_license(&c.license_number), i)).collect();
        let by_name = companies.iter().enumerate().map(|(i, c)| (normalise_company(&c.company_name), i)).collect();
        Registry { companies, by_license, by_name, version }
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

    /// Looks up a declared sponsor by licence number first, then by name.
    pub fn lookup(&self, sponsor: Option<&str>, license: Option<&str>) -> SponsorLookup {
        if let Some(&i) = license.and_then(|l| self.by_license.get(&normalise_license(l))) {
            let c = &self.companies[i];
            return SponsorLookup { status: c.status, company: Some(c.clone()), similarity: 1.0 };
        }
        if let Some(&i) = sponsor.and_then(|s| self.by_name.get(&normalise_company(s))) {
            let c = &self.companies[i];
            return SponsorLookup { status: c.status, company: Some(c.clone()), similarity: 1.0 };
        }
        if sponsor.is_some() || license.is_some() {
            SponsorLookup { status: SponsorStatus::Unlicensed, company: None, similarity: 0.0 }
        } else {
            SponsorLookup::default()
        }
    }
}

/// Licence numbers compare without case, spaces or punctuation.
pub fn normalise_license(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_uppercase).collect()
}

/// Company names compare without case, punctuation or the legal form (PT, CV).
pub fn normalise_company(s: &str) -> String {
    let cleaned: String = s.chars().map(|c| if c.is_alphanumeric() { c.to_ascii_uppercase() } else { ' ' }).collect();
    let mut toks: Vec<&str> = cleaned.split_whitespace().collect();
    // "P.T." → "P T" → drop; "PT" → drop.
    if toks.len() >= 2 && toks[0] == "P" && toks[1] == "T" {
        toks.drain(..2);
    } else if toks.first().is_some_and(|t| *t == "PT" || *t == "CV") {
        toks.remove(0);
    }
    toks.join(" ")
}
