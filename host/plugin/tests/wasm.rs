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
    // The instance is reused from one clean() to the next (and after a refusal): each call
    // still sees only its own input.
    for n in 0..5 {
        let raw = format!("Building configuration...\nhostname r{n}\nend\n");
        assert_eq!(driver.clean(&raw).unwrap(), format!("hostname r{n}\nend\n"));
    }
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

fn transposer_config(name: &str, stem: &str) -> aurum_config::Config {
    config(&entry(name, "transposer", "wasm", &wasm(stem), "", ""))
}

fn cwasm_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "cwasm"))
        .collect()
}

#[test]
fn compiled_components_are_cached_on_disk_under_a_private_key() {
    let root = tempfile::tempdir().unwrap();
    let cache = root.path().join("wasm");
    let config = transposer_config("flatten_interfaces", "flatten_interfaces");
    aurum_plugin::Registry::load(&config, &cache).unwrap();
    let entries = cwasm_files(&cache);
    assert_eq!(entries.len(), 1, "one .cwasm per component");
    let key = root.path().join("wasm.key");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&key).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "the cache key is private");
    // A second load uses the entry as it is: nothing is logged, nothing rewritten.
    let before = std::fs::read(&entries[0]).unwrap();
    let (registry, log) = with_log(|| aurum_plugin::Registry::load(&config, &cache));
    registry.unwrap();
    assert!(!log.contains("WARN"), "{log}");
    assert_eq!(std::fs::read(&entries[0]).unwrap(), before);
}

/// The attack: whoever can write the cache folder plants a valid wasmtime artifact (here,
/// another plugin's) as a component's entry. Without the integrity check it would run as
/// that plugin; with it, it is detected, recompiled from the pinned file, and replaced.
#[test]
fn a_tampered_cache_entry_is_detected_recompiled_and_the_plugin_still_works() {
    let root = tempfile::tempdir().unwrap();
    let cache = root.path().join("wasm");
    let strip = config(&entry(
        "strip_snmp_communities",
        "postprocessor",
        "wasm",
        &wasm("strip_snmp"),
        "",
        "",
    ));
    aurum_plugin::Registry::load(&strip, &cache).unwrap();
    let strip_entry = cwasm_files(&cache).pop().unwrap();
    let flatten = transposer_config("flatten_interfaces", "flatten_interfaces");
    aurum_plugin::Registry::load(&flatten, &cache).unwrap();
    let other_entry = cwasm_files(&cache)
        .into_iter()
        .find(|p| *p != strip_entry)
        .unwrap();
    // Another entry of this installation, sealed with the same key but for another name.
    let moved = std::fs::read(&other_entry).unwrap();
    // The bare wasmtime artifact inside it (after the 8-byte header and 32-byte tag): what
    // an attacker would plant if the cache were unauthenticated.
    let bare = moved[40..].to_vec();
    let mut flipped = std::fs::read(&strip_entry).unwrap();
    let last = flipped.len() - 1;
    flipped[last] ^= 0x55;
    for tampered in [moved, bare, flipped] {
        std::fs::write(&strip_entry, &tampered).unwrap();
        let (registry, log) = with_log(|| aurum_plugin::Registry::load(&strip, &cache));
        let registry = registry.unwrap();
        let plugin = registry.postprocessor("strip_snmp_communities").unwrap();
        assert_eq!(
            plugin.process(SAMPLE, &json!({})).unwrap(),
            "hostname r1\nsnmp-server location lab\n"
        );
        assert!(
            log.contains("WARN")
                && log.contains("plugin `strip_snmp_communities`")
                && log.contains(&strip_entry.display().to_string())
                && log.contains("integrity check"),
            "{log}"
        );
        assert_ne!(
            std::fs::read(&strip_entry).unwrap(),
            tampered,
            "the entry is rewritten"
        );
    }
    let (_, log) = with_log(|| aurum_plugin::Registry::load(&strip, &cache).unwrap());
    assert!(
        !log.contains("WARN"),
        "the rewritten entry is trusted again: {log}"
    );
}

#[test]
fn a_cache_key_open_to_others_is_replaced_and_entries_recompile() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    let cache = root.path().join("wasm");
    let config = transposer_config("flatten_interfaces", "flatten_interfaces");
    aurum_plugin::Registry::load(&config, &cache).unwrap();
    let key = root.path().join("wasm.key");
    let old_key = std::fs::read(&key).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (registry, log) = with_log(|| aurum_plugin::Registry::load(&config, &cache));
    let registry = registry.unwrap();
    assert!(
        registry
            .transposer("flatten_interfaces")
            .unwrap()
            .transpose(&json!({}))
            .is_ok()
    );
    assert!(
        log.contains(&key.display().to_string())
            && log.contains("mode 644")
            && log.contains("replaced"),
        "{log}"
    );
    assert!(
        log.contains("integrity check"),
        "the old entry is recompiled: {log}"
    );
    let mode = std::fs::metadata(&key).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    assert_ne!(
        std::fs::read(&key).unwrap(),
        old_key,
        "a leaked key is not reused"
    );
}

