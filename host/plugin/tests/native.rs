//! The native backend: the example cdylib, and a panicking one contained.

mod common;

use aurum_plugin::PluginError;
use common::*;
use serde_json::json;

#[test]
fn native_postprocessor_strips_snmp_communities() {
    let registry = load_one(
        "strip_snmp_native",
        "postprocessor",
        "native",
        &native("strip_snmp_native"),
        "",
    )
    .unwrap();
    let plugin = registry.postprocessor("strip_snmp_native").unwrap();
    assert_eq!(
        plugin.process(SAMPLE, &json!({})).unwrap(),
        "hostname r1\nsnmp-server location lab\n"
    );
    assert_eq!(
        registry
            .list()
            .iter()
            .find(|s| s.name == "strip_snmp_native")
            .unwrap()
            .backend,
        "native"
    );
}

#[test]
fn a_native_panic_is_caught_at_the_boundary_and_the_next_call_works() {
    let registry = load_one(
        "hostile_native",
        "postprocessor",
        "native",
        &native("hostile_native"),
        "",
    )
    .unwrap();
    let plugin = registry.postprocessor("hostile_native").unwrap();
    let err = plugin.process("panic", &json!({})).unwrap_err();
    assert!(
        matches!(err, PluginError::Trapped { .. })
            && err.to_string().contains("panicked on purpose"),
        "{err}"
    );
    let err = plugin.process("error", &json!({})).unwrap_err();
    assert!(matches!(err, PluginError::Failed { .. }), "{err}");
    assert_eq!(
        plugin.process("still alive", &json!({})).unwrap(),
        "still alive"
    );
}

#[test]
fn a_native_plugin_is_checked_like_any_other() {
    let err = load_one(
        "strip_snmp_native",
        "transposer",
        "native",
        &native("strip_snmp_native"),
        "",
    )
    .err()
    .unwrap();
    assert!(
        err.to_string().contains("says it is a postprocessor"),
        "{err}"
    );
    let not_a_library = script("nope");
    let err = load_one("x", "postprocessor", "native", not_a_library.path(), "")
        .err()
        .unwrap();
    assert!(matches!(err, PluginError::Compile { .. }), "{err}");
}
