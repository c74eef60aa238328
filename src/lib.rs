//! lintas: border-crossing risk screening.
//!
//! Manifests go in, scored and explained flags come out, for an officer to
//! review. The pipeline (DESIGN.md §1): [`ingest`] → [`names`] / [`watchlist`]
//! / [`registry`] / [`features`] → [`rules`] → [`score`] → [`report`].
//! [`engine::Engine`] holds one loaded configuration and screens one record;
//! [`pipeline`] drives it over files (batch) or lines (stream), and
//! [`server`] over HTTP.

pub mod engine;
pub mod features;
pub mod generate;
pub mod ingest;
pub mod model;
pub mod names;
pub mod pipeline;
pub mod registry;
pub mod report;
pub mod rules;
pub mod score;
pub mod server;
pub mod store;
pub mod version;
pub mod watchlist;
