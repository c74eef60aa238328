//! Drivers that run the engine over many records: [`batch`] over files.
//! (The stream driver lives beside it.)

pub mod batch;
pub mod stream;
