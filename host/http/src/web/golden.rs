//! The golden-config home (`/` and `/golden/`): every device in a setting's scope with its
//! last backup, intended and compliance dates, green when the last attempts succeeded and red
//! with the reason when one did not, and a form to run a job on the selected devices. The
//! rows are searched, filtered by state, sorted by any column and paged here, over the
//! services' rows.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};

use aurum_inventory::DeviceFilter;
use aurum_services::golden::{HomeRow, JobKind, JobRequest};
use serde::Deserialize;

use super::paging::Paging;
use super::{Page, Viewer, WebState, error_page};

/// The columns the home sorts by.
const SORTS: [&str; 7] = [
    "device",
    "setting",
    "platform",
    "backup",
    "intended",
    "compliance",
    "status",
];

/// The home's query string: a search on names, the state of the last attempts, the order
/// and the page, each optional.
#[derive(Deserialize, Default)]
pub(crate) struct HomeParams {
    #[serde(default)]
    q: Option<String>,
    /// `failed`, `ok` or `never`.
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    sort: Option<String>,
    #[serde(default)]
    page: Option<String>,
    #[serde(default)]
    per_page: Option<String>,
}

/// Where a row stands: `failed` (the last attempt of some kind failed), `ok`, or `never`.
fn row_state(row: &HomeRow) -> &'static str {
    match (&row.failure, row.status.last.is_empty()) {
        (Some(_), _) => "failed",
        (None, false) => "ok",
        (None, true) => "never",
    }
}

/// Sorts `rows` by the column named `sort` (`-` before it reverses), then by device.
fn sort_rows(rows: &mut [HomeRow], sort: &str) {
    let column = sort.trim_start_matches('-');
    let by = |row: &HomeRow| -> (String, Option<i64>) {
        match column {
            "setting" => (row.setting.clone(), None),
            "platform" => (row.platform.clone(), None),
            "backup" => (String::new(), row.status.backup_at),
            "intended" => (String::new(), row.status.intended_at),
            "compliance" => (String::new(), row.status.compliance_at),
            "status" => (row_state(row).to_string(), None),
            _ => (String::new(), None),
        }
    };
    rows.sort_by(|a, b| by(a).cmp(&by(b)).then_with(|| a.device.cmp(&b.device)));
    if sort.starts_with('-') {
        rows.reverse();
    }
}

pub(crate) async fn home(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Query(params): Query<HomeParams>,
    uri: axum::http::Uri,
) -> Response {
    // With every job switched off, `/` opens on the devices instead.
    if uri.path() == "/" && !state.services.golden.any_job_enabled() {
        return Redirect::to("/devices/").into_response();
    }
    let rows = match state
        .services
        .golden
        .home(&viewer.principal, &DeviceFilter::default())
        .await
    {
        Ok(rows) => rows,
        Err(error) => return error_page(&state, Some(&viewer), error),
    };
    let in_scope = rows.len();
    let failing = rows.iter().filter(|r| r.failure.is_some()).count();
    let given = |value: &Option<String>| value.clone().filter(|v| !v.trim().is_empty());
    let q = given(&params.q).map(|q| q.trim().to_lowercase());
    let wanted = given(&params.state);
    let mut rows: Vec<HomeRow> = rows
        .into_iter()
        .filter(|row| {
            wanted
                .as_deref()
                .is_none_or(|wanted| row_state(row) == wanted)
        })
        .filter(|row| {
            q.as_deref().is_none_or(|q| {
                [&row.device, &row.setting, &row.platform]
                    .iter()
                    .any(|text| text.to_lowercase().contains(q))
            })
        })
        .collect();
    let sort = given(&params.sort)
        .filter(|sort| SORTS.contains(&sort.trim_start_matches('-')))
        .unwrap_or_else(|| "device".to_string());
    sort_rows(&mut rows, &sort);
    let paging = Paging::read(params.page.as_deref(), params.per_page.as_deref());
    let matching = rows.len();
    let shown: Vec<HomeRow> = rows
        .into_iter()
        .skip(paging.offset())
        .take(paging.per_page)
        .collect();
    let filters: Vec<(&str, String)> = [("q", given(&params.q)), ("state", wanted.clone())]
        .into_iter()
        .filter_map(|(key, value)| Some((key, value?)))
        .collect();
    Page::new("golden.html", Some(&viewer))
        .with("rows", &shown)
        .with("in_scope", in_scope)
        .with("failing", failing)
        .with("matching", matching)
        .with("page", paging.page)
        .with("pages", paging.pages(matching))
        .with("sort", &sort)
        .with("sorts", SORTS)
        .with(
            "base",
            serde_urlencoded::to_string(&filters).unwrap_or_default(),
        )
        .with("q", given(&params.q))
        .with("state_filter", wanted)
        .render(&state)
        .into_response()
}

/// `POST /golden/run`: `kind` (backup, intended, compliance) on the checked `device`s (every
/// device in scope when none is checked); then the job's page, which follows its progress.
pub(crate) async fn run(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let kind = fields
        .iter()
        .find(|(k, _)| k == "kind")
        .and_then(|(_, v)| JobKind::parse(v));
    let Some(kind) = kind else {
        return (
            StatusCode::BAD_REQUEST,
            "choose a job: backup, intended or compliance",
        )
            .into_response();
    };
    let devices: Vec<String> = fields
        .iter()
        .filter(|(k, _)| k == "device")
        .map(|(_, v)| v.clone())
        .collect();
    let request = JobRequest {
        filter: DeviceFilter {
            name: devices,
            ..DeviceFilter::default()
        },
        principal: viewer.principal.clone(),
        ..JobRequest::default()
    };
    match state.services.golden.start(&[kind], request).await {
        Ok(job) => Redirect::to(&format!("/jobs/{job}/")).into_response(),
        Err(error) => error_page(&state, Some(&viewer), error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(device: &str, setting: &str, backup_at: Option<i64>, failure: Option<&str>) -> HomeRow {
        HomeRow {
            device: device.into(),
            setting: setting.into(),
            platform: "cisco_ios".into(),
            status: aurum_store::GoldenStatus {
                backup_at,
                ..Default::default()
            },
            failure: failure.map(str::to_string),
        }
    }

    fn order(rows: &[HomeRow]) -> Vec<&str> {
        rows.iter().map(|row| row.device.as_str()).collect()
    }

    #[test]
    fn rows_sort_by_any_column_then_by_device_and_reverse_with_a_dash() {
        let mut rows = vec![
            row("r2", "dc", Some(20), None),
            row("r1", "lab", None, Some("backup: timeout")),
            row("r3", "dc", Some(10), None),
        ];
        sort_rows(&mut rows, "setting");
        assert_eq!(order(&rows), ["r2", "r3", "r1"]);
        sort_rows(&mut rows, "backup");
        assert_eq!(order(&rows), ["r1", "r3", "r2"], "never backed up first");
        sort_rows(&mut rows, "-backup");
        assert_eq!(order(&rows), ["r2", "r3", "r1"]);
        sort_rows(&mut rows, "device");
        assert_eq!(order(&rows), ["r1", "r2", "r3"]);
        assert_eq!(row_state(&rows[0]), "failed");
        assert_eq!(row_state(&rows[1]), "never", "no attempt recorded");
    }
}
