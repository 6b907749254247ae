use aurum_sdk::{
    Checkpoint, ConfirmedCommit, Dialect, DriverSpec, OutputCleanup, RemediationRules, SafeApply,
    Step,
};

use crate::common::{PAGER, command, mode, strings, transition};
use crate::masks;

/// Juniper Junos; backups are taken in `set` form, one statement per line.
pub fn juniper_junos() -> DriverSpec {
    let user_host = r"[\w.\-]{1,63}@[\w.\-]{1,63}";
    DriverSpec {
        platform: "juniper_junos".into(),
        default_mode: "exec".into(),
        modes: vec![
            mode("exec", &format!("{user_host}>"), &[]),
            mode("configuration", &format!("{user_host}#"), &[]),
        ],
        transitions: vec![
            transition("exec", "configuration", vec![Step::text("configure")]),
            transition(
                "configuration",
                "exec",
                vec![Step::text("exit configuration-mode")],
            ),
        ],
        on_open: vec![
            Step::text("set cli screen-length 0"),
            Step::text("set cli screen-width 0"),
        ],
        on_close: vec![Step::text("exit")],
        failure_indicators: strings(&[
            r"unknown command\.",
            r"^syntax error",
            r"^error:",
            r"missing argument\.",
        ]),
        backup_commands: vec![command("exec", "show configuration | display set")],
        save_commands: vec![command("configuration", "commit")],
        cleanup: OutputCleanup {
            cut_head: 0,
            cut_tail: 0,
            drop_lines: strings(&[r"^## Last commit", r"^\{master:\d+\}"]),
            mask_secrets: masks::junos(),
        },
        dialect: Dialect {
            network_os: Some("juniper_junos".into()),
            comment_markers: strings(&["#"]),
            banners: Vec::new(),
            negation_prefix: "delete ".into(),
            indent: 4,
            sections: "braces".into(),
        },
        // A deploy commits with a rollback timer and confirms only once the device still
        // answers a show command afterwards. Before it, the whole configuration is saved to a
        // file; a rollback loads it over the configuration and commits.
        safe_apply: SafeApply {
            confirmed_commit: Some(ConfirmedCommit {
                enter: None,
                commit: command("configuration", "commit confirmed {minutes}"),
                minutes: 5,
                check: vec![command("exec", "show system uptime")],
                confirm: command("configuration", "commit"),
                abort: None,
                save_after: false,
            }),
            checkpoint: Some(Checkpoint {
                save: command("configuration", "save /var/tmp/{name}"),
                restore: command("configuration", "load override /var/tmp/{name}"),
                name_from: None,
            }),
        },
        remediation: RemediationRules {
            base: Some("juniper_junos".into()),
            options: String::new(),
        },
        ntc_platform: None,
        pager_markers: strings(&[PAGER]),
    }
}
