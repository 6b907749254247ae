//! `POST /graphql`: the inventory's GraphQL API over HTTP, in the usual wire format
//! (`{"query", "variables", "operationName"}` in, `{"data", "errors"}` out).

use axum::extract::State;
use axum::{Extension, Json};

use crate::AppState;
use aurum_services::identity::Principal;

/// Runs one GraphQL request. Query errors are part of a 200 response, as GraphQL clients
/// expect; a body that is not a GraphQL request is axum's 400 or 415 with the reason. Only
/// authenticated requests get here (the route is behind `auth::require_token`).
pub(crate) async fn graphql(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Json(request): Json<aurum_graphql::Request>,
) -> Json<aurum_graphql::Response> {
    tracing::info!(user = %principal.name, "GraphQL request");
    Json(state.graphql.execute(request).await)
}
