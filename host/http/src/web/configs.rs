//! The device page's Configs tab: backup and intended history (valid from / until), any
//! version's text, and a diff between any two versions (`from` and `to`, each a version's
//! `valid_from`).

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use aurum_store::ConfigKind;

use super::{Page, Viewer, WebState, error_page};

#[derive(Deserialize, Default)]
pub(crate) struct ConfigsQuery {
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    show: Option<i64>,
    #[serde(default)]
    from: Option<i64>,
    #[serde(default)]
    to: Option<i64>,
}

/// `GET /devices/{name}/configs/?kind=backup|intended&show=&from=&to=`.
pub(crate) async fn tab(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Path(name): Path<String>,
    Query(query): Query<ConfigsQuery>,
) -> Response {
    let kind = match query.kind.as_deref() {
        Some("intended") => ConfigKind::Intended,
        _ => ConfigKind::Backup,
    };
    let services = &state.services;
    let principal = &viewer.principal;
    let result = async {
        let device = services.device(principal, &name).await?;
        let history = services
            .golden
            .config_history(principal, &name, kind)
            .await?;
        let diff = match (query.from, query.to) {
            (Some(from), Some(to)) => Some(
                services
                    .golden
                    .config_diff(principal, &name, kind, from, to)
                    .await?,
            ),
            _ => None,
        };
        let shown = query
            .show
            .and_then(|at| history.iter().find(|v| v.valid_from == at))
            .or(history.first())
            .cloned();
        Ok::<_, aurum_services::ServiceError>((device, history, diff, shown))
    }
    .await;
    match result {
        Ok((device, history, diff, shown)) => Page::new("configs.html", Some(&viewer))
            .with("tab", "configs")
            .with("device", device)
            .with("kind", kind.as_str())
            .with("history", history)
            .with("diff", diff)
            .with("from", query.from)
            .with("to", query.to)
            .with("shown", shown)
            .render(&state)
            .into_response(),
        Err(error) => error_page(&state, Some(&viewer), error),
    }
}
