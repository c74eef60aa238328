//! Subcommands: argument structs and glue only; the library does the work.

pub mod batch;
pub mod generate;
pub mod rules;
pub mod serve;
pub mod stream;

/// Exit code for a run error (bad input file, unreadable list, ...).
pub const EXIT_RUN_ERROR: i32 = 1;
/// Exit code for a usage error (clap uses it too).
pub const EXIT_USAGE: i32 = 2;
/// Exit code when rows were rejected and `--fail-on-reject` was given.
pub const EXIT_REJECTS: i32 = 3;
