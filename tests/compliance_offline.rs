//! `aurum compliance check` and `aurum remediation` on files, as a CI pipeline runs them.

mod support;

use support::{Scratch, examples};

fn path(relative: &str) -> String {
    examples().join(relative).display().to_string()
}

#[test]
fn a_compliant_file_exits_zero_and_a_folder_with_drift_exits_one() {
    let scratch = Scratch::new();
    let rules = path("compliance/rules.yml");
    let ok = scratch.run(&[
        "compliance",
        "check",
        "--platform",
        "cisco_ios",
        "--rules",
        &rules,
        "--actual",
        &path("compliance/backup/edge1.cfg"),
        "--intended",
        &path("compliance/intended/edge1.cfg"),
    ]);
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);

    let drift = scratch.run(&[
        "compliance",
        "check",
        "--platform",
        "cisco_ios",
        "--rules",
        &rules,
        "--actual",
        &path("compliance/backup"),
        "--intended",
        &path("compliance/intended"),
        "--json",
    ]);
    assert_eq!(drift.code, 1, "{}", drift.stderr);
    let json: serde_json::Value = serde_json::from_str(&drift.stdout).unwrap();
    assert_eq!(json["edge1.cfg"]["ntp"]["compliant"], true);
    let ntp = &json["edge2.cfg"]["ntp"];
    assert_eq!(ntp["compliant"], false);
    assert_eq!(ntp["missing"], "ntp server 10.0.0.2");
    assert_eq!(ntp["extra"], "ntp server 10.9.9.9");
    for key in [
        "ordered_compliant",
        "unordered_compliant",
        "actual",
        "intended",
        "cannot_parse",
    ] {
        assert!(ntp.get(key).is_some(), "netutils key {key} present");
    }
}

#[test]
fn unpaired_files_and_unknown_platforms_are_errors() {
    let scratch = Scratch::new();
    let actual = scratch.path().join("actual");
    let intended = scratch.path().join("intended");
    std::fs::create_dir_all(&actual).unwrap();
    std::fs::create_dir_all(&intended).unwrap();
    std::fs::write(actual.join("r1.cfg"), "ntp server 10.0.0.1\n").unwrap();
    std::fs::write(intended.join("r1.cfg"), "ntp server 10.0.0.1\n").unwrap();
    std::fs::write(actual.join("r2.cfg"), "ntp server 10.0.0.1\n").unwrap();
    let run = scratch.run(&[
        "compliance",
        "check",
        "--platform",
        "cisco_ios",
        "--rules",
        &path("compliance/rules.yml"),
        "--actual",
        actual.to_str().unwrap(),
        "--intended",
        intended.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(run.code, 2);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        json["r2.cfg"]["error"]
            .as_str()
            .unwrap()
            .contains("no file named r2.cfg"),
        "{}",
        run.stdout
    );

    let unknown = scratch.run(&[
        "remediation",
        "--platform",
        "cisco_iox",
        "--running",
        &path("compliance/backup/edge2.cfg"),
        "--intended",
        &path("compliance/intended/edge2.cfg"),
    ]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("cisco_iox"), "{}", unknown.stderr);
}

#[test]
fn remediation_prints_the_commands_and_exits_one() {
    let scratch = Scratch::new();
    let run = scratch.run(&[
        "remediation",
        "--platform",
        "cisco_ios",
        "--running",
        &path("compliance/backup/edge2.cfg"),
        "--intended",
        &path("compliance/intended/edge2.cfg"),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "no ntp server 10.9.9.9\nntp server 10.0.0.2\ninterface GigabitEthernet1\n  description uplink\n"
    );
    let same = scratch.run(&[
        "remediation",
        "--platform",
        "cisco_ios",
        "--running",
        &path("compliance/intended/edge1.cfg"),
        "--intended",
        &path("compliance/intended/edge1.cfg"),
    ]);
    assert_eq!(same.code, 0);
    assert!(same.stdout.trim().is_empty());
}

/// The CLI's JSON is netutils' own output for netutils' own test case.
#[test]
fn the_json_matches_netutils_on_its_cisco_ios_fixture() {
    // `AURUM_FIXTURES` as in host/core/tests: the shared fixtures when not beside the checkout.
    let fixtures = std::env::var_os("AURUM_FIXTURES")
        .map_or_else(
            || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures"),
            std::path::PathBuf::from,
        )
        .join("netutils/compliance_cases.json");
    let cases: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&fixtures).unwrap()).unwrap();
    let case = cases
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "compliance/compliance/cisco_ios/ios_basic")
        .unwrap();
    let scratch = Scratch::new();
    let backup = scratch.write("backup.cfg", case["backup"].as_str().unwrap());
    let intended = scratch.write("intended.cfg", case["intended"].as_str().unwrap());
    let mut rules = String::new();
    for feature in case["features"].as_array().unwrap() {
        let lines: Vec<&str> = feature["section"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        rules.push_str(&format!(
            "- feature_slug: {}\n  platform_network_driver: cisco_ios\n  config_ordered: {}\n  config_type: cli\n  match_config: {}\n",
            feature["name"].as_str().unwrap(),
            feature["ordered"],
            serde_json::to_string(&lines.join("\n")).unwrap()
        ));
    }
    let rules = scratch.write("rules.yml", &rules);
    let run = scratch.run(&[
        "compliance",
        "check",
        "--platform",
        "cisco_ios",
        "--rules",
        rules.to_str().unwrap(),
        "--actual",
        backup.to_str().unwrap(),
        "--intended",
        intended.to_str().unwrap(),
        "--json",
    ]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let actual: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(actual, case["expected"]);
}

#[test]
fn remediation_can_come_from_a_plugin_named_on_the_command_line() {
    let scratch = Scratch::new();
    let script = examples().join("../plugins/rhai/add_only.rhai");
    scratch.write(
        "aurum.toml",
        &format!(
            "[plugins.add_only]\nkind = \"remediation\"\nrhai = {:?}\n",
            script.display().to_string()
        ),
    );
    let args = |plugin: &'static str| {
        vec![
            "remediation".to_string(),
            "--platform".into(),
            "cisco_ios".into(),
            "--plugin".into(),
            plugin.into(),
            "--running".into(),
            path("compliance/backup/edge2.cfg"),
            "--intended".into(),
            path("compliance/intended/edge2.cfg"),
        ]
    };
    let run = scratch.run(
        &args("add_only")
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    // Only additions: the builtin engine's `no ntp server 10.9.9.9` is left out.
    assert_eq!(
        run.stdout,
        "ntp server 10.0.0.2\ninterface GigabitEthernet1\n description uplink\n"
    );
    let typo = scratch.run(
        &args("add_onyl")
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr.contains("add_onyl") && typo.stderr.contains("add_only"),
        "names the typo and what exists: {}",
        typo.stderr
    );
}
