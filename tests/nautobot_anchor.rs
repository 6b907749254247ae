//! The proof against the anchor itself: a real Nautobot with the Golden Config app (both from
//! PyPI, `tests/nautobot/run.sh`, on loopback against the machine's PostgreSQL and Redis) is
//! seeded with 300 devices, their backups and intended configs in git repositories served
//! over HTTP, and ten features' rules; Golden Config's own compliance job runs there. Then,
//! as a team moving over would: `aurum sot sync`, `aurum import golden-config --from-nautobot
//! --with-configs`, `aurum compliance run`. Every device's per-feature result (compliant,
//! missing, extra) must equal Golden Config's ConfigCompliance record.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use support::Scratch;

/// Not the harness's default port, so a developer's own instance is left alone.
const PORT: &str = "18189";

/// Stops the instance however the test ends.
struct Instance {
    harness: PathBuf,
    out: PathBuf,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(&self.harness)
            .arg("down")
            .arg(&self.out)
            .status();
    }
}

fn harness() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/nautobot/run.sh")
}

/// `{name=value}` from the harness's last line.
fn last_line_values(stdout: &str) -> BTreeMap<String, String> {
    stdout
        .lines()
        .rev()
        .find(|l| l.starts_with("NAUTOBOT_URL="))
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Lines of a CLI difference; the set of DeepDiff paths of a JSON one.
fn lines(value: &Value) -> Vec<String> {
    match value {
        Value::String(text) => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

fn json_paths(value: &Value) -> BTreeSet<String> {
    match value {
        Value::Array(items) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        Value::Object(map) => map.keys().cloned().collect(),
        Value::String(text) if text.is_empty() => BTreeSet::new(),
        Value::String(text) => match serde_json::from_str::<Value>(text) {
            Ok(parsed @ (Value::Object(_) | Value::Array(_))) => json_paths(&parsed),
            _ => BTreeSet::from([text.clone()]),
        },
        _ => BTreeSet::new(),
    }
}

#[test]
fn aurum_computes_the_compliance_golden_config_computes_device_by_device() {
    let scratch = Scratch::new();
    let out = scratch.path().join("nautobot");
    let instance = Instance {
        harness: harness(),
        out: out.clone(),
    };
    let up = Command::new("bash")
        .arg(&instance.harness)
        .arg("up")
        .arg(&out)
        .arg("300")
        .env("AURUM_NAUTOBOT_PORT", PORT)
        .output()
        .expect("bash runs the harness");
    let stdout = String::from_utf8_lossy(&up.stdout);
    assert!(
        up.status.success(),
        "the Nautobot harness failed\nstdout:\n{stdout}\nstderr:\n{}",
        String::from_utf8_lossy(&up.stderr)
    );
    let values = last_line_values(&stdout);
    let (url, token) = (&values["NAUTOBOT_URL"], &values["NAUTOBOT_TOKEN"]);

    // Nokia SR Linux's configs are JSON: no Aurum driver is needed to compare them.
    scratch.write(
        "aurum.toml",
        &format!(
            "[sot.nautobot]\nurl = \"{url}\"\ntoken = {{ env = \"ANCHOR_NAUTOBOT_TOKEN\" }}\n\
             drivers = {{ nokia_srl = \"linux\" }}\n"
        ),
    );
    let aurum = |args: &[&str]| scratch.run_with_env(&[("ANCHOR_NAUTOBOT_TOKEN", token)], args);
    aurum(&["init"]).ok();
    let sync = aurum(&["sot", "sync"]).ok();
    assert!(sync.stdout.contains("create device"), "{}", sync.stdout);
    let import = aurum(&[
        "import",
        "golden-config",
        "--from-nautobot",
        "--with-configs",
    ])
    .ok();
    assert!(
        import.stdout.contains("10 compliance features, 36 rules")
            && import.stdout.contains("carried over 600 config version(s)"),
        "{}",
        import.stdout
    );
    // Non-compliant devices make the exit code 1; the job itself must have finished.
    let run = aurum(&["compliance", "run"]);
    assert!(
        run.code == 0 || run.code == 1,
        "{}\n{}",
        run.stdout,
        run.stderr
    );
    assert!(
        !run.stdout
            .lines()
            .any(|l| l.contains(" failed") && !l.contains(" 0 failed")),
        "no device may fail: {}",
        run.stdout
    );

    let records: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(out.join("golden_config_compliance.json")).unwrap(),
    )
    .unwrap();
    let devices: BTreeSet<&str> = records
        .iter()
        .map(|r| r["device"].as_str().unwrap())
        .collect();
    assert_eq!(devices.len(), 300);
    let mut ours: BTreeMap<(String, String), Value> = BTreeMap::new();
    for device in &devices {
        let shown = aurum(&["compliance", "show", device, "--json"]).ok();
        for row in serde_json::from_str::<Vec<Value>>(&shown.stdout).unwrap() {
            let feature = row["feature"].as_str().unwrap().to_string();
            ours.insert((device.to_string(), feature), row);
        }
    }
    let mut mismatches = Vec::new();
    for record in &records {
        let key = (
            record["device"].as_str().unwrap().to_string(),
            record["feature"].as_str().unwrap().to_string(),
        );
        let Some(row) = ours.get(&key) else {
            mismatches.push(format!("{key:?}: Aurum has no result"));
            continue;
        };
        let same = row["compliant"] == record["compliance"]
            && if record["config_type"] == "json" {
                json_paths(&row["missing"]) == json_paths(&record["missing"])
                    && json_paths(&row["extra"]) == json_paths(&record["extra"])
            } else {
                lines(&row["missing"]) == lines(&record["missing"])
                    && lines(&row["extra"]) == lines(&record["extra"])
            };
        if !same {
            mismatches.push(format!(
                "{key:?}: Golden Config compliant={} missing={} extra={}; Aurum compliant={} missing={} extra={}",
                record["compliance"], record["missing"], record["extra"],
                row["compliant"], row["missing"], row["extra"]
            ));
        }
    }
    let non_compliant = records.iter().filter(|r| r["compliance"] == false).count();
    assert!(non_compliant > 100, "the seed drifts about 30% of features");
    assert!(
        mismatches.is_empty(),
        "{} of {} results differ from Golden Config's:\n{}",
        mismatches.len(),
        records.len(),
        mismatches
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    drop(instance);
}
