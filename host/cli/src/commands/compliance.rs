//! Offline compliance and remediation on files: no database, no inventory, made for CI
//! pipelines. Exit codes: 0 compliant (or nothing to change), 1 findings, 2 errors.

use std::fmt::Write as _;
use std::io::{BufWriter, Write as _};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use aurum_core::compliance::{Detail, FeatureResult};
use aurum_core::rules::GoldenConfig;
use aurum_services::golden::Remediation;

use super::pairs::Pairs;
use super::{json_stream, ordered, report_json};
use crate::cli::{ComplianceCheckArgs, ComplianceCommand, RemediationArgs};
use crate::context::read_user_file;
#[cfg(test)]
use crate::output::table;

pub async fn run(
    context: &crate::context::Context,
    command: ComplianceCommand,
) -> anyhow::Result<ExitCode> {
    match command {
        ComplianceCommand::Check(args) => check(context, args),
        ComplianceCommand::Run(args) => {
            super::jobs::run(
                context,
                &[aurum_services::golden::JobKind::Compliance],
                args,
            )
            .await
        }
        ComplianceCommand::Report { json, csv } => super::jobs::report(context, json, csv).await,
        ComplianceCommand::Show {
            device,
            feature,
            json,
        } => super::jobs::show(context, &device, feature.as_deref(), json).await,
    }
}

/// What one device contributes to the output, rendered by a worker thread.
struct Outcome {
    /// Report bytes for stdout (text, or the device's JSON entry).
    stdout: Vec<u8>,
    /// The device failed (it counts as an error in the exit code).
    failed: bool,
    /// The failure as a line for stderr (text mode; JSON carries it in `stdout`).
    stderr: Option<String>,
    /// Non-compliant, or remediation needed.
    finding: bool,
}

/// Writes the outcomes in device order: text as it is, JSON as one streamed object (or the
/// bare value for a single device), and counts errors and findings for the exit code.
struct Writer {
    json: Option<json_stream::ObjectWriter<BufWriter<std::io::Stdout>>>,
    text: BufWriter<std::io::Stdout>,
    errors: usize,
    findings: usize,
}

impl Writer {
    fn new(json: bool, single: bool) -> Writer {
        let stdout = || BufWriter::with_capacity(1 << 16, std::io::stdout());
        Writer {
            json: (json && !single).then(|| json_stream::ObjectWriter::new(stdout())),
            text: stdout(),
            errors: 0,
            findings: 0,
        }
    }

    fn write(&mut self, outcome: Outcome) -> std::io::Result<()> {
        self.findings += usize::from(outcome.finding);
        self.errors += usize::from(outcome.failed);
        if let Some(line) = &outcome.stderr {
            // Keep stdout and stderr in step for a reader of both.
            self.text.flush()?;
            eprintln!("{line}");
        }
        match &mut self.json {
            Some(json) => json.push(&outcome.stdout),
            None => self.text.write_all(&outcome.stdout),
        }
    }

    fn finish(self) -> anyhow::Result<ExitCode> {
        match self.json {
            Some(json) => json.finish(),
            None => self.text.into_inner().map_err(|e| e.into_error())?.flush(),
        }
        .context("cannot write the report to stdout")?;
        Ok(exit_code(self.errors, self.findings))
    }
}

fn check(context: &crate::context::Context, args: ComplianceCheckArgs) -> anyhow::Result<ExitCode> {
    let profile = super::offline_platform::resolve(context, &args.platform)?;
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
    let pairs = Pairs::new(&args.actual, &args.intended, "--intended")?;
    let work = |i: usize| {
        let device = pairs.name(i);
        let results = pairs.read(i).and_then(|(actual, intended)| {
            // The text report never prints the sections: leave them out.
            let detail = match args.json {
                true => Detail::Full,
                false => Detail::Findings,
            };
            aurum_core::check_with_detail(
                &profile.network_os,
                &rules,
                &actual,
                &intended,
                None,
                detail,
            )
            .map_err(|e| e.to_string())
        });
        let finding = results
            .as_ref()
            .is_ok_and(|r| r.iter().any(|r| !r.compliant));
        match (results, args.json) {
            (Ok(results), true) => Outcome {
                stdout: json_results(&pairs, device, &results),
                failed: false,
                stderr: None,
                finding,
            },
            (Ok(results), false) => Outcome {
                stdout: text_report(device, &results, pairs.single).into_bytes(),
                failed: false,
                stderr: None,
                finding,
            },
            (Err(error), json) => error_outcome(&pairs, device, error, json),
        }
    };
    let mut writer = Writer::new(args.json, pairs.single);
    ordered::run(pairs.len(), ordered::jobs(args.jobs), work, |o| {
        writer.write(o)
    })
    .context("cannot write the report to stdout")?;
    writer.finish()
}

