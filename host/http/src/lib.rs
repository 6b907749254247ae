//! Aurum's HTTP app (axum) over the services: health and readiness, which load balancers and
//! orchestrators poll, token provisioning, and `POST /graphql` over the inventory behind token
//! authentication, and `GET /api/devices/{name}/postprocessing`. Handlers call services, never the database; the REST API and the web UI
//! grow here.

mod api;
mod auth;
mod error;
mod graphql;
mod health;
mod response;
mod serve;
mod state;

pub use error::HttpError;
pub use serve::{app, serve};
pub use state::AppState;
