//! The WASM backend: every kind from the example plugins, and hostile plugins contained.

mod common;

use std::time::{Duration, Instant};

use aurum_plugin::{PluginError, PluginKind};
use common::*;
use serde_json::json;

#[test]
fn postprocessor_strips_snmp_communities() {
    let registry = load_one(
        "strip_snmp_communities",
        "postprocessor",
        "wasm",
        &wasm("strip_snmp"),
        "",
    )
    .unwrap();
    let plugin = registry.postprocessor("strip_snmp_communities").unwrap();
    assert_eq!(plugin.info().kind, PluginKind::Postprocessor);
    let out = plugin.process(SAMPLE, &json!({})).unwrap();
    assert_eq!(out, "hostname r1\nsnmp-server location lab\n");
}

#[test]
fn transposer_flattens_interfaces() {
    let registry = load_one(
        "flatten_interfaces",
        "transposer",
        "wasm",
        &wasm("flatten_interfaces"),
        "",
    )
    .unwrap();
    let plugin = registry.transposer("flatten_interfaces").unwrap();
    let out = plugin
        .transpose(&json!({"site": "lab", "interfaces": {"b": {"mtu": 9000}, "a": {"mtu": 1500}}}))
        .unwrap();
    assert_eq!(
        out,
        json!({"site": "lab", "interfaces": [{"name": "a", "mtu": 1500}, {"name": "b", "mtu": 9000}]})
    );
    let err = plugin.transpose(&json!([1, 2])).unwrap_err();
    assert!(matches!(err, PluginError::Failed { .. }), "{err}");
}

#[test]
fn compliance_is_order_sensitive() {
    let registry = load_one(
        "ordered_lines",
        "compliance",
        "wasm",
        &wasm("ordered_lines"),
        "",
    )
    .unwrap();
    let plugin = registry.compliance("ordered_lines").unwrap();
    let same = plugin
        .check("acl", "permit a\n!\npermit b\n", "permit a\npermit b\n")
        .unwrap();
    assert!(same.compliant && same.ordered && same.missing.is_empty() && same.extra.is_empty());
    let swapped = plugin
        .check("acl", "permit b\npermit a\n", "permit a\npermit b\n")
        .unwrap();
    assert!(!swapped.compliant);
    let differs = plugin
        .check("acl", "permit a\npermit c\n", "permit a\npermit b\n")
        .unwrap();
    assert_eq!(
        (differs.missing.as_str(), differs.extra.as_str()),
        ("permit b\n", "permit c\n")
    );
}

#[test]
fn remediation_overwrites_the_section_per_platform() {
    let registry = load_one(
        "section_overwrite",
        "remediation",
        "wasm",
        &wasm("section_overwrite"),
        "",
    )
    .unwrap();
    let plugin = registry.remediation("section_overwrite").unwrap();
    let out = plugin
        .remediate(
            "cisco_ios",
            "ip access-list standard OLD\n permit any\nip access-list standard EDGE\n permit 10.0.0.0 0.255.255.255\n",
            "ip access-list standard EDGE\n permit 192.0.2.0 0.0.0.255\n",
        )
        .unwrap();
    assert_eq!(
        out,
        "no ip access-list standard OLD\nip access-list standard EDGE\n permit 192.0.2.0 0.0.0.255\n"
    );
    let junos = plugin
        .remediate("juniper_junos", "set system ntp server 192.0.2.1\n", "")
        .unwrap();
    assert_eq!(junos, "delete system ntp server 192.0.2.1\n");
    // Registered as another kind, it is refused naming what it really is.
    let err = load_one(
        "section_overwrite",
        "compliance",
        "wasm",
        &wasm("section_overwrite"),
        "",
    )
    .err()
    .expect("a remediation component is not a compliance plugin");
    assert!(err.to_string().contains("remediation"), "{err}");
}

#[test]
fn driver_describes_its_platform_and_cleans_backups() {
    let registry = load_one("example_ios", "driver", "wasm", &wasm("example_driver"), "").unwrap();
    let driver = registry.driver("example_ios").unwrap();
    let spec = driver.describe().unwrap();
    assert_eq!(spec.default_mode, "privileged_exec");
    assert_eq!(spec.modes.len(), 3);
    let enable = spec.transitions.iter().find(|t| t.from == "exec").unwrap();
    assert_eq!(
        enable.steps[1].send,
        aurum_sdk::Input::Secret(aurum_sdk::Credential::EnableSecret)
    );
    assert_eq!(spec.backup_commands[0].command, "show running-config");
    let cleaned = driver
        .clean("Building configuration...\nCurrent configuration : 10 bytes\nhostname r1   \nend\n")
        .unwrap();
    assert_eq!(cleaned, "hostname r1\nend\n");
    assert!(matches!(
        driver.clean("Building configuration...\n"),
        Err(PluginError::Failed { .. })
    ));
}

fn hostile(limits: &str) -> std::sync::Arc<dyn aurum_plugin::PostprocessorPlugin> {
    load_one("hostile", "postprocessor", "wasm", &wasm("hostile"), limits)
        .unwrap()
        .postprocessor("hostile")
        .unwrap()
}

