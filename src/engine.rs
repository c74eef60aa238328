//! The screening engine: one loaded rule pack, watchlists and registry, and
//! the one function that turns a traveller into a flag. Batch, stream and
//! server all call [`Engine::screen`]; nothing else scores.

use crate::features::patterns::PatternFeatures;
use crate::features::{FeatureInputs, Features};
use crate::model::{Flag, Match, Traveller};
use crate::registry::{Registry, SponsorLookup};
use crate::rules::{Outcome, RulePack};
use crate::score::Scored;
use crate::watchlist::{NameHits, Query, WatchlistSet};
use anyhow::Result;
use std::path::PathBuf;

/// Where to load an engine from.
#[derive(Clone, Debug, Default)]
pub struct EngineOptions {
    /// Rules directory; `None` uses the embedded default pack.
    pub rules: Option<PathBuf>,
    /// Watchlist files.
    pub watchlists: Vec<PathBuf>,
    /// Registry file.
    pub registry: Option<PathBuf>,
}

/// Everything needed to screen, loaded once.
pub struct Engine {
    /// The rule pack (rules, scoring, tables, name data, pattern settings).
    pub pack: RulePack,
    /// The watchlists and their index.
    pub watchlists: WatchlistSet,
    /// The recruiter registry.
    pub registry: Registry,
}

/// Every intermediate result for one record, for `rules explain`.
pub struct Screening {
    /// Watchlist matches.
    pub matches: Vec<Match>,
    /// Registry verdict.
    pub sponsor: SponsorLookup,
    /// Feature values.
    pub features: Features,
    /// Per-rule outcomes, aligned with `pack.rules`.
    pub outcomes: Vec<Outcome>,
    /// Score arithmetic result.
    pub scored: Scored,
}

impl Engine {
    /// Loads rules, lists and registry.
    pub fn load(opts: &EngineOptions) -> Result<Engine> {
        let pack = match &opts.rules {
            Some(dir) => RulePack::load_dir(dir)?,
            None => RulePack::default_pack(),
        };
        let watchlists = WatchlistSet::load(&opts.watchlists, &pack.names, pack.matching.clone())?;
        let mut registry = match &opts.registry {
            Some(p) => Registry::load(p)?,
            None => Registry::default(),
        };
        registry.set_min_similarity(pack.patterns.registry_min_similarity);
        Ok(Engine {
            pack,
            watchlists,
            registry,
        })
    }

    /// Screens one traveller with its relational features, keeping every
    /// intermediate result.
    pub fn screen_detailed(&self, t: &Traveller, patterns: &PatternFeatures) -> Screening {
        self.screen_detailed_with(t, patterns, None)
    }

    /// Like [`screen_detailed`](Self::screen_detailed), reusing the name
    /// hits of `t.full_name` when the caller computed them already (batch
    /// does so once per distinct name). The result is the same either way.
    pub fn screen_detailed_with(
        &self,
        t: &Traveller,
        patterns: &PatternFeatures,
        hits: Option<&NameHits>,
    ) -> Screening {
        let query = Query {
            name: &t.full_name,
            birth_date: t.birth_date,
            sex: t.sex,
            nationality: t.nationality.as_deref(),
            document_number: t.document_number.as_deref(),
        };
        let matches = match hits {
            Some(h) => self.watchlists.screen_with(&query, h),
            None => self.watchlists.screen(&query),
        };
        let sponsor = self
            .registry
            .lookup(t.sponsor.as_deref(), t.sponsor_license.as_deref());
        let features = Features::build(&FeatureInputs {
            traveller: t,
            matches: &matches,
            sponsor: &sponsor,
            patterns,
            tables: &self.pack.tables,
        });
        let outcomes = self.pack.evaluate(&features);
        let scored =
            crate::score::score(&self.pack.scoring, &self.pack.rules, &outcomes, &features);
        Screening {
            matches,
            sponsor,
            features,
            outcomes,
            scored,
        }
    }

    /// Screens one traveller into a flag.
    pub fn screen(&self, t: &Traveller, patterns: &PatternFeatures) -> Flag {
        self.screen_with(t, patterns, None)
    }

    /// Screens one traveller into a flag, reusing precomputed name hits.
    pub fn screen_with(
        &self,
        t: &Traveller,
        patterns: &PatternFeatures,
        hits: Option<&NameHits>,
    ) -> Flag {
        let s = self.screen_detailed_with(t, patterns, hits);
        Flag {
            record_id: t.record_id.clone(),
            score: s.scored.score,
            level: s.scored.level,
            review: s.scored.review,
            reasons: s.scored.reasons,
            matches: s.matches,
            shadow: s.scored.shadow,
            insufficient: s.scored.insufficient,
            rules_version: self.pack.version.clone(),
            watchlists_version: self.watchlists.version().to_string(),
        }
    }
}
