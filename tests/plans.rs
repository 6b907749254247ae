//! Config plans end to end, through the real binary on the simulator: a remediation plan that
//! makes a device compliant (and its rollback), a failure injected mid-deploy that stops there,
//! refusals of plans that are not approved, a Junos commit whose confirmation never comes, EOS
//! configuration sessions with a commit timer, and rollbacks on NX-OS, IOS-XR and Junos.

#[path = "plans/safe_apply.rs"]
mod safe_apply;
mod support;

use support::{Run, Scratch, credentials, start_sim, start_sim_of};

const IOS: &str = "sim-ios-0001";
const NXOS: &str = "sim-nxos-0002";
const IOSXR: &str = "sim-iosxr-0003";
const EOS: &str = "sim-eos-0004";
const JUNOS: &str = "sim-junos-0005";
/// The second and third EOS devices of a fleet of 15 (platforms round-robin).
const EOS_CUT_OFF: &str = "sim-eos-0009";
const EOS_FAILING: &str = "sim-eos-0014";

/// `aurum ARGS` with the simulator's credentials.
fn aurum(scratch: &Scratch, args: &[&str]) -> Run {
    let output = credentials(&mut scratch.command())
        .args(args)
        .output()
        .unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A data directory over the simulated fleet: intended NTP servers 10.0.0.1, .2 and .9 on
/// IOS (the devices run .1 and .2), compliance rules for the NTP feature.
fn setup(scratch: &Scratch) {
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
            "hostname {{ device.name }}\nntp server 10.0.0.1\nntp server 10.0.0.2\nntp server 10.0.0.9\n",
        )
        .unwrap();
    }
    scratch.write(
        "properties.yml",
        "- { feature_slug: ntp, platform_network_driver: cisco_ios, match_config: \"ntp server\", config_type: cli }\n",
    );
    scratch.write(
        "aurum.toml",
        "[ssh]\nhost_key_checking = \"off\"\n\
         [golden.settings.lab]\ntemplates = \"templates\"\nproperties = \"properties.yml\"\n",
    );
    aurum(scratch, &["init"]).ok();
    aurum(scratch, &["inventory", "import", "sim.yaml"]).ok();
}

/// One plan as `aurum plan show --json` prints it.
fn plan(scratch: &Scratch, id: &str) -> serde_json::Value {
    let shown = aurum(scratch, &["plan", "show", id, "--json"]).ok();
    serde_json::from_str(&shown.stdout).unwrap()
}

fn running_config(scratch: &Scratch, device: &str, command: &str) -> String {
    aurum(scratch, &["run", device, command]).ok().stdout
}

