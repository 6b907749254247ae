//! `aurum init` and `aurum config check` from an operator's shell.

mod support;

use support::Scratch;

#[test]
fn init_creates_config_database_and_platforms_and_is_rerunnable() {
    let scratch = Scratch::new();
    let first = scratch.run(&["init"]).ok();
    assert!(first.stdout.contains("wrote"), "{}", first.stdout);
    assert!(first.stdout.contains(
        "added platforms: arista_eos, cisco_ios, cisco_iosxr, cisco_nxos, juniper_junos, linux"
    ));
    assert!(scratch.data_dir().join("aurum.toml").is_file());
    assert!(scratch.data_dir().join("aurum.db").is_file());

    let second = scratch.run(&["init"]).ok();
    assert!(second.stdout.contains("kept existing"), "{}", second.stdout);
    assert!(second.stdout.contains("shipped platforms already present"));

    let platforms = scratch.run(&["inventory", "platforms"]).ok();
    assert!(
        platforms
            .stdout
            .contains("juniper_junos  juniper_junos  juniper_junos"),
        "{}",
        platforms.stdout
    );
    // The written configuration is what Aurum now loads, and it is valid.
    let check = scratch.run(&["config", "check"]).ok();
    assert!(
        check.stderr.contains("aurum.toml: valid"),
        "{}",
        check.stderr
    );
}

#[test]
fn config_check_names_file_line_and_key() {
    let scratch = Scratch::new();
    let file = scratch.write(
        "bad.toml",
        "[server]\nlisten = \"127.0.0.1:8080\"\nlistne = \"x\"\n",
    );
    let run = scratch.run(&["--config", file.to_str().unwrap(), "config", "check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("bad.toml:3:1: unknown field `listne`"),
        "{}",
        run.stderr
    );

    let wrong_type = scratch.write("type.toml", "[database]\nmax_connections = true\n");
    let run = scratch.run(&["config", "check", wrong_type.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("type.toml:2:19"), "{}", run.stderr);
}

#[test]
fn config_check_masks_secrets_and_shows_references() {
    let scratch = Scratch::new();
    let file = scratch.write(
        "aurum.toml",
        "[database]\nurl = \"postgres://aurum:hunter2@127.0.0.1:5432/aurum\"\n\
         [plugins.strip]\nkind = \"postprocessor\"\nrhai = \"strip.rhai\"\n",
    );
    let run = scratch
        .run(&["config", "check", file.to_str().unwrap()])
        .ok();
    assert!(!run.stdout.contains("hunter2"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("postgres://aurum:***@127.0.0.1:5432/aurum"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("[plugins.strip]"), "{}", run.stdout);

    let by_env = scratch.write(
        "env.toml",
        "[database]\nurl = { env = \"AURUM_DATABASE_URL\" }\n",
    );
    let run = scratch
        .run(&["config", "check", by_env.to_str().unwrap()])
        .ok();
    assert!(
        run.stdout.contains("env = \"AURUM_DATABASE_URL\""),
        "{}",
        run.stdout
    );
}

#[test]
fn a_missing_secret_environment_variable_is_named() {
    let scratch = Scratch::new();
    scratch.write(
        "aurum.toml",
        "[database]\nurl = { env = \"AURUM_E2E_UNSET_URL\" }\n",
    );
    let run = scratch.run(&["inventory", "list"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("AURUM_E2E_UNSET_URL is not set"),
        "{}",
        run.stderr
    );
}

#[test]
fn help_shows_examples() {
    let scratch = Scratch::new();
    let run = scratch.run(&["--help"]).ok();
    assert!(
        run.stdout.contains("Examples:") && run.stdout.contains("aurum inventory import"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_config_written_by_init_leads_back_to_its_data_directory() {
    let scratch = Scratch::new();
    let dir = scratch.path().join("site");
    let aurum = |args: &[&str]| {
        let mut command = scratch.command();
        command.env_remove("AURUM_DATA_DIR").args(args);
        let output = command.output().unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (code, _, stderr) = aurum(&["--data-dir", dir.to_str().unwrap(), "init"]);
    assert_eq!(code, Some(0), "{stderr}");

    let config = dir.join("aurum.toml");
    let inventory = support::examples().join("inventory.yaml");
    let (code, stdout, stderr) = aurum(&[
        "--config",
        config.to_str().unwrap(),
        "inventory",
        "import",
        inventory.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let (code, stdout, stderr) =
        aurum(&["--config", config.to_str().unwrap(), "inventory", "list"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("ams1-leaf1"), "{stdout}");
    assert!(
        !scratch.path().join("aurum-data").exists(),
        "the config file's own data directory is used, not ./aurum-data"
    );
}

#[test]
fn an_error_names_its_cause_once() {
    let scratch = Scratch::new();
    let run = scratch.run(&["--config", "missing.toml", "config", "check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("missing.toml"), "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("No such file or directory").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn a_misspelt_remediation_option_is_a_config_error_with_its_line() {
    let scratch = Scratch::new();
    let file = scratch.write(
        "remediation.toml",
        "[golden.remediation.cisco_ios]\nindentation = 1\nidempotent_comands = []\n",
    );
    let run = scratch.run(&["config", "check", file.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("remediation.toml:3:1:")
            && run
                .stderr
                .contains("unknown remediation option `idempotent_comands`"),
        "{}",
        run.stderr
    );

    let wrong_type = scratch.write(
        "type.toml",
        "[golden.remediation.cisco_ios]\nindentation = \"two\"\n",
    );
    let run = scratch.run(&[
        "--config",
        wrong_type.to_str().unwrap(),
        "inventory",
        "list",
    ]);
    assert_eq!(
        run.code, 2,
        "every command refuses it, not only config check"
    );
    assert!(run.stderr.contains("type.toml:2:1:"), "{}", run.stderr);

    let both = scratch.write(
        "both.toml",
        "[golden.remediation.cisco_ios]\nplugin = \"add_only\"\nindentation = 1\n",
    );
    let run = scratch.run(&["config", "check", both.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("both.toml:3:1:"), "{}", run.stderr);

    let fine = scratch.write(
        "fine.toml",
        "[golden.remediation.cisco_ios]\nindentation = 1\nnegation_prefix = \"no \"\n",
    );
    scratch
        .run(&["config", "check", fine.to_str().unwrap()])
        .ok();
}
