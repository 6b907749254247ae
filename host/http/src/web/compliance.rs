//! Compliance pages: the overview (a bar per feature, the devices x features pivot with
//! coloured cells that link to the feature's diff) and the device page's Compliance tab (per
//! feature: compliant or not, intended and actual side by side, missing, extra, remediation).

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use aurum_services::golden::PivotQuery;
use aurum_services::inventory::PageRequest;

use super::{Page, Viewer, WebState, error_page};

/// Devices per page of the pivot.
const PIVOT_PAGE: usize = 100;

#[derive(Deserialize, Default)]
pub(crate) struct OverviewQuery {
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    offset: Option<usize>,
}

/// `GET /compliance/?q=&offset=`: the overview (over every device the viewer may see) and one
/// page of the pivot, the REST API's (`GoldenService::pivot`).
pub(crate) async fn overview(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Query(params): Query<OverviewQuery>,
) -> Response {
    let golden = &state.services.golden;
    let query = PivotQuery {
        q: params.q.clone().filter(|q| !q.trim().is_empty()),
        page: PageRequest::new(Some(PIVOT_PAGE), params.offset),
        ..PivotQuery::default()
    };
    let result = tokio::try_join!(
        golden.pivot(&viewer.principal, &query),
        golden.pivot_totals(&viewer.principal, &query)
    );
    match result {
        Ok((pivot, totals)) => {
            let bars: Vec<_> = totals
                .features
                .iter()
                .map(|t| {
                    let percent = (t.compliant * 100).checked_div(t.checked).unwrap_or(0);
                    serde_json::json!({"feature": t.feature, "ok": t.compliant, "total": t.checked, "percent": percent})
                })
                .collect();
            // Each row's cells in the columns' order: true, false or none (not checked).
            let rows: Vec<_> = pivot
                .results
                .iter()
                .map(|row| {
                    let cells: Vec<Option<bool>> = pivot
                        .features
                        .iter()
                        .map(|f| row.features.get(f).copied())
                        .collect();
                    serde_json::json!({"device": row.device, "cells": cells})
                })
                .collect();
            let offset = query.page.offset;
            let next = (offset + PIVOT_PAGE < pivot.count).then_some(offset + PIVOT_PAGE);
            let previous = (offset > 0).then(|| offset.saturating_sub(PIVOT_PAGE));
            Page::new("compliance.html", Some(&viewer))
                .with("features", &pivot.features)
                .with("rows", rows)
                .with("count", pivot.count)
                .with("totals", &totals)
                .with("bars", bars)
                .with("q", params.q.unwrap_or_default())
                .with("next", next)
                .with("previous", previous)
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
        let mut rows = services.golden.device_compliance(principal, &name).await?;
        if let Some(feature) = &query.feature {
            rows.retain(|row| &row.feature == feature);
        }
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
