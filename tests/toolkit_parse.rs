//! `aurum run --parse` from an operator's shell, on the real ntc-templates: raw and parsed
//! output on one device, many (`--filter`) and an address (`--host`), a "no template" note
//! where ntc-templates has none, and a wrong templates path that refuses `--parse` only.
//!
//! Needs the machine prepared by `cargo xtask test` (it installs ntc-templates into
//! target/ntc-venv and exports `AURUM_NTC_TEMPLATES`).

mod support;

use support::{Scratch, as_tester, start_sim};

fn ntc_templates() -> String {
    std::env::var("AURUM_NTC_TEMPLATES").expect(
        "AURUM_NTC_TEMPLATES is not set (the ntc-templates `templates` folder); run the tests with `cargo xtask test`",
    )
}

fn json(run: &support::Run) -> Vec<serde_json::Value> {
    serde_json::from_str::<serde_json::Value>(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
        .as_array()
        .unwrap()
        .clone()
}

/// The SSH port `aurum sim` gave `device`, from the inventory file it wrote.
fn sim_port(scratch: &Scratch, device: &str) -> String {
    let inventory = std::fs::read_to_string(scratch.path().join("sim.yaml")).unwrap();
    let line = inventory
        .lines()
        .find(|l| l.contains(&format!("name: {device},")))
        .unwrap();
    let port = line.split("port: ").nth(1).unwrap();
    port.split(',').next().unwrap().to_string()
}

#[test]
fn parse_works_on_one_device_many_devices_and_an_address() {
    let scratch = Scratch::new();
    let _sim = start_sim(&scratch, &[]);
    scratch.write(
        "aurum.toml",
        &format!("[toolkit]\ntextfsm_templates = {:?}\n", ntc_templates()),
    );
    scratch.run(&["init"]).ok();
    scratch.run(&["inventory", "import", "sim.yaml"]).ok();

    // One device, as JSON: the raw output and its records.
    let one = as_tester(
        &scratch,
        &["run", "sim-ios-0001", "show version", "--parse", "--json"],
    )
    .ok();
    let one = &json(&one)[0];
    assert!(
        one["output"]
            .as_str()
            .unwrap()
            .contains("Cisco IOS XE Software"),
        "{one}"
    );
    assert_eq!(one["parsed"][0]["version"], "17.9.4a", "{one}");
    assert_eq!(one["parsed"][0]["hostname"], "sim-ios-0001", "{one}");

    // The same as text: the output, then the records.
    let text = as_tester(
        &scratch,
        &["run", "sim-ios-0001", "show version", "--parse"],
    )
    .ok();
    let (raw, parsed) = text.stdout.split_once("--- parsed\n").unwrap();
    assert!(raw.contains("Cisco IOS XE Software"), "{}", text.stdout);
    assert!(parsed.contains(r#""version": "17.9.4a""#), "{parsed}");

    // Many devices: ntc-templates has `show clock` for IOS, NX-OS and EOS, not for IOS-XR and
    // Junos, and those say so in their result without failing the run.
    let many = as_tester(
        &scratch,
        &[
            "run",
            "--filter",
            "role=sim",
            "show clock",
            "--parse",
            "--json",
        ],
    )
    .ok();
    let results = json(&many);
    assert_eq!(results.len(), 5, "{}", many.stdout);
    for result in &results {
        let device = result["device"].as_str().unwrap();
        assert_eq!(result["success"], true, "{result}");
        assert!(!result["output"].as_str().unwrap().is_empty(), "{result}");
        if device.starts_with("sim-iosxr") || device.starts_with("sim-junos") {
            assert!(result.get("parsed").is_none(), "{result}");
            let note = result["unparsed"].as_str().unwrap();
            assert!(
                note.contains("no TextFSM template for `show clock`"),
                "{note}"
            );
        } else {
            // NX-OS's and EOS's templates want their own clock formats, which the simulator
            // does not print: those templates run and find no records.
            assert!(result["parsed"].is_array(), "{result}");
            assert!(result.get("unparsed").is_none(), "{result}");
        }
        if device.starts_with("sim-ios-") {
            assert_eq!(result["parsed"][0]["year"], "2026", "{result}");
        }
    }

    // An address that is not in the inventory.
    let port = sim_port(&scratch, "sim-ios-0001");
    let host = as_tester(
        &scratch,
        &[
            "run",
            "--host",
            "127.0.0.1",
            "--port",
            &port,
            "--platform",
            "cisco_ios",
            "--username",
            "admin",
            "show version",
            "--parse",
            "--json",
        ],
    )
    .ok();
    let host = &json(&host)[0];
    assert_eq!(host["device"], "127.0.0.1", "{host}");
    assert!(
        host["output"]
            .as_str()
            .unwrap()
            .contains("Cisco IOS XE Software"),
        "{host}"
    );
    assert_eq!(host["parsed"][0]["version"], "17.9.4a", "{host}");
}

#[test]
fn a_wrong_templates_path_refuses_parse_and_nothing_else() {
    let scratch = Scratch::new();
    let _sim = start_sim(&scratch, &[]);
    let missing = scratch.path().join("no-such-templates");
    scratch.write(
        "aurum.toml",
        &format!(
            "[ssh]\nhost_key_checking = \"off\"\n[toolkit]\ntextfsm_templates = {:?}\n",
            missing.display().to_string()
        ),
    );
    scratch.run(&["init"]).ok();
    scratch.run(&["inventory", "import", "sim.yaml"]).ok();

    let refused = as_tester(
        &scratch,
        &["run", "sim-ios-0001", "show version", "--parse"],
    );
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains(&missing.display().to_string())
            && refused.stderr.contains("[toolkit] textfsm_templates"),
        "{}",
        refused.stderr
    );
    let log = scratch.run(&["log", "--json"]).ok();
    assert_eq!(
        json(&log).len(),
        0,
        "nothing was sent before the refusal: {}",
        log.stdout
    );

    // Runs without --parse and backups do not read the templates.
    let plain = as_tester(&scratch, &["run", "sim-ios-0001", "show version"]).ok();
    assert!(
        plain.stdout.contains("Cisco IOS XE Software"),
        "{}",
        plain.stdout
    );
    let backup = as_tester(&scratch, &["backup"]);
    assert_eq!(backup.code, 0, "{}\n{}", backup.stdout, backup.stderr);
    let config = std::fs::read_to_string(
        scratch
            .data_dir()
            .join("repos/backups/unknown/sim-ios-0001.cfg"),
    );
    assert!(
        config
            .as_deref()
            .is_ok_and(|c| c.contains("hostname sim-ios-0001")),
        "{config:?}"
    );
}
