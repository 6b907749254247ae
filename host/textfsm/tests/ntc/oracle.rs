//! Python textfsm as the oracle: one process parses every case with ntc-templates'
//! `parse_output` and compiles every template, so expectations come from the reference
//! implementation on this machine rather than from files checked into the repo.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread::JoinHandle;

use serde_json::{Value, json};

/// Reads `{"dir", "templates", "cases": [{platform, command, text}]}` on stdin and writes
/// `{"templates": [error or null], "cases": [{"ok": records, "direct": [rows per template]}
/// | {"error": message}]}`; `direct` is textfsm's own `ParseText`, before clitable.
const SCRIPT: &str = r#"
import json, os, sys
import textfsm
from ntc_templates.parse import parse_output

job = json.load(sys.stdin)
templates = []
for name in job["templates"]:
    try:
        with open(os.path.join(job["dir"], name), encoding="utf-8") as handle:
            textfsm.TextFSM(handle)
        templates.append(None)
    except Exception as error:
        templates.append("%s: %s" % (type(error).__name__, error))
cases = []
for case in job["cases"]:
    try:
        records = parse_output(platform=case["platform"], command=case["command"], data=case["text"], template_dir=job["dir"])
        direct = []
        for name in case["templates"]:
            with open(os.path.join(job["dir"], name), encoding="utf-8") as handle:
                direct.append(textfsm.TextFSM(handle).ParseText(case["text"]))
        cases.append({"ok": records, "direct": direct})
    except Exception as error:
        cases.append({"error": "%s: %s" % (type(error).__name__, error)})
json.dump({"templates": templates, "cases": cases}, sys.stdout)
"#;

/// What Python says about each template and each case, in the order given.
pub struct Verdicts {
    pub templates: Vec<Option<String>>,
    pub cases: Vec<Result<Value, String>>,
    /// Per case, `ParseText` rows of each template of its index row (empty on error).
    pub direct: Vec<Vec<Value>>,
}

/// Starts `python` (a venv with `textfsm` and `ntc-templates`) on the job in the
/// background, so that the oracle and Aurum work at the same time.
pub fn start(
    python: &Path,
    dir: &Path,
    templates: &[String],
    cases: &[super::Case],
) -> JoinHandle<Verdicts> {
    let job = json!({
        "dir": dir,
        "templates": templates,
        "cases": cases.iter().map(|c| json!({"platform": c.platform, "command": c.command, "text": c.text, "templates": c.templates})).collect::<Vec<_>>(),
    })
    .to_string();
    let python = python.to_path_buf();
    std::thread::spawn(move || run(&python, &job))
}

fn run(python: &Path, job: &str) -> Verdicts {
    let mut child = Command::new(python)
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} ({e}); run `cargo xtask test`, which creates the venv",
                python.display()
            )
        });
    let mut stdin = child.stdin.take().expect("piped stdin");
    stdin
        .write_all(job.as_bytes())
        .expect("write the job to python");
    drop(stdin);
    let output = child.wait_with_output().expect("wait for python");
    assert!(
        output.status.success(),
        "the Python oracle failed; is textfsm installed in {}?",
        python.display()
    );
    let answer: Value = serde_json::from_slice(&output.stdout).expect("the oracle writes JSON");
    let templates = answer["templates"]
        .as_array()
        .expect("templates verdicts")
        .iter()
        .map(|v| v.as_str().map(str::to_string))
        .collect();
    let cases = answer["cases"]
        .as_array()
        .expect("case verdicts")
        .iter()
        .map(|v| match v.get("ok") {
            Some(records) => Ok(records.clone()),
            None => Err(v["error"].as_str().unwrap_or_default().to_string()),
        })
        .collect();
    let direct = answer["cases"]
        .as_array()
        .expect("case verdicts")
        .iter()
        .map(|v| {
            v.get("direct")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        })
        .collect();
    Verdicts {
        templates,
        cases,
        direct,
    }
}