#[test]
fn a_remediation_plan_makes_the_device_compliant_and_rolls_back() {
    let scratch = Scratch::new();
    let _sim = start_sim(&scratch, &[]);
    setup(&scratch);
    // An exec hook hears each deployed device once.
    let heard = scratch.path().join("deployed.log");
    let config = std::fs::read_to_string(scratch.path().join("aurum.toml")).unwrap();
    scratch.write(
        "aurum.toml",
        &format!(
            "{config}\n[hooks.deployed]\nevents = [\"plan_deployed\"]\nexec = [\"sh\", \"-c\", \
             \"echo \\\"$AURUM_EVENT $AURUM_DEVICE $AURUM_STATUS\\\" >> {}\"]\n",
            heard.display()
        ),
    );
    let only_ios = format!("name={IOS}");
    for job in [["backup"].as_slice(), &["intended"], &["compliance", "run"]] {
        let mut args = job.to_vec();
        args.extend(["--filter", only_ios.as_str()]);
        let run = aurum(&scratch, &args);
        assert!(
            run.code == 0 || run.code == 1,
            "{args:?}: {}{}",
            run.stdout,
            run.stderr
        );
    }

    let created = aurum(
        &scratch,
        &[
            "plan",
            "create",
            "--type",
            "remediation",
            "--device",
            IOS,
            "--feature",
            "ntp",
            "--change-id",
            "CHG-7",
        ],
    )
    .ok();
    let id = created.stdout.trim().to_string();
    assert!(
        id.parse::<i64>().is_ok(),
        "prints the new plan's id: {}",
        created.stdout
    );
    let made = plan(&scratch, &id);
    assert_eq!(made["status"], "not_approved");
    assert_eq!(made["commands"], "ntp server 10.0.0.9\n");
    assert_eq!(made["change_control_id"], "CHG-7");
    assert!(
        made["compliance_job"].as_i64().is_some(),
        "records the compliance run: {made}"
    );
    assert_eq!(made["compliance_before"], r#"{"ntp":false}"#);

    // Not approved: refused by name, and nothing reaches the device.
    let refused = aurum(&scratch, &["deploy", &id]);
    assert_eq!(refused.code, 2, "{}{}", refused.stdout, refused.stderr);
    assert!(
        refused
            .stderr
            .contains(&format!("plan {id} ({IOS}) is Not Approved")),
        "{}",
        refused.stderr
    );
    assert!(!running_config(&scratch, IOS, "show running-config").contains("10.0.0.9"));

    aurum(&scratch, &["plan", "approve", &id]).ok();
    let approved = plan(&scratch, &id);
    assert_eq!(approved["status"], "approved");
    assert!(
        approved["approved_by"]
            .as_str()
            .unwrap()
            .starts_with("cli:")
    );
    assert!(approved["approved_at"].as_i64().is_some());
    // An approved plan's commands never change.
    scratch.write("other.txt", "ntp server 192.0.2.66\n");
    let edit = aurum(&scratch, &["plan", "edit", &id, "--commands", "other.txt"]);
    assert_eq!(edit.code, 2, "{}", edit.stderr);
    assert!(edit.stderr.contains("never change"), "{}", edit.stderr);

    let deployed = aurum(&scratch, &["deploy", &id]);
    assert_eq!(deployed.code, 0, "{}{}", deployed.stdout, deployed.stderr);
    // The deploy is in the command log like any config run: who, the device, what, the result.
    let log = aurum(&scratch, &["log", "--json"]).ok().stdout;
    let entries: serde_json::Value = serde_json::from_str(&log).unwrap();
    let deploy = entries
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["command"]
                .as_str()
                .unwrap_or("")
                .starts_with(&format!("deploy plan {id}:"))
        })
        .unwrap_or_else(|| panic!("no deploy entry in the command log: {log}"));
    assert_eq!(deploy["device"], IOS, "{deploy}");
    assert_eq!(deploy["kind"], "config", "{deploy}");
    assert_eq!(deploy["success"], true, "{deploy}");
    assert!(
        deploy["command"]
            .as_str()
            .unwrap()
            .contains("ntp server 10.0.0.9")
            && deploy["output"]
                .as_str()
                .unwrap()
                .contains("> ntp server 10.0.0.9"),
        "{deploy}"
    );
    let done = plan(&scratch, &id);
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(
        done["compliance_after"], r#"{"ntp":true}"#,
        "the automatic re-check: {done}"
    );
    assert!(
        done["output"]
            .as_str()
            .unwrap()
            .contains("> ntp server 10.0.0.9"),
        "{done}"
    );
    assert!(running_config(&scratch, IOS, "show running-config").contains("ntp server 10.0.0.9"));
    assert_eq!(
        std::fs::read_to_string(&heard).unwrap(),
        format!("plan_deployed {IOS} completed\n")
    );
    let shown = aurum(&scratch, &["plan", "show", &id]).ok().stdout;
    assert!(
        shown.contains("compliance before: ntp: non-compliant"),
        "{shown}"
    );
    assert!(
        shown.contains("compliance after: ntp: compliant"),
        "{shown}"
    );
    // A completed plan is not deployed twice.
    let again = aurum(&scratch, &["deploy", &id]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("is Completed"), "{}", again.stderr);

    let rollback = aurum(&scratch, &["plan", "rollback", &id]);
    assert_eq!(rollback.code, 0, "{}{}", rollback.stdout, rollback.stderr);
    assert!(
        rollback.stdout.contains("configure replace flash:"),
        "{}",
        rollback.stdout
    );
    assert!(
        rollback
            .stdout
            .contains("runs the pre-change configuration again"),
        "{}",
        rollback.stdout
    );
    assert!(!running_config(&scratch, IOS, "show running-config").contains("10.0.0.9"));
    let rolled = plan(&scratch, &id);
    assert_eq!(
        rolled["compliance_after"], r#"{"ntp":false}"#,
        "re-checked after the rollback"
    );
}

