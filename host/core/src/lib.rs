//! Aurum's pure domain logic: configuration trees, per-feature compliance and remediation.
//!
//! Nothing here does I/O or runs async code, so every function is cheap to test and benchmark
//! and can be called from jobs, the CLI and plugins alike.
//!
//! - [`tree`]: parse a config once per network OS into lines with parents (netutils semantics).
//! - [`compliance`]: per-feature `cli`, `json` and `custom` compliance.
//! - [`rules`]: Golden Config YAML import (features, rules, removes, replaces, remediation).
//! - [`remediation`]: hier_config-style remediation commands.
//! - [`dialect`]: network-OS names (netutils, hier_config, aliases) to dialects.
//!
//! Semantics follow netutils 1.19.2 (trees, compliance) and hier_config 3.7.1 (remediation)
//! exactly; `tests/` checks every fixture case and `scripts/crosscheck.py` compares every
//! fixture text against every dialect and platform.
//!
//! ```
//! use aurum_core::remediation::{RemediationOptions, remediate};
//! use aurum_core::{Rule, check};
//!
//! let running = "ntp server 10.0.0.1\ninterface Gi1\n description old\n";
//! let intended = "ntp server 10.0.0.2\ninterface Gi1\n description new\n";
//! let rules = [Rule::cli("ntp", false, &["ntp "]), Rule::cli("interfaces", false, &["interface "])];
//! let results = check("cisco_ios", &rules, running, intended)?;
//! assert_eq!(results[0].missing, "ntp server 10.0.0.2");
//! assert_eq!(results[1].extra, "interface Gi1\n description old");
//!
//! let options = RemediationOptions::for_platform("cisco_ios")?;
//! let commands = remediate("cisco_ios", running, intended, &options)?;
//! assert_eq!(commands, "no ntp server 10.0.0.1\nntp server 10.0.0.2\ninterface Gi1\n  description new");
//! # Ok::<(), aurum_core::CoreError>(())
//! ```

#![warn(missing_docs)]

pub mod compliance;
pub mod dialect;
mod error;
pub mod remediation;
pub mod rules;
pub(crate) mod text;
pub mod tree;

pub use compliance::{Detail, FeatureResult, Report, check, check_with, check_with_detail};
pub use dialect::Dialect;
pub use error::CoreError;
pub use rules::{GoldenConfig, Rule};
pub use tree::ConfigTree;
