//! Aurum's pure domain logic: configuration trees, per-feature compliance and remediation.
//!
//! Nothing here does I/O or runs async code, so every function is cheap to test and benchmark
//! and can be called from jobs, the CLI and plugins alike.
//!
//! - [`tree`]: parse a config once per network OS into lines with parents (netutils semantics).
//! - [`compliance`]: per-feature `cli`, `json` and `custom` compliance.
//! - [`rules`]: Golden Config YAML import (features, rules, removes, replaces, remediation).
//! - [`remediation`]: hier_config-style remediation commands.

#![warn(missing_docs)]

pub mod compliance;
pub mod dialect;
mod error;
pub mod remediation;
pub mod rules;
pub(crate) mod text;
pub mod tree;

pub use compliance::{FeatureResult, Report, check, check_with};
pub use dialect::Dialect;
pub use error::CoreError;
pub use rules::{GoldenConfig, Rule};
pub use tree::ConfigTree;
