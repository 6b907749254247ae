//! `aurum import golden-config --from-file`: an export of Golden Config's objects (the shape
//! its REST API returns) becomes the properties file, settings in aurum.toml, saved filters
//! and SoT queries; what cannot be carried over is listed with why; a dry run writes nothing.
//! The same import against a real Nautobot is `tests/nautobot_anchor.rs`.

mod support;

use serde_json::json;
use support::Scratch;

fn export() -> serde_json::Value {
    let reference = |id: &str| json!({"id": id, "object_type": "x", "url": "/"});
    json!({
        "platforms": [{"id": "p-ios", "name": "Cisco IOS", "network_driver": "cisco_ios"}],
        "compliance_features": [
            {"id": "f-ntp", "name": "ntp", "slug": "ntp", "description": "NTP servers"},
            {"id": "f-bgp", "name": "bgp", "slug": "bgp", "description": ""}
        ],
        "compliance_rules": [
            {"id": "r1", "feature": reference("f-ntp"), "platform": reference("p-ios"),
             "config_ordered": false, "match_config": "ntp server", "config_type": "cli",
             "custom_compliance": false, "description": ""},
            {"id": "r2", "feature": reference("f-bgp"), "platform": reference("p-ios"),
             "config_ordered": true, "match_config": "router bgp", "config_type": "cli",
             "custom_compliance": false, "description": ""}
        ],
        "config_removes": [{"id": "c1", "name": "build", "platform": reference("p-ios"),
                            "regex": "^Building configuration.*$", "description": ""}],
        "config_replaces": [{"id": "c2", "name": "secrets", "platform": reference("p-ios"),
                             "regex": "(username \\S+ secret 5) \\S+", "replace": "$1 <removed>", "description": ""}],
        "remediation_settings": [{"id": "m1", "platform": reference("p-ios"),
                                  "remediation_type": "hierconfig", "remediation_options": {}}],
        "graphql_queries": [{"id": "q1", "name": "GC SoT", "query": "query ($device_id: ID!) { device(id: $device_id) { name } }"}],
        "git_repositories": [
            {"id": "g1", "name": "backups", "remote_url": "https://git.example.net/backups.git", "branch": "main",
             "secrets_group": reference("sg-git")}
        ],
        "dynamic_groups": [
            {"id": "dg1", "name": "ios devices", "group_type": "dynamic-filter", "filter": {"platform": ["Cisco IOS"], "status": ["Active"]}},
            {"id": "dg2", "name": "with serials", "group_type": "dynamic-filter", "filter": {"serial": ["X1"]}}
        ],
        "golden_config_settings": [
            {"id": "s1", "name": "Default", "slug": "default", "weight": 1000,
             "backup_repository": reference("g1"),
             "backup_path_template": "{{obj.location.name|slugify}}/{{obj.name}}.cfg",
             "intended_path_template": "{{obj.location.name|slugify}}/{{obj.name}}.cfg",
             "jinja_path_template": "{{obj.platform.network_driver}}.j2",
             "sot_agg_query": reference("q1"), "dynamic_group": reference("dg1")},
            {"id": "s2", "name": "Odd", "slug": "odd", "weight": 10, "dynamic_group": reference("dg2")}
        ]
    })
}

