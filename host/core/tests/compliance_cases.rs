//! Differential tests: compliance, section extraction and not-parsed reports against netutils.

mod common;

use aurum_core::compliance::{Blocks, not_parsed, section_text};
use aurum_core::{ConfigTree, Dialect, Report, Rule, check};
use serde_json::Value;

fn rules_of(case: &Value) -> Vec<Rule> {
    case["features"]
        .as_array()
        .map(|fs| {
            fs.iter()
                .map(|f| {
                    let section: Vec<&str> = f["section"]
                        .as_array()
                        .map(|s| s.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    Rule::cli(
                        f["name"].as_str().unwrap_or(""),
                        f["ordered"].as_bool().unwrap_or(false),
                        &section,
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn compare(expected: &Value, got: &Value) -> Result<(), String> {
    if expected == got {
        Ok(())
    } else {
        Err(common::show(expected, got))
    }
}

#[test]
fn compliance_cases_match_netutils() {
    common::run_cases(
        "netutils/compliance_cases.json",
        "network_os",
        &[],
        |case| {
            let os = case["network_os"].as_str().ok_or("no os")?;
            let results = check(
                os,
                &rules_of(case),
                case["backup"].as_str().unwrap_or(""),
                case["intended"].as_str().unwrap_or(""),
            )
            .map_err(|e| e.to_string())?;
            let got = serde_json::to_value(Report(&results)).map_err(|e| e.to_string())?;
            compare(&case["expected"], &got)
        },
    );
}

#[test]
fn section_cases_match_netutils() {
    common::run_cases("netutils/section_cases.json", "network_os", &[], |case| {
        let os = case["network_os"].as_str().ok_or("no os")?;
        let text = case["backup"].as_str().unwrap_or("");
        let tree = ConfigTree::parse(Dialect::from_name(os).map_err(|e| e.to_string())?, text)
            .map_err(|e| e.to_string())?;
        let blocks = Blocks::new(&tree);
        let mut got = serde_json::Map::new();
        for rule in rules_of(case) {
            got.insert(
                rule.feature.clone(),
                Value::String(section_text(&tree, &blocks, &rule, text)),
            );
        }
        compare(&case["expected"], &Value::Object(got))
    });
}

#[test]
fn not_parsed_cases_match_netutils() {
    common::run_cases(
        "netutils/not_parsed_cases.json",
        "network_os",
        &[],
        |case| {
            let os = case["network_os"].as_str().ok_or("no os")?;
            let dialect = Dialect::from_name(os).map_err(|e| e.to_string())?;
            let got = not_parsed(
                dialect,
                &rules_of(case),
                case["backup"].as_str().unwrap_or(""),
            )
            .map_err(|e| e.to_string())?;
            compare(
                &case["expected"],
                &serde_json::to_value(got).map_err(|e| e.to_string())?,
            )
        },
    );
}
