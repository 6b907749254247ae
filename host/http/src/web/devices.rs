//! `GET /devices/`: the device list, paginated on the server, sortable by column, searchable
//! (`q`) and filtered by location, role, platform, tenant, tag or a saved filter, with check
//! boxes to run a golden-config job on the selection. htmx swaps just the table as filters
//! change (`hx-select`); without script the form reloads the page.

use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};

use aurum_services::{DEVICE_SORTS, DeviceListQuery};

use super::paging::Paging;
use super::{Page, Viewer, WebState, error_page, filter};

pub(crate) async fn list(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    RawQuery(raw): RawQuery,
) -> Response {
    let params = filter::params(raw.as_deref());
    let get = |key: &str| filter::first(&params, key);
    let services = &state.services;
    let filter = match filter::device_filter(services, &viewer.principal, &params).await {
        Ok(filter) => filter,
        Err(error) => return error_page(&state, Some(&viewer), error),
    };
    let paging = Paging::read(get("page").as_deref(), get("per_page").as_deref());
    let sort = get("sort").unwrap_or_else(|| "name".to_string());
    let query = DeviceListQuery {
        filter,
        q: get("q").unwrap_or_default(),
        sort: sort.trim_start_matches('-').to_string(),
        descending: sort.starts_with('-'),
        offset: paging.offset(),
        limit: paging.per_page,
    };
    let (page, choices) = match tokio::try_join!(
        services.device_page(&viewer.principal, &query),
        services.device_filter_choices(&viewer.principal)
    ) {
        Ok(found) => found,
        Err(error) => return error_page(&state, Some(&viewer), error),
    };
    // The query string without page and sort, for the pager's and the headers' links.
    let base = filter::query_without(&params, &["page", "sort"]);
    Page::new("devices.html", Some(&viewer))
        .with("devices", &page.devices)
        .with("count", page.count)
        .with("page", paging.page)
        .with("pages", paging.pages(page.count))
        .with("sort", &sort)
        .with("sorts", DEVICE_SORTS)
        .with("base", base)
        .with("q", &query.q)
        .with("choices", choices)
        .with("selected", &params)
        .render(&state)
        .into_response()
}
