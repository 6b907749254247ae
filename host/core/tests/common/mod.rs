//! Shared helpers for the differential tests: fixture loading and exact expected-failure lists.
#![allow(dead_code)]

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// `../shared/fixtures` beside the repository checkout, or `AURUM_FIXTURES` (a checkout kept
/// elsewhere, such as a git worktree one folder deeper).
pub fn fixtures_dir() -> PathBuf {
    std::env::var_os("AURUM_FIXTURES").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures"),
        PathBuf::from,
    )
}

/// Loads one fixture file as a list of cases.
pub fn load(rel: &str) -> Vec<Value> {
    let path = fixtures_dir().join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read fixture {}: {e} (clone the shared fixtures beside the repo)",
            path.display()
        )
    });
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("fixture {} is not JSON: {e}", path.display()))
}

/// Runs `check` over every case, then asserts the failing ids are exactly `expected_failures`
/// and prints per-platform pass counts.
pub fn run_cases(
    rel: &str,
    platform_key: &str,
    expected_failures: &[(&str, &str)],
    check: impl Fn(&Value) -> Result<(), String>,
) {
    let cases = load(rel);
    assert!(!cases.is_empty(), "{rel} has no cases");
    let mut per_platform: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures: Vec<(String, String)> = Vec::new();
    for case in &cases {
        let id = case["id"].as_str().unwrap_or("?").to_string();
        let platform = case[platform_key].as_str().unwrap_or("?").to_string();
        let slot = per_platform.entry(platform).or_default();
        slot.1 += 1;
        match check(case) {
            Ok(()) => slot.0 += 1,
            Err(why) => failures.push((id, why)),
        }
    }
    eprintln!("{rel}: per-platform pass counts");
    for (p, (ok, total)) in &per_platform {
        eprintln!("  {p:<22} {ok}/{total}");
    }
    let failed: Vec<&str> = failures.iter().map(|(id, _)| id.as_str()).collect();
    let expected: Vec<&str> = expected_failures.iter().map(|(id, _)| *id).collect();
    for (id, why) in &failures {
        if !expected.contains(&id.as_str()) {
            eprintln!("UNEXPECTED FAILURE {id}:\n{why}\n");
        }
    }
    for id in &expected {
        if !failed.contains(id) {
            eprintln!("EXPECTED FAILURE NOW PASSES: {id} (remove it from the list)");
        }
    }
    assert_eq!(
        failed, expected,
        "{rel}: the failing cases must be exactly the listed expected failures"
    );
}

/// Pretty diff helper for failure messages.
pub fn show(expected: &impl std::fmt::Debug, got: &impl std::fmt::Debug) -> String {
    format!("expected: {expected:#?}\n     got: {got:#?}")
}
