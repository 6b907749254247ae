//! Jobs: `POST /api/jobs/` starts backup, intended, compliance or run-all for a filter or a
//! list of devices (202 with the job id; `run_job` is checked by the services, which narrow
//! the scope to the user's grants), `GET /api/jobs/` lists, `GET /api/jobs/{id}/` shows status
//! and per-device results, `GET /api/jobs/{id}/events` streams progress as server-sent events
//! (one `device` event per result of a job this process runs, `end` when the job is over).

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::{Extension, Json};
use futures_util::Stream;
use serde::Deserialize;

use aurum_inventory::DeviceFilter;
use aurum_services::golden::{JobKind, JobRequest};
use aurum_services::identity::Principal;
use aurum_services::inventory::Page;
use aurum_store::{JobQuery, JobRecord, JobSort, JobStatus};

use super::page::{ListParams, Paginated, bad};
use crate::api::openapi::{
    E400, E403, E404, E413, JobFilterQuery, PageQuery, SearchQuery, schemas,
};
use crate::{AppState, HttpError};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StartBody {
    /// backup, intended, compliance or run-all.
    kind: String,
    #[serde(default)]
    filter: DeviceFilter,
    /// A selection of devices by name, added to the filter's names.
    #[serde(default)]
    devices: Vec<String>,
    #[serde(default)]
    setting: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/jobs/",
    tag = "jobs",
    operation_id = "jobs_start",
    summary = "Start a job",
    description = "backup, intended, compliance or run-all, for a filter or a selection; needs `run_job`, narrowed to the user's grants.",
    request_body = schemas::StartJob,
    responses(
        (status = 202, description = "Started.", body = schemas::JobStarted),
        (status = 400, response = E400),
        (status = 403, response = E403),
        (status = 404, response = E404),
        (status = 413, response = E413),
    ),
)]
pub(crate) async fn start(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Json(body): Json<StartBody>,
) -> Result<(StatusCode, Json<serde_json::Value>), HttpError> {
    let kinds = match body.kind.as_str() {
        "run-all" => vec![JobKind::Backup, JobKind::Intended, JobKind::Compliance],
        name => vec![JobKind::parse(name).ok_or_else(|| {
            bad(format!(
                "unknown job kind `{name}`; use backup, intended, compliance or run-all"
            ))
        })?],
    };
    let mut filter = body.filter;
    filter.name.extend(body.devices);
    let user = principal.name.clone();
    let request = JobRequest {
        setting: body.setting,
        filter,
        principal,
        ..JobRequest::default()
    };
    let job = state.services.golden.start(&kinds, request).await?;
    tracing::info!(%user, job, kind = %body.kind, "job started");
    Ok((
        StatusCode::ACCEPTED,
        Json(serde_json::json!({
            "job": job,
            "kind": body.kind,
            "status": format!("/api/jobs/{job}/"),
            "events": format!("/api/jobs/{job}/events"),
        })),
    ))
}

/// The job list's query: `kind`, `status`, `q` (starter or scope) and `sort`.
fn job_query(params: &ListParams) -> Result<JobQuery, HttpError> {
    let mut query = JobQuery {
        q: params.q.clone(),
        offset: i64::try_from(params.page.offset).unwrap_or(i64::MAX),
        limit: Some(i64::try_from(params.page.limit).unwrap_or(i64::MAX)),
        ..JobQuery::default()
    };
    for (key, value) in &params.fields {
        match key.as_str() {
            "kind" => query.kind = Some(value.clone()),
            "status" => {
                query.status = Some(
                    JobStatus::ALL
                        .into_iter()
                        .find(|status| status.as_str() == value)
                        .ok_or_else(|| {
                            bad(format!(
                                "unknown job status `{value}`; use running, succeeded, partial or failed"
                            ))
                        })?,
                )
            }
            "sort" => {
                let name = value.trim_start_matches('-');
                query.sort = JobSort::parse(name).ok_or_else(|| {
                    let names: Vec<&str> = JobSort::ALL.iter().map(|sort| sort.name()).collect();
                    bad(format!(
                        "unknown sort `{name}`; sort by {} (a leading `-` reverses)",
                        names.join(", ")
                    ))
                })?;
                query.descending =
                    Some(query.sort.descending_by_default() != value.starts_with('-'));
            }
            other => {
                return Err(bad(format!(
                    "unknown parameter `{other}`; the job list takes kind, status, q, sort, limit, offset"
                )));
            }
        }
    }
    Ok(query)
}

