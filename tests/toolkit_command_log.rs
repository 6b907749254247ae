//! The command log from an operator's shell: what it stores is masked with the driver's secret
//! rules (the caller still sees the device's output), and `aurum log --csv` / `--json` export
//! every matching row, not the table's 50.

mod support;

use support::{Scratch, as_tester, start_sim_of};

fn log_json(scratch: &Scratch, args: &[&str]) -> Vec<serde_json::Value> {
    let log = scratch.run(&[&["log", "--json"], args].concat()).ok();
    serde_json::from_str::<serde_json::Value>(&log.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", log.stdout))
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn the_log_keeps_no_secret_of_the_running_config_and_the_caller_sees_it_all() {
    let scratch = Scratch::new();
    let _sim = start_sim_of(&scratch, 1, &[]);
    scratch.run(&["init"]).ok();
    scratch.run(&["inventory", "import", "sim.yaml"]).ok();

    let run = as_tester(&scratch, &["run", "sim-ios-0001", "show running-config"]).ok();
    for secret in [
        "s3cr3t-ro",
        "$9$simulateduserhash",
        "$9$aurumsimulatedsecrethash",
    ] {
        assert!(
            run.stdout.contains(secret),
            "the caller gets the output: {}",
            run.stdout
        );
    }
    // A config command with a secret (the local CLI is the owner, so it runs): its text is
    // logged masked too. A refusal's error quoting it is masked the same way (service test
    // `config_commands_need_their_own_permission`, as no CLI user is refused).
    as_tester(
        &scratch,
        &[
            "run",
            "sim-ios-0001",
            "--config-command",
            "snmp-server community n3w-s3cret RW",
        ],
    )
    .ok();

    // A device that is not in the inventory is a refusal too, and logged.
    let unknown = as_tester(&scratch, &["run", "no-such-device", "show version"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("no device named `no-such-device`"),
        "{}",
        unknown.stderr
    );

    let entries = log_json(&scratch, &[]);
    assert_eq!(entries.len(), 3, "{entries:#?}");
    assert_eq!(entries[0]["device"], "no-such-device");
    assert_eq!(entries[0]["transport"], "none");
    let entries = &entries[1..];
    let change = &entries[0];
    assert_eq!(
        change["command"], "snmp-server community <removed> RW",
        "{change}"
    );
    assert_eq!(change["success"], true, "{change}");
    assert_eq!(change["username"], "cli:tester", "{change}");
    let output = entries[1]["output"].as_str().unwrap();
    assert!(output.contains("hostname sim-ios-0001"), "{output}");
    assert!(
        output.contains("snmp-server community <removed> RO"),
        "{output}"
    );
    assert!(
        output.contains("username admin privilege 15 secret 9 <removed>"),
        "{output}"
    );
    assert!(output.contains("enable secret 9 <removed>"), "{output}");

    let csv = scratch.run(&["log", "--csv"]).ok();
    let json = scratch.run(&["log", "--json"]).ok();
    for export in [&csv.stdout, &json.stdout] {
        for secret in [
            "s3cr3t-ro",
            "simulateduserhash",
            "aurumsimulatedsecrethash",
            "n3w-s3cret",
        ] {
            assert!(!export.contains(secret), "{secret} leaked: {export}");
        }
    }
}

#[test]
fn exports_have_every_row_and_the_table_its_limit() {
    let scratch = Scratch::new();
    let _sim = start_sim_of(&scratch, 60, &[]);
    scratch.write("aurum.toml", "[ssh]\nconcurrency = 16\n");
    scratch.run(&["init"]).ok();
    scratch.run(&["inventory", "import", "sim.yaml"]).ok();
    let many = as_tester(
        &scratch,
        &["run", "--filter", "role=sim", "show clock", "--json"],
    )
    .ok();
    assert!(
        many.stdout.matches("\"success\": true").count() == 60,
        "{}",
        many.stdout
    );

    assert_eq!(log_json(&scratch, &[]).len(), 60);
    let csv = scratch.run(&["log", "--csv"]).ok();
    let mut reader = csv::Reader::from_reader(csv.stdout.as_bytes());
    let device = reader
        .headers()
        .unwrap()
        .iter()
        .position(|name| name == "device")
        .expect("a device column");
    let records: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().unwrap();
    assert_eq!(records.len(), 60);
    let mut devices: Vec<&str> = records.iter().map(|r| &r[device]).collect();
    devices.sort_unstable();
    devices.dedup();
    assert_eq!(devices.len(), 60, "one row per device");
    // Filters still narrow an export.
    assert_eq!(log_json(&scratch, &["--device", "sim-ios-0001"]).len(), 1);

    let table = scratch.run(&["log"]).ok();
    assert_eq!(table.stdout.lines().count(), 1 + 50, "{}", table.stdout);
    let limited = scratch.run(&["log", "--limit", "5"]).ok();
    assert_eq!(limited.stdout.lines().count(), 1 + 5, "{}", limited.stdout);
    let mixed = scratch.run(&["log", "--csv", "--limit", "5"]);
    assert_eq!(mixed.code, 2);
    assert!(mixed.stderr.contains("--limit"), "{}", mixed.stderr);
}
