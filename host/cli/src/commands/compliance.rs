//! Offline compliance and remediation on files: no database, no inventory, made for CI
//! pipelines. Exit codes: 0 compliant (or nothing to change), 1 findings, 2 errors.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use aurum_core::compliance::{FeatureResult, Report};
use aurum_core::remediation::RemediationOptions;
use aurum_core::rules::GoldenConfig;
use aurum_server::golden::Remediation;

use crate::cli::{ComplianceCheckArgs, ComplianceCommand, RemediationArgs};
use crate::context::read_user_file;
use crate::output::table;

pub async fn run(
    context: &crate::context::Context,
    command: ComplianceCommand,
) -> anyhow::Result<ExitCode> {
    match command {
        ComplianceCommand::Check(args) => check(args),
        ComplianceCommand::Run(args) => {
            super::jobs::run(context, &[aurum_server::golden::JobKind::Compliance], args).await
        }
        ComplianceCommand::Report { json, csv } => super::jobs::report(context, json, csv).await,
        ComplianceCommand::Show { device, feature } => {
            super::jobs::show(context, &device, feature.as_deref()).await
        }
    }
}

/// One device's configs: from two files, or paired by name from two folders.
struct Pair {
    device: String,
    left: Result<String, String>,
    right: Result<String, String>,
}

fn pairs(left: &Path, right: &Path, right_flag: &str) -> anyhow::Result<Vec<Pair>> {
    match (left.is_dir(), right.is_dir()) {
        (false, false) => Ok(vec![Pair {
            device: left.file_stem().map_or_else(
                || "config".to_string(),
                |s| s.to_string_lossy().into_owned(),
            ),
            left: Ok(read_user_file(left)?),
            right: Ok(read_user_file(right)?),
        }]),
        (true, true) => {
            let names = |dir: &Path| -> anyhow::Result<BTreeMap<String, PathBuf>> {
                let mut names = BTreeMap::new();
                for entry in std::fs::read_dir(dir)
                    .with_context(|| format!("cannot list {}", dir.display()))?
                {
                    let path = entry?.path();
                    if path.is_file() {
                        names.insert(
                            path.file_name()
                                .unwrap_or_default()
                                .to_string_lossy()
                                .into_owned(),
                            path,
                        );
                    }
                }
                Ok(names)
            };
            let (lefts, rights) = (names(left)?, names(right)?);
            let all: std::collections::BTreeSet<&String> =
                lefts.keys().chain(rights.keys()).collect();
            let read = |map: &BTreeMap<String, PathBuf>, name: &str, dir: &Path| match map.get(name)
            {
                Some(path) => std::fs::read_to_string(path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display())),
                None => Err(format!("no file named {name} in {}", dir.display())),
            };
            Ok(all
                .into_iter()
                .map(|name| Pair {
                    device: name.clone(),
                    left: read(&lefts, name, left),
                    right: read(&rights, name, right),
                })
                .collect())
        }
        _ => bail!(
            "give two files or two folders (paired by file name), not one of each; check {right_flag}"
        ),
    }
}

fn check(args: ComplianceCheckArgs) -> anyhow::Result<ExitCode> {
    let rules_text = read_user_file(&args.rules)?;
    let golden = GoldenConfig::from_yaml(&rules_text)
        .with_context(|| format!("in {}", args.rules.display()))?;
    let rules = golden.rules_for(&args.platform)?;
    if rules.is_empty() {
        bail!(
            "{} has no rule for platform `{}`; check platform_name / platform_network_driver",
            args.rules.display(),
            args.platform
        );
    }
    let pairs = pairs(&args.actual, &args.intended, "--intended")?;
    let single = pairs.len() == 1 && !args.actual.is_dir();
    let mut errors = 0;
    let mut non_compliant = 0;
    let mut json = serde_json::Map::new();
    for pair in pairs {
        let results = match (pair.left, pair.right) {
            (Ok(actual), Ok(intended)) => {
                aurum_core::check(&args.platform, &rules, &actual, &intended)
                    .map_err(|e| e.to_string())
            }
            (Err(e), _) | (_, Err(e)) => Err(e),
        };
        match results {
            Ok(results) => {
                if results.iter().any(|r| !r.compliant) {
                    non_compliant += 1;
                }
                if args.json {
                    json.insert(pair.device, serde_json::to_value(Report(&results))?);
                } else {
                    print_results(&pair.device, &results, single);
                }
            }
            Err(error) => {
                errors += 1;
                if args.json {
                    json.insert(pair.device, serde_json::json!({ "error": error }));
                } else {
                    eprintln!("error: {}: {error}", pair.device);
                }
            }
        }
    }
    if args.json {
        let value = if single {
            json.into_iter().next().map(|(_, v)| v).unwrap_or_default()
        } else {
            serde_json::Value::Object(json)
        };
        println!("{}", serde_json::to_string_pretty(&value)?);
    }
    Ok(exit_code(errors, non_compliant))
}

