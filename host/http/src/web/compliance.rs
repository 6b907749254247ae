//! Compliance pages: the overview (a device pie, a feature-result pie and a bar per feature,
//! drawn by `charts.rs`, and the devices x features pivot with coloured cells that link to
//! the feature's diff, all filtered like the device list) and the device page's Compliance
//! tab (per feature: compliant or not, intended and actual side by side, missing, extra,
//! remediation).

use axum::Extension;
use axum::extract::{Path, Query, RawQuery, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use aurum_services::golden::{PivotQuery, PivotTotals};
use aurum_services::inventory::PageRequest;

use super::charts::{self, Bar, Part};
use super::{Page, Viewer, WebState, error_page, filter};

/// Devices per page of the pivot.
const PIVOT_PAGE: usize = 100;

/// `GET /compliance/?q=&location=&role=&platform=&tenant=&tag=&saved=&offset=`: the overview
/// over every device the viewer may see that the device list's filters select (its charts
/// and one page of the pivot, the REST API's `GoldenService::pivot`); the pager keeps the
/// filter.
pub(crate) async fn overview(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    RawQuery(raw): RawQuery,
) -> Response {
    let params = filter::params(raw.as_deref());
    let services = &state.services;
    let golden = &services.golden;
    let device_filter = match filter::device_filter(services, &viewer.principal, &params).await {
        Ok(device_filter) => device_filter,
        Err(error) => return error_page(&state, Some(&viewer), error),
    };
    let q = filter::first(&params, "q").filter(|q| !q.trim().is_empty());
    let offset = filter::first(&params, "offset").and_then(|v| v.parse().ok());
    let query = PivotQuery {
        filter: device_filter,
        q: q.clone(),
        page: PageRequest::new(Some(PIVOT_PAGE), offset),
    };
    let result = tokio::try_join!(
        golden.pivot(&viewer.principal, &query),
        golden.pivot_totals(&viewer.principal, &query),
        services.device_filter_choices(&viewer.principal)
    );
    match result {
        Ok((pivot, totals, choices)) => {
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
                .with("device_pie", device_pie(&totals))
                .with("feature_pie", feature_pie(&totals))
                .with("feature_bars", feature_bars(&totals))
                .with("q", q.unwrap_or_default())
                .with("choices", choices)
                .with("selected", &params)
                .with("base", filter::query_without(&params, &["offset"]))
                .with("next", next)
                .with("previous", previous)
                .render(&state)
                .into_response()
        }
        Err(error) => error_page(&state, Some(&viewer), error),
    }
}

/// The selected devices: compliant in every feature, not, or never checked.
fn device_pie(totals: &PivotTotals) -> String {
    charts::pie(
        "Devices",
        &[
            Part {
                label: "compliant",
                count: totals.compliant_devices,
                colour: charts::GREEN,
            },
            Part {
                label: "not compliant",
                count: totals.non_compliant_devices(),
                colour: charts::RED,
            },
            Part {
                label: "no result",
                count: totals.unchecked_devices(),
                colour: charts::GREY,
            },
        ],
    )
}

/// Every feature result of the selected devices: compliant or not.
fn feature_pie(totals: &PivotTotals) -> String {
    let compliant: usize = totals.features.iter().map(|f| f.compliant).sum();
    let checked: usize = totals.features.iter().map(|f| f.checked).sum();
    charts::pie("Feature results", &compliance_parts(compliant, checked))
}

/// One bar per feature: its compliant and non-compliant devices.
fn feature_bars(totals: &PivotTotals) -> String {
    let bars: Vec<Bar<'_>> = totals
        .features
        .iter()
        .map(|f| Bar {
            label: &f.feature,
            parts: compliance_parts(f.compliant, f.checked).into(),
        })
        .collect();
    charts::bars("Compliant devices by feature", &bars)
}

/// `checked` results split into the `compliant` and the rest.
fn compliance_parts(compliant: usize, checked: usize) -> [Part<'static>; 2] {
    [
        Part {
            label: "compliant",
            count: compliant,
            colour: charts::GREEN,
        },
        Part {
            label: "not compliant",
            count: checked.saturating_sub(compliant),
            colour: charts::RED,
        },
    ]
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