#[test]
fn a_failure_at_line_3_of_6_stops_there_and_other_devices_go_on() {
    let scratch = Scratch::new();
    let fault = format!("{IOS}=3");
    let _sim = start_sim(
        &scratch,
        &["--fail-config-line", &fault, "--typed-log", "typed.log"],
    );
    setup(&scratch);
    scratch.write(
        "six.j2",
        "{% for n in range(1, 7) %}logging host 10.9.0.{{ n }}\n{% endfor %}",
    );
    let devices = format!("name={IOS},{EOS}");
    let created = aurum(
        &scratch,
        &[
            "plan",
            "create",
            "--type",
            "manual",
            "--filter",
            &devices,
            "--template",
            "six.j2",
        ],
    )
    .ok();
    let ids: Vec<String> = created.stdout.lines().map(String::from).collect();
    assert_eq!(ids.len(), 2, "{}", created.stdout);
    for id in &ids {
        aurum(&scratch, &["plan", "approve", id]).ok();
    }
    // A third plan, approved then cancelled, is refused by name.
    let cancelled = aurum(
        &scratch,
        &[
            "plan",
            "create",
            "--type",
            "manual",
            "--device",
            EOS,
            "--template",
            "six.j2",
        ],
    )
    .ok()
    .stdout
    .trim()
    .to_string();
    aurum(&scratch, &["plan", "approve", &cancelled]).ok();
    aurum(&scratch, &["plan", "cancel", &cancelled]).ok();
    let refused = aurum(&scratch, &["deploy", &ids[0], &ids[1], &cancelled]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused
            .stderr
            .contains(&format!("plan {cancelled} ({EOS}) is Cancelled")),
        "{}",
        refused.stderr
    );
    let listed = aurum(
        &scratch,
        &["plan", "list", "--status", "cancelled", "--json"],
    )
    .ok();
    let listed: Vec<serde_json::Value> = serde_json::from_str(&listed.stdout).unwrap();
    assert_eq!(listed.len(), 1);

    let deployed = aurum(&scratch, &["deploy", &ids[0], &ids[1]]);
    assert_eq!(
        deployed.code, 1,
        "a device failed: {}{}",
        deployed.stdout, deployed.stderr
    );
    let (mut ios, mut eos) = (plan(&scratch, &ids[0]), plan(&scratch, &ids[1]));
    if ios["device"] != IOS {
        std::mem::swap(&mut ios, &mut eos);
    }
    assert_eq!((&ios["device"], &eos["device"]), (&IOS.into(), &EOS.into()));
    assert_eq!(ios["status"], "failed", "{ios}");
    let output = ios["output"].as_str().unwrap();
    assert!(
        output.contains("% Invalid input detected"),
        "the device's output: {output}"
    );
    assert!(output.contains("line 3 of 6"), "{output}");
    assert_eq!(
        eos["status"], "completed",
        "the other device went on: {eos}"
    );

    let typed = std::fs::read_to_string(scratch.path().join("typed.log")).unwrap();
    let ios_typed: Vec<&str> = typed
        .lines()
        .filter_map(|l| l.strip_prefix(&format!("{IOS}\t")))
        .collect();
    for n in 1..=3 {
        assert!(
            ios_typed.contains(&format!("logging host 10.9.0.{n}").as_str()),
            "{typed}"
        );
    }
    for n in 4..=6 {
        assert!(
            !ios_typed.iter().any(|l| l.contains(&format!("10.9.0.{n}"))),
            "line {n} never reached the device: {typed}"
        );
    }
    let eos_typed = typed
        .lines()
        .filter(|l| l.starts_with(EOS) && l.contains("10.9.0."))
        .count();
    assert_eq!(eos_typed, 6, "{typed}");
    let jobs = aurum(&scratch, &["jobs"]).ok().stdout;
    assert!(
        jobs.lines()
            .any(|l| l.split_whitespace().take(3).eq(["1", "deploy", "partial"])),
        "one device's failure makes the job partial, not failed: {jobs}"
    );
}

/// A user's token with the given permissions (`aurum user add`, then `aurum user token`).
fn token_with(scratch: &Scratch, name: &str, permissions: &[&str]) -> String {
    let mut args = vec!["user", "add", name];
    for permission in permissions {
        args.extend(["--permission", permission]);
    }
    scratch
        .run_with_env(&[("AURUM_USER_PASSWORD", "a test password")], &args)
        .ok();
    support::token(scratch, name)
}

