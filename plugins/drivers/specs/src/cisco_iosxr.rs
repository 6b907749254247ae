use aurum_sdk::{
    Checkpoint, Dialect, DriverSpec, OutputCleanup, RemediationRules, SafeApply, Step,
};

use crate::common::{CiscoModes, PAGER, command, strings};
use crate::masks;

/// Cisco IOS-XR: sessions start privileged; configuration is a candidate applied by `commit`.
pub fn cisco_iosxr() -> DriverSpec {
    let (modes, transitions) = CiscoModes {
        node: r"(?:RP/\d+/(?:RS?P)?\d+/CPU\d+:)?",
        context: r"\w.\-+",
        exec: false,
        // `abort` leaves without the question `end` asks about uncommitted changes.
        leave_configuration: "abort",
    }
    .build();
    DriverSpec {
        platform: "cisco_iosxr".into(),
        default_mode: "privileged".into(),
        modes,
        transitions,
        on_open: vec![
            Step::text("terminal length 0"),
            Step::text("terminal width 512"),
        ],
        on_close: vec![Step::text("exit")],
        failure_indicators: strings(&[
            r"^% Invalid input detected",
            r"^% Incomplete command",
            r"^% Ambiguous command",
            r"^% Failed to commit",
        ]),
        backup_commands: vec![command("privileged", "show running-config")],
        save_commands: vec![command("configuration", "commit")],
        cleanup: OutputCleanup {
            cut_head: 0,
            cut_tail: 0,
            drop_lines: strings(&[
                r"^Building configuration",
                r"^!! Last configuration change",
                r"^\w{3} \w{3} +\d+ \d+:\d+:\d+",
            ]),
            mask_secrets: masks::cisco(),
        },
        dialect: Dialect {
            network_os: Some("cisco_iosxr".into()),
            comment_markers: strings(&["!"]),
            banners: Vec::new(),
            negation_prefix: "no ".into(),
            indent: 1,
            sections: "indent".into(),
        },
        // Every commit is kept in the commit database: the checkpoint is the id of the last
        // commit before the change, and a rollback returns the configuration to it (itself a
        // commit; the save's `commit` after it finds nothing left to commit).
        safe_apply: SafeApply {
            confirmed_commit: None,
            checkpoint: Some(Checkpoint {
                save: command("privileged", "show configuration commit list 1"),
                restore: command("privileged", "rollback configuration to {name}"),
                name_from: Some(r"(?m)^\s*1\s+(\d{6,})\s".into()),
            }),
        },
        remediation: RemediationRules {
            base: Some("cisco_xr".into()),
            options: String::new(),
        },
        ntc_platform: Some("cisco_xr".into()),
        pager_markers: strings(&[PAGER]),
    }
}
