//! The Rhai backend: every kind from the example scripts, limits, and the sandbox.

mod common;

use std::time::{Duration, Instant};

use aurum_plugin::{PluginError, PluginKind};
use common::*;
use serde_json::json;

const INFO: &str = r#"fn info() { #{ name: "t", version: "1.0.0", kind: "postprocessor", api_version: "0.2.0" } }"#;

/// A postprocessor script named `t` with the given `process` body.
fn postprocessor(process_body: &str, limits: &str) -> Result<aurum_plugin::Registry, PluginError> {
    let file = script(&format!(
        "{INFO}\nfn process(config, context) {{ {process_body} }}\n"
    ));
    load_one("t", "postprocessor", "rhai", file.path(), limits)
}

#[test]
fn postprocessor_strips_snmp_communities() {
    let path = source("rhai/strip_snmp_communities.rhai");
    let registry = load_one(
        "strip_snmp_communities_rhai",
        "postprocessor",
        "rhai",
        &path,
        "",
    )
    .unwrap();
    let plugin = registry
        .postprocessor("strip_snmp_communities_rhai")
        .unwrap();
    assert_eq!(
        plugin.process(SAMPLE, &json!({})).unwrap(),
        "hostname r1\nsnmp-server location lab\n"
    );
}

#[test]
fn transposer_flattens_interfaces() {
    let path = source("rhai/flatten_interfaces.rhai");
    let registry = load_one("flatten_interfaces_rhai", "transposer", "rhai", &path, "").unwrap();
    let plugin = registry.transposer("flatten_interfaces_rhai").unwrap();
    let out = plugin
        .transpose(&json!({"site": "lab", "interfaces": {"b": {"mtu": 9000}, "a": {"mtu": 1500}}}))
        .unwrap();
    assert_eq!(
        out,
        json!({"site": "lab", "interfaces": [{"name": "a", "mtu": 1500}, {"name": "b", "mtu": 9000}]})
    );
    let err = plugin.transpose(&json!([1])).unwrap_err();
    assert!(
        matches!(err, PluginError::Failed { .. }) && err.to_string().contains("JSON object"),
        "{err}"
    );
}

#[test]
fn compliance_ignores_order_and_comments() {
    let path = source("rhai/unordered_lines.rhai");
    let registry = load_one("unordered_lines", "compliance", "rhai", &path, "").unwrap();
    let plugin = registry.compliance("unordered_lines").unwrap();
    let same = plugin
        .check("ntp", "ntp b\n!\nntp a\n", "ntp a\nntp b\n")
        .unwrap();
    assert!(same.compliant && !same.ordered, "{same:?}");
    let differs = plugin
        .check("ntp", "ntp a\nntp c\n", "ntp a\nntp b\n")
        .unwrap();
    assert_eq!(
        (
            differs.missing.as_str(),
            differs.extra.as_str(),
            differs.compliant
        ),
        ("ntp b\n", "ntp c\n", false)
    );
}

#[test]
fn driver_spec_from_a_map_is_validated_and_typed() {
    let path = source("rhai/example_ios.rhai");
    let registry = load_one("example_ios_rhai", "driver", "rhai", &path, "").unwrap();
    let driver = registry.driver("example_ios_rhai").unwrap();
    let spec = driver.describe().unwrap();
    assert_eq!(spec.modes.len(), 3);
    assert_eq!(
        spec.transitions[0].steps[1].send,
        aurum_sdk::Input::Secret(aurum_sdk::Credential::EnableSecret)
    );
    assert_eq!(spec.dialect.negation_prefix, "no ");
    assert_eq!(
        driver
            .clean("Building configuration...\nhostname r1\n")
            .unwrap(),
        "hostname r1\n"
    );
}