#[utoipa::path(
    get,
    path = "/api/jobs/",
    tag = "jobs",
    operation_id = "jobs_list",
    summary = "Jobs, newest first",
    description = "NetBox pages of jobs without their device lists (`GET /api/jobs/{id}/` has them); `q=` searches who started a job and its scope.",
    params(PageQuery, SearchQuery, JobFilterQuery),
    responses(
        (status = 200, description = "One page.", body = inline(schemas::JobRecordPage)),
        (status = 400, response = E400),
        (status = 403, response = E403),
    ),
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    RawQuery(query): RawQuery,
    uri: Uri,
) -> Result<Json<Paginated<JobRecord>>, HttpError> {
    let params = ListParams::parse(query.as_deref())?;
    let (count, results) = state
        .services
        .golden
        .job_page(&principal, &job_query(&params)?)
        .await?;
    let page = Page {
        count: usize::try_from(count).unwrap_or_default(),
        results,
    };
    Ok(Json(Paginated::new(page, params.page, &uri)))
}

#[utoipa::path(
    get,
    path = "/api/jobs/{id}/",
    tag = "jobs",
    operation_id = "jobs_show",
    summary = "A job's status and per-device results",
    params(("id" = i64, Path, description = "The job's id.")),
    responses(
        (status = 200, description = "The job.", body = schemas::JobRecord),
        (status = 400, response = E400),
        (status = 403, response = E403),
        (status = 404, response = E404),
    ),
)]
pub(crate) async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(id): Path<i64>,
) -> Result<Json<JobRecord>, HttpError> {
    Ok(Json(state.services.golden.job(&principal, id).await?))
}

#[utoipa::path(
    get,
    path = "/api/jobs/{id}/events/",
    tag = "jobs",
    operation_id = "jobs_events",
    summary = "A job's progress as server-sent events",
    description = "A `device` event (JSON data) per result of a job this process runs, then `end`.",
    params(("id" = i64, Path, description = "The job's id.")),
    responses(
        (status = 200, description = "The event stream.", content_type = "text/event-stream", body = schemas::JobEvent),
        (status = 400, response = E400),
        (status = 403, response = E403),
        (status = 404, response = E404),
    ),
)]
pub(crate) async fn events(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(id): Path<i64>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, HttpError> {
    // The same check as reading the job; only its visible devices are streamed.
    let visible: std::collections::HashSet<String> = state
        .services
        .golden
        .job(&principal, id)
        .await?
        .devices
        .into_iter()
        .map(|d| d.device)
        .collect();
    let golden = state.services.golden.clone();
    let receiver = golden.subscribe();
    // A job already over has no events to come: `end` at once, not after the first 500 ms
    // wait (subscribed first, so a job ending in between still gets its `end` below).
    let over = golden.job_finished(id).await.unwrap_or(false);
    let stream = futures_util::stream::unfold(
        (receiver, golden, visible, false),
        move |(mut receiver, golden, visible, ended)| async move {
            if ended {
                return None;
            }
            if over {
                let sse = Event::default().event("end").data(id.to_string());
                return Some((Ok(sse), (receiver, golden, visible, true)));
            }
            loop {
                let wait = tokio::time::timeout(Duration::from_millis(500), receiver.recv()).await;
                match wait {
                    Ok(Ok(event)) if event.job == Some(id) && visible.contains(&event.device) => {
                        let data = serde_json::to_string(&event).unwrap_or_default();
                        let sse = Event::default().event("device").data(data);
                        return Some((Ok(sse), (receiver, golden, visible, false)));
                    }
                    Ok(Ok(_)) => continue,
                    Ok(Err(tokio::sync::broadcast::error::RecvError::Lagged(_))) => continue,
                    Ok(Err(_)) | Err(_) => {
                        if golden.job_finished(id).await.unwrap_or(true) {
                            let sse = Event::default().event("end").data(id.to_string());
                            return Some((Ok(sse), (receiver, golden, visible, true)));
                        }
                    }
                }
            }
        },
    );
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}
