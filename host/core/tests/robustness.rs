//! Malformed and arbitrary input never panics: every dialect parses (or errors on) every
//! fixture text, truncated and re-indented variants of it, and remediation does the same for
//! every built-in platform.

mod common;

use aurum_core::dialect::SUPPORTED_NETWORK_OS;
use aurum_core::remediation::{RemediationOptions, Remediator};
use aurum_core::{ConfigTree, Dialect, Rule, check};

fn variants(text: &str) -> Vec<String> {
    // Keep debug-build test time low: the first few thousand characters carry every construct.
    let text: String = text.chars().take(2000).collect();
    let text = text.as_str();
    let mut v = vec![
        text.to_string(),
        format!(" {text}"),
        text.replace('\n', "\n "),
        text.replace("  ", "\t"),
    ];
    let chars: Vec<char> = text.chars().collect();
    for cut in [7, 333] {
        if cut < chars.len() {
            v.push(chars[..cut].iter().collect());
            v.push(chars[cut..].iter().collect());
        }
    }
    v.push("banner motd ^C\nnever closed".into());
    v.push("header motd #\nnever closed".into());
    v.push("config {\n  deviceconfig {\n".into());
    v.push("a\n  b\n c\n   d\n e\nf {\n}\n}\n\"x\n".into());
    v
}

#[test]
fn parsers_never_panic() {
    let mut texts: Vec<String> = Vec::new();
    for file in [
        "netutils/parser_cases.json",
        "netutils/compliance_cases.json",
    ] {
        for case in common::load(file) {
            if let Some(t) = case["backup"].as_str() {
                texts.push(t.to_string());
            }
        }
    }
    let rules = [Rule::cli("all", false, &["a", "i", "s", "b", "h"])];
    for text in &texts {
        let _ = check("cisco_ios", &rules, &variants(text)[1], text);
    }
    let mut parsed = 0usize;
    for text in &texts {
        for v in variants(text) {
            for os in SUPPORTED_NETWORK_OS {
                let d = Dialect::from_name(os).unwrap();
                if ConfigTree::parse(d, &v).is_ok() {
                    parsed += 1;
                }
            }
        }
    }
    // Most variants are valid configurations for most dialects; errors are the exception.
    assert!(
        parsed > texts.len() * SUPPORTED_NETWORK_OS.len(),
        "only {parsed} parses succeeded"
    );
}

#[test]
fn remediation_never_panics() {
    let cases = common::load("hier_config/cases.json");
    let platforms = [
        "cisco_ios",
        "arista_eos",
        "cisco_nxos",
        "cisco_xr",
        "juniper_junos",
        "vyos",
        "fortinet_fortios",
        "hp_comware5",
        "hp_procurve",
        "huawei_vrp",
        "nokia_srl",
        "aruba_aoscx",
        "ruckus_fastiron",
        "generic",
    ];
    let remediators: Vec<Remediator> = platforms
        .iter()
        .map(|p| Remediator::new(p, &RemediationOptions::for_platform(p).unwrap()).unwrap())
        .collect();
    for case in &cases {
        let running = case["running"].as_str().unwrap_or("");
        let intended = case["intended"].as_str().unwrap_or("");
        for v in variants(running) {
            for r in &remediators {
                let _ = r.remediate(&v, intended);
                let _ = r.remediate(intended, &v);
            }
        }
    }
}
