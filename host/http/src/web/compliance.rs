//! Compliance pages: the overview (a bar per feature, the devices x features pivot with
//! coloured cells that link to the feature's diff) and the device page's Compliance tab (per
//! feature: compliant or not, intended and actual side by side, missing, extra, remediation).

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{Page, Viewer, WebState, error_page};

/// `GET /compliance/`: the overview and the pivot.
pub(crate) async fn overview(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
) -> Response {
    match state.services.golden.pivot(&viewer.principal, None).await {
        Ok(pivot) => {
            let compliant_devices = pivot
                .rows
                .iter()
                .filter(|(_, cells)| cells.iter().all(|c| *c != Some(false)))
                .count();
            let bars: Vec<_> = pivot
                .features
                .iter()
                .zip(&pivot.totals)
                .map(|(feature, (ok, total))| {
                    let percent = if *total == 0 { 0 } else { ok * 100 / total };
                    serde_json::json!({"feature": feature, "ok": ok, "total": total, "percent": percent})
                })
                .collect();
            Page::new("compliance.html", Some(&viewer))
                .with("pivot", &pivot)
                .with("bars", bars)
                .with("compliant_devices", compliant_devices)
                .render(&state)
                .into_response()
        }
        Err(error) => error_page(&state, Some(&viewer), error),
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct FeatureQuery {
    #[serde(default)]
    feature: Option<String>,
}

/// `GET /devices/{name}/compliance/?feature=`: the Compliance tab, one feature or all.
pub(crate) async fn device_tab(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Path(name): Path<String>,
    Query(query): Query<FeatureQuery>,
) -> Response {
    let services = &state.services;
    let principal = &viewer.principal;
    let result = async {
        let device = services.device(principal, &name).await?;
        let rows = services
            .golden
            .device_compliance(principal, &name, query.feature.as_deref())
            .await?;
        Ok::<_, aurum_services::ServiceError>((device, rows))
    }
    .await;
    match result {
        Ok((device, rows)) => Page::new("device_compliance.html", Some(&viewer))
            .with("tab", "compliance")
            .with("device", device)
            .with("feature", query.feature)
            .with("results", rows)
            .render(&state)
            .into_response(),
        Err(error) => error_page(&state, Some(&viewer), error),
    }
}
