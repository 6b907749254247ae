use aurum_sdk::{
    Checkpoint, Dialect, DriverSpec, OutputCleanup, RemediationRules, SafeApply, Step,
};

use crate::common::{CiscoModes, PAGER, command, strings};
use crate::masks;

/// Cisco NX-OS: sessions normally start privileged. An unprivileged `host>` prompt is
/// accepted too and left with `enable` (scrapli's nxos platform has the same exec level; the
/// FakeNOS emulator starts there), so such a session is not a timeout on the first prompt.
pub fn cisco_nxos() -> DriverSpec {
    let (modes, transitions) = CiscoModes {
        node: "",
        context: r"\w.\-+",
        exec: true,
        leave_configuration: "end",
    }
    .build();
    DriverSpec {
        platform: "cisco_nxos".into(),
        default_mode: "privileged".into(),
        modes,
        transitions,
        on_open: vec![
            Step::text("terminal length 0"),
            Step::text("terminal width 511"),
        ],
        on_close: vec![Step::text("exit")],
        failure_indicators: strings(&[
            r"^% Invalid command",
            r"^% Invalid input",
            r"^% Incomplete command",
            r"^% Ambiguous command",
            r"^ERROR:",
        ]),
        backup_commands: vec![command("privileged", "show running-config")],
        save_commands: vec![command("privileged", "copy running-config startup-config")],
        cleanup: OutputCleanup {
            cut_head: 0,
            cut_tail: 0,
            drop_lines: strings(&[
                r"^!Command: show running-config",
                r"^!Running configuration last done at",
                r"^!Time:",
            ]),
            mask_secrets: masks::cisco(),
        },
        dialect: Dialect {
            network_os: Some("cisco_nxos".into()),
            comment_markers: strings(&["!"]),
            banners: Vec::new(),
            negation_prefix: "no ".into(),
            indent: 2,
            sections: "indent".into(),
        },
        // NX-OS keeps named checkpoints of the running configuration and rolls back to one
        // atomically; a rollback is then saved to startup.
        safe_apply: SafeApply {
            confirmed_commit: None,
            checkpoint: Some(Checkpoint {
                save: command("privileged", "checkpoint {name}"),
                restore: command("privileged", "rollback running-config checkpoint {name}"),
                name_from: None,
            }),
        },
        remediation: RemediationRules {
            base: Some("cisco_nxos".into()),
            options: String::new(),
        },
        ntc_platform: None,
        pager_markers: strings(&[PAGER]),
    }
}
