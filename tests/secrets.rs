//! Planted secrets never reach anything Aurum keeps: unique values in the devices'
//! credentials and configurations go through toolkit commands (successful and failing),
//! backup, intended and compliance, all logged at debug level; then the database files, the
//! job queue, the git repositories (history included) and every line logged are searched for
//! each value. The one response that asked (the output of `show running-config` to the user
//! who ran it) is the only place a value may appear.

mod support;

use support::{Run, Scratch};

const PASSWORD: &str = "pw-PLANTED-7f3a91";
const ENABLE: &str = "en-PLANTED-c21b77";
const WRONG_ENABLE: &str = "en-WRONG-PLANTED-e5d403";
const COMMUNITY: &str = "comm-PLANTED-5d0e42";
const USER_PASSWORD: &str = "user-PLANTED-9a8b7c";
const NTP_KEY: &str = "ntp-PLANTED-31c0aa";

/// Every planted value; none may be found in what Aurum stores or logs.
const PLANTED: [&str; 6] = [
    PASSWORD,
    ENABLE,
    WRONG_ENABLE,
    COMMUNITY,
    USER_PASSWORD,
    NTP_KEY,
];

fn aurum(scratch: &Scratch, enable: &str, args: &[&str]) -> Run {
    let output = scratch
        .command()
        .env("AURUM_USERNAME", "admin")
        .env("AURUM_PASSWORD", PASSWORD)
        .env("AURUM_ENABLE_SECRET", enable)
        .env("USER", "tester")
        .arg("-v")
        .args(args)
        .output()
        .unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn planted_secrets_are_never_stored_or_logged() {
    let scratch = Scratch::new();
    let _sim = support::start_sim(
        &scratch,
        &["--password", PASSWORD, "--enable-secret", ENABLE],
    );
    let templates = scratch.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    for platform in [
        "cisco_ios",
        "cisco_nxos",
        "cisco_iosxr",
        "arista_eos",
        "juniper_junos",
    ] {
        std::fs::write(
            templates.join(format!("{platform}.j2")),
            "hostname {{ device.name }}\nntp server 10.0.0.1\n",
        )
        .unwrap();
    }
    scratch.write(
        "properties.yml",
        "- { feature_slug: ntp, platform_network_driver: cisco_ios, match_config: \"ntp\", config_type: cli }\n\
         - { feature_slug: snmp, platform_network_driver: cisco_ios, match_config: \"snmp-server\", config_type: cli }\n",
    );
    scratch.write(
        "aurum.toml",
        "[ssh]\nhost_key_checking = \"off\"\n\
         [golden.settings.lab]\ntemplates = \"templates\"\nproperties = \"properties.yml\"\n",
    );
    let mut logged = String::new();
    // Runs a step expecting one of `codes` as its exit code; keeps what it logged.
    let mut step = |run: Run, codes: &[i32]| {
        assert!(
            codes.contains(&run.code),
            "exit code {} not in {codes:?}\n{}\n{}",
            run.code,
            run.stdout,
            run.stderr
        );
        logged.push_str(&run.stderr);
        run.stdout
    };
    const OK: &[i32] = &[0];
    const FAILED: &[i32] = &[1, 2];
    step(aurum(&scratch, ENABLE, &["init"]), OK);
    step(
        aurum(&scratch, ENABLE, &["inventory", "import", "sim.yaml"]),
        OK,
    );

    // Secrets put on the device through the toolkit, then read back by the user who asked.
    for line in [
        format!("snmp-server community {COMMUNITY} RO"),
        format!("username ops password 0 {USER_PASSWORD}"),
        format!("ntp authentication-key 1 md5 {NTP_KEY}"),
    ] {
        let args = ["run", "sim-ios-0001", "--config-command", line.as_str()];
        step(aurum(&scratch, ENABLE, &args), OK);
    }
    let running = step(
        aurum(
            &scratch,
            ENABLE,
            &["run", "sim-ios-0001", "show running-config"],
        ),
        OK,
    );
    assert!(
        running.contains(COMMUNITY),
        "the user who ran the command gets its output"
    );
    step(
        aurum(
            &scratch,
            ENABLE,
            &[
                "run",
                "--filter",
                "platform=cisco_ios,cisco_nxos,arista_eos",
                "show running-config",
            ],
        ),
        OK,
    );
    // Failures: a wrong enable secret, and a rejected command.
    step(
        aurum(
            &scratch,
            WRONG_ENABLE,
            &["run", "sim-ios-0001", "show running-config"],
        ),
        FAILED,
    );
    step(
        aurum(
            &scratch,
            ENABLE,
            &["run", "sim-ios-0001", "show no-such-thing"],
        ),
        FAILED,
    );

    // The golden-config jobs and the exports of the log.
    step(aurum(&scratch, ENABLE, &["backup"]), OK);
    step(aurum(&scratch, ENABLE, &["intended"]), OK);
    step(aurum(&scratch, ENABLE, &["compliance", "run"]), &[0, 1]);
    for export in [["log", "--csv"], ["log", "--json"]] {
        let out = step(aurum(&scratch, ENABLE, &export), OK);
        for secret in PLANTED {
            assert!(
                !out.contains(secret),
                "`aurum {}` exports {secret}",
                export.join(" ")
            );
        }
    }

    for secret in PLANTED {
        assert!(!logged.contains(secret), "logged: {secret}");
    }
    let found = support::files_under(&scratch.data_dir());
    assert!(found.iter().any(|f| f.ends_with("aurum.db")));
    for file in &found {
        let bytes = std::fs::read(file).unwrap();
        for secret in PLANTED {
            let hit = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
            assert!(!hit, "{} holds {secret}", file.display());
        }
    }
    for repo in ["repos/backups", "repos/intended"] {
        let text = support::git_history(&scratch.data_dir().join(repo));
        assert!(!text.is_empty(), "{repo} has history");
        for secret in PLANTED {
            assert!(!text.contains(secret), "{repo}'s history holds {secret}");
        }
    }
}
