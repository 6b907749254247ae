//! The toolkit from an operator's shell: `aurum sim` serves a fleet, `aurum run` talks to it
//! through the shipped drivers, `aurum log` shows what happened.

mod support;

use support::{Scratch, as_tester, start_sim_of};

#[test]
fn run_commands_on_the_simulated_fleet_and_read_the_log() {
    let scratch = Scratch::new();
    let _sim = start_sim_of(&scratch, 5, &[]);
    scratch.run(&["init"]).ok();
    scratch.run(&["inventory", "import", "sim.yaml"]).ok();

    let one = as_tester(&scratch, &["run", "sim-ios-0001", "show version"]).ok();
    assert!(
        one.stdout.contains("Cisco IOS XE Software"),
        "{}",
        one.stdout
    );
    assert!(
        !one.stdout.contains("show version"),
        "echo removed: {}",
        one.stdout
    );

    let many = as_tester(
        &scratch,
        &["run", "--filter", "role=sim", "show clock", "--json"],
    )
    .ok();
    let results: serde_json::Value = serde_json::from_str(&many.stdout).unwrap();
    let results = results.as_array().unwrap();
    assert_eq!(results.len(), 5);
    assert!(
        results.iter().all(|r| r["success"] == true),
        "{many:?}",
        many = many.stdout
    );

    let rejected = as_tester(&scratch, &["run", "sim-nxos-0002", "show verison"]);
    assert_eq!(
        rejected.code, 1,
        "a rejected command is a finding: {}",
        rejected.stderr
    );
    assert!(
        rejected.stderr.contains("% Invalid command at '^' marker."),
        "{}",
        rejected.stderr
    );
    assert!(
        rejected.stderr.contains("command rejected"),
        "{}",
        rejected.stderr
    );

    // The local CLI is the installation's owner: it may run config commands with no
    // [toolkit] config_users (those lists are for real users, over HTTP).
    let changed = as_tester(
        &scratch,
        &[
            "run",
            "sim-ios-0001",
            "--config-command",
            "ntp server 192.0.2.1",
        ],
    )
    .ok();
    assert!(!changed.stdout.contains("may not"), "{}", changed.stdout);

    let stats = scratch.run(&["log", "--stats"]).ok();
    assert!(
        stats
            .stdout
            .starts_with("8 command(s): 7 succeeded, 1 failed"),
        "{}",
        stats.stdout
    );
    let csv = scratch
        .run(&["log", "--csv", "--device", "sim-ios-0001"])
        .ok();
    assert!(
        csv.stdout.starts_with("at,username,device,command"),
        "{}",
        csv.stdout
    );
    let records: Vec<csv::StringRecord> = csv::Reader::from_reader(csv.stdout.as_bytes())
        .records()
        .collect::<Result<_, _>>()
        .unwrap();
    let users: Vec<&str> = records.iter().map(|r| &r[1]).collect();
    assert_eq!(
        users, ["cli:tester"; 3],
        "logged as the CLI owner of OS user `tester`"
    );
    let commands: Vec<&str> = records.iter().map(|r| &r[3]).collect();
    assert_eq!(
        commands,
        ["ntp server 192.0.2.1", "show clock", "show version"],
        "newest first"
    );
}

#[test]
fn saved_commands_with_variables() {
    let scratch = Scratch::new();
    let _sim = start_sim_of(&scratch, 1, &[]);
    scratch.run(&["init"]).ok();
    scratch.run(&["inventory", "import", "sim.yaml"]).ok();
    let commands = scratch.write(
        "commands.yaml",
        "commands:\n  - name: run-section\n    command: show running-config | section <section>\n    platforms: [cisco_ios]\n    variables: [{ name: section, kind: text }]\n  - { name: version, command: show version }\n",
    );
    scratch
        .run(&["commands", "import", commands.to_str().unwrap()])
        .ok();
    let list = scratch.run(&["commands", "list"]).ok();
    assert!(
        list.stdout
            .contains("run-section  show  show running-config | section <section>  cisco_ios"),
        "{}",
        list.stdout
    );

    let missing = as_tester(&scratch, &["run", "sim-ios-0001", "--saved", "run-section"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("missing value for `<section>`"),
        "{}",
        missing.stderr
    );
    let ok = as_tester(&scratch, &["run", "sim-ios-0001", "--saved", "version"]).ok();
    assert!(ok.stdout.contains("Version"), "{}", ok.stdout);
}

#[test]
fn plugins_list_shows_the_shipped_drivers_and_check_runs_one() {
    let scratch = Scratch::new();
    let list = scratch.run(&["plugins", "list"]).ok();
    for driver in [
        "cisco_ios",
        "cisco_nxos",
        "cisco_iosxr",
        "arista_eos",
        "juniper_junos",
    ] {
        let line = list
            .stdout
            .lines()
            .find(|l| l.starts_with(&format!("{driver} ")))
            .unwrap();
        assert_eq!(
            line.split_whitespace().take(3).collect::<Vec<_>>(),
            [driver, "driver", "wasm"]
        );
    }
    assert!(
        list.stdout.contains("linux") && list.stdout.contains("rhai"),
        "{}",
        list.stdout
    );
    let check = scratch.run(&["plugins", "check", "juniper_junos"]).ok();
    assert!(check.stdout.contains("juniper_junos"), "{}", check.stdout);
}

/// `aurum run --config-command` applies the change and runs the driver's save step in the mode
/// the driver names: after it, the startup configuration holds the change on IOS, NX-OS and
/// EOS (saved with `write memory` / `copy running-config startup-config` from privileged
/// mode), and the committed configuration holds it on IOS-XR and Junos (`commit`).
#[test]
fn config_commands_are_saved_on_every_platform() {
    let scratch = Scratch::new();
    scratch.write("aurum.toml", "[toolkit]\nconfig_users = [\"tester\"]\n");
    let _sim = start_sim_of(&scratch, 5, &[]);
    scratch.run(&["init"]).ok();
    scratch.run(&["inventory", "import", "sim.yaml"]).ok();
    let cases = [
        (
            "sim-ios-0001",
            "ntp server 192.0.2.61",
            "show startup-config",
        ),
        (
            "sim-nxos-0002",
            "ntp server 192.0.2.62",
            "show startup-config",
        ),
        (
            "sim-iosxr-0003",
            "ntp server 192.0.2.63",
            "show running-config",
        ),
        (
            "sim-eos-0004",
            "ntp server 192.0.2.64",
            "show startup-config",
        ),
        (
            "sim-junos-0005",
            "set system ntp server 192.0.2.65",
            "show configuration | display set",
        ),
    ];
    for (device, line, saved) in cases {
        let before = as_tester(&scratch, &["run", device, saved]).ok();
        assert!(!before.stdout.contains(line), "{device}: {}", before.stdout);
        as_tester(&scratch, &["run", device, "--config-command", line]).ok();
        let after = as_tester(&scratch, &["run", device, saved]).ok();
        assert!(
            after.stdout.contains(line),
            "{device}: `{saved}` after the change:\n{}",
            after.stdout
        );
    }
}
