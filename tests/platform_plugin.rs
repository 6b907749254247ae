//! A platform Aurum does not ship, added only as a plugin file and a `[plugins.NAME]` entry:
//! a Rhai driver for the Cisco-like `acme_os` (examples/plugins/acme_os.rhai), served by the
//! simulator's acme_os persona, gets backup with clean-up and masking, compliance,
//! remediation, and the offline commands; a driver written by `aurum plugins new` works
//! against a Cisco IOS-like device as it is; and a session recorded by `aurum sim --record`
//! replays through `aurum plugins test`. The `--rust` skeleton, built for wasm32-wasip2 as it
//! says, backs up the same device.

mod support;

use support::{Scratch, examples, start_sim_of};

const CONFIG: &str = "[ssh]\nhost_key_checking = \"off\"\n\n\
    [plugins.acme_os]\nkind = \"driver\"\nrhai = \"acme_os.rhai\"\n\n\
    [golden.settings.lab]\ntemplates = \"templates\"\nproperties = \"properties.yml\"\n";

/// `aurum ARGS` with the simulator's credentials.
fn aurum(scratch: &Scratch, args: &[&str]) -> support::Run {
    aurum_with(scratch, "enable", args)
}

/// The simulator's credentials with an enable secret unlike any command, so the replay's
/// list of what was sent shows where the secret went.
fn aurum_en4ble(scratch: &Scratch, args: &[&str]) -> support::Run {
    aurum_with(scratch, "en4ble", args)
}

fn aurum_with(scratch: &Scratch, enable: &str, args: &[&str]) -> support::Run {
    let env = [
        ("AURUM_USERNAME", "admin"),
        ("AURUM_PASSWORD", "admin"),
        ("AURUM_ENABLE_SECRET", enable),
    ];
    scratch.run_with_env(&env, args)
}

