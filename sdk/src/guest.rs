//! Guest-side glue for WebAssembly plugins: the generated bindings of each world, the
//! conversions from this crate's types to the generated ones, and the export macros.
//! Compiled only for `wasm32`; a plugin author uses the macros, never this module directly.

#[doc(hidden)]
pub mod bindings {
    pub mod driver {
        wit_bindgen::generate!({
            path: "wit",
            world: "driver",
            pub_export_macro: true,
            export_macro_name: "__export_driver_world",
            default_bindings_module: "aurum_sdk::guest::bindings::driver",
            runtime_path: "aurum_sdk::__private::wit_bindgen::rt",
        });
    }
    pub mod compliance {
        wit_bindgen::generate!({
            path: "wit",
            world: "compliance",
            pub_export_macro: true,
            export_macro_name: "__export_compliance_world",
            default_bindings_module: "aurum_sdk::guest::bindings::compliance",
            runtime_path: "aurum_sdk::__private::wit_bindgen::rt",
        });
    }
    pub mod transposer {
        wit_bindgen::generate!({
            path: "wit",
            world: "transposer",
            pub_export_macro: true,
            export_macro_name: "__export_transposer_world",
            default_bindings_module: "aurum_sdk::guest::bindings::transposer",
            runtime_path: "aurum_sdk::__private::wit_bindgen::rt",
        });
    }
    pub mod remediation {
        wit_bindgen::generate!({
            path: "wit",
            world: "remediation",
            pub_export_macro: true,
            export_macro_name: "__export_remediation_world",
            default_bindings_module: "aurum_sdk::guest::bindings::remediation",
            runtime_path: "aurum_sdk::__private::wit_bindgen::rt",
        });
    }
    pub mod postprocessor {
        wit_bindgen::generate!({
            path: "wit",
            world: "postprocessor",
            pub_export_macro: true,
            export_macro_name: "__export_postprocessor_world",
            default_bindings_module: "aurum_sdk::guest::bindings::postprocessor",
            runtime_path: "aurum_sdk::__private::wit_bindgen::rt",
        });
    }
}

/// Converts [`crate::PluginInfo`] into each world's generated record.
macro_rules! info_conversion {
    ($fn_name:ident, $world:ident) => {
        #[doc(hidden)]
        pub fn $fn_name(
            info: crate::PluginInfo,
        ) -> bindings::$world::aurum::plugin::types::PluginInfo {
            use bindings::$world::aurum::plugin::types::{PluginInfo, PluginKind};
            PluginInfo {
                name: info.name,
                version: info.version,
                kind: match info.kind {
                    crate::PluginKind::Driver => PluginKind::Driver,
                    crate::PluginKind::Compliance => PluginKind::Compliance,
                    crate::PluginKind::Transposer => PluginKind::Transposer,
                    crate::PluginKind::Postprocessor => PluginKind::Postprocessor,
                    crate::PluginKind::Remediation => PluginKind::Remediation,
                },
                api_version: info.api_version,
            }
        }
    };
}

info_conversion!(driver_info, driver);
info_conversion!(compliance_info, compliance);
info_conversion!(transposer_info, transposer);
info_conversion!(postprocessor_info, postprocessor);
info_conversion!(remediation_info, remediation);

#[doc(hidden)]
pub fn findings(
    findings: crate::Findings,
) -> bindings::compliance::exports::aurum::plugin::compliance_api::Findings {
    bindings::compliance::exports::aurum::plugin::compliance_api::Findings {
        compliant: findings.compliant,
        missing: findings.missing,
        extra: findings.extra,
        ordered: findings.ordered,
    }
}

mod driver_conversion {
    use super::bindings::driver::aurum::plugin::driver_types as wit;
    use crate as sdk;

    fn step(step: sdk::Step) -> wit::Step {
        wit::Step {
            send: match step.send {
                sdk::Input::Text(text) => wit::Input::Text(text),
                sdk::Input::Secret(credential) => wit::Input::Secret(match credential {
                    sdk::Credential::Username => wit::Credential::Username,
                    sdk::Credential::Password => wit::Credential::Password,
                    sdk::Credential::EnableSecret => wit::Credential::EnableSecret,
                }),
            },
            expect: step.expect,
        }
    }

    fn steps(steps: Vec<sdk::Step>) -> Vec<wit::Step> {
        steps.into_iter().map(step).collect()
    }

    fn command(c: sdk::Command) -> wit::Command {
        wit::Command {
            mode: c.mode,
            command: c.command,
        }
    }

    fn commands(commands: Vec<sdk::Command>) -> Vec<wit::Command> {
        commands.into_iter().map(command).collect()
    }