/// A device's compliance JSON (netutils' report): an entry of the devices object, or the
/// bare report for two files.
fn json_results(pairs: &Pairs, device: &str, results: &[FeatureResult]) -> Vec<u8> {
    let size: usize = results
        .iter()
        .map(|r| r.actual.len() * 2 + r.missing.len() + r.extra.len() + 256)
        .sum();
    if pairs.single {
        let mut out = Vec::with_capacity(size);
        report_json::write(&mut out, results, 0);
        out.push(b'\n');
        out
    } else {
        let mut out = json_stream::key(device, size);
        report_json::write(&mut out, results, 1);
        out
    }
}

/// A device's JSON: an entry of the devices object, or the bare value for two files.
fn json_report(pairs: &Pairs, device: &str, value: &impl serde::Serialize) -> Vec<u8> {
    if pairs.single {
        json_stream::value(value)
    } else {
        json_stream::entry(device, value)
    }
}

/// A failed device: `{"error": ...}` in JSON, a line on stderr in text.
fn error_outcome(pairs: &Pairs, device: &str, error: String, json: bool) -> Outcome {
    let (stdout, stderr) = match json {
        true => (
            json_report(pairs, device, &serde_json::json!({ "error": error })),
            None,
        ),
        false => (Vec::new(), Some(format!("error: {device}: {error}"))),
    };
    Outcome {
        stdout,
        failed: true,
        stderr,
        finding: false,
    }
}

