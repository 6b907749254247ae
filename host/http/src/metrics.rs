//! `GET /metrics` in Prometheus' text format: HTTP requests by route and status (counted by
//! `edge::log_request` in this process) and the fleet's numbers from the services (jobs and
//! device results by kind and status, command runs, devices and compliant devices per
//! feature, the gauges Nautobot Golden Config exposes), and this process's plugin calls and
//! their time by plugin and kind.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;

use crate::{AppState, HttpError};

/// This process's request counters, by (route, status).
#[derive(Debug, Default)]
pub struct HttpMetrics {
    requests: Mutex<BTreeMap<(String, u16), (u64, f64)>>,
}

impl HttpMetrics {
    pub(crate) fn count_request(&self, route: &str, status: u16, took: Duration) {
        let mut requests = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        let entry = requests.entry((route.to_string(), status)).or_default();
        entry.0 += 1;
        entry.1 += took.as_secs_f64();
    }

    fn render(&self, out: &mut String) {
        let requests = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        out.push_str("# HELP aurum_http_requests_total HTTP requests answered, by route and status.\n# TYPE aurum_http_requests_total counter\n");
        for ((route, status), (count, _)) in requests.iter() {
            let _ = writeln!(
                out,
                "aurum_http_requests_total{{route=\"{}\",status=\"{status}\"}} {count}",
                escape(route)
            );
        }
        out.push_str("# HELP aurum_http_request_seconds_total Time spent answering, by route and status.\n# TYPE aurum_http_request_seconds_total counter\n");
        for ((route, status), (_, seconds)) in requests.iter() {
            let _ = writeln!(
                out,
                "aurum_http_request_seconds_total{{route=\"{}\",status=\"{status}\"}} {seconds}",
                escape(route)
            );
        }
    }
}

fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// One gauge with two labels, a line per `(label, label, count)` row.
fn two_labels(
    out: &mut String,
    name: &str,
    help: &str,
    labels: [&str; 2],
    rows: &aurum_store::Counts,
) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
    for (first, second, count) in rows {
        let _ = writeln!(
            out,
            "{name}{{{}=\"{}\",{}=\"{}\"}} {count}",
            labels[0],
            escape(first),
            labels[1],
            escape(second)
        );
    }
}

/// The whole exposition, read fresh from the services on each scrape.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "service",
    operation_id = "metrics",
    summary = "Prometheus metrics",
    description = "Prometheus' text format: HTTP requests by route and status, jobs and device results by kind and status, command runs by outcome, devices and compliant devices per feature, plugin calls and their time. Any user with a token may read it.",
    responses((status = 200, description = "The exposition.", content_type = "text/plain; version=0.0.4", body = String)),
)]
pub(crate) async fn metrics(State(state): State<AppState>) -> Result<impl IntoResponse, HttpError> {
    let fleet = state.services.fleet_metrics().await?;
    let mut out = String::new();
    state.metrics.render(&mut out);
    two_labels(
        &mut out,
        "aurum_jobs_total",
        "Golden-config jobs recorded, by kind and status.",
        ["kind", "status"],
        &fleet.jobs,
    );
    two_labels(
        &mut out,
        "aurum_job_device_results_total",
        "Device results of jobs, by job kind and device status.",
        ["kind", "status"],
        &fleet.job_devices,
    );
    two_labels(
        &mut out,
        "aurum_hook_failures_total",
        "Events a hook failed to take, by hook and event (a failing hook never fails its job).",
        ["hook", "event"],
        &fleet.hook_failures,
    );
    out.push_str("# HELP aurum_command_runs_total Toolkit command runs logged, by outcome.\n# TYPE aurum_command_runs_total gauge\n");
    let _ = writeln!(
        out,
        "aurum_command_runs_total{{outcome=\"succeeded\"}} {}",
        fleet.commands.succeeded
    );
    let _ = writeln!(
        out,
        "aurum_command_runs_total{{outcome=\"failed\"}} {}",
        fleet.commands.failed
    );
    out.push_str("# HELP aurum_golden_devices_per_feature Devices with a compliance result, per feature.\n# TYPE aurum_golden_devices_per_feature gauge\n");
    for (feature, devices, _) in &fleet.features {
        let _ = writeln!(
            out,
            "aurum_golden_devices_per_feature{{feature=\"{}\"}} {devices}",
            escape(feature)
        );
    }
    out.push_str("# HELP aurum_golden_compliant_devices_per_feature Compliant devices, per feature.\n# TYPE aurum_golden_compliant_devices_per_feature gauge\n");
    for (feature, _, compliant) in &fleet.features {
        let _ = writeln!(
            out,
            "aurum_golden_compliant_devices_per_feature{{feature=\"{}\"}} {compliant}",
            escape(feature)
        );
    }
    plugin_calls(&mut out, &fleet.plugin_calls);
    Ok(([(CONTENT_TYPE, "text/plain; version=0.0.4")], out))
}

/// `aurum_plugin_calls_total{plugin,kind,result}` and the time as a summary's `_sum` and
/// `_count` per plugin and kind.
fn plugin_calls(out: &mut String, calls: &[aurum_services::plugin_calls::PluginCalls]) {
    out.push_str("# HELP aurum_plugin_calls_total Plugin calls made by this process, by plugin, kind and result.\n# TYPE aurum_plugin_calls_total counter\n");
    let mut time: BTreeMap<(&str, &str), (f64, u64)> = BTreeMap::new();
    for call in calls {
        let _ = writeln!(
            out,
            "aurum_plugin_calls_total{{plugin=\"{}\",kind=\"{}\",result=\"{}\"}} {}",
            escape(&call.plugin),
            call.kind,
            call.result,
            call.calls
        );
        let entry = time.entry((&call.plugin, call.kind)).or_default();
        entry.0 += call.seconds;
        entry.1 += call.calls;
    }
    out.push_str("# HELP aurum_plugin_call_seconds Time spent in plugin calls by this process, by plugin and kind.\n# TYPE aurum_plugin_call_seconds summary\n");
    for ((plugin, kind), (seconds, count)) in time {
        let labels = format!("plugin=\"{}\",kind=\"{kind}\"", escape(plugin));
        let _ = writeln!(out, "aurum_plugin_call_seconds_sum{{{labels}}} {seconds}");
        let _ = writeln!(out, "aurum_plugin_call_seconds_count{{{labels}}} {count}");
    }
}
