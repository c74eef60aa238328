//! Outputs: flags as NDJSON, CSV or Parquet (DESIGN §2.4), and the
//! end-of-run summary.

pub mod flags;
pub mod summary;

pub use flags::{write_flags, OutputFormat};
