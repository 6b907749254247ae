//! How often each plugin is called and how long it takes, for `/metrics`
//! (`aurum_plugin_calls_total{plugin,kind,result}`, `aurum_plugin_call_seconds_sum/count`).
//! Recorded where the services call plugins (drivers' `clean`, compliance functions,
//! transposers, postprocessors, remediation plugins), so a slow or failing plugin shows
//! whichever job or request called it. The counters are this process's (as Prometheus
//! counters are): an `aurum worker` that runs a job's devices counts their calls, and the
//! `aurum serve` answering `/metrics` counts the calls it made itself.

use std::collections::BTreeMap;
use std::sync::{LazyLock, Mutex};
use std::time::Instant;

/// The calls of one plugin of one kind that ended one way.
#[derive(Debug, Clone, PartialEq)]
pub struct PluginCalls {
    pub plugin: String,
    /// `driver`, `compliance`, `transposer`, `postprocessor` or `remediation`.
    pub kind: &'static str,
    /// `ok` or `error`.
    pub result: &'static str,
    pub calls: u64,
    pub seconds: f64,
}

type Key = (String, &'static str, &'static str);

static CALLS: LazyLock<Mutex<BTreeMap<Key, (u64, f64)>>> =
    LazyLock::new(|| Mutex::new(BTreeMap::new()));

/// Runs `call` (one call of the `kind` plugin `plugin`) and records its result and time.
pub fn timed<T, E>(
    plugin: &str,
    kind: &'static str,
    call: impl FnOnce() -> Result<T, E>,
) -> Result<T, E> {
    let started = Instant::now();
    let outcome = call();
    let result = if outcome.is_ok() { "ok" } else { "error" };
    record(plugin, kind, result, started.elapsed().as_secs_f64());
    outcome
}

fn record(plugin: &str, kind: &'static str, result: &'static str, seconds: f64) {
    let mut calls = CALLS.lock().unwrap_or_else(|e| e.into_inner());
    let entry = calls
        .entry((plugin.to_string(), kind, result))
        .or_insert((0, 0.0));
    entry.0 += 1;
    entry.1 += seconds;
}

/// Every plugin's calls so far in this process, by plugin, kind and result.
pub fn plugin_calls() -> Vec<PluginCalls> {
    let calls = CALLS.lock().unwrap_or_else(|e| e.into_inner());
    calls
        .iter()
        .map(|((plugin, kind, result), (count, seconds))| PluginCalls {
            plugin: plugin.clone(),
            kind,
            result,
            calls: *count,
            seconds: *seconds,
        })
        .collect()
}

/// How many calls of `plugin` as `kind` ended with `result` (tests and diagnostics).
pub fn calls_of(plugin: &str, kind: &str, result: &str) -> u64 {
    plugin_calls()
        .into_iter()
        .filter(|c| c.plugin == plugin && c.kind == kind && c.result == result)
        .map(|c| c.calls)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_counted_by_plugin_kind_and_result() {
        let before = calls_of("test_plugin_calls", "transposer", "ok");
        let ok: Result<u8, String> = timed("test_plugin_calls", "transposer", || Ok(1));
        let failed: Result<u8, String> =
            timed("test_plugin_calls", "transposer", || Err("no".into()));
        assert_eq!((ok, failed), (Ok(1), Err("no".to_string())));
        assert_eq!(
            calls_of("test_plugin_calls", "transposer", "ok"),
            before + 1
        );
        assert!(calls_of("test_plugin_calls", "transposer", "error") >= 1);
        let seconds: f64 = plugin_calls()
            .iter()
            .filter(|c| c.plugin == "test_plugin_calls")
            .map(|c| c.seconds)
            .sum();
        assert!(seconds >= 0.0);
    }
}
