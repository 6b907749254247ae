//! The command log: the newest runs (filtered by device or user) with each run's output
//! behind a disclosure, the statistics, and a CSV or JSON export of what the filter matches.

use axum::Extension;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use aurum_store::CommandLogQuery;

use super::{Page, Viewer, WebState, error_page};

#[derive(Deserialize, Default)]
pub(crate) struct LogParams {
    #[serde(default)]
    device: Option<String>,
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    format: Option<String>,
}

impl LogParams {
    fn query(&self, limit: Option<i64>) -> CommandLogQuery {
        CommandLogQuery {
            device: self.device.clone().filter(|d| !d.is_empty()),
            username: self.user.clone().filter(|u| !u.is_empty()),
            limit,
            ..CommandLogQuery::default()
        }
    }
}

pub(crate) async fn list(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Query(params): Query<LogParams>,
) -> Response {
    let services = &state.services;
    let query = params.query(Some(200));
    let result = tokio::try_join!(
        services.toolkit.command_log(&viewer.principal, &query),
        services.toolkit.command_stats(&viewer.principal, None)
    );
    match result {
        Ok((entries, stats)) => Page::new("log.html", Some(&viewer))
            .with("entries", entries)
            .with("stats", stats)
            .with("device", &params.device)
            .with("filter_user", &params.user)
            .render(&state)
            .into_response(),
        Err(error) => error_page(&state, Some(&viewer), error),
    }
}

/// `GET /log/export?format=csv|json`: every matching entry as a download.
pub(crate) async fn export(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Query(params): Query<LogParams>,
) -> Response {
    let entries = match state
        .services
        .toolkit
        .command_log(&viewer.principal, &params.query(None))
        .await
    {
        Ok(entries) => entries,
        Err(error) => return error_page(&state, Some(&viewer), error),
    };
    if params.format.as_deref() == Some("json") {
        let body = serde_json::to_string_pretty(&entries).unwrap_or_default();
        return (
            [
                (header::CONTENT_TYPE, "application/json"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"command-log.json\"",
                ),
            ],
            body,
        )
            .into_response();
    }
    let mut csv = String::from(
        "at,username,device,command,kind,driver,transport,success,duration_ms,error\n",
    );
    for e in &entries {
        let fields = [
            e.at.to_string(),
            e.username.clone(),
            e.device.clone(),
            e.command.clone(),
            e.kind.clone(),
            e.driver.clone(),
            e.transport.clone(),
            e.success.to_string(),
            e.duration_ms.to_string(),
            e.error.clone(),
        ];
        let quoted: Vec<String> = fields
            .iter()
            .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
            .collect();
        csv.push_str(&quoted.join(","));
        csv.push('\n');
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"command-log.csv\"",
            ),
        ],
        csv,
    )
        .into_response()
}
