//! Aurum's server: the HTTP API (axum) over the services: health and readiness, which load
//! balancers and orchestrators poll, and `POST /graphql` over the inventory; the API and web UI
//! grow here.

mod error;
pub mod golden;
mod graphql;
mod health;
mod serve;
mod state;
pub mod toolkit;

pub use error::ServerError;
pub use serve::{app, serve};
pub use state::AppState;
