//! Aurum's server: the HTTP API (axum) over the services: health and readiness, which load
//! balancers and orchestrators poll, token provisioning, and `POST /graphql` over the inventory
//! behind token authentication; the API and web UI grow here.

mod auth;
mod error;
pub mod golden;
mod graphql;
mod health;
pub mod identity;
mod response;
mod serve;
mod state;
pub mod toolkit;

pub use error::ServerError;
pub use serve::{app, serve};
pub use state::AppState;
