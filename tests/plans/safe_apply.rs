//! Safe apply on the platforms that have it: a Junos commit whose confirmation never comes,
//! EOS configuration sessions with a commit timer, and rollbacks on NX-OS, IOS-XR and Junos.

use super::*;

/// The fourth EOS device of a fleet of 20: its `commit timer` is refused.
const EOS_TIMER_FAILS: &str = "sim-eos-0019";

#[test]
fn a_junos_commit_whose_confirmation_never_comes_is_rolled_back_by_the_device() {
    let scratch = Scratch::new();
    let _sim = start_sim(
        &scratch,
        &[
            "--cut-off-on-commit-confirmed",
            JUNOS,
            "--minute-ms",
            "1000",
        ],
    );
    setup(&scratch);
    scratch.write("ntp.j2", "set system ntp server 10.9.9.9\n");
    let id = aurum(
        &scratch,
        &[
            "plan",
            "create",
            "--type",
            "manual",
            "--device",
            JUNOS,
            "--template",
            "ntp.j2",
        ],
    )
    .ok()
    .stdout
    .trim()
    .to_string();
    aurum(&scratch, &["plan", "approve", &id]).ok();
    let deployed = aurum(&scratch, &["deploy", &id]);
    assert_eq!(deployed.code, 1, "{}{}", deployed.stdout, deployed.stderr);
    let failed = plan(&scratch, &id);
    assert_eq!(failed["status"], "failed", "{failed}");
    let output = failed["output"].as_str().unwrap();
    assert!(output.contains("> commit confirmed 5"), "{output}");
    assert!(output.contains("commit not confirmed"), "{output}");
    assert!(
        output.contains("rolled back by the device"),
        "the plan says so: {output}"
    );
    let config = running_config(&scratch, JUNOS, "show configuration | display set");
    assert!(!config.contains("10.9.9.9"), "{config}");
}

/// A manual plan for `device` from `template` (written to a file of that device's name),
/// approved; its id.
fn approved_plan(scratch: &Scratch, device: &str, template: &str) -> String {
    let file = format!("{device}.j2");
    scratch.write(&file, template);
    let id = aurum(
        scratch,
        &[
            "plan",
            "create",
            "--type",
            "manual",
            "--device",
            device,
            "--template",
            &file,
        ],
    )
    .ok()
    .stdout
    .trim()
    .to_string();
    aurum(scratch, &["plan", "approve", &id]).ok();
    id
}

