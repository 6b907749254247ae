use aurum_sdk::{BannerRule, Dialect, DriverSpec, OutputCleanup, RemediationRules, Step};

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
        },
        safe_apply: flash_checkpoint(),
        remediation: RemediationRules {
            base: Some("arista_eos".into()),
            options: String::new(),
        },
        ntc_platform: None,
        pager_markers: strings(&[PAGER]),
    }
}
