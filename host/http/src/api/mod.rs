//! The REST API, one file per area.

pub(crate) mod plans;