#[test]
fn over_http_each_step_needs_its_own_permission() {
    let scratch = Scratch::new();
    let _sim = start_sim(&scratch, &[]);
    setup(&scratch);
    // view_device: a device the user may not see is "no device" to every path (authz).
    let reader = token_with(&scratch, "reader", &["view_device", "view_config"]);
    let viewer = token_with(
        &scratch,
        "viewer",
        &["view_device", "view_config", "add_plan"],
    );
    let approver = token_with(
        &scratch,
        "approver",
        &["view_device", "view_config", "approve_plan"],
    );
    let (mut server, addr) = support::serve(&scratch);
    let call = |token: &str, method: &str, path: &str, body: Option<&str>| {
        support::http_with(&addr, method, path, &[("Authorization", token)], body)
    };

    let body = format!(
        r#"{{"type": "manual", "devices": ["{IOS}"], "template": "ntp server 10.9.8.{{{{ 7 }}}}\n", "change_control_id": "CHG-9"}}"#
    );
    let (status, refused) = call(&reader, "POST", "/api/plans", Some(&body));
    assert_eq!(status, 403, "{refused}");
    assert!(refused.contains("add_plan"), "{refused}");
    let (status, created) = call(&viewer, "POST", "/api/plans", Some(&body));
    assert_eq!(status, 201, "{created}");
    let created: serde_json::Value = serde_json::from_str(&created).unwrap();
    let id = created["ids"][0].as_i64().unwrap();
    let (status, listed) = call(&viewer, "GET", "/api/plans?status=not_approved", None);
    assert_eq!(status, 200, "{listed}");
    assert!(listed.contains("ntp server 10.9.8.7"), "{listed}");
    let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(listed["count"], 1, "{listed}");
    assert_eq!(listed["results"][0]["id"], id);

    let approve = format!("/api/plans/{id}/approve");
    let (status, refused) = call(&viewer, "POST", &approve, None);
    assert_eq!(status, 403, "{refused}");
    assert!(refused.contains("approve_plan"), "{refused}");
    let (status, approved) = call(&approver, "POST", &approve, None);
    assert_eq!(status, 200, "{approved}");
    let approved: serde_json::Value = serde_json::from_str(&approved).unwrap();
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["approved_by"], "approver");
    let (status, again) = call(&approver, "POST", &approve, None);
    assert_eq!(status, 409, "approving twice is a conflict: {again}");

    let deploy = format!(r#"{{"plans": [{id}]}}"#);
    let (status, refused) = call(&approver, "POST", "/api/deploy", Some(&deploy));
    assert_eq!(status, 403, "{refused}");
    assert!(refused.contains("`deploy`"), "{refused}");
    let (status, missing) = call(&viewer, "GET", "/api/plans/9999", None);
    assert_eq!(status, 404, "{missing}");
    let _ = server.kill();
    let _ = server.wait();
}

const SNMP: &str = "snmp-DEPLOY-PLANTED-4f2a";
const TACACS: &str = "tac-DEPLOY-PLANTED-91c7";

