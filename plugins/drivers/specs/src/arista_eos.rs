use aurum_sdk::{
    BannerRule, ConfirmedCommit, Dialect, DriverSpec, OutputCleanup, RemediationRules, SafeApply,
    Step,
};

use crate::common::{CiscoModes, PAGER, command, flash_checkpoint, strings};
use crate::masks;

/// Arista EOS.
pub fn arista_eos() -> DriverSpec {
    let (modes, transitions) = CiscoModes {
        node: "",
        context: r"\w.\-+/",
        exec: true,
        leave_configuration: "end",
    }
    .build();
    DriverSpec {
        platform: "arista_eos".into(),
        default_mode: "privileged".into(),
        modes,
        transitions,
        on_open: vec![
            Step::text("terminal length 0"),
            Step::text("terminal width 32767"),
        ],
        on_close: vec![Step::text("exit")],
        failure_indicators: strings(&[
            r"^% Invalid input",
            r"^% Incomplete command",
            r"^% Ambiguous command",
            // File errors, e.g. a `configure replace` of a checkpoint that is not there.
            r"^%Error",
            // A session command naming a session that is gone (e.g. its timer ran out).
            r"^% Session \S+ does not exist",
        ]),
        backup_commands: vec![command("privileged", "show running-config")],
        save_commands: vec![command("privileged", "write memory")],
        cleanup: OutputCleanup {
            cut_head: 0,
            cut_tail: 0,
            drop_lines: strings(&[
                r"^! Command: show running-config",
                r"^! device: ",
                r"^! Time:",
            ]),
            mask_secrets: masks::cisco(),
        },
        dialect: Dialect {
            network_os: Some("arista_eos".into()),
            comment_markers: strings(&["!"]),
            banners: vec![BannerRule {
                start: r"^banner (?:login|motd)$".into(),
                end: Some(r"^EOF$".into()),
            }],
            negation_prefix: "no ".into(),
            indent: 3,
            sections: "indent".into(),
        },
        // A deploy's lines go into a configuration session, reach the running configuration
        // only with `commit timer` (which the device undoes by itself unless confirmed), and
        // are confirmed once the device still answers afterwards; a rejected line aborts the
        // session, so nothing of the change is applied. The flash copy is the rollback.
        safe_apply: SafeApply {
            confirmed_commit: Some(ConfirmedCommit {
                enter: Some(command("privileged", "configure session {name}")),
                commit: command("configuration", "commit timer {timer}"),
                minutes: 5,
                check: vec![command("privileged", "show clock")],
                confirm: command("privileged", "configure session {name} commit"),
                abort: Some(command("configuration", "abort")),
                save_after: true,
            }),
            ..flash_checkpoint()
        },
        remediation: RemediationRules {
            base: Some("arista_eos".into()),
            options: String::new(),
        },
        ntc_platform: None,
        pager_markers: strings(&[PAGER]),
    }
}
