//! The kinds devices point at, read-only: `/api/platforms/`, `/api/locations/`,
//! `/api/roles/`, `/api/tenants/`, `/api/tags/`, `/api/secrets-groups/` (which credentials a
//! group has, never their values) and `/api/saved-filters/`, each listed with `q=` and pages
//! and shown by name, behind its `view_*` permission.

use axum::extract::{Path, RawQuery, State};
use axum::http::Uri;
use axum::{Extension, Json};
use serde_json::Value;

use aurum_services::identity::Principal;
use aurum_services::inventory::ObjectKind;

use super::page::{ListParams, Paginated};
use crate::{AppState, HttpError};

/// Each kind's path segment under `/api/`.
pub(crate) const KINDS: [(&str, ObjectKind); 7] = [
    ("platforms", ObjectKind::Platform),
    ("locations", ObjectKind::Location),
    ("roles", ObjectKind::Role),
    ("tenants", ObjectKind::Tenant),
    ("tags", ObjectKind::Tag),
    ("secrets-groups", ObjectKind::SecretsGroup),
    ("saved-filters", ObjectKind::SavedFilter),
];

pub(crate) async fn list(
    kind: ObjectKind,
    state: AppState,
    principal: Principal,
    query: Option<String>,
    uri: Uri,
) -> Result<Json<Paginated<Value>>, HttpError> {
    let params = ListParams::parse(query.as_deref())?;
    params.no_fields()?;
    let page = state
        .services
        .inventory
        .objects(&principal, kind, params.q.as_deref(), params.page)
        .await?;
    Ok(Json(Paginated::new(page, params.page, &uri)))
}

pub(crate) async fn show(
    kind: ObjectKind,
    state: AppState,
    principal: Principal,
    name: String,
) -> Result<Json<Value>, HttpError> {
    Ok(Json(
        state
            .services
            .inventory
            .object(&principal, kind, &name)
            .await?,
    ))
}

/// The list and show handlers of one kind, for the router.
pub(crate) fn routes(
    kind: ObjectKind,
) -> (
    axum::routing::MethodRouter<AppState>,
    axum::routing::MethodRouter<AppState>,
) {
    let list_route = axum::routing::get(
        move |State(state): State<AppState>,
              Extension(principal): Extension<Principal>,
              RawQuery(query): RawQuery,
              uri: Uri| list(kind, state, principal, query, uri),
    );
    let show_route = axum::routing::get(
        move |State(state): State<AppState>,
              Extension(principal): Extension<Principal>,
              Path(name): Path<String>| show(kind, state, principal, name),
    );
    (list_route, show_route)
}