#[test]
fn an_endless_loop_stops_at_its_deadline_and_the_next_call_works() {
    let plugin = hostile("timeout_ms = 200");
    let start = Instant::now();
    let err = plugin.process("loop", &json!({})).unwrap_err();
    let elapsed = start.elapsed();
    assert!(
        matches!(
            err,
            PluginError::DeadlineExceeded {
                timeout_ms: 200,
                ..
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string().contains("hostile") && err.to_string().contains("200 ms"),
        "{err}"
    );
    assert!(
        elapsed >= Duration::from_millis(190) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
    assert_eq!(
        plugin.process("still alive", &json!({})).unwrap(),
        "still alive"
    );
}

#[test]
fn a_memory_bomb_stops_at_its_limit_and_the_next_call_works() {
    let plugin = hostile("memory_mb = 16");
    let err = plugin.process("bomb", &json!({})).unwrap_err();
    assert!(
        matches!(err, PluginError::MemoryLimit { limit_mb: 16, .. }),
        "{err}"
    );
    assert_eq!(
        plugin.process("still alive", &json!({})).unwrap(),
        "still alive"
    );
}

#[test]
fn a_panic_is_a_trap_with_its_message_and_the_next_call_works() {
    let plugin = hostile("");
    let err = plugin.process("panic", &json!({})).unwrap_err();
    let PluginError::Trapped { message, .. } = &err else {
        panic!("expected a trap, got {err}")
    };
    assert!(message.contains("panicked on purpose"), "{message}");
    let err = plugin.process("error", &json!({})).unwrap_err();
    assert!(matches!(err, PluginError::Failed { .. }), "{err}");
    assert_eq!(
        plugin.process("still alive", &json!({})).unwrap(),
        "still alive"
    );
}

#[test]
fn concurrent_calls_are_isolated() {
    let plugin = hostile("timeout_ms = 300");
    std::thread::scope(|s| {
        let looping = s.spawn(|| plugin.process("loop", &json!({})));
        let fine: Vec<_> = (0..4)
            .map(|i| s.spawn(move || (i, hostile("").process(&format!("call {i}"), &json!({})))))
            .collect();
        for handle in fine {
            let (i, out) = handle.join().unwrap();
            assert_eq!(out.unwrap(), format!("call {i}"));
        }
        assert!(matches!(
            looping.join().unwrap(),
            Err(PluginError::DeadlineExceeded { .. })
        ));
    });
}

#[test]
fn a_plugin_whose_info_lies_about_its_kind_is_refused() {
    let err = load_one("liar", "postprocessor", "wasm", &wasm("liar"), "")
        .err()
        .unwrap();
    assert!(matches!(err, PluginError::Refused { .. }), "{err}");
    assert!(err.to_string().contains("says it is a transposer"), "{err}");
}

#[test]
fn a_plugin_registered_under_another_name_is_refused() {
    let err = load_one("not_hostile", "postprocessor", "wasm", &wasm("hostile"), "")
        .err()
        .unwrap();
    assert!(err.to_string().contains("calls itself `hostile`"), "{err}");
}

#[test]
fn a_component_of_another_world_is_the_wrong_kind() {
    let err = load_one(
        "strip_snmp_communities",
        "driver",
        "wasm",
        &wasm("strip_snmp"),
        "",
    )
    .err()
    .unwrap();
    assert!(
        matches!(
            err,
            PluginError::WrongKind {
                expected: PluginKind::Driver,
                actual: PluginKind::Postprocessor,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn a_file_that_is_not_a_component_fails_to_compile_naming_the_file() {
    let junk = script("not wasm at all");
    let err = load_one("junk", "postprocessor", "wasm", junk.path(), "")
        .err()
        .unwrap();
    assert!(matches!(err, PluginError::Compile { .. }), "{err}");
    assert!(
        err.to_string().contains(&junk.path().display().to_string()),
        "{err}"
    );
}

#[test]
fn a_pinned_digest_is_enforced() {
    let path = wasm("strip_snmp");
    let wrong = format!("sha256 = \"{}\"", "0".repeat(64));
    let err = load(&entry(
        "strip_snmp_communities",
        "postprocessor",
        "wasm",
        &path,
        &wrong,
        "",
    ))
    .err()
    .unwrap();
    assert!(matches!(err, PluginError::DigestMismatch { .. }), "{err}");
}

#[test]
fn compiled_components_are_cached_on_disk() {
    let cache = tempfile::tempdir().unwrap();
    let toml = entry(
        "flatten_interfaces",
        "transposer",
        "wasm",
        &wasm("flatten_interfaces"),
        "",
        "",
    );
    let config = config(&toml);
    aurum_plugin::Registry::load(&config, cache.path()).unwrap();
    let entries: Vec<_> = std::fs::read_dir(cache.path()).unwrap().collect();
    assert_eq!(entries.len(), 1, "one .cwasm per component");
    // A corrupt cache entry is ignored, not fatal.
    std::fs::write(entries[0].as_ref().unwrap().path(), b"garbage").unwrap();
    let registry = aurum_plugin::Registry::load(&config, cache.path()).unwrap();
    assert!(
        registry
            .transposer("flatten_interfaces")
            .unwrap()
            .transpose(&json!({}))
            .is_ok()
    );
}

#[test]
fn the_sandbox_grants_no_files_environment_or_network() {
    let plugin = hostile("");
    for probe in ["read-file", "list-dir", "connect"] {
        let err = plugin.process(probe, &json!({})).unwrap_err();
        assert!(matches!(err, PluginError::Failed { .. }), "{probe}: {err}");
    }
    assert_eq!(plugin.process("env", &json!({})).unwrap(), "0 variables");
}