#[test]
fn a_cache_key_that_is_a_symlink_is_refused_and_the_cache_left_alone() {
    let root = tempfile::tempdir().unwrap();
    let cache = root.path().join("wasm");
    let elsewhere = root.path().join("attacker.key");
    std::fs::write(&elsewhere, format!("{}\n", "ab".repeat(32))).unwrap();
    std::os::unix::fs::symlink(&elsewhere, root.path().join("wasm.key")).unwrap();
    let config = transposer_config("flatten_interfaces", "flatten_interfaces");
    let (registry, log) = with_log(|| aurum_plugin::Registry::load(&config, &cache));
    assert!(registry.unwrap().transposer("flatten_interfaces").is_ok());
    assert!(
        log.contains("not using the WASM cache") && log.contains("wasm.key"),
        "{log}"
    );
    assert!(
        !cache.exists() || cwasm_files(&cache).is_empty(),
        "nothing cached under a key we do not trust"
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

mod limits {
    use aurum_plugin_fixtures::crafted::Attack;

    use super::*;

    fn load_crafted(
        name: &str,
        attack: Attack,
        limits: &str,
    ) -> (
        tempfile::NamedTempFile,
        Result<aurum_plugin::Registry, PluginError>,
    ) {
        let file = crafted(name, attack);
        let result = load_one(name, "postprocessor", "wasm", file.path(), limits);
        (file, result)
    }

    fn assert_limit(err: &PluginError, name: &str, setting: &str) {
        assert!(
            matches!(err, PluginError::LimitExceeded { setting: s, .. } if *s == setting),
            "{err}"
        );
        let text = err.to_string();
        assert!(
            text.contains(&format!("plugin `{name}`"))
                && text.contains(&format!("[plugins.{name}.limits] {setting}")),
            "{text}"
        );
    }

    #[test]
    fn growing_a_table_without_bound_stops_at_its_limit_and_the_next_call_works() {
        let (_file, registry) = load_crafted("table_grower", Attack::GrowTable, "");
        let plugin = registry.unwrap().postprocessor("table_grower").unwrap();
        assert_eq!(plugin.process("fine", &json!({})).unwrap(), "fine");
        let err = plugin.process("grow", &json!({})).unwrap_err();
        assert_limit(&err, "table_grower", "max_table_elements");
        assert!(err.to_string().contains("100000 elements"), "{err}");
        assert_eq!(
            plugin.process("still alive", &json!({})).unwrap(),
            "still alive"
        );
    }

    #[test]
    fn a_huge_initial_table_is_refused_at_load_unless_allowed() {
        let (_file, result) = load_crafted("big_table", Attack::HugeTable, "");
        assert_limit(&result.err().unwrap(), "big_table", "max_table_elements");
        let (_file, result) =
            load_crafted("big_table", Attack::HugeTable, "max_table_elements = 1000");
        let err = result.err().unwrap();
        assert!(err.to_string().contains("more than 1000 elements"), "{err}");
    }

    #[test]
    fn too_many_tables_are_refused_at_load_unless_allowed() {
        let (_file, result) = load_crafted("many_tables", Attack::ManyTables, "");
        let err = result.err().unwrap();
        assert_limit(&err, "many_tables", "max_tables");
        assert!(err.to_string().contains("more than 16 tables"), "{err}");
        let (_file, result) = load_crafted("many_tables", Attack::ManyTables, "max_tables = 100");
        let plugin = result.unwrap().postprocessor("many_tables").unwrap();
        assert_eq!(plugin.process("ok", &json!({})).unwrap(), "ok");
    }

    /// Multi-memory is on in wasmtime's default config, so a guest can declare many memories;
    /// each one is an address-space reservation `memory_mb` does not count.
    #[test]
    fn too_many_memories_are_refused_at_load_unless_allowed() {
        let (_file, result) = load_crafted("many_memories", Attack::ManyMemories, "");
        let err = result.err().unwrap();
        assert_limit(&err, "many_memories", "max_memories");
        assert!(
            err.to_string().contains("more than 4 linear memories"),
            "{err}"
        );
        let (_file, result) =
            load_crafted("many_memories", Attack::ManyMemories, "max_memories = 15");
        let err = result.err().unwrap();
        assert!(
            err.to_string().contains("more than 15 linear memories"),
            "one short of the 16 it declares: {err}"
        );
        let (_file, result) =
            load_crafted("many_memories", Attack::ManyMemories, "max_memories = 16");
        let plugin = result.unwrap().postprocessor("many_memories").unwrap();
        assert_eq!(plugin.process("ok", &json!({})).unwrap(), "ok");
    }

    #[test]
    fn too_many_instances_are_refused_at_load_unless_allowed() {
        let (_file, result) = load_crafted("many_instances", Attack::ManyInstances, "");
        let err = result.err().unwrap();
        assert_limit(&err, "many_instances", "max_instances");
        assert!(
            err.to_string().contains("more than 16 core instances"),
            "{err}"
        );
        let (_file, result) = load_crafted(
            "many_instances",
            Attack::ManyInstances,
            "max_instances = 100",
        );
        let plugin = result.unwrap().postprocessor("many_instances").unwrap();
        assert_eq!(plugin.process("ok", &json!({})).unwrap(), "ok");
    }
}