#[test]
fn a_deploy_renders_secrets_for_the_device_and_keeps_none_of_them() {
    let scratch = Scratch::new();
    let fault = format!("{IOS}=2");
    let _sim = start_sim(
        &scratch,
        &["--fail-config-line", &fault, "--typed-log", "typed.log"],
    );
    // The simulator's secrets group gets further secrets: one stored, one from the environment.
    let inventory = std::fs::read_to_string(scratch.path().join("sim.yaml")).unwrap();
    let credentials_line = "    enable_secret: { env: AURUM_ENABLE_SECRET }\n";
    assert!(inventory.contains(credentials_line), "{inventory}");
    scratch.write(
        "sim.yaml",
        &inventory.replace(
            credentials_line,
            &format!(
                "{credentials_line}    secrets:\n      snmp: {{ stored: snmp-ro }}\n      tacacs: {{ env: TACACS_KEY }}\n"
            ),
        ),
    );
    setup(&scratch);
    let set = credentials(&mut scratch.command())
        .args(["secrets", "set", "snmp-ro", "--from-env", "SNMP"])
        .env("SNMP", SNMP)
        .output()
        .unwrap();
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    // The plan keeps the markup; the secrets are rendered only when it is deployed.
    scratch.write(
        "secrets.j2",
        "{% raw %}snmp-server community {{ \"sim\" | secret(\"snmp\") }} RO\n\
         username ops password 7 {{ \"sim\" | secret(\"tacacs\") | encrypt_cisco_type7(7) }}\n\
         logging host 10.9.0.7\n{% endraw %}",
    );
    let devices = format!("name={IOS},{EOS}");
    let created = aurum(
        &scratch,
        &[
            "plan",
            "create",
            "--type",
            "manual",
            "--filter",
            &devices,
            "--template",
            "secrets.j2",
        ],
    )
    .ok();
    let ids: Vec<String> = created.stdout.lines().map(String::from).collect();
    assert_eq!(ids.len(), 2, "{}", created.stdout);
    for id in &ids {
        let made = plan(&scratch, id);
        assert!(
            made["commands"]
                .as_str()
                .unwrap()
                .contains("secret(\"snmp\")"),
            "{made}"
        );
        aurum(&scratch, &["plan", "approve", id]).ok();
    }
    let deployed = credentials(&mut scratch.command())
        .env("TACACS_KEY", TACACS)
        .args(["-vv", "deploy", &ids[0], &ids[1]])
        .output()
        .unwrap();
    let logged = format!(
        "{}{}",
        String::from_utf8_lossy(&deployed.stdout),
        String::from_utf8_lossy(&deployed.stderr)
    );
    assert_eq!(
        deployed.status.code(),
        Some(1),
        "IOS fails at line 2: {logged}"
    );

    // What the devices were sent: the secrets, rendered for them at deploy time.
    let typed = std::fs::read_to_string(scratch.path().join("typed.log")).unwrap();
    let eos_typed: Vec<&str> = typed
        .lines()
        .filter_map(|l| l.strip_prefix(&format!("{EOS}\t")))
        .collect();
    assert!(
        eos_typed.contains(&format!("snmp-server community {SNMP} RO").as_str()),
        "{typed}"
    );
    let tacacs7 = eos_typed
        .iter()
        .find_map(|l| l.strip_prefix("username ops password 7 "))
        .unwrap_or_else(|| panic!("no type 7 line sent to {EOS}: {typed}"))
        .to_string();
    assert!(!tacacs7.contains(TACACS) && tacacs7.len() > 10, "{tacacs7}");
    let planted = [SNMP, TACACS, tacacs7.as_str()];

    let (mut ios, mut eos) = (plan(&scratch, &ids[0]), plan(&scratch, &ids[1]));
    if ios["device"] != IOS {
        std::mem::swap(&mut ios, &mut eos);
    }
    assert_eq!(eos["status"], "completed", "{eos}");
    assert_eq!(ios["status"], "failed", "{ios}");
    let failed = ios["output"].as_str().unwrap();
    assert!(
        failed.contains("line 2 of 3 (`username ops password 7 <secret>`) failed"),
        "the failed line is named with its secret masked: {failed}"
    );
    assert!(
        eos["output"]
            .as_str()
            .unwrap()
            .contains("> snmp-server community <secret> RO"),
        "{eos}"
    );

    // Nothing kept a secret: the deploy's output and trace, the plans, the job, every file of
    // the data directory (database, queue, repositories' objects) and the git histories.
    for secret in planted {
        assert!(!logged.contains(secret), "logged {secret}: {logged}");
        for shown in [&ios, &eos] {
            assert!(!shown.to_string().contains(secret), "plan holds {secret}");
        }
    }
    let jobs = aurum(&scratch, &["jobs", "--json"]);
    for secret in planted {
        assert!(!jobs.stdout.contains(secret), "jobs hold {secret}");
    }
    let found = support::files_under(&scratch.data_dir());
    assert!(found.iter().any(|f| f.ends_with("aurum.db")));
    for file in &found {
        let bytes = std::fs::read(file).unwrap();
        for secret in planted {
            let hit = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
            assert!(!hit, "{} holds {secret}", file.display());
        }
    }
    for repo in ["backup", "intended"] {
        let path = scratch.data_dir().join("repos").join(repo);
        if !path.exists() {
            continue;
        }
        let history = std::process::Command::new("git")
            .arg("-C")
            .arg(&path)
            .args(["log", "--all", "-p"])
            .output()
            .unwrap();
        let history = String::from_utf8_lossy(&history.stdout);
        for secret in planted {
            assert!(
                !history.contains(secret),
                "the {repo} history holds {secret}"
            );
        }
    }
}