fn print_results(device: &str, results: &[FeatureResult], single: bool) {
    if !single {
        println!("=== {device}");
    }
    let rows: Vec<Vec<String>> = results
        .iter()
        .map(|r| {
            vec![
                r.feature.clone(),
                if r.compliant {
                    "yes".into()
                } else {
                    "NO".into()
                },
                if r.ordered_compliant {
                    "yes".into()
                } else {
                    "no".into()
                },
                r.missing.lines().count().to_string(),
                r.extra.lines().count().to_string(),
            ]
        })
        .collect();
    print!(
        "{}",
        table(
            &["FEATURE", "COMPLIANT", "ORDERED", "MISSING", "EXTRA"],
            &rows
        )
    );
    for r in results.iter().filter(|r| !r.compliant) {
        if !r.missing.is_empty() {
            println!("--- {} missing:\n{}", r.feature, r.missing);
        }
        if !r.extra.is_empty() {
            println!("--- {} extra:\n{}", r.feature, r.extra);
        }
    }
}

pub fn remediation(
    context: &crate::context::Context,
    args: RemediationArgs,
) -> anyhow::Result<ExitCode> {
    let remediator = remediation_for(context, &args)?;
    let pairs = pairs(&args.running, &args.intended, "--intended")?;
    let single = pairs.len() == 1 && !args.running.is_dir();
    let (mut errors, mut changes) = (0, 0);
    let mut json = serde_json::Map::new();
    for pair in pairs {
        let result = match (pair.left, pair.right) {
            (Ok(running), Ok(intended)) => remediator
                .remediate(&running, &intended)
                .map_err(|e| e.to_string()),
            (Err(e), _) | (_, Err(e)) => Err(e),
        };
        match result {
            Ok(text) => {
                if !text.trim().is_empty() {
                    changes += 1;
                }
                if args.json {
                    json.insert(pair.device, serde_json::json!({ "remediation": text }));
                } else {
                    if !single {
                        println!("=== {}", pair.device);
                    }
                    print!("{text}");
                    if !text.is_empty() && !text.ends_with('\n') {
                        println!();
                    }
                }
            }
            Err(error) => {
                errors += 1;
                if args.json {
                    json.insert(pair.device, serde_json::json!({ "error": error }));
                } else {
                    eprintln!("error: {}: {error}", pair.device);
                }
            }
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&json)?);
    }
    Ok(exit_code(errors, changes))
}

/// The platform's remediation: `--plugin`, else `[golden.remediation.PLATFORM]` of the
/// configuration (a plugin or option overrides), else the built-in engine's defaults. Plugins
/// are loaded only when one is asked for, so the common case stays instant.
fn remediation_for(
    context: &crate::context::Context,
    args: &RemediationArgs,
) -> anyhow::Result<Remediation> {
    let config = &context.loaded.config;
    if let Some(name) = &args.plugin {
        let registry = aurum_plugin::Registry::load(config, &context.data_dir.join("cache/wasm"))?;
        let plugin = registry.remediation(name).with_context(|| {
            format!(
                "--plugin {name}: register it in aurum.toml as [plugins.{name}] with kind = \"remediation\""
            )
        })?;
        return Ok(Remediation::Plugin {
            name: name.clone(),
            network_os: args.platform.clone(),
            plugin,
        });
    }
    let golden = &config.golden;
    let wants_plugin = golden
        .remediation
        .get(&args.platform)
        .is_some_and(|t| t.plugin().is_some());
    let registry = match wants_plugin {
        true => aurum_plugin::Registry::load(config, &context.data_dir.join("cache/wasm"))?,
        false => aurum_plugin::Registry::load(&Default::default(), &context.data_dir)?,
    };
    match Remediation::for_platform(golden, &[], &registry, &args.platform, &args.platform) {
        Ok(Remediation::Unavailable) => {
            // Say why: the engine's own error names the platforms it knows.
            RemediationOptions::for_platform(&args.platform)?;
            bail!("no remediation for platform `{}`", args.platform)
        }
        Ok(remediation) => Ok(remediation),
        Err(reason) => bail!(reason),
    }
}

fn exit_code(errors: usize, findings: usize) -> ExitCode {
    if errors > 0 {
        ExitCode::from(2)
    } else if findings > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
