//! Settings, read-only: the golden-config settings (scope, repositories, templates, the
//! properties file with features, rules, removes and replaces; remotes only say whether they
//! are set), remediation per platform, schedules and the toolkit's rules, as loaded from
//! aurum.toml, for `view_config` holders (`GoldenService::settings_view`, as the API shows
//! them); and each setting's properties file read now (`GoldenService::properties_view`):
//! its features, rules, removes, replaces and remediation settings as tables, each under the
//! file it comes from.

use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::{Page, Viewer, WebState, error_page};

pub(crate) async fn page(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
) -> Response {
    let views = match state.services.golden.settings_view(&viewer.principal) {
        Ok(views) => views,
        Err(error) => return error_page(&state, Some(&viewer), error),
    };
    let properties = match state.services.golden.properties_view(&viewer.principal) {
        Ok(properties) => properties,
        Err(error) => return error_page(&state, Some(&viewer), error),
    };
    let config = &state.services.config;
    let pretty =
        |value: serde_json::Value| serde_json::to_string_pretty(&value).unwrap_or_default();
    let settings: Vec<_> = views
        .iter()
        .map(|view| {
            serde_json::json!({
                "name": view.name,
                "text": pretty(serde_json::to_value(view).unwrap_or_default()),
            })
        })
        .collect();
    let remediation = pretty(serde_json::to_value(&config.golden.remediation).unwrap_or_default());
    let schedules = pretty(serde_json::to_value(&config.golden.schedules).unwrap_or_default());
    let toolkit = pretty(serde_json::to_value(&config.toolkit).unwrap_or_default());
    Page::new("settings.html", Some(&viewer))
        .with("settings", settings)
        .with("properties", properties)
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
