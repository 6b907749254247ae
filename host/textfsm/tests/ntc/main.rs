//! Differential test over the real ntc-templates: every template of the main platforms
//! must compile where Python textfsm compiles it, and every recorded output of
//! ntc-templates' own test fixtures must parse to exactly what `parse_output` returns.
//!
//! Needs the machine prepared by `cargo xtask test`: `AURUM_NTC_TEMPLATES` (the
//! `templates` directory holding `index`) and `AURUM_NTC_PYTHON` (a venv's python with
//! `textfsm` and `ntc-templates`, both from PyPI). The outputs parsed are our own samples in
//! `tests/samples/<platform>/<command>/*.raw`, plus, when `AURUM_NTC_FIXTURES` names the
//! `tests` directory of an ntc-templates checkout, every output recorded there.

mod expected;
mod oracle;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use aurum_textfsm::TemplateIndex;
use serde_json::Value;

/// Platforms that must be present; every platform of the index and the fixtures is checked.
const PLATFORMS: &[&str] = &[
    "cisco_ios",
    "cisco_nxos",
    "arista_eos",
    "cisco_xr",
    "juniper_junos",
    "linux",
];

/// One recorded command output.
pub struct Case {
    pub platform: String,
    pub command: String,
    pub text: String,
    pub file: PathBuf,
    /// Templates of the index row Aurum picks (checked one by one against `ParseText`).
    pub templates: Vec<String>,
}

fn env_path(name: &str, what: &str) -> PathBuf {
    match std::env::var_os(name) {
        Some(path) => PathBuf::from(path),
        None => panic!(
            "{name} is not set ({what}); run the tests with `cargo xtask test`, which prepares it"
        ),
    }
}

