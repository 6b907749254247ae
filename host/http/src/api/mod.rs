//! The REST API under `/api`, one file per resource.

pub mod postprocessing;
