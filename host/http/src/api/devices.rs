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
use crate::api::openapi::{
    DeviceFilterQuery, E400, E403, E404, E409, E413, PageQuery, SearchQuery, schemas,
};
use crate::{AppState, HttpError};

#[utoipa::path(
    get,
    path = "/api/devices/",
    tag = "inventory",
    operation_id = "devices_list",
    summary = "List devices",
    description = "Field filters (`?role=leaf,spine&location=ams1`), `q=` on names, NetBox pages. Devices outside the user's `view_device` grants are left out.",
    params(PageQuery, SearchQuery, DeviceFilterQuery),
    responses(
        (status = 200, description = "One page of devices.", body = inline(schemas::DevicePage)),
        (status = 400, response = E400),
        (status = 403, response = E403),
    ),
)]
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

#[utoipa::path(
    get,
    path = "/api/devices/{name}/",
    tag = "inventory",
    operation_id = "devices_show",
    summary = "Show a device",
    params(("name" = String, Path, description = "The device's name.")),
    responses(
        (status = 200, description = "The device.", body = schemas::Device),
        (status = 403, response = E403),
        (status = 404, response = E404),
    ),
)]
pub(crate) async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(name): Path<String>,
) -> Result<Json<Device>, HttpError> {
    Ok(Json(
        state.services.inventory.device(&principal, &name).await?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/devices/",
    tag = "inventory",
    operation_id = "devices_create",
    summary = "Create a device",
    description = "Validated as an import is; needs `add_device`.",
    request_body = schemas::Device,
    responses(
        (status = 201, description = "The device as stored.", body = schemas::Device),
        (status = 400, response = E400),
        (status = 403, response = E403),
        (status = 409, response = E409),
        (status = 413, response = E413),
    ),
)]
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

#[utoipa::path(
    put,
    path = "/api/devices/{name}/",
    tag = "inventory",
    operation_id = "devices_update",
    summary = "Replace a device",
    description = "The whole device, validated as an import is; it keeps its name (a body naming another device is a 400). Needs `change_device` on it, before and after.",
    params(("name" = String, Path, description = "The device's name.")),
    request_body = schemas::Device,
    responses(
        (status = 200, description = "The device as stored.", body = schemas::Device),
        (status = 400, response = E400),
        (status = 403, response = E403),
        (status = 404, response = E404),
        (status = 409, response = E409),
        (status = 413, response = E413),
    ),
)]
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

#[utoipa::path(
    patch,
    path = "/api/devices/{name}/",
    tag = "inventory",
    operation_id = "devices_patch",
    summary = "Change some fields of a device",
    description = "A JSON merge patch (RFC 7396) over the stored device: the fields given replace the stored ones, `null` removes one. Checked as `PUT` is.",
    params(("name" = String, Path, description = "The device's name.")),
    request_body = schemas::DevicePatch,
    responses(
        (status = 200, description = "The device as stored.", body = schemas::Device),
        (status = 400, response = E400),
        (status = 403, response = E403),
        (status = 404, response = E404),
        (status = 409, response = E409),
        (status = 413, response = E413),
    ),
)]
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

#[utoipa::path(
    delete,
    path = "/api/devices/{name}/",
    tag = "inventory",
    operation_id = "devices_delete",
    summary = "Delete a device",
    params(("name" = String, Path, description = "The device's name.")),
    responses(
        (status = 204, description = "Deleted."),
        (status = 403, response = E403),
        (status = 404, response = E404),
        (status = 409, response = E409),
    ),
)]
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
