//! `GET /search/?q=REGEX&kind=backup|intended&context=N&icase=1&page=N`: config search across
//! every device's latest configuration, matching lines with context, each device linked, a
//! page of matching devices at a time (every match counted).

use axum::Extension;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use aurum_config::Feature;
use aurum_services::search::SearchQuery;
use aurum_store::ConfigKind;

use super::paging::Paging;
use super::{Page, Viewer, WebState, error_page};

#[derive(Deserialize, Default)]
pub(crate) struct Params {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    context: Option<usize>,
    #[serde(default)]
    icase: Option<String>,
    #[serde(default)]
    page: Option<String>,
    #[serde(default)]
    per_page: Option<String>,
}

pub(crate) async fn page(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Query(params): Query<Params>,
) -> Response {
    let kind = match params.kind.as_deref() {
        Some("intended") => ConfigKind::Intended,
        Some("backup") => ConfigKind::Backup,
        _ => state.services.default_config_kind(),
    };
    if let Err(error) = state.services.require_feature(Feature::ConfigSearch) {
        return error_page(&state, Some(&viewer), error);
    }
    let context = params.context.unwrap_or(2);
    let paging = Paging::read(params.page.as_deref(), params.per_page.as_deref());
    let results = if params.q.is_empty() {
        None
    } else {
        let query = SearchQuery {
            pattern: params.q.clone(),
            kind,
            context,
            case_insensitive: params.icase.is_some(),
            offset: paging.offset(),
            limit: paging.per_page,
        };
        match state
            .services
            .search_configs(&viewer.principal, &query)
            .await
        {
            Ok(results) => Some(results),
            Err(error) => return error_page(&state, Some(&viewer), error),
        }
    };
    let pages = results.as_ref().map_or(1, |r| paging.pages(r.matched));
    let context_text = context.to_string();
    let mut link: Vec<(&str, &str)> = vec![
        ("q", params.q.as_str()),
        ("kind", kind.as_str()),
        ("context", context_text.as_str()),
    ];
    if params.icase.is_some() {
        link.push(("icase", "1"));
    }
    Page::new("search.html", Some(&viewer))
        .with("page", paging.page)
        .with("pages", pages)
        .with(
            "base",
            serde_urlencoded::to_string(&link).unwrap_or_default(),
        )
        .with("q", &params.q)
        .with("kind", kind.as_str())
        .with("context", context)
        .with("icase", params.icase.is_some())
        .with("results", results)
        .render(&state)
        .into_response()
}