    #[doc(hidden)]
    pub fn driver_spec(spec: sdk::DriverSpec) -> wit::DriverSpec {
        wit::DriverSpec {
            platform: spec.platform,
            default_mode: spec.default_mode,
            modes: spec
                .modes
                .into_iter()
                .map(|m| wit::Mode {
                    name: m.name,
                    prompt: m.prompt,
                    prompt_exclusions: m.prompt_exclusions,
                })
                .collect(),
            transitions: spec
                .transitions
                .into_iter()
                .map(|t| wit::Transition {
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
            cleanup: wit::OutputCleanup {
                cut_head: spec.cleanup.cut_head,
                cut_tail: spec.cleanup.cut_tail,
                drop_lines: spec.cleanup.drop_lines,
                mask_secrets: spec
                    .cleanup
                    .mask_secrets
                    .into_iter()
                    .map(|r| wit::Replacement {
                        pattern: r.pattern,
                        replacement: r.replacement,
                    })
                    .collect(),
            },
            dialect: wit::Dialect {
                network_os: spec.dialect.network_os,
                comment_markers: spec.dialect.comment_markers,
                banners: spec
                    .dialect
                    .banners
                    .into_iter()
                    .map(|b| wit::BannerRule {
                        start: b.start,
                        end: b.end,
                    })
                    .collect(),
                negation_prefix: spec.dialect.negation_prefix,
                indent: spec.dialect.indent,
                sections: spec.dialect.sections,
            },
            safe_apply: wit::SafeApply {
                confirmed_commit: spec
                    .safe_apply
                    .confirmed_commit
                    .map(|c| wit::ConfirmedCommit {
                        enter: c.enter.map(command),
                        commit: command(c.commit),
                        minutes: c.minutes,
                        check: commands(c.check),
                        confirm: command(c.confirm),
                        abort: c.abort.map(command),
                        save_after: c.save_after,
                    }),
                checkpoint: spec.safe_apply.checkpoint.map(|c| wit::Checkpoint {
                    save: command(c.save),
                    restore: command(c.restore),
                    name_from: c.name_from,
                }),
            },
            remediation: wit::RemediationRules {
                base: spec.remediation.base,
                options: spec.remediation.options,
            },
            ntc_platform: spec.ntc_platform,
            pager_markers: spec.pager_markers,
        }
    }
}

pub use driver_conversion::driver_spec;

/// Exports a [`crate::Postprocessor`] as the `postprocessor` world.
#[macro_export]
macro_rules! export_postprocessor {
    ($plugin:ty) => {
        const _: () = {
            use $crate::guest::bindings::postprocessor as world;
            struct AurumExport;
            impl world::exports::aurum::plugin::postprocessor_api::Guest for AurumExport {
                fn info() -> world::aurum::plugin::types::PluginInfo {
                    $crate::guest::postprocessor_info(<$plugin as $crate::Plugin>::info())
                }
                fn process(config: String, context: String) -> Result<String, String> {
                    <$plugin as $crate::Postprocessor>::process(config, context)
                }
            }
            $crate::guest::bindings::postprocessor::__export_postprocessor_world!(AurumExport with_types_in $crate::guest::bindings::postprocessor);
        };
    };
}

/// Exports a [`crate::Transposer`] as the `transposer` world.
#[macro_export]
macro_rules! export_transposer {
    ($plugin:ty) => {
        const _: () = {
            use $crate::guest::bindings::transposer as world;
            struct AurumExport;
            impl world::exports::aurum::plugin::transposer_api::Guest for AurumExport {
                fn info() -> world::aurum::plugin::types::PluginInfo {
                    $crate::guest::transposer_info(<$plugin as $crate::Plugin>::info())
                }
                fn transpose(data: String) -> Result<String, String> {
                    <$plugin as $crate::Transposer>::transpose(data)
                }
            }
            $crate::guest::bindings::transposer::__export_transposer_world!(AurumExport with_types_in $crate::guest::bindings::transposer);
        };
    };
}

/// Exports a [`crate::Remediation`] as the `remediation` world.
#[macro_export]
macro_rules! export_remediation {
    ($plugin:ty) => {
        const _: () = {
            use $crate::guest::bindings::remediation as world;
            struct AurumExport;
            impl world::exports::aurum::plugin::remediation_api::Guest for AurumExport {
                fn info() -> world::aurum::plugin::types::PluginInfo {
                    $crate::guest::remediation_info(<$plugin as $crate::Plugin>::info())
                }
                fn remediate(
                    platform: String,
                    running: String,
                    intended: String,
                ) -> Result<String, String> {
                    <$plugin as $crate::Remediation>::remediate(platform, running, intended)
                }
            }
            $crate::guest::bindings::remediation::__export_remediation_world!(AurumExport with_types_in $crate::guest::bindings::remediation);
        };
    };
}

/// Exports a [`crate::Compliance`] function as the `compliance` world.
#[macro_export]
macro_rules! export_compliance {
    ($plugin:ty) => {
        const _: () = {
            use $crate::guest::bindings::compliance as world;
            struct AurumExport;
            impl world::exports::aurum::plugin::compliance_api::Guest for AurumExport {
                fn info() -> world::aurum::plugin::types::PluginInfo {
                    $crate::guest::compliance_info(<$plugin as $crate::Plugin>::info())
                }
                fn check(
                    feature: String,
                    actual: String,
                    intended: String,
                ) -> Result<world::exports::aurum::plugin::compliance_api::Findings, String> {
                    <$plugin as $crate::Compliance>::check(feature, actual, intended)
                        .map($crate::guest::findings)
                }
            }
            $crate::guest::bindings::compliance::__export_compliance_world!(AurumExport with_types_in $crate::guest::bindings::compliance);
        };
    };
}

/// Exports a [`crate::Driver`] as the `driver` world.
#[macro_export]
macro_rules! export_driver {
    ($plugin:ty) => {
        const _: () = {
            use $crate::guest::bindings::driver as world;
            struct AurumExport;
            impl world::exports::aurum::plugin::driver_api::Guest for AurumExport {
                fn info() -> world::aurum::plugin::types::PluginInfo {
                    $crate::guest::driver_info(<$plugin as $crate::Plugin>::info())
                }
                fn describe() -> world::aurum::plugin::driver_types::DriverSpec {
                    $crate::guest::driver_spec(<$plugin as $crate::Driver>::describe())
                }
                fn clean(raw: String) -> Result<String, String> {
                    <$plugin as $crate::Driver>::clean(raw)
                }
            }
            $crate::guest::bindings::driver::__export_driver_world!(AurumExport with_types_in $crate::guest::bindings::driver);
        };
    };
}
