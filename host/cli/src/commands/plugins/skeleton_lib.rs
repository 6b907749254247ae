//! The `{{NAME}}` driver: a platform described as data. Written by `aurum plugins new driver`
//! for a Cisco IOS-like device; edit the prompts, commands and clean-up to match yours, then
//! `aurum plugins test {{NAME}} --recording FILE` (see Aurum's docs/plugins.md).

use aurum_sdk::{
    Command, Credential, Dialect, Driver, DriverSpec, Mode, OutputCleanup, Plugin, PluginInfo,
    PluginKind, RemediationRules, Replacement, SafeApply, Step, Transition,
};

struct ThisDriver;

impl Plugin for ThisDriver {
    fn info() -> PluginInfo {
        PluginInfo::new("{{NAME}}", env!("CARGO_PKG_VERSION"), PluginKind::Driver)
    }
}

fn mode(name: &str, prompt: &str, exclusions: &[&str]) -> Mode {
    let prompt_exclusions = exclusions.iter().map(|s| s.to_string()).collect();
    Mode { name: name.into(), prompt: prompt.into(), prompt_exclusions }
}

fn step(from: &str, to: &str, steps: Vec<Step>) -> Transition {
    Transition { from: from.into(), to: to.into(), steps }
}

fn mask(pattern: &str) -> Replacement {
    Replacement { pattern: pattern.into(), replacement: "$1 <removed>".into() }
}

impl Driver for ThisDriver {
    fn describe() -> DriverSpec {
        let privileged = |command: &str| Command { mode: "privileged".into(), command: command.into() };
        DriverSpec {
            platform: "{{NAME}}".into(),
            default_mode: "privileged".into(),
            modes: vec![
                mode("exec", r"[\w.\-]{1,63}>", &[]),
                mode("privileged", r"[\w.\-]{1,63}#", &[r"\(config"]),
                mode("configuration", r"[\w.\-]{1,63}\(config[\w.\-]{0,32}\)#", &[]),
            ],
            transitions: vec![
                step("exec", "privileged", vec![
                    Step::text_expect("enable", r"(?i)password:\s*$"),
                    Step::secret(Credential::EnableSecret),
                ]),
                step("privileged", "configuration", vec![Step::text("configure terminal")]),
                step("configuration", "privileged", vec![Step::text("end")]),
            ],
            on_open: vec![Step::text("terminal length 0")],
            on_close: vec![Step::text("exit")],
            failure_indicators: vec![r"^% Invalid input".into(), r"^% Incomplete command".into()],
            backup_commands: vec![privileged("show running-config")],
            save_commands: vec![privileged("write memory")],
            cleanup: OutputCleanup {
                drop_lines: vec![
                    r"^Building configuration".into(),
                    r"^Current configuration :".into(),
                    r"^! Last configuration change".into(),
                ],
                mask_secrets: vec![
                    mask(r"^(enable secret(?: \d)?) \S+"),
                    mask(r"^(username \S+ .*(?:secret|password)(?: \d)?) \S+"),
                    mask(r"^(snmp-server community) \S+"),
                ],
                ..OutputCleanup::default()
            },
            // Parsed as netutils' cisco_ios, remediated with hier_config's cisco_ios rules.
            dialect: Dialect { network_os: Some("cisco_ios".into()), ..Dialect::default() },
            remediation: RemediationRules { base: Some("cisco_ios".into()), options: String::new() },
            ntc_platform: Some("cisco_ios".into()),
            pager_markers: vec![r"(?i)--\s*more\s*--\s*$".into()],
            // No confirmed commit and no checkpoint: a deploy saves with `save_commands` and a
            // rollback is refused. IOS-like devices can keep a checkpoint on flash, e.g.
            // `copy running-config flash:{name}` restored by `configure replace flash:{name} force`.
            safe_apply: SafeApply::default(),
        }
    }

    fn clean(raw: String) -> Result<String, String> {
        match raw.trim() {
            "" => Err("the backup is empty after clean-up; check the backup command's output".into()),
            config => Ok(format!("{config}\n")),
        }
    }
}

aurum_sdk::export_driver!(ThisDriver);
