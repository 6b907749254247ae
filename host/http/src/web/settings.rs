//! Settings, read-only: the golden-config settings (scope, repositories, templates, the
//! properties file with features, rules, removes and replaces), remediation per platform,
//! schedules and the toolkit's rules, as loaded from aurum.toml; and the place in navigation
//! that plans and deploy will take.

use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::{Page, Viewer, WebState};

pub(crate) async fn page(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
) -> Response {
    let config = &state.services.config;
    let pretty =
        |value: serde_json::Value| serde_json::to_string_pretty(&value).unwrap_or_default();
    let settings: Vec<_> = config
        .golden
        .settings
        .iter()
        .map(|(name, setting)| {
            serde_json::json!({
                "name": name,
                "text": pretty(serde_json::to_value(setting).unwrap_or_default()),
            })
        })
        .collect();
    let remediation = pretty(serde_json::to_value(&config.golden.remediation).unwrap_or_default());
    let schedules = pretty(serde_json::to_value(&config.golden.schedules).unwrap_or_default());
    let toolkit = pretty(serde_json::to_value(&config.toolkit).unwrap_or_default());
    Page::new("settings.html", Some(&viewer))
        .with("settings", settings)
        .with("remediation", remediation)
        .with("schedules", schedules)
        .with("toolkit", toolkit)
        .with(
            "fail_on_device_failure",
            config.golden.fail_on_device_failure,
        )
        .with("device_timeout_secs", config.golden.device_timeout_secs)
        .render(&state)
        .into_response()
}

/// `GET /plans/`: where config plans and deploy will live.
pub(crate) async fn plans(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
) -> Response {
    Page::new("plans.html", Some(&viewer))
        .render(&state)
        .into_response()
}
