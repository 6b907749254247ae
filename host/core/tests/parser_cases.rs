//! Differential test: Aurum's trees against netutils' `config_lines` for every parser case.

mod common;

use aurum_core::{ConfigTree, Dialect};
use serde_json::Value;

/// Cases where Aurum deliberately differs from the fixture, with the reason.
const EXPECTED_FAILURES: &[(&str, &str)] = &[(
    "parser/base/cisco_ios/ios_dual_banner",
    "the fixture expects a trailing `{line: null}` entry that older netutils emitted after two \
     consecutive banners; we follow netutils 1.19.2, which emits no such entry",
)];

fn check(case: &Value) -> Result<(), String> {
    let os = case["network_os"].as_str().ok_or("no network_os")?;
    let text = case["backup"].as_str().ok_or("no backup")?;
    let dialect = Dialect::from_name(os).map_err(|e| e.to_string())?;
    let tree = ConfigTree::parse(dialect, text).map_err(|e| e.to_string())?;
    let got: Vec<(Option<String>, Vec<String>)> = tree
        .to_lines()
        .into_iter()
        .map(|(l, p)| (Some(l), p))
        .collect();
    let expected: Vec<(Option<String>, Vec<String>)> = case["expected"]
        .as_array()
        .ok_or("expected is not a list")?
        .iter()
        .map(|e| {
            let line = e["line"].as_str().map(str::to_string);
            let parents = e["parents"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|p| p.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            (line, parents)
        })
        .collect();
    if got == expected {
        Ok(())
    } else {
        let first = got
            .iter()
            .zip(&expected)
            .position(|(a, b)| a != b)
            .unwrap_or(got.len().min(expected.len()));
        Err(format!(
            "{} entries vs {} expected; first difference at {first}:\n{}",
            got.len(),
            expected.len(),
            common::show(&expected.get(first), &got.get(first))
        ))
    }
}

#[test]
fn parser_cases_match_netutils() {
    common::run_cases(
        "netutils/parser_cases.json",
        "network_os",
        EXPECTED_FAILURES,
        check,
    );
}
