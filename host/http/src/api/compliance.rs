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
use crate::{AppState, HttpError};

#[derive(Debug, Serialize)]
pub(crate) struct PivotPage {
    features: Vec<String>,
    #[serde(flatten)]
    page: Paginated<PivotRow>,
}

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
