//! Prints netutils-style compliance JSON for two config files and a features file
//! (`[{"name", "ordered", "section": [...]}]`):
//! `cargo run -p aurum-core --example compliance -- NETWORK_OS FEATURES.json ACTUAL INTENDED`.

use aurum_core::rules::RuleSpec;
use aurum_core::{Report, check};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [os, features, actual, intended, ..] = args.as_slice() else {
        eprintln!("usage: compliance NETWORK_OS FEATURES.json ACTUAL INTENDED");
        std::process::exit(2);
    };
    let read =
        |p: &str| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("cannot read {p}: {e}"));
    let specs: Vec<RuleSpec> =
        serde_json::from_str(&read(features)).unwrap_or_else(|e| panic!("bad features file: {e}"));
    let rules: Vec<_> = specs
        .into_iter()
        .map(|s| s.into_rule().unwrap_or_else(|e| panic!("{e}")))
        .collect();
    match check(os, &rules, &read(actual), &read(intended)) {
        Ok(results) => println!(
            "{}",
            serde_json::to_string(&Report(&results)).unwrap_or_default()
        ),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
