//! `/api/devices/`: list (field filters, `q=`, pages), create; `/api/devices/{name}/`: show,
//! replace, patch (a JSON merge patch), delete. The services check `view_device`, `add_device`, `change_device` and
//! `delete_device` on each device; a device the user may not see answers 404 like one that
//! does not exist.

use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, Uri};
use axum::{Extension, Json};

use aurum_inventory::Device;
use aurum_services::identity::Principal;
use aurum_services::inventory::DeviceQuery;

use super::page::{ListParams, Paginated};
use crate::{AppState, HttpError};

pub(crate) async fn list(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    RawQuery(query): RawQuery,
    uri: Uri,
) -> Result<Json<Paginated<Device>>, HttpError> {
    let params = ListParams::parse(query.as_deref())?;
    let query = DeviceQuery {
        filter: params.device_filter()?,
        q: params.q.clone(),
        page: params.page,
    };
    let page = state.services.inventory.devices(&principal, &query).await?;
    Ok(Json(Paginated::new(page, params.page, &uri)))
}

pub(crate) async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(name): Path<String>,
) -> Result<Json<Device>, HttpError> {
    Ok(Json(
        state.services.inventory.device(&principal, &name).await?,
    ))
}

pub(crate) async fn create(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Json(device): Json<Device>,
) -> Result<(StatusCode, Json<Device>), HttpError> {
    let created = state
        .services
        .inventory
        .create_device(&principal, device)
        .await?;
    tracing::info!(user = %principal.name, device = %created.name, "device created");
    Ok((StatusCode::CREATED, Json(created)))
}

pub(crate) async fn update(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(name): Path<String>,
    Json(device): Json<Device>,
) -> Result<Json<Device>, HttpError> {
    let updated = state
        .services
        .inventory
        .update_device(&principal, &name, device)
        .await?;
    tracing::info!(user = %principal.name, device = %name, "device changed");
    Ok(Json(updated))
}

pub(crate) async fn patch(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(name): Path<String>,
    Json(patch): Json<serde_json::Value>,
) -> Result<Json<Device>, HttpError> {
    let updated = state
        .services
        .inventory
        .patch_device(&principal, &name, patch)
        .await?;
    tracing::info!(user = %principal.name, device = %name, "device changed");
    Ok(Json(updated))
}

pub(crate) async fn delete(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(name): Path<String>,
) -> Result<StatusCode, HttpError> {
    state
        .services
        .inventory
        .delete_device(&principal, &name)
        .await?;
    tracing::info!(user = %principal.name, device = %name, "device deleted");
    Ok(StatusCode::NO_CONTENT)
}