/// The stored backup of `device` (under its location's folder).
fn backup_of(scratch: &Scratch, device: &str) -> String {
    fn find(dir: &std::path::Path, name: &str) -> Option<std::path::PathBuf> {
        for entry in std::fs::read_dir(dir).ok()?.flatten() {
            let path = entry.path();
            if path.is_dir() && !path.ends_with(".git") {
                if let Some(found) = find(&path, name) {
                    return Some(found);
                }
            } else if path.file_name().is_some_and(|n| n == name) {
                return Some(path);
            }
        }
        None
    }
    let repo = scratch.data_dir().join("repos/backups");
    let path = find(&repo, &format!("{device}.cfg"))
        .unwrap_or_else(|| panic!("no backup of {device} in {}", repo.display()));
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn a_plugin_platform_gets_backup_compliance_and_remediation() {
    let scratch = Scratch::new();
    let driver = std::fs::read_to_string(examples().join("plugins/acme_os.rhai")).unwrap();
    scratch.write("acme_os.rhai", &driver);
    scratch.write("aurum.toml", CONFIG);
    std::fs::create_dir_all(scratch.path().join("templates")).unwrap();
    scratch.write(
        "templates/acme_os.j2",
        "hostname {{ device.name }}\n!\nntp server 10.0.0.1\nntp server 10.0.0.9\n",
    );
    scratch.write(
        "properties.yml",
        "- { feature_slug: ntp, platform_network_driver: acme_os, match_config: \"ntp server\", config_type: cli }\n",
    );
    let _sim = start_sim_of(&scratch, 2, &["--platforms", "acme_os"]);
    let mut inventory = std::fs::read_to_string(scratch.path().join("sim.yaml")).unwrap();
    inventory.push_str("platforms:\n  - { name: acme_os, driver: acme_os }\n");
    scratch.write("sim.yaml", &inventory);
    aurum(&scratch, &["init"]).ok();
    aurum(&scratch, &["inventory", "import", "sim.yaml"]).ok();

    aurum(&scratch, &["backup"]).ok();
    let backup = backup_of(&scratch, "sim-acme-0001");
    assert!(
        backup.lines().any(|l| l == "hostname sim-acme-0001"),
        "{backup}"
    );
    assert!(
        !backup.contains("ACME OS"),
        "the volatile header is dropped: {backup}"
    );
    assert!(
        backup.contains("snmp-server community <removed>"),
        "{backup}"
    );
    assert!(!backup.contains("s3cr3t-ro"), "{backup}");

    aurum(&scratch, &["intended"]).ok();
    let run = aurum(&scratch, &["compliance", "run"]);
    // A job whose devices are non-compliant has still succeeded (exit 0); the summary says so.
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("2 non-compliant"), "{}", run.stdout);
    let show = aurum(&scratch, &["compliance", "show", "sim-acme-0001"]).ok();
    assert!(
        show.stdout.contains("sim-acme-0001 / ntp: NOT compliant"),
        "{}",
        show.stdout
    );
    let remediation = show
        .stdout
        .split("--- remediation\n")
        .nth(1)
        .unwrap_or_default();
    assert!(
        remediation.contains("no ntp server 10.0.0.2"),
        "{}",
        show.stdout
    );
    assert!(
        remediation.contains("ntp server 10.0.0.9"),
        "{}",
        show.stdout
    );

    // The offline commands take the plugin's platform from the configuration.
    scratch.write("running.cfg", &backup);
    scratch.write(
        "intended.cfg",
        &backup.replace("ntp server 10.0.0.2\n", "ntp server 10.0.0.9\n"),
    );
    let offline = aurum(
        &scratch,
        &[
            "remediation",
            "--platform",
            "acme_os",
            "--running",
            "running.cfg",
            "--intended",
            "intended.cfg",
        ],
    );
    assert_eq!(offline.code, 1, "{}\n{}", offline.stdout, offline.stderr);
    assert!(
        offline.stdout.contains("no ntp server 10.0.0.2"),
        "{}",
        offline.stdout
    );
    let check = aurum(
        &scratch,
        &[
            "compliance",
            "check",
            "--platform",
            "acme_os",
            "--rules",
            "properties.yml",
            "--actual",
            "running.cfg",
            "--intended",
            "intended.cfg",
        ],
    );
    assert_eq!(check.code, 1, "{}\n{}", check.stdout, check.stderr);
    assert!(check.stdout.contains("ntp"), "{}", check.stdout);

    // The driver describes its own dialect: ACME's `login-message` block is a banner, so the
    // `ntp server` line inside it is text, not configuration; IOS's parser would see a line.
    scratch.write(
        "with_message.cfg",
        &format!("{backup}login-message\nntp server 10.9.9.9 is not set here\nend-message\n"),
    );
    let check_as = |platform: &str| {
        let rules = format!("rules_{platform}.yml");
        scratch.write(
            &rules,
            &format!("- {{ feature_slug: ntp, platform_network_driver: {platform}, match_config: \"ntp server\", config_type: cli }}\n"),
        );
        aurum(
            &scratch,
            &[
                "compliance",
                "check",
                "--platform",
                platform,
                "--rules",
                &rules,
                "--actual",
                "with_message.cfg",
                "--intended",
                "running.cfg",
            ],
        )
    };
    let own = check_as("acme_os");
    assert_eq!(own.code, 0, "{}\n{}", own.stdout, own.stderr);
    let ios = check_as("cisco_ios");
    assert_eq!(ios.code, 1, "{}\n{}", ios.stdout, ios.stderr);
    assert!(ios.stdout.contains("10.9.9.9"), "{}", ios.stdout);
}

