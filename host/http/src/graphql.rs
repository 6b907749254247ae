//! `POST /graphql`: the inventory's GraphQL API over HTTP, in the usual wire format
//! (`{"query", "variables", "operationName"}` in, `{"data", "errors"}` out).

use axum::extract::State;
use axum::{Extension, Json};

use crate::api::openapi::E400;
use crate::api::openapi::schemas;
use crate::{AppState, HttpError};
use aurum_services::identity::Principal;

/// Runs one GraphQL request. Query errors are part of a 200 response, as GraphQL clients
/// expect; a body that is not a GraphQL request is axum's 400 or 415 with the reason. Only
/// authenticated requests get here (the route is behind `auth::require_token`); config
/// fields answer only for devices the user holds `view_config` on.
#[utoipa::path(
    post,
    path = "/graphql",
    tag = "service",
    operation_id = "graphql",
    summary = "A GraphQL query over the inventory",
    description = "Queries only (no mutations), within depth and complexity limits; query errors answer 200 with `errors`. Config fields answer only for devices the user holds `view_config` on.",
    request_body = schemas::GraphqlRequest,
    responses(
        (status = 200, description = "The answer, errors included.", body = schemas::GraphqlResponse),
        (status = 400, response = E400),
    ),
)]
pub(crate) async fn graphql(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Json(request): Json<aurum_graphql::Request>,
) -> Result<Json<aurum_graphql::Response>, HttpError> {
    tracing::info!(user = %principal.name, "GraphQL request");
    // Config fields need `view_config` on their device; the rest of the inventory is readable
    // by any authenticated user, as before.
    let access = state.services.authz.graphql_access(&principal).await?;
    Ok(Json(state.graphql.execute_with(request, access).await))
}
