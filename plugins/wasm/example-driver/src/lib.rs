//! Driver: an example Cisco-IOS-like platform, to prove the driver world end to end. The
//! real drivers come as their own plugins; this one shows the shape: the platform is data
//! (`describe`) plus one function that turns a raw backup into the stored config (`clean`).

use aurum_sdk::{
    BannerRule, Command, Credential, Dialect, Driver, DriverSpec, Mode, OutputCleanup, Plugin,
    PluginInfo, PluginKind, RemediationRules, Replacement, Step, Transition,
};

struct ExampleIos;

impl Plugin for ExampleIos {
    fn info() -> PluginInfo {
        PluginInfo::new("example_ios", env!("CARGO_PKG_VERSION"), PluginKind::Driver)
    }
}

fn mode(name: &str, prompt: &str, exclusions: &[&str]) -> Mode {
    Mode {
        name: name.into(),
        prompt: prompt.into(),
        prompt_exclusions: exclusions.iter().map(|e| (*e).into()).collect(),
    }
}

fn transition(from: &str, to: &str, steps: Vec<Step>) -> Transition {
    Transition {
        from: from.into(),
        to: to.into(),
        steps,
    }
}

fn command(mode: &str, command: &str) -> Command {
    Command {
        mode: mode.into(),
        command: command.into(),
    }
}

impl Driver for ExampleIos {
    fn describe() -> DriverSpec {
        DriverSpec {
            platform: "example_ios".into(),
            default_mode: "privileged_exec".into(),
            modes: vec![
                mode("exec", r"^[\w.\-@/:]{1,63}>\s*$", &[]),
                mode("privileged_exec", r"^[\w.\-@/:]{1,63}#\s*$", &[r"\(conf"]),
                mode(
                    "configuration",
                    r"^[\w.\-@/:]{1,63}\(conf[\w.\-@/:+]{0,32}\)#\s*$",
                    &[],
                ),
            ],
            transitions: vec![
                transition(
                    "exec",
                    "privileged_exec",
                    vec![
                        Step::text_expect("enable", r"(?i)^password:\s*$"),
                        Step::secret(Credential::EnableSecret),
                    ],
                ),
                transition("privileged_exec", "exec", vec![Step::text("disable")]),
                transition(
                    "privileged_exec",
                    "configuration",
                    vec![Step::text("configure terminal")],
                ),
                transition("configuration", "privileged_exec", vec![Step::text("end")]),
            ],
            on_open: vec![
                Step::text("terminal length 0"),
                Step::text("terminal width 512"),
            ],
            on_close: vec![Step::text("exit")],
            failure_indicators: vec![
                r"% Invalid input detected".into(),
                r"% Incomplete command".into(),
                r"% Ambiguous command".into(),
                r"% Unknown command".into(),
            ],
            backup_commands: vec![command("privileged_exec", "show running-config")],
            save_commands: vec![command(
                "privileged_exec",
                "copy running-config startup-config",
            )],
            cleanup: OutputCleanup {
                cut_head: 1,
                cut_tail: 1,
                drop_lines: vec![
                    r"^! Last configuration change at".into(),
                    r"^! NVRAM config last updated at".into(),
                    r"^ntp clock-period ".into(),
                ],
                mask_secrets: vec![
                    Replacement {
                        pattern: r"^(enable (?:secret|password)(?: \d)?) \S+".into(),
                        replacement: "$1 <secret hidden>".into(),
                    },
                    Replacement {
                        pattern:
                            r"^(username \S+(?: privilege \d+)? (?:secret|password)(?: \d)?) \S+"
                                .into(),
                        replacement: "$1 <secret hidden>".into(),
                    },
                ],
            },
            dialect: Dialect {
                network_os: Some("cisco_ios".into()),
                comment_markers: vec!["!".into()],
                banners: vec![BannerRule {
                    start: r"^banner \S+ (\S)".into(),
                    end: None,
                }],
                negation_prefix: "no ".into(),
                indent: 1,
                sections: "indent".into(),
            },
            safe_apply: Default::default(),
            remediation: RemediationRules {
                base: Some("cisco_ios".into()),
                options: String::new(),
            },
            ntc_platform: Some("cisco_ios".into()),
            pager_markers: vec![r"(?i)\s*--\s*more\s*--\s*$".into()],
        }
    }

    fn clean(raw: String) -> Result<String, String> {
        let body = raw
            .lines()
            .skip_while(|l| {
                l.starts_with("Building configuration") || l.starts_with("Current configuration")
            })
            .fold(String::with_capacity(raw.len()), |mut out, line| {
                out.push_str(line.trim_end());
                out.push('\n');
                out
            });
        if body.trim().is_empty() {
            return Err("the backup is empty after cleanup".into());
        }
        Ok(body)
    }
}

aurum_sdk::export_driver!(ExampleIos);
