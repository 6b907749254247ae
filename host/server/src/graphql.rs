//! `POST /graphql`: the inventory's GraphQL API over HTTP, in the usual wire format
//! (`{"query", "variables", "operationName"}` in, `{"data", "errors"}` out).

use axum::Json;
use axum::extract::State;

use crate::AppState;

/// Runs one GraphQL request. Query errors are part of a 200 response, as GraphQL clients
/// expect; a body that is not a GraphQL request is axum's 400 or 415 with the reason.
pub(crate) async fn graphql(
    State(state): State<AppState>,
    Json(request): Json<aurum_graphql::Request>,
) -> Json<aurum_graphql::Response> {
    Json(state.graphql.execute(request).await)
}