#[test]
fn an_export_file_becomes_properties_settings_filters_and_queries() {
    let scratch = Scratch::new();
    scratch.run(&["init"]).ok();
    let file = scratch.write("export.json", &export().to_string());
    let before = std::fs::read_to_string(scratch.data_dir().join("aurum.toml")).unwrap();

    let dry = scratch
        .run(&[
            "import",
            "golden-config",
            "--from-file",
            file.to_str().unwrap(),
            "--dry-run",
        ])
        .ok();
    assert!(
        dry.stdout.contains("would add [golden.settings.default]"),
        "{}",
        dry.stdout
    );
    assert_eq!(
        std::fs::read_to_string(scratch.data_dir().join("aurum.toml")).unwrap(),
        before,
        "a dry run leaves aurum.toml alone"
    );
    assert!(!scratch.data_dir().join("golden-config").exists());

    let import = scratch
        .run(&[
            "import",
            "golden-config",
            "--from-file",
            file.to_str().unwrap(),
        ])
        .ok();
    assert!(
        import.stdout.contains("wrote 2 compliance features, 2 rules, 1 config removes, 1 config replaces, 1 remediation settings"),
        "{}",
        import.stdout
    );
    assert!(
        import
            .stdout
            .contains("saved saved filter ios devices (platform=Cisco IOS status=active)"),
        "{}",
        import.stdout
    );
    assert!(
        !import.stdout.contains("jinja_path_template")
            && import.stdout.contains("not carried over: git repository `backups` (https://git.example.net/backups.git): its credentials (a Nautobot secrets group) are not carried")
            && import.stdout.contains("not carried over: setting `odd` scope (dynamic group `with serials`): its filter uses serial="),
        "{}",
        import.stdout
    );

    let config = std::fs::read_to_string(scratch.data_dir().join("aurum.toml")).unwrap();
    assert!(
        config.starts_with(&before),
        "the import appends to aurum.toml (init wrote it in the data directory), keeping the file"
    );
    assert!(
        config.contains("[golden.settings.\"default\"]")
            && config.contains("backup_path = \"{{device.location|slugify}}/{{device.name}}.cfg\"")
            && config.contains("template_path = \"{{platform.driver}}.j2\"")
            && config.contains("scope = \"ios devices\"")
            && config.contains("backup_remote = \"https://git.example.net/backups.git\"")
            && config.contains("sot_query = \"golden-config/queries/GC_SoT.graphql\""),
        "{config}"
    );
    let query = std::fs::read_to_string(
        scratch
            .data_dir()
            .join("golden-config/queries/GC_SoT.graphql"),
    )
    .unwrap();
    assert!(query.starts_with("query ($device_id: ID!)"), "{query}");
    scratch.run(&["config", "check"]).ok();
    let filters = scratch.run(&["inventory", "filters"]).ok();
    assert!(filters.stdout.contains("ios devices"), "{}", filters.stdout);

    // The properties file is one the offline check reads.
    scratch.write("r1.cfg", "hostname r1\nntp server 10.0.0.1\n");
    scratch.write("r1-intended.cfg", "hostname r1\nntp server 10.0.0.2\n");
    let check = scratch.run(&[
        "compliance",
        "check",
        "--platform",
        "cisco_ios",
        "--rules",
        "data/golden-config/properties.yml",
        "--actual",
        "r1.cfg",
        "--intended",
        "r1-intended.cfg",
    ]);
    assert_eq!(check.code, 1, "{}\n{}", check.stdout, check.stderr);
    assert!(check.stdout.contains("ntp"), "{}", check.stdout);

    // Importing again keeps the settings already there, saying so.
    let again = scratch
        .run(&[
            "import",
            "golden-config",
            "--from-file",
            file.to_str().unwrap(),
        ])
        .ok();
    assert!(
        again
            .stdout
            .contains("aurum.toml already has [golden.settings.default], which is kept"),
        "{}",
        again.stdout
    );
}

#[test]
fn a_file_that_is_not_an_export_is_refused_by_name() {
    let scratch = Scratch::new();
    scratch.run(&["init"]).ok();
    let file = scratch.write("notes.json", "[1, 2, 3]");
    let run = scratch.run(&[
        "import",
        "golden-config",
        "--from-file",
        file.to_str().unwrap(),
    ]);
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("notes.json is not a Golden Config export (write one with --export)"),
        "{}",
        run.stderr
    );
    let none = scratch.run(&["import", "golden-config"]);
    assert_ne!(none.code, 0);
    assert!(none.stderr.contains("--from-nautobot"), "{}", none.stderr);
}
