//! Jobs: the list (a page read by the database, filtered by kind and status, searched on who
//! started it and its scope, sorted by any column), one job with its per-device results, and its live progress as server-sent
//! events (`device` with the count done, then `finished`), read from the store so devices run
//! by any worker process show.

use std::convert::Infallible;
use std::time::Duration;

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use serde::Deserialize;

use aurum_services::golden::JobKind;
use aurum_store::{JobQuery, JobSort, JobStatus, OutcomeStatus};

use super::paging::Paging;
use super::{Page, Viewer, WebState, error_page};

/// How often the progress stream looks at the job.
const POLL: Duration = Duration::from_millis(500);

/// The jobs page's query string: filters, search, order and page, each optional.
#[derive(Deserialize, Default)]
pub(crate) struct ListParams {
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    sort: Option<String>,
    #[serde(default)]
    page: Option<String>,
    #[serde(default)]
    per_page: Option<String>,
}

/// `GET /jobs/`: one page of the jobs the filters and search match, in the order asked.
pub(crate) async fn list(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Query(params): Query<ListParams>,
) -> Response {
    let given = |value: &Option<String>| value.clone().filter(|v| !v.trim().is_empty());
    let paging = Paging::read(params.page.as_deref(), params.per_page.as_deref());
    let sort_name = params.sort.clone().unwrap_or_default();
    let sort = JobSort::parse(sort_name.trim_start_matches('-')).unwrap_or_default();
    let reversed = sort_name.starts_with('-');
    let query = JobQuery {
        kind: given(&params.kind),
        status: given(&params.status)
            .and_then(|name| JobStatus::ALL.into_iter().find(|s| s.as_str() == name)),
        q: given(&params.q),
        sort,
        descending: Some(sort.descending_by_default() != reversed),
        offset: paging.offset_i64(),
        limit: Some(paging.per_page_i64()),
    };
    let (count, jobs) = match state
        .services
        .golden
        .job_page(&viewer.principal, &query)
        .await
    {
        Ok(found) => found,
        Err(error) => return error_page(&state, Some(&viewer), error),
    };
    let sort = match reversed {
        true => format!("-{}", sort.name()),
        false => sort.name().to_string(),
    };
    let filters: Vec<(&str, String)> = [
        ("kind", given(&params.kind)),
        ("status", given(&params.status)),
        ("q", given(&params.q)),
    ]
    .into_iter()
    .filter_map(|(key, value)| Some((key, value?)))
    .collect();
    let base = serde_urlencoded::to_string(&filters).unwrap_or_default();
    let sorts: Vec<&str> = JobSort::ALL.iter().map(|sort| sort.name()).collect();
    let statuses: Vec<&str> = JobStatus::ALL
        .iter()
        .map(|status| status.as_str())
        .collect();
    let kinds: Vec<&str> = JobKind::ALL.iter().map(|kind| kind.as_str()).collect();
    Page::new("jobs.html", Some(&viewer))
        .with("jobs", jobs)
        .with("count", count)
        .with("page", paging.page)
        .with(
            "pages",
            paging.pages(usize::try_from(count).unwrap_or(usize::MAX)),
        )
        .with("sort", sort)
        .with("sorts", sorts)
        .with("statuses", statuses)
        .with("kinds", kinds)
        .with("base", base)
        .with("kind", given(&params.kind))
        .with("status", given(&params.status))
        .with("q", given(&params.q))
        .render(&state)
        .into_response()
}

pub(crate) async fn detail(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<i64>,
) -> Response {
    match state.services.golden.job(&viewer.principal, id).await {
        Ok(job) => {
            let done = job
                .devices
                .iter()
                .filter(|d| d.status != OutcomeStatus::Pending)
                .count();
            Page::new("job.html", Some(&viewer))
                .with("running", job.status == JobStatus::Running)
                .with("done", done)
                .with("job", job)
                .render(&state)
                .into_response()
        }
        Err(error) => error_page(&state, Some(&viewer), error),
    }
}

/// `GET /jobs/{id}/events`: progress until the job is no longer running.
pub(crate) async fn events(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<i64>,
) -> Response {
    if let Err(error) = state.services.golden.job(&viewer.principal, id).await {
        return error_page(&state, Some(&viewer), error);
    }
    Sse::new(progress(state, viewer, id))
        .keep_alive(KeepAlive::default())
        .into_response()
}

fn progress(
    state: WebState,
    viewer: Viewer,
    id: i64,
) -> impl Stream<Item = Result<Event, Infallible>> {
    futures_util::stream::unfold(
        (state, viewer, None::<usize>, false),
        move |(state, viewer, last, over)| async move {
            if over {
                return None;
            }
            loop {
                let job = match state.services.golden.job(&viewer.principal, id).await {
                    Ok(job) => job,
                    Err(error) => {
                        let event = Event::default().event("error").data(error.to_string());
                        return Some((Ok(event), (state, viewer, last, true)));
                    }
                };
                let done = job
                    .devices
                    .iter()
                    .filter(|d| d.status != OutcomeStatus::Pending)
                    .count();
                if job.status != JobStatus::Running {
                    let event = Event::default().event("finished").data(job.status.as_str());
                    return Some((Ok(event), (state, viewer, Some(done), true)));
                }
                if last != Some(done) {
                    let data = serde_json::json!({"done": done, "total": job.devices.len()});
                    let event = Event::default().event("device").data(data.to_string());
                    return Some((Ok(event), (state, viewer, Some(done), false)));
                }
                tokio::time::sleep(POLL).await;
            }
        },
    )
}
