//! Subcommands: argument structs and glue only; the library does the work.
//!
//! Exit codes: 0 success, 1 run error, 2 usage error (clap), 3 rejected
//! rows with `--fail-on-reject`.

pub mod batch;
pub mod generate;
pub mod rules;
pub mod serve;
pub mod stream;

/// Exit code for a run error (bad input file, unreadable list, ...).
pub const EXIT_RUN_ERROR: i32 = 1;
/// Exit code when rows were rejected and `--fail-on-reject` was given.
pub const EXIT_REJECTS: i32 = 3;
