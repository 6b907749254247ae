//! Saved commands and the command log: `GET /api/commands/`, `GET /api/command-log/`
//! (filters `device`, `username`, `since` in epoch ms, `success`; `q=`; `sort=`; pages read
//! by the database), `GET /api/command-log/stats` (of what the filter matches) and
//! `GET /api/command-log/export` (every matching row as a JSON array). All need
//! `view_command` (the log holds outputs).

use axum::extract::{RawQuery, State};
use axum::http::Uri;
use axum::{Extension, Json};

use aurum_inventory::CommandDef;
use aurum_services::identity::Principal;
use aurum_services::inventory::Page;
use aurum_store::{CommandLogEntry, CommandLogQuery, CommandStats, LogSort};

use super::page::{ListParams, Paginated, bad};
use crate::api::openapi::{
    E400, E403, E404, LogFilterQuery, LogSortQuery, PageQuery, SearchQuery, schemas,
};
use crate::{AppState, HttpError};

#[utoipa::path(
    get,
    path = "/api/commands/",
    tag = "toolkit",
    operation_id = "commands_list",
    summary = "Saved commands",
    description = "`q=` on name and command text, NetBox pages; needs `view_command`.",
    params(PageQuery, SearchQuery),
    responses(
        (status = 200, description = "One page.", body = inline(schemas::CommandDefPage)),
        (status = 400, response = E400),
        (status = 403, response = E403),
        (status = 404, response = E404),
    ),
)]
pub(crate) async fn commands(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    RawQuery(query): RawQuery,
    uri: Uri,
) -> Result<Json<Paginated<CommandDef>>, HttpError> {
    let params = ListParams::parse(query.as_deref())?;
    params.no_fields()?;
    let q = params.q.as_deref();
    let all = state.services.toolkit.commands(&principal).await?;
    let matching = all
        .into_iter()
        .filter(|c| aurum_services::inventory::matches_q(q, &[&c.name, &c.command]))
        .collect();
    Ok(Json(Paginated::new(
        Page::of(matching, params.page),
        params.page,
        &uri,
    )))
}

/// The log query of the request's search and field parameters.
fn log_query(params: &ListParams) -> Result<CommandLogQuery, HttpError> {
    let mut query = CommandLogQuery {
        q: params.q.clone(),
        ..CommandLogQuery::default()
    };
    for (key, value) in &params.fields {
        match key.as_str() {
            "device" => query.device = Some(value.clone()),
            "username" => query.username = Some(value.clone()),
            "since" => {
                query.since_ms =
                    Some(value.parse().map_err(|_| {
                        bad(format!("`since` is epoch milliseconds, not `{value}`"))
                    })?)
            }
            "success" => {
                query.success = Some(
                    value
                        .parse()
                        .map_err(|_| bad(format!("`success` is true or false, not `{value}`")))?,
                )
            }
            "sort" => {
                let name = value.trim_start_matches('-');
                query.sort = LogSort::parse(name).ok_or_else(|| {
                    let names: Vec<&str> = LogSort::ALL.iter().map(|sort| sort.name()).collect();
                    bad(format!(
                        "unknown sort `{name}`; sort by {} (a leading `-` reverses)",
                        names.join(", ")
                    ))
                })?;
                query.descending = Some(match value.starts_with('-') {
                    true => !query.sort.descending_by_default(),
                    false => query.sort.descending_by_default(),
                });
            }
            other => {
                return Err(bad(format!(
                    "unknown parameter `{other}`; the log takes device, username, since, success, q, sort, limit, offset"
                )));
            }
        }
    }
    Ok(query)
}

#[utoipa::path(
    get,
    path = "/api/command-log/",
    tag = "toolkit",
    operation_id = "command_log",
    summary = "The command log, newest first",
    description = "Every command sent (or refused), secrets masked; needs `view_command`.",
    params(PageQuery, SearchQuery, LogFilterQuery, LogSortQuery),
    responses(
        (status = 200, description = "One page.", body = inline(schemas::CommandLogEntryPage)),
        (status = 400, response = E400),
        (status = 403, response = E403),
    ),
)]
pub(crate) async fn log(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    RawQuery(query): RawQuery,
    uri: Uri,
) -> Result<Json<Paginated<CommandLogEntry>>, HttpError> {
    let params = ListParams::parse(query.as_deref())?;
    let mut log_query = log_query(&params)?;
    log_query.offset = params.page.offset as i64;
    log_query.limit = Some(params.page.limit as i64);
    let toolkit = &state.services.toolkit;
    let (count, results) = tokio::try_join!(
        toolkit.command_log_count(&principal, &log_query),
        toolkit.command_log(&principal, &log_query)
    )?;
    let page = Page {
        count: usize::try_from(count).unwrap_or_default(),
        results,
    };
    Ok(Json(Paginated::new(page, params.page, &uri)))
}

#[utoipa::path(
    get,
    path = "/api/command-log/stats/",
    tag = "toolkit",
    operation_id = "command_log_stats",
    summary = "Command log statistics",
    params(SearchQuery, LogFilterQuery),
    responses(
        (status = 200, description = "Counts and the most-run commands.", body = schemas::CommandStats),
        (status = 400, response = E400),
        (status = 403, response = E403),
    ),
)]
pub(crate) async fn stats(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    RawQuery(query): RawQuery,
) -> Result<Json<CommandStats>, HttpError> {
    let params = ListParams::parse(query.as_deref())?;
    let log_query = log_query(&params)?;
    Ok(Json(
        state
            .services
            .toolkit
            .command_stats(&principal, &log_query)
            .await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/command-log/export/",
    tag = "toolkit",
    operation_id = "command_log_export",
    summary = "Every matching log entry",
    params(SearchQuery, LogFilterQuery, LogSortQuery),
    responses(
        (status = 200, description = "The entries, newest first.", body = Vec<schemas::CommandLogEntry>),
        (status = 400, response = E400),
        (status = 403, response = E403),
    ),
)]
pub(crate) async fn export(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    RawQuery(query): RawQuery,
) -> Result<Json<Vec<CommandLogEntry>>, HttpError> {
    let params = ListParams::parse(query.as_deref())?;
    let log_query = log_query(&params)?;
    Ok(Json(
        state
            .services
            .toolkit
            .command_log(&principal, &log_query)
            .await?,
    ))
}
