//! Jobs: the list, one job with its per-device results, and its live progress as server-sent
//! events (`device` with the count done, then `finished`), read from the store so devices run
//! by any worker process show.

use std::convert::Infallible;
use std::time::Duration;

use axum::Extension;
use axum::extract::{Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::Stream;

use aurum_store::{JobStatus, OutcomeStatus};

use super::{Page, Viewer, WebState, error_page};

/// Jobs on the list page.
const LISTED: i64 = 100;
/// How often the progress stream looks at the job.
const POLL: Duration = Duration::from_millis(500);

pub(crate) async fn list(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
) -> Response {
    match state.services.golden.jobs(&viewer.principal, LISTED).await {
        Ok(jobs) => Page::new("jobs.html", Some(&viewer))
            .with("jobs", jobs)
            .render(&state)
            .into_response(),
        Err(error) => error_page(&state, Some(&viewer), error),
    }
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
