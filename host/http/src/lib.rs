//! Aurum's HTTP app (axum) over the services: health and readiness, which load balancers and
//! orchestrators poll, token provisioning, and behind token authentication the REST API
//! (`api/`; `GET /api/devices/{name}/postprocessing` is the one response carrying secrets),
//! `POST /graphql` and `/metrics`; the web UI (`web/`) behind browser sessions. Handlers call
//! services, never the database; every request passes the edge layers (`edge.rs`: Host
//! check, time and size limits, request log).

mod api;
mod auth;
mod edge;
mod error;
mod graphql;
mod health;
mod metrics;
mod response;
mod serve;
mod state;
mod web;

pub use api::openapi::document as openapi_document;
pub use error::HttpError;
pub use serve::{app, serve};
pub use state::AppState;