/// One device's compliance as a table of features, then what is missing and extra: the
/// layout of [`table`], written straight into one string (a device has a dozen rows; the
/// cells as owned strings cost more than the rest of the report).
fn text_report(device: &str, results: &[FeatureResult], single: bool) -> String {
    const HEADER: [&str; 5] = ["FEATURE", "COMPLIANT", "ORDERED", "MISSING", "EXTRA"];
    let counts: Vec<[usize; 2]> = results
        .iter()
        .map(|r| [r.missing.lines().count(), r.extra.lines().count()])
        .collect();
    let digits = |n: usize| n.checked_ilog10().map_or(1, |d| d as usize + 1);
    let widest = |f: &dyn Fn(usize) -> usize, header: &str| {
        (0..results.len())
            .map(f)
            .max()
            .unwrap_or(0)
            .max(header.chars().count())
    };
    let widths = [
        widest(&|i| results[i].feature.chars().count(), HEADER[0]),
        widest(&|_| 3, HEADER[1]),
        widest(&|_| 3, HEADER[2]),
        widest(&|i| digits(counts[i][0]), HEADER[3]),
        widest(&|i| digits(counts[i][1]), HEADER[4]),
    ];
    let mut out = String::with_capacity(64 * (results.len() + 1));
    if !single {
        let _ = writeln!(out, "=== {device}");
    }
    let row = |out: &mut String, cells: [&dyn std::fmt::Display; 5]| {
        for (n, (cell, width)) in cells.iter().zip(widths).enumerate() {
            if n > 0 {
                out.push_str("  ");
            }
            let _ = write!(out, "{cell:<width$}");
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
    };
    row(
        &mut out,
        HEADER.each_ref().map(|h| h as &dyn std::fmt::Display),
    );
    for (r, [missing, extra]) in results.iter().zip(&counts) {
        let compliant = if r.compliant { "yes" } else { "NO" };
        let ordered = if r.ordered_compliant { "yes" } else { "no" };
        row(&mut out, [&r.feature, &compliant, &ordered, missing, extra]);
    }
    for r in results.iter().filter(|r| !r.compliant) {
        if !r.missing.is_empty() {
            let _ = writeln!(out, "--- {} missing:\n{}", r.feature, r.missing);
        }
        if !r.extra.is_empty() {
            let _ = writeln!(out, "--- {} extra:\n{}", r.feature, r.extra);
        }
    }
    out
}

pub fn remediation(
    context: &crate::context::Context,
    args: RemediationArgs,
) -> anyhow::Result<ExitCode> {
    let remediator = remediation_for(context, &args)?;
    let pairs = Pairs::new(&args.running, &args.intended, "--intended")?;
    let work = |i: usize| {
        let device = pairs.name(i);
        let result = pairs
            .read(i)
            .and_then(|(running, intended)| remediator.remediate(&running, &intended));
        match result {
            Ok(text) => Outcome {
                finding: !text.trim().is_empty(),
                stdout: match args.json {
                    // One device or many, remediation JSON is always keyed by device.
                    true => json_stream::entry(device, &serde_json::json!({ "remediation": text })),
                    false => text_remediation(device, text, pairs.single).into_bytes(),
                },
                failed: false,
                stderr: None,
            },
            Err(error) => {
                let (stdout, stderr) = match args.json {
                    true => (
                        json_stream::entry(device, &serde_json::json!({ "error": error })),
                        None,
                    ),
                    false => (Vec::new(), Some(format!("error: {device}: {error}"))),
                };
                Outcome {
                    stdout,
                    failed: true,
                    stderr,
                    finding: false,
                }
            }
        }
    };
    // Remediation JSON is an object of devices even for two files.
    let mut writer = Writer::new(args.json, false);
    ordered::run(pairs.len(), ordered::jobs(args.jobs), work, |o| {
        writer.write(o)
    })
    .context("cannot write the remediation to stdout")?;
    writer.finish()
}

/// One device's remediation commands, under a `=== device` header for folders.
fn text_remediation(device: &str, mut text: String, single: bool) -> String {
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    match single {
        true => text,
        false => format!("=== {device}\n{text}"),
    }
}

/// The platform's remediation: `--plugin`, else `[golden.remediation.PLATFORM]` of the
/// configuration (a plugin or option overrides), else the built-in engine with the rules of
/// the platform (a configured driver's, or the built-in ones of that name). Plugins are loaded
/// only when one is asked for, so the common case stays instant.
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
    let profile = super::offline_platform::resolve(context, &args.platform)?;
    Remediation::for_platform(golden, &[], &registry, &profile).map_err(anyhow::Error::msg)
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

#[cfg(test)]
mod tests {
    use super::*;
    use aurum_core::{Rule, check};

    /// The report as it was built before: owned cells through [`table`].
    fn with_table(device: &str, results: &[FeatureResult], single: bool) -> String {
        let mut out = String::new();
        if !single {
            let _ = writeln!(out, "=== {device}");
        }
        let yes = |b: bool, no: &str| if b { "yes".to_string() } else { no.to_string() };
        let rows: Vec<Vec<String>> = results
            .iter()
            .map(|r| {
                vec![
                    r.feature.clone(),
                    yes(r.compliant, "NO"),
                    yes(r.ordered_compliant, "no"),
                    r.missing.lines().count().to_string(),
                    r.extra.lines().count().to_string(),
                ]
            })
            .collect();
        out.push_str(&table(
            &["FEATURE", "COMPLIANT", "ORDERED", "MISSING", "EXTRA"],
            &rows,
        ));
        for r in results.iter().filter(|r| !r.compliant) {
            if !r.missing.is_empty() {
                let _ = writeln!(out, "--- {} missing:\n{}", r.feature, r.missing);
            }
            if !r.extra.is_empty() {
                let _ = writeln!(out, "--- {} extra:\n{}", r.feature, r.extra);
            }
        }
        out
    }

    #[test]
    fn the_text_report_keeps_the_table_layout() {
        let many: String = (0..12)
            .map(|n| format!("ntp server 10.0.0.{n}\n"))
            .collect();
        let rules = [
            Rule::cli("ntp", false, &["ntp "]),
            Rule::cli("a-very-long-feature-name", true, &["interface "]),
            Rule::cli("x", true, &["logging "]),
        ];
        let actual = format!("{many}interface Gi1\n description a\n");
        let intended = "ntp server 1\ninterface Gi1\n description b\n";
        let results = check("cisco_ios", &rules, &actual, intended).unwrap();
        for single in [true, false] {
            assert_eq!(
                text_report("r1", &results, single),
                with_table("r1", &results, single)
            );
        }
        assert_eq!(text_report("r1", &[], true), with_table("r1", &[], true));
    }
}
