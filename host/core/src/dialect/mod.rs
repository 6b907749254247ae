//! Network-OS dialects: how a configuration text is split into lines, comments, banners and
//! parent/child sections. One dialect per netutils parser; names from netutils, hier_config
//! and common aliases map onto them.

mod custom;
mod names;
mod spec;

pub(crate) use custom::CustomBanner;
pub use custom::{CustomDialect, DialectDescription, Sections};

pub use names::{Dialect, SUPPORTED_NETWORK_OS};
pub(crate) use spec::{Banner, HPE_BANNER, Layout, Prep, Spec};
