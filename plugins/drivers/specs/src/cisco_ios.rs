use aurum_sdk::{BannerRule, Dialect, DriverSpec, OutputCleanup, RemediationRules, Step};

use crate::common::{CiscoModes, PAGER, command, flash_checkpoint, strings};
use crate::masks;

/// Cisco IOS and IOS-XE.
pub fn cisco_ios() -> DriverSpec {
    let (modes, transitions) = CiscoModes {
        node: "",
        context: r"\w.\-+",
        exec: true,
        leave_configuration: "end",
    }
    .build();
    DriverSpec {
        platform: "cisco_ios".into(),
        default_mode: "privileged".into(),
        modes,
        transitions,
        on_open: vec![
            Step::text("terminal length 0"),
            Step::text("terminal width 511"),
        ],
        on_close: vec![Step::text("exit")],
        failure_indicators: strings(&[
            r"^% Invalid input",
            r"^% Incomplete command",
            r"^% Ambiguous command",
            // File errors, e.g. a `configure replace` of a checkpoint that is not there.
            r"^%Error",
            r"^% Unknown command",
            r"^% Bad ",
            r"^% Unrecognized command",
        ]),
        backup_commands: vec![command("privileged", "show running-config")],
        save_commands: vec![command("privileged", "write memory")],
        cleanup: OutputCleanup {
            cut_head: 0,
            cut_tail: 0,
            drop_lines: strings(&[
                r"^Building configuration",
                r"^Current configuration : \d+ bytes",
                r"^! Last configuration change",
                r"^! NVRAM config last updated",
                r"^ntp clock-period",
            ]),
            mask_secrets: masks::ios(),
        },
        dialect: Dialect {
            network_os: Some("cisco_ios".into()),
            comment_markers: strings(&["!"]),
            banners: vec![BannerRule {
                start: r"^banner \S+ (\S)".into(),
                end: None,
            }],
            negation_prefix: "no ".into(),
            indent: 1,
            sections: "indent".into(),
        },
        safe_apply: flash_checkpoint(),
        remediation: RemediationRules {
            base: Some("cisco_ios".into()),
            options: String::new(),
        },
        ntc_platform: None,
        pager_markers: strings(&[PAGER]),
    }
}