#[test]
fn a_driver_spec_with_a_broken_regex_is_refused_at_load() {
    let file = script(
        r#"fn info() { #{ name: "d", version: "1", kind: "driver", api_version: "0.2.0" } }
           fn describe() { #{ platform: "x", default_mode: "exec", modes: [#{ name: "exec", prompt: "([" }],
                              backup_commands: [#{ mode: "exec", command: "show run" }] } }
           fn clean(raw) { raw }"#,
    );
    let err = load_one("d", "driver", "rhai", file.path(), "")
        .err()
        .unwrap();
    assert!(
        matches!(err, PluginError::InvalidOutput { .. })
            && err.to_string().contains("prompt of mode `exec`"),
        "{err}"
    );
}

#[test]
fn an_endless_loop_stops_at_its_deadline_and_the_next_call_works() {
    let registry = postprocessor(
        "if config == \"loop\" { loop {} } config",
        "timeout_ms = 200\nmax_operations = 1000000000000",
    )
    .unwrap();
    let plugin = registry.postprocessor("t").unwrap();
    let start = Instant::now();
    let err = plugin.process("loop", &json!({})).unwrap_err();
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
    assert!(start.elapsed() < Duration::from_secs(3));
    assert_eq!(plugin.process("fine", &json!({})).unwrap(), "fine");
}

#[test]
fn the_operation_budget_is_enforced() {
    let registry = postprocessor(
        "let n = 0; while true { n += 1; } config",
        "max_operations = 10000",
    )
    .unwrap();
    let err = registry
        .postprocessor("t")
        .unwrap()
        .process("x", &json!({}))
        .unwrap_err();
    assert_limit(&err, "max_operations", "more than 10000 operations");
}

/// Runs a script whose `process` runs `body` (beside `functions`) under `limits`, and returns
/// the error it ends in, after checking that the next call still works.
fn failure(functions: &str, body: &str, limits: &str) -> PluginError {
    let file = script(&format!(
        "{INFO}\n{functions}\nfn process(config, context) {{ if config == \"bomb\" {{ {body} }} config }}\n"
    ));
    let registry = load_one("t", "postprocessor", "rhai", file.path(), limits).unwrap();
    let plugin = registry.postprocessor("t").unwrap();
    let err = plugin.process("bomb", &json!({})).unwrap_err();
    // The failure is contained: the same plugin serves the next call.
    assert_eq!(plugin.process("fine", &json!({})).unwrap(), "fine");
    err
}

fn assert_limit(err: &PluginError, setting: &str, detail: &str) {
    assert!(
        matches!(err, PluginError::LimitExceeded { setting: s, .. } if *s == setting),
        "{err}"
    );
    let text = err.to_string();
    assert!(
        text.contains("plugin `t`")
            && text.contains(detail)
            && text.contains(&format!("[plugins.t.limits] {setting}")),
        "{text}"
    );
}

#[test]
fn a_string_doubling_bomb_stops_at_the_string_limit() {
    let bomb = "let s = \"xxxxxxxxxxxxxxxx\"; loop { s += s; }";
    let err = failure("", bomb, "");
    assert_limit(&err, "max_string_bytes", "longer than 67108864 bytes");
    let err = failure("", bomb, "max_string_bytes = 1024");
    assert_limit(&err, "max_string_bytes", "longer than 1024 bytes");
    // Strings hidden inside an array count too.
    let err = failure(
        "",
        "let a = []; loop { a.push(\"0123456789abcdef\"); }",
        "max_string_bytes = 1024",
    );
    assert_limit(&err, "max_string_bytes", "longer than 1024 bytes");
}

#[test]
fn an_array_growth_bomb_stops_at_the_array_limit() {
    let err = failure(
        "",
        "let a = []; loop { a.push(0); }",
        "max_array_len = 10000",
    );
    assert_limit(&err, "max_array_len", "more than 10000 elements");
    // Nesting does not hide elements.
    let err = failure(
        "",
        "let a = []; loop { a.push([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]); }",
        "max_array_len = 10000",
    );
    assert_limit(&err, "max_array_len", "more than 10000 elements");
}

#[test]
fn a_map_growth_bomb_stops_at_the_map_limit() {
    // Rhai checks a map's size when it is assigned or passed as a whole, not when one entry
    // is set through an index (`m[k] = v`): that form is bounded by the operation budget and
    // the deadline only (see docs/plugins.md).
    let err = failure(
        "",
        "let m = #{}; let i = 0; loop { let entry = #{}; entry[`k${i}`] = i; m += entry; i += 1; }",
        "max_map_len = 10000",
    );
    assert_limit(&err, "max_map_len", "more than 10000 entries");
    let err = failure(
        "",
        "let m = #{}; let i = 0; loop { let entry = #{}; entry[`k${i}`] = [i]; m.mixin(entry); i += 1; }",
        "max_map_len = 10000",
    );
    assert_limit(&err, "max_map_len", "more than 10000 entries");
}

#[test]
fn deep_recursion_stops_at_the_call_depth_limit() {
    let deep = "fn deep(n) { deep(n + 1) }";
    let err = failure(deep, "deep(0)", "");
    assert_limit(&err, "max_call_depth", "deeper than 64");
    let err = failure(deep, "deep(0)", "max_call_depth = 8");
    assert_limit(&err, "max_call_depth", "deeper than 8");
    // A limit hit inside a helper function is still named as that limit.
    let err = failure(
        "fn grow() { let s = \"xxxxxxxxxxxxxxxx\"; loop { s += s; } }",
        "grow()",
        "max_string_bytes = 4096",
    );
    assert_limit(&err, "max_string_bytes", "longer than 4096 bytes");
}

/// Each iteration copies 64 MiB, so a deadline checked only every thousand operations would
/// fire seconds late; checked at every operation, it fires within one copy of the deadline.
#[test]
fn a_loop_of_expensive_operations_stops_at_its_deadline() {
    let registry = postprocessor(
        "let s = \"xxxxxxxxxxxxxxxx\"; while s.len() < 33554432 { s += s; } loop { let t = s + s; }",
        "timeout_ms = 200\nmax_operations = 1000000000000",
    )
    .unwrap();
    let plugin = registry.postprocessor("t").unwrap();
    let start = Instant::now();
    let err = plugin.process("x", &json!({})).unwrap_err();
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
        elapsed < Duration::from_millis(1500),
        "stopped after {elapsed:?}"
    );
}

#[test]
fn scripts_cannot_touch_files_spawn_processes_or_eval() {
    for body in [
        r#"open_file("/etc/passwd")"#,
        r#"read_file("/etc/passwd")"#,
        r#"system("touch /tmp/aurum-pwned")"#,
        r#"exec("id")"#,
        r#"command("id")"#,
    ] {
        let registry = postprocessor(body, "").unwrap();
        let err = registry
            .postprocessor("t")
            .unwrap()
            .process("x", &json!({}))
            .unwrap_err();
        assert!(
            matches!(err, PluginError::Trapped { .. }) && err.to_string().contains("not found"),
            "{body}: {err}"
        );
    }
    let err = postprocessor(r#"eval("40 + 2")"#, "").err().unwrap();
    assert!(
        matches!(err, PluginError::Compile { .. }),
        "eval must not compile: {err}"
    );
    let err = postprocessor(r#"import "/etc/passwd" as p; config"#, "");
    let err = match err {
        Err(e) => e,
        Ok(registry) => registry
            .postprocessor("t")
            .unwrap()
            .process("x", &json!({}))
            .unwrap_err(),
    };
    assert!(!err.to_string().is_empty());
    assert!(!std::path::Path::new("/tmp/aurum-pwned").exists());
}

#[test]
fn thrown_errors_are_reported_and_contained() {
    let registry = postprocessor(
        r#"if config == "bad" { throw "no community found" } config"#,
        "",
    )
    .unwrap();
    let plugin = registry.postprocessor("t").unwrap();
    let err = plugin.process("bad", &json!({})).unwrap_err();
    assert!(
        matches!(err, PluginError::Failed { .. }) && err.to_string().contains("no community found"),
        "{err}"
    );
    assert_eq!(plugin.process("ok", &json!({})).unwrap(), "ok");
    let registry = postprocessor("42", "").unwrap();
    let err = registry
        .postprocessor("t")
        .unwrap()
        .process("x", &json!({}))
        .unwrap_err();
    assert!(matches!(err, PluginError::InvalidOutput { .. }), "{err}");
}

#[test]
fn context_and_json_helpers_are_available() {
    let registry = postprocessor(
        r#"let data = json_parse("{\"a\": [1, 2]}"); regex_replace(config, "SECRET", context.secrets.snmp) + json_stringify(data)"#,
        "",
    )
    .unwrap();
    let out = registry
        .postprocessor("t")
        .unwrap()
        .process("community SECRET\n", &json!({"secrets": {"snmp": "s3"}}))
        .unwrap();
    assert_eq!(out, "community s3\n{\"a\":[1,2]}");
}

#[test]
fn the_contract_is_checked_at_load() {
    let wrong_arity = script(&format!("{INFO}\nfn process(config) {{ config }}\n"));
    let err = load_one("t", "postprocessor", "rhai", wrong_arity.path(), "")
        .err()
        .unwrap();
    assert!(
        matches!(err, PluginError::Refused { .. })
            && err.to_string().contains("`fn process` with 2"),
        "{err}"
    );

    let lying_api = script(
        r#"fn info() { #{ name: "t", version: "1", kind: "postprocessor", api_version: "9.0.0" } }
           fn process(config, context) { config }"#,
    );
    let err = load_one("t", "postprocessor", "rhai", lying_api.path(), "")
        .err()
        .unwrap();
    assert!(err.to_string().contains("plugin API 9.0.0"), "{err}");

    let lying_kind = script(
        r#"fn info() { #{ name: "t", version: "1", kind: "driver", api_version: "0.2.0" } }
           fn process(config, context) { config }"#,
    );
    let err = load_one("t", "postprocessor", "rhai", lying_kind.path(), "")
        .err()
        .unwrap();
    assert!(err.to_string().contains("says it is a driver"), "{err}");

    let err = load_one("other", "postprocessor", "rhai", lying_kind.path(), "")
        .err()
        .unwrap();
    assert!(err.to_string().contains("calls itself `t`"), "{err}");

    let broken = script("fn info( {");
    let err = load_one("t", "postprocessor", "rhai", broken.path(), "")
        .err()
        .unwrap();
    assert!(matches!(err, PluginError::Compile { .. }), "{err}");
    assert_eq!(err.plugin(), "t");
}

#[test]
fn kinds_are_checked() {
    let path = source("rhai/flatten_interfaces.rhai");
    let err = load_one(
        "flatten_interfaces_rhai",
        "postprocessor",
        "rhai",
        &path,
        "",
    )
    .err()
    .unwrap();
    assert!(matches!(err, PluginError::Refused { .. }), "{err}");
    let registry = load_one("flatten_interfaces_rhai", "transposer", "rhai", &path, "").unwrap();
    assert_eq!(
        registry.get("flatten_interfaces_rhai").unwrap().kind(),
        PluginKind::Transposer
    );
}

#[test]
fn remediation_adds_what_is_missing_under_its_parent_and_never_negates() {
    let path = source("rhai/add_only.rhai");
    let registry = load_one("add_only", "remediation", "rhai", &path, "").unwrap();
    let plugin = registry.remediation("add_only").unwrap();
    let running =
        "interface Gi1\n description old\n!\nntp server 192.0.2.1\nsnmp-server community x\n";
    let intended =
        "interface Gi1\n description old\n mtu 9000\nntp server 192.0.2.1\nntp server 192.0.2.2\n";
    assert_eq!(
        plugin.remediate("cisco_ios", running, intended).unwrap(),
        "interface Gi1\n mtu 9000\nntp server 192.0.2.2\n"
    );
    assert_eq!(plugin.remediate("cisco_ios", running, running).unwrap(), "");
}