#[test]
fn a_new_driver_skeleton_backs_up_a_cisco_ios_device_and_replays_a_recording() {
    let scratch = Scratch::new();
    let new = scratch
        .run(&["plugins", "new", "driver", "my_ios", "--rhai"])
        .ok();
    assert!(new.stdout.contains("[plugins.my_ios]"), "{}", new.stdout);
    scratch.write(
        "aurum.toml",
        "[ssh]\nhost_key_checking = \"off\"\n\n[plugins.my_ios]\nkind = \"driver\"\nrhai = \"my_ios.rhai\"\n",
    );
    let again = scratch.run(&["plugins", "new", "driver", "my_ios", "--rhai"]);
    assert_ne!(again.code, 0, "an existing file is never overwritten");

    let _sim = start_sim_of(
        &scratch,
        1,
        &[
            "--platforms",
            "cisco_ios",
            "--enable-secret",
            "en4ble",
            "--record",
            "ios.session",
        ],
    );
    let mut inventory = std::fs::read_to_string(scratch.path().join("sim.yaml")).unwrap();
    inventory = inventory.replace("platform: cisco_ios", "platform: my_ios");
    inventory.push_str("platforms:\n  - { name: my_ios, driver: my_ios }\n");
    scratch.write("sim.yaml", &inventory);
    aurum(&scratch, &["init"]).ok();
    aurum(&scratch, &["inventory", "import", "sim.yaml"]).ok();
    aurum_en4ble(&scratch, &["backup"]).ok();
    let backup = backup_of(&scratch, "sim-ios-0001");
    assert!(
        backup.lines().any(|l| l == "hostname sim-ios-0001"),
        "{backup}"
    );
    assert!(!backup.contains("Building configuration"), "{backup}");
    assert!(!backup.contains("$9$"), "secrets masked: {backup}");

    // The session the backup made was recorded (when it closed); replaying it gives the same
    // backup.
    let recorded = scratch.path().join("ios.session");
    let started = std::time::Instant::now();
    while !std::fs::read_to_string(&recorded).is_ok_and(|text| text.contains(">>> send: exit")) {
        assert!(
            started.elapsed().as_secs() < 10,
            "aurum sim wrote no recording"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    scratch.write("ios.expected", &backup);
    let replay = aurum_en4ble(
        &scratch,
        &[
            "plugins",
            "test",
            "my_ios",
            "--recording",
            "ios.session",
            "--expected",
            "ios.expected",
        ],
    );
    assert_eq!(replay.code, 0, "{}\n{}", replay.stdout, replay.stderr);
    assert!(
        replay
            .stdout
            .contains("=== sent\nenable\n<secret>\nterminal length 0\nshow running-config"),
        "{}",
        replay.stdout
    );
    assert!(
        replay.stdout.contains("=== same as ios.expected"),
        "{}",
        replay.stdout
    );
    scratch.write("ios.expected", &backup.replace("ntp server 10.0.0.1\n", ""));
    let differs = aurum_en4ble(
        &scratch,
        &[
            "plugins",
            "test",
            "my_ios",
            "--recording",
            "ios.session",
            "--expected",
            "ios.expected",
        ],
    );
    assert_eq!(differs.code, 1, "{}\n{}", differs.stdout, differs.stderr);
    assert!(
        differs.stdout.contains("+ntp server 10.0.0.1"),
        "{}",
        differs.stdout
    );
}

/// `cargo build --release --target wasm32-wasip2` of a skeleton, as its `next:` line says,
/// offline (the SDK's dependencies are the ones `plugins/Cargo.lock` pins, already fetched
/// for the shipped drivers) and into a target folder kept between test runs.
fn build_skeleton(crate_dir: &std::path::Path) -> std::path::PathBuf {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::copy(
        repo.join("plugins/Cargo.lock"),
        crate_dir.join("Cargo.lock"),
    )
    .unwrap();
    let target_dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("skeleton-wasm");
    let mut cargo =
        std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if (key.starts_with("CARGO_") && key != "CARGO_HOME") || key.starts_with("RUSTC") {
            cargo.env_remove(&*key);
        }
    }
    let output = cargo
        .current_dir(crate_dir)
        .args([
            "build",
            "--release",
            "--offline",
            "--target",
            "wasm32-wasip2",
        ])
        .arg("--target-dir")
        .arg(&target_dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the --rust skeleton does not build:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    target_dir.join("wasm32-wasip2/release/my_rs.wasm")
}

#[test]
fn the_rust_skeleton_builds_to_a_component_that_backs_up_a_cisco_ios_device() {
    let scratch = Scratch::new();
    let new = scratch
        .run(&["plugins", "new", "driver", "my_rs", "--rust"])
        .ok();
    assert!(
        new.stdout
            .contains("cargo build --release --target wasm32-wasip2"),
        "{}",
        new.stdout
    );
    let wasm = build_skeleton(&scratch.path().join("my_rs"));
    scratch.write(
        "aurum.toml",
        &format!(
            "[ssh]\nhost_key_checking = \"off\"\n\n[plugins.my_rs]\nkind = \"driver\"\nwasm = {:?}\n",
            wasm.display().to_string()
        ),
    );
    let listed = aurum(&scratch, &["plugins", "list"]).ok();
    assert!(listed.stdout.contains("my_rs"), "{}", listed.stdout);

    let _sim = start_sim_of(&scratch, 1, &["--platforms", "cisco_ios"]);
    let mut inventory = std::fs::read_to_string(scratch.path().join("sim.yaml")).unwrap();
    inventory = inventory.replace("platform: cisco_ios", "platform: my_rs");
    inventory.push_str("platforms:\n  - { name: my_rs, driver: my_rs }\n");
    scratch.write("sim.yaml", &inventory);
    aurum(&scratch, &["init"]).ok();
    aurum(&scratch, &["inventory", "import", "sim.yaml"]).ok();
    aurum(&scratch, &["backup"]).ok();
    let backup = backup_of(&scratch, "sim-ios-0001");
    assert!(
        backup.lines().any(|l| l == "hostname sim-ios-0001"),
        "{backup}"
    );
    assert!(!backup.contains("Building configuration"), "{backup}");
    assert!(!backup.contains("$9$"), "secrets masked: {backup}");
}
