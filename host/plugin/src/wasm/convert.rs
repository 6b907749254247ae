//! From the host bindings' generated types to the sdk's types.

use aurum_sdk as sdk;

use super::bindings;

macro_rules! info_from {
    ($world:ident) => {
        impl From<bindings::$world::aurum::plugin::types::PluginInfo> for Info {
            fn from(info: bindings::$world::aurum::plugin::types::PluginInfo) -> Self {
                use bindings::$world::aurum::plugin::types::PluginKind as K;
                Info(sdk::PluginInfo {
                    name: info.name,
                    version: info.version,
                    kind: match info.kind {
                        K::Driver => sdk::PluginKind::Driver,
                        K::Compliance => sdk::PluginKind::Compliance,
                        K::Transposer => sdk::PluginKind::Transposer,
                        K::Postprocessor => sdk::PluginKind::Postprocessor,
                        K::Remediation => sdk::PluginKind::Remediation,
                    },
                    api_version: info.api_version,
                })
            }
        }
    };
}

/// A `PluginInfo` from any world's bindings.
pub(crate) struct Info(pub(crate) sdk::PluginInfo);

info_from!(driver);
info_from!(compliance);
info_from!(transposer);
info_from!(postprocessor);
info_from!(remediation);

pub(crate) fn findings(
    f: bindings::compliance::exports::aurum::plugin::compliance_api::Findings,
) -> sdk::Findings {
    sdk::Findings {
        compliant: f.compliant,
        missing: f.missing,
        extra: f.extra,
        ordered: f.ordered,
    }
}

mod driver {
    use aurum_sdk as sdk;

    use crate::wasm::bindings::driver::aurum::plugin::driver_types as wit;

    fn step(step: wit::Step) -> sdk::Step {
        sdk::Step {
            send: match step.send {
                wit::Input::Text(text) => sdk::Input::Text(text),
                wit::Input::Secret(credential) => sdk::Input::Secret(match credential {
                    wit::Credential::Username => sdk::Credential::Username,
                    wit::Credential::Password => sdk::Credential::Password,
                    wit::Credential::EnableSecret => sdk::Credential::EnableSecret,
                }),
            },
            expect: step.expect,
        }
    }

    fn steps(steps: Vec<wit::Step>) -> Vec<sdk::Step> {
        steps.into_iter().map(step).collect()
    }

    fn command(c: wit::Command) -> sdk::Command {
        sdk::Command {
            mode: c.mode,
            command: c.command,
        }
    }

    fn commands(commands: Vec<wit::Command>) -> Vec<sdk::Command> {
        commands.into_iter().map(command).collect()
    }

    pub(crate) fn spec(spec: wit::DriverSpec) -> sdk::DriverSpec {
        sdk::DriverSpec {
            platform: spec.platform,
            default_mode: spec.default_mode,
            modes: spec
                .modes
                .into_iter()
                .map(|m| sdk::Mode {
                    name: m.name,
                    prompt: m.prompt,
                    prompt_exclusions: m.prompt_exclusions,
                })
                .collect(),
            transitions: spec
                .transitions
                .into_iter()
                .map(|t| sdk::Transition {
                    from: t.from,
                    to: t.to,
                    steps: steps(t.steps),
                })
                .collect(),
            on_open: steps(spec.on_open),
            on_close: steps(spec.on_close),
            failure_indicators: spec.failure_indicators,
            backup_commands: commands(spec.backup_commands),
            save_commands: commands(spec.save_commands),
            cleanup: sdk::OutputCleanup {
                cut_head: spec.cleanup.cut_head,
                cut_tail: spec.cleanup.cut_tail,
                drop_lines: spec.cleanup.drop_lines,
                mask_secrets: spec
                    .cleanup
                    .mask_secrets
                    .into_iter()
                    .map(|r| sdk::Replacement {
                        pattern: r.pattern,
                        replacement: r.replacement,
                    })
                    .collect(),
            },
            dialect: sdk::Dialect {
                network_os: spec.dialect.network_os,
                comment_markers: spec.dialect.comment_markers,
                banners: spec
                    .dialect
                    .banners
                    .into_iter()
                    .map(|b| sdk::BannerRule {
                        start: b.start,
                        end: b.end,
                    })
                    .collect(),
                negation_prefix: spec.dialect.negation_prefix,
                indent: spec.dialect.indent,
                sections: spec.dialect.sections,
            },
            safe_apply: sdk::SafeApply {
                confirmed_commit: spec
                    .safe_apply
                    .confirmed_commit
                    .map(|c| sdk::ConfirmedCommit {
                        enter: c.enter.map(command),
                        commit: command(c.commit),
                        minutes: c.minutes,
                        check: commands(c.check),
                        confirm: command(c.confirm),
                        abort: c.abort.map(command),
                        save_after: c.save_after,
                    }),
                checkpoint: spec.safe_apply.checkpoint.map(|c| sdk::Checkpoint {
                    save: command(c.save),
                    restore: command(c.restore),
                    name_from: c.name_from,
                }),
            },
            remediation: sdk::RemediationRules {
                base: spec.remediation.base,
                options: spec.remediation.options,
            },
            ntc_platform: spec.ntc_platform,
            pager_markers: spec.pager_markers,
        }
    }
}

pub(crate) use driver::spec as driver_spec;
