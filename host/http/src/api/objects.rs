//! The kinds devices point at: `/api/platforms/`, `/api/locations/`, `/api/roles/`,
//! `/api/tenants/`, `/api/tags/`, `/api/secrets-groups/` (which credentials a group has,
//! never their values) and `/api/saved-filters/`: listed with `q=` and pages, shown by name,
//! created (`POST`, 201), replaced (`PUT`) or patched (`PATCH`, a JSON merge patch) and
//! deleted (204), each behind its `view_*`, `add_*`, `change_*` or `delete_*` permission,
//! which the services check.

use axum::Json;
use axum::http::{StatusCode, Uri};
use axum::routing::MethodRouter;
use serde_json::Value;

use aurum_services::identity::Principal;
use aurum_services::inventory::{Change, ObjectKind};

use super::page::{ListParams, Paginated};
use crate::{AppState, HttpError};

/// One kind's part of the API: its path segment under `/api/`, its routes and their
/// description, both from the handlers [`kind_api!`] writes for it.
pub(crate) struct KindApi {
    pub segment: &'static str,
    pub routes: fn() -> (MethodRouter<AppState>, MethodRouter<AppState>),
    pub openapi: fn() -> utoipa::openapi::OpenApi,
}

impl KindApi {
    /// The kind's operations, for the API's description.
    pub fn openapi(&self) -> utoipa::openapi::OpenApi {
        (self.openapi)()
    }
}

/// Every kind, in the order the description lists them.
pub(crate) const KINDS: [KindApi; 7] = [
    platforms::API,
    locations::API,
    roles::API,
    tenants::API,
    tags::API,
    secrets_groups::API,
    saved_filters::API,
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

/// Writes one kind's handlers, each with its `#[utoipa::path]`, their router and their
/// description. The paths and texts are built from the literals given, as attributes cannot
/// call functions.
macro_rules! kind_api {
    (
        $module:ident, $kind:expr,
        segment: $segment:literal, id: $id:literal, label: $label:literal,
        permission: $object:literal, in_use: $in_use:literal,
        input: $input:ident, patch: $patch:ident, view: $view:ident, page: $page:ident $(,)?
    ) => {
        pub(crate) mod $module {
            use axum::extract::{Path, RawQuery, State};
            use axum::http::{StatusCode, Uri};
            use axum::routing::get;
            use axum::{Extension, Json};
            use serde_json::Value;

            use aurum_services::identity::Principal;
            use aurum_services::inventory::Change;

            use crate::api::openapi::{
                E400, E403, E404, E409, E413, PageQuery, SearchQuery, schemas,
            };
            use crate::api::page::Paginated;
            use crate::{AppState, HttpError};

            pub(crate) const API: super::KindApi = super::KindApi {
                segment: $segment,
                routes,
                openapi: <Doc as utoipa::OpenApi>::openapi,
            };

            #[derive(utoipa::OpenApi)]
            #[openapi(paths(list, create, show, update, patch, delete))]
            struct Doc;

            #[utoipa::path(
                get,
                path = concat!("/api/", $segment, "/"),
                tag = "inventory",
                operation_id = concat!($id, "_list"),
                summary = concat!("List ", $segment),
                description = concat!("`q=` on name and description, NetBox pages; needs `view_", $object, "`."),
                params(PageQuery, SearchQuery),
                responses(
                    (status = 200, description = "One page.", body = inline(schemas::$page)),
                    (status = 400, response = E400),
                    (status = 403, response = E403),
                ),
            )]
            pub(crate) async fn list(
                State(state): State<AppState>,
                Extension(principal): Extension<Principal>,
                RawQuery(query): RawQuery,
                uri: Uri,
            ) -> Result<Json<Paginated<Value>>, HttpError> {
                super::list($kind, state, principal, query, uri).await
            }

            #[utoipa::path(
                post,
                path = concat!("/api/", $segment, "/"),
                tag = "inventory",
                operation_id = concat!($id, "_create"),
                summary = concat!("Create a ", $label),
                description = concat!("Validated as an import is (a bad field is a 400 naming it); a name that exists is a 409. Needs `add_", $object, "`."),
                request_body = schemas::$input,
                responses(
                    (status = 201, description = "As stored.", body = schemas::$view),
                    (status = 400, response = E400),
                    (status = 403, response = E403),
                    (status = 409, response = E409),
                    (status = 413, response = E413),
                ),
            )]
            pub(crate) async fn create(
                State(state): State<AppState>,
                Extension(principal): Extension<Principal>,
                Json(body): Json<Value>,
            ) -> Result<(StatusCode, Json<Value>), HttpError> {
                super::create($kind, state, principal, body).await
            }

            #[utoipa::path(
                get,
                path = concat!("/api/", $segment, "/{name}/"),
                tag = "inventory",
                operation_id = concat!($id, "_show"),
                summary = concat!("Show a ", $label),
                params(("name" = String, Path, description = concat!("The ", $label, "'s name."))),
                responses(
                    (status = 200, description = "The object.", body = schemas::$view),
                    (status = 403, response = E403),
                    (status = 404, response = E404),
                ),
            )]
            pub(crate) async fn show(
                State(state): State<AppState>,
                Extension(principal): Extension<Principal>,
                Path(name): Path<String>,
            ) -> Result<Json<Value>, HttpError> {
                super::show($kind, state, principal, name).await
            }

            #[utoipa::path(
                put,
                path = concat!("/api/", $segment, "/{name}/"),
                tag = "inventory",
                operation_id = concat!($id, "_update"),
                summary = concat!("Replace a ", $label),
                description = concat!("The whole object; it keeps its name (`name` may be left out). One synced from a source of truth is a 409: change it there. Needs `change_", $object, "`."),
                params(("name" = String, Path, description = concat!("The ", $label, "'s name."))),
                request_body = schemas::$input,
                responses(
                    (status = 200, description = "As stored.", body = schemas::$view),
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
                Json(body): Json<Value>,
            ) -> Result<Json<Value>, HttpError> {
                super::change($kind, Change::Replace, state, principal, name, body).await
            }

            #[utoipa::path(
                patch,
                path = concat!("/api/", $segment, "/{name}/"),
                tag = "inventory",
                operation_id = concat!($id, "_patch"),
                summary = concat!("Change some fields of a ", $label),
                description = concat!("A JSON merge patch (RFC 7396) over the stored object: the fields given replace the stored ones, `null` removes one. Needs `change_", $object, "`."),
                params(("name" = String, Path, description = concat!("The ", $label, "'s name."))),
                request_body = schemas::$patch,
                responses(
                    (status = 200, description = "As stored.", body = schemas::$view),
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
                Json(body): Json<Value>,
            ) -> Result<Json<Value>, HttpError> {
                super::change($kind, Change::Patch, state, principal, name, body).await
            }

            #[utoipa::path(
                delete,
                path = concat!("/api/", $segment, "/{name}/"),
                tag = "inventory",
                operation_id = concat!($id, "_delete"),
                summary = concat!("Delete a ", $label),
                description = concat!("Refused (409, naming them) while ", $in_use, " refer to it, or when a source of truth manages it. Needs `delete_", $object, "`."),
                params(("name" = String, Path, description = concat!("The ", $label, "'s name."))),
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
                super::delete($kind, state, principal, name).await
            }

            /// The list path's handlers and the object path's, for the router.
            fn routes() -> (
                axum::routing::MethodRouter<AppState>,
                axum::routing::MethodRouter<AppState>,
            ) {
                (
                    get(list).post(create),
                    get(show).put(update).patch(patch).delete(delete),
                )
            }
        }
    };
}

