//! `aurum inventory …` end to end, on the embedded SQLite and on PostgreSQL.

mod support;

use support::{Scratch, examples};

fn example(name: &str) -> String {
    examples().join(name).display().to_string()
}

#[test]
fn import_list_show_export_and_reimport() {
    let scratch = Scratch::new();
    scratch.run(&["init"]).ok();
    let import = scratch
        .run(&["inventory", "import", &example("inventory.yaml")])
        .ok();
    assert!(
        import.stdout.contains("8 device(s) created, 0 updated"),
        "{}",
        import.stdout
    );

    let leaves = scratch
        .run(&[
            "inventory",
            "list",
            "--filter",
            "role=leaf",
            "--filter",
            "location=ams1",
        ])
        .ok();
    assert!(
        leaves.stdout.contains("ams1-leaf1") && leaves.stdout.contains("ams1-leaf2"),
        "{}",
        leaves.stdout
    );
    assert!(!leaves.stdout.contains("spine"), "{}", leaves.stdout);

    let saved = scratch
        .run(&["inventory", "list", "--saved", "pci-scope", "--json"])
        .ok();
    let devices: serde_json::Value = serde_json::from_str(&saved.stdout).unwrap();
    let names: Vec<&str> = devices
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ams1-edge1", "ams1-leaf1"]);

    let show = scratch
        .run(&["inventory", "show", "fra1-edge1", "--json"])
        .ok();
    let device: serde_json::Value = serde_json::from_str(&show.stdout).unwrap();
    assert_eq!(device["platform"], "juniper_junos");
    assert_eq!(device["data"]["asn"], 65000);

    let exported = scratch.path().join("export.yaml");
    scratch
        .run(&[
            "inventory",
            "export",
            "--output",
            exported.to_str().unwrap(),
        ])
        .ok();
    let again = scratch
        .run(&["inventory", "import", exported.to_str().unwrap()])
        .ok();
    assert!(
        again.stdout.contains("0 device(s) created, 8 updated"),
        "{}",
        again.stdout
    );
    let first_export = std::fs::read_to_string(&exported).unwrap();
    let second = scratch.run(&["inventory", "export"]).ok();
    assert_eq!(
        second.stdout, first_export,
        "export → import → export is stable"
    );

    let csv = scratch
        .run(&["inventory", "import", &example("inventory.csv")])
        .ok();
    assert!(csv.stdout.contains("2 device(s) created"), "{}", csv.stdout);
}

#[test]
fn a_bad_csv_is_rejected_whole_with_every_row_named() {
    let scratch = Scratch::new();
    scratch.run(&["init"]).ok();
    let file = scratch.write(
        "bad.csv",
        "name,address,platform\nok1,127.0.0.1,cisco_ios\nbad1,300.1.1.1,cisco_ios\nbad2,127.0.0.2,cisco_xr\nok1,127.0.0.3,cisco_ios\n",
    );
    let run = scratch.run(&["inventory", "import", file.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("bad.csv: 3 problem(s), nothing was imported"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("row 3 (bad1): address `300.1.1.1`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("row 4 (bad2): unknown platform `cisco_xr`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("row 5 (ok1): duplicate name, also at row 2"),
        "{}",
        run.stderr
    );
    let list = scratch.run(&["inventory", "list"]).ok();
    assert!(list.stderr.contains("0 device(s)"), "{}", list.stderr);
}

#[test]
fn an_unknown_device_and_an_unknown_extension_say_what_to_do() {
    let scratch = Scratch::new();
    let run = scratch.run(&["inventory", "show", "nope"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no device named `nope`"),
        "{}",
        run.stderr
    );
    let file = scratch.write("devices.txt", "name\nr1\n");
    let run = scratch.run(&["inventory", "import", file.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--format"), "{}", run.stderr);
}

#[test]
fn the_same_commands_work_on_postgres() {
    let url = std::env::var("AURUM_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
    let schema = format!("aurum_e2e_{}", std::process::id());
    let scratch = Scratch::new();
    scratch.write(
        "aurum.toml",
        &format!(
            "[database]\nurl = {{ env = \"AURUM_E2E_DATABASE_URL\" }}\nschema = \"{schema}\"\n"
        ),
    );
    let run = |args: &[&str]| {
        let run = scratch
            .run_with_env(&[("AURUM_E2E_DATABASE_URL", &url)], args)
            .ok();
        (run.stdout, run.stderr)
    };
    let (init, _) = run(&["init"]);
    assert!(
        init.contains("postgres://postgres@127.0.0.1:5432/test") || init.contains("database ready"),
        "{init}"
    );
    run(&["inventory", "import", &example("inventory.yaml")]);
    let (list, _) = run(&["inventory", "list", "--filter", "platform=arista_eos"]);
    assert!(
        list.contains("ams1-spine1") && list.contains("ams1-spine2"),
        "{list}"
    );
    let (again, _) = run(&["inventory", "import", &example("inventory.yaml")]);
    assert!(again.contains("0 device(s) created, 8 updated"), "{again}");

    support::drop_schema(&url, &schema);
}
