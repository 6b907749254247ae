//! Aurum's pure domain logic: configuration trees, per-feature compliance and remediation.
//!
//! Nothing here does I/O or runs async code, so every function is cheap to test and benchmark
//! and can be called from jobs, the CLI and plugins alike.
