//! `GET /api/compliance/pivot/`: devices × features, one page of devices (field filters as
//! for devices, `q=`, `limit`/`offset`), the devices the user may see only.

use axum::extract::{RawQuery, State};
use axum::http::Uri;
use axum::{Extension, Json};
use serde::Serialize;

use aurum_services::golden::{PivotQuery, PivotRow};
use aurum_services::identity::Principal;
use aurum_services::inventory::Page;

use super::page::{ListParams, Paginated};
use crate::api::openapi::{DeviceFilterQuery, E400, E403, E404, PageQuery, SearchQuery, schemas};
use crate::{AppState, HttpError};

#[derive(Debug, Serialize)]
pub(crate) struct PivotPage {
    features: Vec<String>,
    #[serde(flatten)]
    page: Paginated<PivotRow>,
}

#[utoipa::path(
    get,
    path = "/api/compliance/pivot/",
    tag = "golden",
    operation_id = "compliance_pivot",
    summary = "Devices × features",
    description = "One page of devices (filters and `q=` as for devices), each feature's result, and the feature columns.",
    params(PageQuery, SearchQuery, DeviceFilterQuery),
    responses(
        (status = 200, description = "One page of the pivot.", body = schemas::PivotPage),
        (status = 400, response = E400),
        (status = 403, response = E403),
        (status = 404, response = E404),
    ),
)]
pub(crate) async fn pivot(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    RawQuery(query): RawQuery,
    uri: Uri,
) -> Result<Json<PivotPage>, HttpError> {
    let params = ListParams::parse(query.as_deref())?;
    let query = PivotQuery {
        filter: params.device_filter()?,
        q: params.q.clone(),
        page: params.page,
    };
    let pivot = state.services.golden.pivot(&principal, &query).await?;
    let page = Page {
        count: pivot.count,
        results: pivot.results,
    };
    Ok(Json(PivotPage {
        features: pivot.features,
        page: Paginated::new(page, params.page, &uri),
    }))
}
