//! The device page's Configs tab: backup and intended history (valid from / until), any
//! version's text, and a diff between any two versions (`from` and `to`, each a version's
//! number from 1, as the API numbers them). The history is paged, newest first: a device
//! backed up hourly for a year has thousands of versions.

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use aurum_store::ConfigKind;

use super::paging::Paging;
use super::{Page, Viewer, WebState, error_page};

#[derive(Deserialize, Default)]
pub(crate) struct ConfigsQuery {
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    show: Option<usize>,
    #[serde(default)]
    from: Option<usize>,
    #[serde(default)]
    to: Option<usize>,
    #[serde(default)]
    page: Option<String>,
    #[serde(default)]
    per_page: Option<String>,
}

/// `GET /devices/{name}/configs/?kind=backup|intended&show=&from=&to=&page=`.
pub(crate) async fn tab(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Path(name): Path<String>,
    Query(query): Query<ConfigsQuery>,
) -> Response {
    let kind = match query.kind.as_deref() {
        Some("intended") => ConfigKind::Intended,
        Some("backup") => ConfigKind::Backup,
        _ => state.services.default_config_kind(),
    };
    let paging = Paging::read(query.page.as_deref(), query.per_page.as_deref());
    let services = &state.services;
    let principal = &viewer.principal;
    let result = async {
        let device = services.device(principal, &name).await?;
        let golden = &services.golden;
        let mut history = golden.versions(principal, &name, kind).await?;
        history.reverse();
        let count = history.len();
        // The version shown by default is the newest, whichever page is listed.
        let newest = history.first().map(|v| v.number);
        let history: Vec<_> = history
            .into_iter()
            .skip(paging.offset())
            .take(paging.per_page)
            .collect();
        let diff = match (query.from, query.to) {
            (Some(from), Some(to)) => Some(diff_lines(
                &golden
                    .diff_versions(principal, &name, kind, from, to)
                    .await?
                    .diff,
            )),
            _ => None,
        };
        // The version asked for, else the newest.
        let shown_number = query.show.or(newest);
        let shown = match shown_number {
            Some(number) => Some(golden.version(principal, &name, kind, number).await?),
            None => None,
        };
        Ok::<_, aurum_services::ServiceError>((device, (count, history), diff, shown, shown_number))
    }
    .await;
    match result {
        Ok((device, (count, history), diff, shown, shown_number)) => {
            Page::new("configs.html", Some(&viewer))
                .with("tab", "configs")
                .with("device", device)
                .with("kind", kind.as_str())
                .with("history", history)
                .with("count", count)
                .with("page", paging.page)
                .with("pages", paging.pages(count))
                .with("diff", diff)
                .with("from", query.from)
                .with("to", query.to)
                .with("shown", shown)
                .with("shown_number", shown_number)
                .render(&state)
                .into_response()
        }
        Err(error) => error_page(&state, Some(&viewer), error),
    }
}

/// A unified diff's lines, each with the class that colours it: `add`, `del`, `hunk` (an
/// `@@` header) or `` (context and the file headers).
fn diff_lines(diff: &str) -> Vec<(&'static str, String)> {
    diff.lines()
        .map(|line| {
            let class = if line.starts_with("+++") || line.starts_with("---") {
                ""
            } else if line.starts_with('+') {
                "add"
            } else if line.starts_with('-') {
                "del"
            } else if line.starts_with("@@") {
                "hunk"
            } else {
                ""
            };
            (class, line.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::diff_lines;

    #[test]
    fn diff_lines_are_classed_by_their_prefix_not_the_headers() {
        let diff = "--- version 1\n+++ version 2\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n";
        let classes: Vec<&str> = diff_lines(diff).iter().map(|(c, _)| *c).collect();
        assert_eq!(classes, ["", "", "hunk", "", "del", "add"]);
    }
}
