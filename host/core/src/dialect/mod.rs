//! Network-OS dialects: how a configuration text is split into lines, comments, banners and
//! parent/child sections. One dialect per netutils parser; names from netutils, hier_config
//! and common aliases map onto them.

mod names;
mod spec;

pub use names::{Dialect, SUPPORTED_NETWORK_OS};
pub(crate) use spec::{Banner, HPE_BANNER, Layout, Prep, Spec};