/// `<fixtures>/<platform>/<command_with_underscores>/*.raw`, sorted.
fn cases(fixtures: &Path, platform: &str) -> Vec<Case> {
    let mut files = Vec::new();
    let Ok(commands) = std::fs::read_dir(fixtures.join(platform)) else {
        return Vec::new();
    };
    for command in commands.flatten() {
        for file in std::fs::read_dir(command.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if file.path().extension().is_some_and(|e| e == "raw") {
                files.push((
                    command.file_name().to_string_lossy().replace('_', " "),
                    file.path(),
                ));
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .map(|(command, file)| Case {
            platform: platform.to_string(),
            command,
            text: String::from_utf8_lossy(&std::fs::read(&file).expect("read a fixture"))
                .into_owned(),
            file,
            templates: Vec::new(),
        })
        .collect()
}

#[derive(Default)]
struct Stats {
    templates: usize,
    templates_agree: usize,
    cases: usize,
    cases_agree: usize,
    /// Cases where both engines refuse the output (e.g. no index row): agreement, but weak.
    both_errors: usize,
}

/// Aurum's records for every case, on two threads (the index is shared).
fn parse_all(index: &TemplateIndex, cases: &[Case]) -> Vec<Result<Value, String>> {
    let parse = |case: &Case| {
        index
            .parse(&case.platform, &case.command, &case.text)
            .map(|records| Value::Array(records.into_iter().map(Value::Object).collect()))
            .map_err(|e| e.to_string())
    };
    let (first, second) = cases.split_at(cases.len() / 2);
    std::thread::scope(|scope| {
        let half = scope.spawn(|| second.iter().map(parse).collect::<Vec<_>>());
        let mut all: Vec<_> = first.iter().map(parse).collect();
        all.extend(half.join().expect("a parsing thread"));
        all
    })
}

#[test]
fn aurum_agrees_with_python_textfsm_on_ntc_templates() {
    let dir = env_path(
        "AURUM_NTC_TEMPLATES",
        "the ntc-templates `templates` directory holding `index`",
    );
    let python = env_path(
        "AURUM_NTC_PYTHON",
        "a python with textfsm and ntc-templates installed",
    );
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/samples");
    let mut fixture_dirs = vec![samples];
    if let Some(extra) = std::env::var_os("AURUM_NTC_FIXTURES") {
        fixture_dirs.push(PathBuf::from(extra));
    }
    let index = TemplateIndex::load(&dir).unwrap_or_else(|e| panic!("{e}"));

    let mut platforms: BTreeSet<String> = index
        .entries()
        .iter()
        .filter_map(|e| e.pattern("Platform"))
        .map(str::to_string)
        .collect();
    for fixtures in &fixture_dirs {
        platforms.extend(
            std::fs::read_dir(fixtures)
                .into_iter()
                .flatten()
                .flatten()
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned()),
        );
    }
    let missing: Vec<&&str> = PLATFORMS
        .iter()
        .filter(|p| !platforms.contains(**p))
        .collect();
    assert!(
        missing.is_empty(),
        "platforms without templates or fixtures: {missing:?}; is AURUM_NTC_FIXTURES right?"
    );

    let mut templates: Vec<(String, String)> = Vec::new();
    let mut all_cases = Vec::new();
    for platform in &platforms {
        for entry in index.entries().iter().filter(|e| {
            e.pattern("Platform")
                .is_some_and(|p| p.contains(platform.as_str()))
        }) {
            for name in entry.templates() {
                if !templates.iter().any(|(_, n)| n == name) {
                    templates.push((platform.to_string(), name.clone()));
                }
            }
        }
        for fixtures in &fixture_dirs {
            all_cases.extend(cases(fixtures, platform));
        }
    }
    for case in &mut all_cases {
        if let Ok(Some(entry)) = index.find(&case.platform, &case.command) {
            case.templates = entry.templates().to_vec();
        }
    }
    let names: Vec<String> = templates.iter().map(|(_, n)| n.clone()).collect();
    let oracle = oracle::start(&python, &dir, &names, &all_cases);
    let compiled: Vec<Option<String>> = names
        .iter()
        .map(|n| index.template(n).err().map(|e| e.to_string()))
        .collect();
    let parsed = parse_all(&index, &all_cases);
    let verdicts = oracle.join().expect("the oracle thread");

    let mut stats: BTreeMap<String, Stats> = BTreeMap::new();
    let mut failures: BTreeMap<String, String> = BTreeMap::new();
    let mut direct_checked = 0;
    for (((platform, name), aurum), python) in
        templates.iter().zip(&compiled).zip(&verdicts.templates)
    {
        let stat = stats.entry(platform.clone()).or_default();
        stat.templates += 1;
        if aurum.is_some() == python.is_some() {
            stat.templates_agree += 1;
        } else {
            failures.insert(
                name.clone(),
                format!("compile: aurum {aurum:?}, python {python:?}"),
            );
        }
    }
    for (case_number, ((case, aurum), python)) in all_cases
        .iter()
        .zip(&parsed)
        .zip(&verdicts.cases)
        .enumerate()
    {
        let stat = stats.entry(case.platform.clone()).or_default();
        stat.cases += 1;
        let key = match index.find(&case.platform, &case.command) {
            Ok(Some(entry)) => entry.templates().join(":"),
            _ => format!("{}/{} (no index row)", case.platform, case.command),
        };
        let direct = &verdicts.direct[case_number];
        direct_checked += direct.len();
        let direct_agree = python.is_err()
            || direct.len() == case.templates.len()
                && case.templates.iter().zip(direct).all(|(name, rows)| {
                    let template = index.template(name).expect("compiled above");
                    let ours = template.parse(&case.text).map(|t| Value::from(t.rows));
                    ours.as_ref().is_ok_and(|ours| ours == rows)
                });
        if !direct_agree {
            failures
                .entry(format!("{key} (ParseText)"))
                .or_insert_with(|| {
                    format!(
                        "{}: Template::parse differs from ParseText",
                        case.file.display()
                    )
                });
        }
        let agree = match (aurum, python) {
            (Ok(a), Ok(p)) => a == p,
            (Err(_), Err(_)) => {
                stat.both_errors += 1;
                true
            }
            _ => false,
        };
        if agree {
            stat.cases_agree += 1;
        } else {
            failures
                .entry(key)
                .or_insert_with(|| describe(&case.file, aurum, python));
        }
    }

    eprintln!("platform                 templates (agree)  fixtures (agree, both refuse)");
    for (platform, s) in &stats {
        eprintln!(
            "{platform:<24} {:>5} ({:>5})      {:>5} ({:>5}, {:>3})",
            s.templates, s.templates_agree, s.cases, s.cases_agree, s.both_errors
        );
    }
    eprintln!(
        "Template::parse compared with TextFSM.ParseText on {direct_checked} (template, fixture) pairs"
    );
    let expected: BTreeSet<&str> = expected::EXPECTED_FAILURES
        .iter()
        .map(|(t, _)| *t)
        .collect();
    let actual: BTreeSet<&str> = failures.keys().map(String::as_str).collect();
    let unexpected: Vec<String> = actual
        .difference(&expected)
        .map(|t| format!("  {t}: {}", failures[*t]))
        .collect();
    let fixed: Vec<&&str> = expected.difference(&actual).collect();
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "disagreements with Python textfsm not in EXPECTED_FAILURES:\n{}\nexpected failures that now agree (remove them from tests/ntc/expected.rs): {fixed:?}",
        unexpected.join("\n")
    );
}

fn describe(file: &Path, aurum: &Result<Value, String>, python: &Result<Value, String>) -> String {
    let first_difference = match (aurum, python) {
        (Ok(Value::Array(a)), Ok(Value::Array(p))) => {
            let row = (0..a.len().max(p.len()))
                .find(|&i| a.get(i) != p.get(i))
                .unwrap_or(0);
            let (a_row, p_row) = (a.get(row), p.get(row));
            let differing = |v: Option<&Value>, other: Option<&Value>| match (v, other) {
                (Some(Value::Object(v)), Some(Value::Object(o))) => {
                    let keys = v.iter().filter(|(k, x)| o.get(*k) != Some(*x));
                    Value::Object(keys.map(|(k, x)| (k.clone(), x.clone())).collect()).to_string()
                }
                _ => v.map_or("(no row)".to_string(), Value::to_string),
            };
            let show = |v: Option<&Value>| differing(v, if v == a_row { p_row } else { a_row });
            format!(
                "row {row} of {}/{}\n    aurum:  {}\n    python: {}",
                a.len(),
                p.len(),
                show(a.get(row)),
                show(p.get(row))
            )
        }
        _ => format!("\n    aurum:  {aurum:?}\n    python: {python:?}"),
    };
    format!(
        "{}: {}",
        file.display(),
        first_difference.chars().take(2000).collect::<String>()
    )
}
