//! The device page's Postprocessing tab: the `[postprocessing]` steps, and a button that runs
//! them for the signed-in user (`view_config` on the device, `view_secrets` for what
//! `render_secrets` puts in). The result carries secret values, so it is only ever the answer
//! to that one POST: marked `no-store`, never logged, never kept.

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header::CACHE_CONTROL};
use axum::response::{IntoResponse, Response};

use super::{Page, Viewer, WebState, error_page};

/// `GET /devices/{name}/postprocessing/`: the steps and the button.
pub(crate) async fn tab(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Path(name): Path<String>,
) -> Response {
    page(&state, &viewer, &name, None).await
}

/// `POST /devices/{name}/postprocessing`: the config through the chain, for this answer only.
pub(crate) async fn render(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Path(name): Path<String>,
) -> Response {
    tracing::info!(user = %viewer.principal.name, device = %name, "postprocessing request (web)");
    let rendered = state
        .services
        .postprocess
        .intended(&viewer.principal, &name)
        .await
        .map_err(|error| error.to_string());
    let mut response = page(&state, &viewer, &name, Some(rendered)).await;
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn page(
    state: &WebState,
    viewer: &Viewer,
    name: &str,
    rendered: Option<Result<String, String>>,
) -> Response {
    if let Err(error) = state.services.postprocess.require_on_request() {
        return error_page(state, Some(viewer), error);
    }
    let device = match state.services.device(&viewer.principal, name).await {
        Ok(device) => device,
        Err(error) => return error_page(state, Some(viewer), error),
    };
    let (config, error) = match rendered {
        Some(Ok(config)) => (Some(config), None),
        Some(Err(error)) => (None, Some(error)),
        None => (None, None),
    };
    Page::new("postprocessing.html", Some(viewer))
        .with("tab", "postprocessing")
        .with("device", device)
        .with("steps", state.services.postprocess.steps())
        .with("config", config)
        .with("error", error)
        .render(state)
        .into_response()
}
