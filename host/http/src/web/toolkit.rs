//! The device page's Toolkit tab: the platform's saved commands (config commands only for
//! users who may run them), a form for each one's variables, a free-text command, the run's
//! raw and parsed output (a table), recent runs and the device's rate-limit state. Runs go
//! through the toolkit service, which checks permission and the rate limit again.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};

use aurum_config::Feature;
use aurum_inventory::CommandKind;
use aurum_services::toolkit::{CommandRequest, RunOutcome};
use aurum_store::CommandLogQuery;

use super::{Page, Viewer, WebState, error_page};

/// Recent runs shown on the tab.
const RECENT: i64 = 10;

/// `GET /devices/{name}/`: the device with its Toolkit tab.
pub(crate) async fn tab(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Path(name): Path<String>,
) -> Response {
    if !state.services.feature_enabled(Feature::Toolkit) {
        return super::device_first_tab(&state, &viewer, &name).await;
    }
    match toolkit_page(&state, &viewer, &name, None).await {
        Ok(page) => page.render(&state).into_response(),
        Err(error) => error_page(&state, Some(&viewer), error),
    }
}

async fn toolkit_page(
    state: &WebState,
    viewer: &Viewer,
    name: &str,
    result: Option<Result<RunOutcome, String>>,
) -> Result<Page, aurum_services::ServiceError> {
    let services = &state.services;
    let principal = &viewer.principal;
    let device = services.device(principal, name).await?;
    let commands = services.commands_for(principal, &device).await?;
    let rate = services.rate_state(principal, &device).await?;
    let choices = services.variable_choices(principal, &device).await?;
    let may_config = services
        .toolkit
        .may_run_config(principal, Some(&device))
        .await?;
    // The log needs its own permission; without it the tab just has no recent runs.
    let recent = match services
        .toolkit
        .command_log(
            principal,
            &CommandLogQuery {
                device: Some(name.to_string()),
                limit: Some(RECENT),
                ..CommandLogQuery::default()
            },
        )
        .await
    {
        Ok(recent) => recent,
        Err(aurum_services::ServiceError::Forbidden { .. }) => Vec::new(),
        Err(other) => return Err(other),
    };
    Ok(Page::new("toolkit.html", Some(viewer))
        .with("tab", "toolkit")
        .with("device", &device)
        .with("commands", commands)
        .with("may_config", may_config)
        .with("rate", rate)
        .with("choices", choices)
        .with("recent", recent)
        .with("result", result.map(result_context)))
}

fn result_context(result: Result<RunOutcome, String>) -> serde_json::Value {
    match result {
        Ok(outcome) => {
            // Parsed records as a table: the union of their keys is the header.
            let (columns, rows) = table_of(outcome.parsed.as_ref());
            serde_json::json!({ "outcome": outcome, "columns": columns, "rows": rows })
        }
        Err(error) => serde_json::json!({ "refused": error }),
    }
}

fn table_of(parsed: Option<&serde_json::Value>) -> (Vec<String>, Vec<Vec<String>>) {
    let Some(records) = parsed.and_then(|p| p.as_array()) else {
        return (Vec::new(), Vec::new());
    };
    let mut columns: Vec<String> = Vec::new();
    for record in records {
        for key in record.as_object().into_iter().flat_map(|o| o.keys()) {
            if !columns.contains(key) {
                columns.push(key.clone());
            }
        }
    }
    let cell = |value: Option<&serde_json::Value>| match value {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let rows = records
        .iter()
        .map(|record| columns.iter().map(|c| cell(record.get(c))).collect())
        .collect();
    (columns, rows)
}

/// `POST /devices/{name}/run`: runs a saved command (`command` and `var_*` fields) or free
/// text (`text`, `kind`), parsed when `parse` is set. An htmx request gets the result
/// fragment; a plain form post gets the whole tab with the result.
pub(crate) async fn run(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
    Path(name): Path<String>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let field = |key: &str| {
        fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let request = match (field("command"), field("text")) {
        (Some(saved), _) => CommandRequest::Saved {
            name: saved,
            variables: fields
                .iter()
                .filter_map(|(k, v)| k.strip_prefix("var_").map(|n| (n.to_string(), v.clone())))
                .collect(),
        },
        (None, Some(text)) => CommandRequest::Text {
            text,
            kind: match field("kind").as_deref() {
                Some("config") => CommandKind::Config,
                _ => CommandKind::Show,
            },
        },
        (None, None) => {
            let error = "give a saved command or a command's text".to_string();
            return respond(&state, &viewer, &name, &headers, Err(error)).await;
        }
    };
    let toolkit = &state.services.toolkit;
    let result = match toolkit.run_named(&viewer.principal, &name, &request).await {
        Ok(mut outcome) => {
            if field("parse").is_some()
                && outcome.success
                && let Err(error) = toolkit.parse(&mut outcome)
            {
                outcome.unparsed = Some(error.to_string());
            }
            Ok(outcome)
        }
        Err(error) => {
            let status = super::error_status(&error);
            // The rate limit says when to try again, here as in the API.
            let retry_after = match &error {
                aurum_services::ServiceError::RateLimited {
                    retry_after_secs, ..
                } => Some((*retry_after_secs).max(1)),
                _ => None,
            };
            let result = respond(&state, &viewer, &name, &headers, Err(error.to_string())).await;
            let mut response = (status, result).into_response();
            if let Some(seconds) = retry_after {
                response.headers_mut().insert(
                    axum::http::header::RETRY_AFTER,
                    axum::http::HeaderValue::from(seconds),
                );
            }
            return response;
        }
    };
    respond(&state, &viewer, &name, &headers, result).await
}

async fn respond(
    state: &WebState,
    viewer: &Viewer,
    name: &str,
    headers: &HeaderMap,
    result: Result<RunOutcome, String>,
) -> Response {
    if headers.contains_key("hx-request") {
        return Page::new("run_result.html", Some(viewer))
            .with("device", serde_json::json!({ "name": name }))
            .with("result", result_context(result))
            .render(state)
            .into_response();
    }
    match toolkit_page(state, viewer, name, Some(result)).await {
        Ok(page) => page.render(state).into_response(),
        Err(error) => error_page(state, Some(viewer), error),
    }
}

#[cfg(test)]
mod tests {
    use super::table_of;

    #[test]
    fn parsed_records_become_a_table_with_every_key_as_a_column() {
        let parsed = serde_json::json!([
            {"interface": "Gi1", "status": "up"},
            {"interface": "Gi2", "ip": ["10.0.0.1", "10.0.0.2"]}
        ]);
        let (columns, rows) = table_of(Some(&parsed));
        assert_eq!(columns, ["interface", "status", "ip"]);
        assert_eq!(rows[1], ["Gi2", "", "10.0.0.1, 10.0.0.2"]);
    }
}
