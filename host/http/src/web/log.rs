//! The command log: a page of runs read by the database (filtered by device, user and
//! outcome, searched, sorted by any column), each with its own page; the statistics and the
//! most-run commands of what the filter matches; and a CSV or JSON export of the same rows.

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use aurum_store::{CommandLogQuery, LogSort};

use super::paging::Paging;
use super::{Page, Viewer, WebState, error_page};

#[derive(Deserialize, Default)]
pub(crate) struct LogParams {
    #[serde(default)]
    device: Option<String>,
    #[serde(default)]
    user: Option<String>,
    /// Text the command, device or user contains.
    #[serde(default)]
    q: Option<String>,
    /// `ok` or `failed`; anything else is every run.
    #[serde(default)]
    outcome: Option<String>,
    /// A column name, `-` before it to reverse.
    #[serde(default)]
    sort: Option<String>,
    #[serde(default)]
    page: Option<String>,
    #[serde(default)]
    per_page: Option<String>,
    #[serde(default)]
    format: Option<String>,
}

impl LogParams {
    /// The filter, search and order the page, its statistics and the export share.
    fn query(&self) -> CommandLogQuery {
        let given = |value: &Option<String>| value.clone().filter(|v| !v.trim().is_empty());
        let sort_name = self.sort.as_deref().unwrap_or_default();
        let sort = LogSort::parse(sort_name.trim_start_matches('-')).unwrap_or_default();
        CommandLogQuery {
            device: given(&self.device),
            username: given(&self.user),
            q: given(&self.q),
            success: match self.outcome.as_deref() {
                Some("ok") => Some(true),
                Some("failed") => Some(false),
                _ => None,
            },
            sort,
            descending: Some(sort.descending_by_default() != sort_name.starts_with('-')),
            ..CommandLogQuery::default()
        }
    }

    fn paging(&self) -> Paging {
        Paging::read(self.page.as_deref(), self.per_page.as_deref())
    }

    /// The query string of the filter, search and order, for the pager's links; without the
    /// order, for the column headers'.
    fn links(&self, with_sort: bool) -> String {
        let mut pairs: Vec<(&str, &str)> = [
            ("device", &self.device),
            ("user", &self.user),
            ("q", &self.q),
            ("outcome", &self.outcome),
        ]
        .into_iter()
        .filter_map(|(key, value)| Some((key, value.as_deref().filter(|v| !v.is_empty())?)))
        .collect();
        if with_sort && let Some(sort) = self.sort.as_deref().filter(|v| !v.is_empty()) {
            pairs.push(("sort", sort));
        }
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    }
}

/// `GET /log/`: one page of the entries the filter and search match, in the order asked,
/// with the statistics of all of them.
pub(crate) async fn list(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Query(params): Query<LogParams>,
) -> Response {
    let toolkit = &state.services.toolkit;
    let paging = params.paging();
    let query = params.query();
    let window = CommandLogQuery {
        offset: paging.offset_i64(),
        limit: Some(paging.per_page_i64()),
        ..query.clone()
    };
    let result = tokio::try_join!(
        toolkit.command_log(&viewer.principal, &window),
        toolkit.command_stats(&viewer.principal, &query)
    );
    match result {
        Ok((entries, stats)) => {
            let pages = paging.pages(usize::try_from(stats.total).unwrap_or_default());
            let sort = match (query.sort, query.descending) {
                (sort, Some(descending)) if descending != sort.descending_by_default() => {
                    format!("-{}", sort.name())
                }
                (sort, _) => sort.name().to_string(),
            };
            let sorts: Vec<&str> = LogSort::ALL.iter().map(|sort| sort.name()).collect();
            Page::new("log.html", Some(&viewer))
                .with("entries", entries)
                .with("stats", stats)
                .with("device", &params.device)
                .with("filter_user", &params.user)
                .with("q", &params.q)
                .with("outcome", &params.outcome)
                .with("sort", sort)
                .with("sorts", sorts)
                .with("page", paging.page)
                .with("pages", pages)
                .with("base", params.links(false))
                .with("filtered", params.links(true))
                .render(&state)
                .into_response()
        }
        Err(error) => error_page(&state, Some(&viewer), error),
    }
}

/// `GET /log/{id}/`: one entry, its whole output and error.
pub(crate) async fn entry(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<i64>,
) -> Response {
    match state
        .services
        .toolkit
        .command_log_entry(&viewer.principal, id)
        .await
    {
        Ok(entry) => Page::new("log_entry.html", Some(&viewer))
            .with("e", entry)
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
        .command_log(&viewer.principal, &params.query())
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
