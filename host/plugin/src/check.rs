//! `aurum plugins check`: run a plugin on sample input of its kind and say what happened.

use std::fmt;
use std::path::Path;
use std::time::{Duration, Instant};

use aurum_config::PluginEntry;
use aurum_sdk::{PluginInfo, PluginKind};
use serde_json::json;

use crate::{Plugin, PluginError, load_entry};

const SAMPLE_CONFIG: &str = "\
hostname sample-router
!
interface GigabitEthernet0/1
 description uplink
 ip address 192.0.2.1 255.255.255.0
!
snmp-server community s3cr3t RO
ntp server 192.0.2.123
!
end
";

const SAMPLE_JSON_ACTUAL: &str =
    r#"{"ntp": {"servers": ["192.0.2.123"]}, "hostname": "sample-router"}"#;
const SAMPLE_JSON_INTENDED: &str =
    r#"{"ntp": {"servers": ["192.0.2.124"]}, "hostname": "sample-router"}"#;

/// The outcome of checking one plugin: who it says it is, and what it did with the sample.
#[derive(Debug, Clone)]
pub struct CheckReport {
    pub name: String,
    pub kind: PluginKind,
    pub backend: &'static str,
    pub source: String,
    pub info: PluginInfo,
    /// Time to load the plugin (zero when it was already loaded).
    pub load_time: Duration,
    /// Time of the sample call.
    pub call_time: Duration,
    /// What the sample call produced, one line per fact.
    pub details: Vec<String>,
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "plugin `{}`: {} {}, version {}, plugin API {} ({})",
            self.name,
            self.backend,
            self.kind,
            self.info.version,
            self.info.api_version,
            self.source
        )?;
        if !self.load_time.is_zero() {
            writeln!(f, "  loaded and contract-checked in {:.1?}", self.load_time)?;
        }
        writeln!(f, "  sample call ok in {:.1?}", self.call_time)?;
        for line in &self.details {
            writeln!(f, "  {line}")?;
        }
        Ok(())
    }
}

/// Loads one entry on its own and checks it; for `aurum plugins check NAME` when the rest of
/// the configuration may not load.
pub fn check_entry(
    name: &str,
    entry: &PluginEntry,
    cache_dir: &Path,
) -> Result<CheckReport, PluginError> {
    let start = Instant::now();
    let plugin = load_entry(name, entry, cache_dir)?;
    let load_time = start.elapsed();
    let source = entry.backend.path().display().to_string();
    let mut report = run(name, &plugin, entry.backend.name(), source)?;
    report.load_time = load_time;
    Ok(report)
}

/// Runs a loaded plugin on the sample of its kind.
pub(crate) fn run(
    name: &str,
    plugin: &Plugin,
    backend: &'static str,
    source: String,
) -> Result<CheckReport, PluginError> {
    let start = Instant::now();
    let details = match plugin {
        Plugin::Postprocessor(p) => {
            let out = p.process(SAMPLE_CONFIG, &json!({"device": {"name": "sample-router"}}))?;
            vec![format!(
                "process: {} lines in, {} lines out ({} changed)",
                SAMPLE_CONFIG.lines().count(),
                out.lines().count(),
                changed_lines(SAMPLE_CONFIG, &out)
            )]
        }
        Plugin::Transposer(p) => {
            let sample = json!({
                "hostname": "sample-router",
                "interfaces": {"GigabitEthernet0/1": {"description": "uplink", "enabled": true}}
            });
            let out = p.transpose(&sample)?;
            vec![format!(
                "transpose: {} -> {}",
                sample,
                truncate(&out.to_string(), 200)
            )]
        }
        Plugin::Compliance(p) => {
            // A CLI sample first; a compliance function for structured configs (like the
            // builtin `json`) rejects it, so it gets a JSON sample instead.
            let intended =
                SAMPLE_CONFIG.replace("ntp server 192.0.2.123", "ntp server 192.0.2.124");
            let (sample, findings) = match p.check("sample", SAMPLE_CONFIG, &intended) {
                Ok(findings) => ("CLI", findings),
                Err(PluginError::Failed { .. }) => (
                    "JSON",
                    p.check("sample", SAMPLE_JSON_ACTUAL, SAMPLE_JSON_INTENDED)?,
                ),
                Err(other) => return Err(other),
            };
            vec![format!(
                "check ({sample} sample differing in one line): compliant={}, ordered={}, {} missing line(s), {} extra line(s)",
                findings.compliant,
                findings.ordered,
                findings.missing.lines().count(),
                findings.extra.lines().count()
            )]
        }
        Plugin::Remediation(p) => {
            let intended =
                SAMPLE_CONFIG.replace("ntp server 192.0.2.123", "ntp server 192.0.2.124");
            let out = p.remediate("cisco_ios", SAMPLE_CONFIG, &intended)?;
            vec![format!(
                "remediate (cisco_ios sample differing in one line): {} line(s): {}",
                out.lines().count(),
                truncate(&out.lines().collect::<Vec<_>>().join(" | "), 200)
            )]
        }
        Plugin::Driver(p) => {
            let spec = p.describe()?;
            let modes: Vec<_> = spec.modes.iter().map(|m| m.name.as_str()).collect();
            let backup: Vec<_> = spec
                .backup_commands
                .iter()
                .map(|c| c.command.as_str())
                .collect();
            let raw = format!(
                "Building configuration...\n\nCurrent configuration : 1234 bytes\n{SAMPLE_CONFIG}"
            );
            let cleaned = p.clean(&raw)?;
            vec![
                format!(
                    "describe: platform `{}`, modes {}, default `{}`",
                    spec.platform,
                    modes.join(" / "),
                    spec.default_mode
                ),
                format!(
                    "  {} transition(s), {} failure indicator(s), backup: {}",
                    spec.transitions.len(),
                    spec.failure_indicators.len(),
                    backup.join("; ")
                ),
                format!(
                    "clean: {} lines in, {} lines out",
                    raw.lines().count(),
                    cleaned.lines().count()
                ),
            ]
        }
    };
    Ok(CheckReport {
        name: name.to_owned(),
        kind: plugin.kind(),
        backend,
        source,
        info: plugin.info().clone(),
        load_time: Duration::ZERO,
        call_time: start.elapsed(),
        details,
    })
}

fn changed_lines(before: &str, after: &str) -> usize {
    let after: std::collections::HashSet<&str> = after.lines().collect();
    before.lines().filter(|l| !after.contains(l)).count()
}

fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}
