//! The kinds devices point at: `/api/platforms/`, `/api/locations/`, `/api/roles/`,
//! `/api/tenants/`, `/api/tags/`, `/api/secrets-groups/` (which credentials a group has,
//! never their values) and `/api/saved-filters/`: listed with `q=` and pages, shown by name,
//! created (`POST`, 201), replaced (`PUT`) or patched (`PATCH`, a JSON merge patch) and
//! deleted (204), each behind its `view_*`, `add_*`, `change_*` or `delete_*` permission,
//! which the services check.

use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, Uri};
use axum::routing::{MethodRouter, get};
use axum::{Extension, Json};
use serde_json::Value;

use aurum_services::identity::Principal;
use aurum_services::inventory::{Change, ObjectKind};

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

pub(crate) async fn create(
    kind: ObjectKind,
    state: AppState,
    principal: Principal,
    body: Value,
) -> Result<(StatusCode, Json<Value>), HttpError> {
    let created = state
        .services
        .inventory
        .create_object(&principal, kind, body)
        .await?;
    tracing::info!(user = %principal.name, kind = kind.label(), object = %created["name"], "inventory object created");
    Ok((StatusCode::CREATED, Json(created)))
}

pub(crate) async fn change(
    kind: ObjectKind,
    change: Change,
    state: AppState,
    principal: Principal,
    name: String,
    body: Value,
) -> Result<Json<Value>, HttpError> {
    let changed = state
        .services
        .inventory
        .change_object(&principal, kind, &name, change, body)
        .await?;
    tracing::info!(user = %principal.name, kind = kind.label(), object = %name, "inventory object changed");
    Ok(Json(changed))
}

pub(crate) async fn delete(
    kind: ObjectKind,
    state: AppState,
    principal: Principal,
    name: String,
) -> Result<StatusCode, HttpError> {
    state
        .services
        .inventory
        .delete_object(&principal, kind, &name)
        .await?;
    tracing::info!(user = %principal.name, kind = kind.label(), object = %name, "inventory object deleted");
    Ok(StatusCode::NO_CONTENT)
}

/// The handlers of one kind, for the router: the list path's and the object path's.
pub(crate) fn routes(kind: ObjectKind) -> (MethodRouter<AppState>, MethodRouter<AppState>) {
    let list_route = get(
        move |State(state): State<AppState>,
              Extension(principal): Extension<Principal>,
              RawQuery(query): RawQuery,
              uri: Uri| list(kind, state, principal, query, uri),
    )
    .post(
        move |State(state): State<AppState>,
              Extension(principal): Extension<Principal>,
              Json(body): Json<Value>| create(kind, state, principal, body),
    );
    let show_route = get(
        move |State(state): State<AppState>,
              Extension(principal): Extension<Principal>,
              Path(name): Path<String>| show(kind, state, principal, name),
    )
    .put(
        move |State(state): State<AppState>,
              Extension(principal): Extension<Principal>,
              Path(name): Path<String>,
              Json(body): Json<Value>| {
            change(kind, Change::Replace, state, principal, name, body)
        },
    )
    .patch(
        move |State(state): State<AppState>,
              Extension(principal): Extension<Principal>,
              Path(name): Path<String>,
              Json(body): Json<Value>| {
            change(kind, Change::Patch, state, principal, name, body)
        },
    )
    .delete(
        move |State(state): State<AppState>,
              Extension(principal): Extension<Principal>,
              Path(name): Path<String>| delete(kind, state, principal, name),
    );
    (list_route, show_route)
}
