//! One saved command: `GET`, `PUT` (replace) and `DELETE` on `/api/commands/{name}/`, and
//! `POST /api/commands/` to save a new one; checked as an imported commands file is, behind
//! `view_command`, `add_command`, `change_command` and `delete_command` (the services check).
//! The list is `commands.rs`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};

use aurum_inventory::CommandDef;
use aurum_services::identity::Principal;

use crate::api::openapi::{E400, E403, E404, E409, E413, schemas};
use crate::{AppState, HttpError};

#[utoipa::path(
    post,
    path = "/api/commands/",
    tag = "toolkit",
    operation_id = "commands_create",
    summary = "Save a new command",
    description = "Checked as `aurum commands import` checks a file (every `<variable>` declared and used); needs `add_command`.",
    request_body = schemas::CommandDef,
    responses(
        (status = 201, description = "The command as saved.", body = schemas::CommandDef),
        (status = 400, response = E400),
        (status = 403, response = E403),
        (status = 404, response = E404),
        (status = 409, response = E409),
        (status = 413, response = E413),
    ),
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Json(command): Json<CommandDef>,
) -> Result<(StatusCode, Json<CommandDef>), HttpError> {
    let saved = state
        .services
        .toolkit
        .create_command(&principal, command)
        .await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

#[utoipa::path(
    get,
    path = "/api/commands/{name}/",
    tag = "toolkit",
    operation_id = "commands_show",
    summary = "One saved command",
    description = "Needs `view_command`.",
    params(("name" = String, Path, description = "The command's name.")),
    responses(
        (status = 200, description = "The command.", body = schemas::CommandDef),
        (status = 403, response = E403),
        (status = 404, response = E404),
    ),
)]
pub(crate) async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(name): Path<String>,
) -> Result<Json<CommandDef>, HttpError> {
    Ok(Json(
        state.services.toolkit.command(&principal, &name).await?,
    ))
}

#[utoipa::path(
    put,
    path = "/api/commands/{name}/",
    tag = "toolkit",
    operation_id = "commands_update",
    summary = "Replace a saved command",
    description = "The body is the whole command, under the same name; needs `change_command`.",
    params(("name" = String, Path, description = "The command's name.")),
    request_body = schemas::CommandDef,
    responses(
        (status = 200, description = "The command as saved.", body = schemas::CommandDef),
        (status = 400, response = E400),
        (status = 403, response = E403),
        (status = 404, response = E404),
        (status = 413, response = E413),
    ),
)]
pub(crate) async fn update(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(name): Path<String>,
    Json(command): Json<CommandDef>,
) -> Result<Json<CommandDef>, HttpError> {
    Ok(Json(
        state
            .services
            .toolkit
            .replace_command(&principal, &name, command)
            .await?,
    ))
}

#[utoipa::path(
    delete,
    path = "/api/commands/{name}/",
    tag = "toolkit",
    operation_id = "commands_delete",
    summary = "Delete a saved command",
    description = "Its runs stay in the command log; needs `delete_command`.",
    params(("name" = String, Path, description = "The command's name.")),
    responses(
        (status = 204, description = "Deleted."),
        (status = 403, response = E403),
        (status = 404, response = E404),
    ),
)]
pub(crate) async fn delete(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(name): Path<String>,
) -> Result<StatusCode, HttpError> {
    state
        .services
        .toolkit
        .delete_command(&principal, &name)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