kind_api!(platforms, super::ObjectKind::Platform,
    segment: "platforms", id: "platforms", label: "platform", permission: "platform",
    in_use: "devices", input: Platform, patch: PlatformPatch, view: Platform, page: PlatformPage);
kind_api!(locations, super::ObjectKind::Location,
    segment: "locations", id: "locations", label: "location", permission: "location",
    in_use: "devices, child locations or VLANs",
    input: Location, patch: LocationPatch, view: Location, page: LocationPage);
kind_api!(roles, super::ObjectKind::Role,
    segment: "roles", id: "roles", label: "role", permission: "role",
    in_use: "devices", input: NamedObject, patch: NamedObjectPatch, view: NamedObject, page: NamedObjectPage);
kind_api!(tenants, super::ObjectKind::Tenant,
    segment: "tenants", id: "tenants", label: "tenant", permission: "tenant",
    in_use: "devices", input: NamedObject, patch: NamedObjectPatch, view: NamedObject, page: NamedObjectPage);
kind_api!(tags, super::ObjectKind::Tag,
    segment: "tags", id: "tags", label: "tag", permission: "tag",
    in_use: "devices", input: NamedObject, patch: NamedObjectPatch, view: NamedObject, page: NamedObjectPage);
kind_api!(secrets_groups, super::ObjectKind::SecretsGroup,
    segment: "secrets-groups", id: "secrets_groups", label: "secrets group",
    permission: "secretsgroup", in_use: "devices",
    input: SecretsGroup, patch: SecretsGroupPatch, view: SecretsGroupView, page: SecretsGroupViewPage);
kind_api!(saved_filters, super::ObjectKind::SavedFilter,
    segment: "saved-filters", id: "saved_filters", label: "saved filter",
    permission: "savedfilter",
    in_use: "grants (`PERM:FILTER`) or golden-config settings' `scope`",
    input: SavedFilter, patch: SavedFilterPatch, view: SavedFilter, page: SavedFilterPage);