#[test]
fn eos_deploys_go_through_a_configuration_session_with_a_commit_timer() {
    let scratch = Scratch::new();
    let failing = format!("{EOS_FAILING}=2");
    // The timer device's plan has one line: its second is the `commit timer` itself.
    let timer_fails = format!("{EOS_TIMER_FAILS}=2");
    let _sim = start_sim_of(
        &scratch,
        20,
        &[
            "--cut-off-on-commit-confirmed",
            EOS_CUT_OFF,
            "--fail-config-line",
            &failing,
            "--fail-config-line",
            &timer_fails,
            "--minute-ms",
            "1000",
            "--typed-log",
            "typed.log",
        ],
    );
    setup(&scratch);
    let kept = approved_plan(&scratch, EOS, "ntp server 10.9.7.1\n");
    let cut_off = approved_plan(&scratch, EOS_CUT_OFF, "ntp server 10.9.7.2\n");
    let failing = approved_plan(
        &scratch,
        EOS_FAILING,
        "ntp server 10.9.7.3\nntp server 10.9.7.4\nntp server 10.9.7.5\n",
    );
    let timer = approved_plan(&scratch, EOS_TIMER_FAILS, "ntp server 10.9.7.6\n");
    let deployed = aurum(&scratch, &["deploy", &kept, &cut_off, &failing, &timer]);
    assert_eq!(deployed.code, 1, "{}{}", deployed.stdout, deployed.stderr);

    // Confirmed: committed with the timer, checked, confirmed, saved; kept after the timer
    // (the cut-off device's wait for its rollback outlasted it).
    let done = plan(&scratch, &kept);
    assert_eq!(done["status"], "completed", "{done}");
    let output = done["output"].as_str().unwrap();
    let session = format!("aurum-plan-{kept}");
    for step in [
        format!("> configure session {session}\n"),
        "> ntp server 10.9.7.1\n".to_string(),
        "> commit timer 00:05:00\n".to_string(),
        "> show clock\n".to_string(),
        format!("> configure session {session} commit\n"),
        "> write memory\n".to_string(),
    ] {
        assert!(output.contains(&step), "{step:?} in {output}");
    }
    assert!(
        output.contains("confirmed after the post-deploy check, and saved"),
        "{output}"
    );
    let running = running_config(&scratch, EOS, "show running-config");
    assert!(running.contains("ntp server 10.9.7.1"), "kept: {running}");
    let startup = running_config(&scratch, EOS, "show startup-config");
    assert!(startup.contains("ntp server 10.9.7.1"), "saved: {startup}");
    let sessions = running_config(&scratch, EOS, "show configuration sessions");
    assert!(
        !sessions.contains(&session),
        "none left pending: {sessions}"
    );

    // Never confirmed (the commit cut the device off): rolled back by the device.
    let rolled = plan(&scratch, &cut_off);
    assert_eq!(rolled["status"], "failed", "{rolled}");
    let output = rolled["output"].as_str().unwrap();
    assert!(output.contains("> commit timer 00:05:00"), "{output}");
    assert!(output.contains("commit not confirmed"), "{output}");
    assert!(
        output.contains("rolled back by the device"),
        "the plan says so: {output}"
    );
    let running = running_config(&scratch, EOS_CUT_OFF, "show running-config");
    assert!(!running.contains("10.9.7.2"), "{running}");

    // A rejected line aborts the session: not even the line before it was applied.
    let failed = plan(&scratch, &failing);
    assert_eq!(failed["status"], "failed", "{failed}");
    let output = failed["output"].as_str().unwrap();
    assert!(output.contains("line 2 of 3"), "{output}");
    assert!(output.contains("> abort"), "{output}");
    assert!(
        output.contains("none of its lines reached the running configuration"),
        "{output}"
    );
    let running = running_config(&scratch, EOS_FAILING, "show running-config");
    assert!(!running.contains("10.9.7.3"), "{running}");
    let typed = std::fs::read_to_string(scratch.path().join("typed.log")).unwrap();
    assert!(
        !typed.contains("10.9.7.5"),
        "nothing after the failure was sent: {typed}"
    );

    // A refused `commit timer` leaves no session pending on the device: it is aborted.
    let refused = plan(&scratch, &timer);
    assert_eq!(refused["status"], "failed", "{refused}");
    let output = refused["output"].as_str().unwrap();
    assert!(output.contains("nothing was committed"), "{output}");
    assert!(output.contains("> abort"), "{output}");
    let running = running_config(&scratch, EOS_TIMER_FAILS, "show running-config");
    assert!(!running.contains("10.9.7.6"), "{running}");
    let sessions = running_config(&scratch, EOS_TIMER_FAILS, "show configuration sessions");
    assert!(
        !sessions.contains(&format!("aurum-plan-{timer}")),
        "none left pending: {sessions}"
    );
}

#[test]
fn rollback_restores_the_pre_change_config_on_nxos_iosxr_and_junos() {
    let scratch = Scratch::new();
    let _sim = start_sim(&scratch, &[]);
    setup(&scratch);
    let cases = [
        (
            NXOS,
            "ntp server 10.9.6.1\n",
            "show running-config",
            "rollback running-config checkpoint aurum-plan-",
        ),
        (
            IOSXR,
            "ntp server 10.9.6.2\n",
            "show running-config",
            "rollback configuration to 1000000001",
        ),
        (
            JUNOS,
            "set system ntp server 10.9.6.3\n",
            "show configuration | display set",
            "load override /var/tmp/aurum-plan-",
        ),
    ];
    let ids: Vec<String> = cases
        .iter()
        .map(|(device, template, _, _)| approved_plan(&scratch, device, template))
        .collect();
    let mut args = vec!["deploy"];
    args.extend(ids.iter().map(String::as_str));
    let deployed = aurum(&scratch, &args);
    assert_eq!(deployed.code, 0, "{}{}", deployed.stdout, deployed.stderr);
    for ((device, template, show, restore), id) in cases.iter().zip(&ids) {
        let change = template.trim().rsplit(' ').next().unwrap();
        let done = plan(&scratch, id);
        assert_eq!(done["status"], "completed", "{device}: {done}");
        let pre_change = done["pre_change"].as_str().unwrap().to_string();
        assert!(!pre_change.contains(change), "{device}: {pre_change}");
        assert!(
            running_config(&scratch, device, show).contains(change),
            "{device}: deployed"
        );

        let rollback = aurum(&scratch, &["plan", "rollback", id]);
        assert_eq!(
            rollback.code, 0,
            "{device}: {}{}",
            rollback.stdout, rollback.stderr
        );
        assert!(
            rollback.stdout.contains(restore),
            "{device}: {}",
            rollback.stdout
        );
        // The service compared the device's configuration with the pre-change backup.
        assert!(
            rollback
                .stdout
                .contains("runs the pre-change configuration again"),
            "{device}: {}",
            rollback.stdout
        );
        assert!(
            !running_config(&scratch, device, show).contains(change),
            "{device}: rolled back"
        );
    }
}
