//! The registry: names, kinds, duplicates, listing and `check`.

mod common;

use aurum_plugin::{PluginError, PluginKind, Registry};
use common::*;
use serde_json::json;

fn everything() -> String {
    [
        entry(
            "strip_snmp_communities",
            "postprocessor",
            "wasm",
            &wasm("strip_snmp"),
            "",
            "",
        ),
        entry(
            "flatten_interfaces",
            "transposer",
            "wasm",
            &wasm("flatten_interfaces"),
            "",
            "",
        ),
        entry(
            "ordered_lines",
            "compliance",
            "wasm",
            &wasm("ordered_lines"),
            "",
            "",
        ),
        entry(
            "example_ios",
            "driver",
            "wasm",
            &wasm("example_driver"),
            "",
            "",
        ),
        entry(
            "strip_snmp_communities_rhai",
            "postprocessor",
            "rhai",
            &source("rhai/strip_snmp_communities.rhai"),
            "",
            "",
        ),
        entry(
            "flatten_interfaces_rhai",
            "transposer",
            "rhai",
            &source("rhai/flatten_interfaces.rhai"),
            "",
            "",
        ),
        entry(
            "unordered_lines",
            "compliance",
            "rhai",
            &source("rhai/unordered_lines.rhai"),
            "",
            "",
        ),
        entry(
            "example_ios_rhai",
            "driver",
            "rhai",
            &source("rhai/example_ios.rhai"),
            "",
            "",
        ),
        entry(
            "strip_snmp_native",
            "postprocessor",
            "native",
            &native("strip_snmp_native"),
            "",
            "",
        ),
    ]
    .concat()
}

#[test]
fn every_shipped_plugin_loads_lists_and_passes_its_check() {
    let registry = load(&everything()).unwrap();
    let list = registry.list();
    let names: Vec<_> = list.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "example_ios",
            "example_ios_rhai",
            "flatten_interfaces",
            "flatten_interfaces_rhai",
            "identity",
            "json",
            "ordered_lines",
            "strip_snmp_communities",
            "strip_snmp_communities_rhai",
            "strip_snmp_native",
            "unordered_lines"
        ]
    );
    let json = list.iter().find(|s| s.name == "json").unwrap();
    assert_eq!(
        (json.kind, json.backend, json.source.as_str()),
        (PluginKind::Compliance, "builtin", "builtin")
    );
    let wasm = list.iter().find(|s| s.name == "example_ios").unwrap();
    assert_eq!(
        (wasm.kind, wasm.backend, wasm.version.as_str()),
        (PluginKind::Driver, "wasm", "0.1.0")
    );
    assert!(wasm.source.ends_with("example_driver.wasm"));
    for summary in &list {
        let report = registry
            .check(&summary.name)
            .unwrap_or_else(|e| panic!("{}: {e}", summary.name));
        let text = report.to_string();
        assert!(
            text.contains(&summary.name) && text.contains("sample call ok"),
            "{text}"
        );
    }
}

#[test]
fn getters_name_what_exists_and_the_real_kind() {
    let registry = Registry::load(&config(""), &cache_dir()).unwrap();
    let Err(err) = registry.postprocessor("nope") else {
        panic!("found a plugin that does not exist")
    };
    assert!(matches!(err, PluginError::NotFound { .. }), "{err}");
    assert!(
        err.to_string().contains("available: identity, json"),
        "{err}"
    );
    let Err(err) = registry.postprocessor("json") else {
        panic!("json is not a postprocessor")
    };
    assert!(
        err.to_string()
            .contains("is a compliance, not a postprocessor"),
        "{err}"
    );
    assert!(registry.compliance("json").is_ok() && registry.transposer("identity").is_ok());
    assert_eq!(
        registry
            .transposer("identity")
            .unwrap()
            .transpose(&json!({"a": 1}))
            .unwrap(),
        json!({"a": 1})
    );
}

#[test]
fn a_configured_plugin_may_not_shadow_a_builtin() {
    let toml = entry(
        "json",
        "compliance",
        "rhai",
        &source("rhai/unordered_lines.rhai"),
        "",
        "",
    );
    let err = load(&toml).err().unwrap();
    assert!(
        matches!(err, PluginError::Duplicate { .. }) && err.to_string().contains("builtin"),
        "{err}"
    );
}

#[test]
fn a_missing_file_names_the_entry_and_the_path() {
    let toml = entry(
        "ghost",
        "postprocessor",
        "wasm",
        std::path::Path::new("/nonexistent/ghost.wasm"),
        "",
        "",
    );
    let err = load(&toml).err().unwrap();
    assert!(matches!(err, PluginError::MissingFile { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("ghost") && text.contains("/nonexistent/ghost.wasm"),
        "{text}"
    );
}

#[test]
fn check_entry_loads_and_times_one_plugin() {
    let config = config(&entry(
        "example_ios",
        "driver",
        "wasm",
        &wasm("example_driver"),
        "",
        "",
    ));
    let report =
        aurum_plugin::check_entry("example_ios", &config.plugins["example_ios"], &cache_dir())
            .unwrap();
    assert_eq!(report.kind, PluginKind::Driver);
    let text = report.to_string();
    assert!(
        text.contains("loaded and contract-checked") && text.contains("platform `example_ios`"),
        "{text}"
    );
}

#[test]
fn lenient_loading_keeps_the_good_and_reports_every_bad_entry() {
    let toml = [
        entry(
            "ghost",
            "postprocessor",
            "wasm",
            std::path::Path::new("/nonexistent/ghost.wasm"),
            "",
            "",
        ),
        entry("liar", "postprocessor", "wasm", &wasm("liar"), "", ""),
        entry(
            "ordered_lines",
            "compliance",
            "wasm",
            &wasm("ordered_lines"),
            "",
            "",
        ),
    ]
    .concat();
    let (registry, errors) = Registry::builder().load_lenient(&config(&toml), &cache_dir());
    let failed: Vec<_> = errors.iter().map(PluginError::plugin).collect();
    assert_eq!(failed, ["ghost", "liar"]);
    assert!(registry.compliance("ordered_lines").is_ok());
    assert!(matches!(
        registry.postprocessor("liar"),
        Err(PluginError::NotFound { .. })
    ));
}

#[test]
fn the_registry_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Registry>();
    assert_send_sync::<aurum_plugin::Plugin>();
    assert_send_sync::<PluginError>();
}
