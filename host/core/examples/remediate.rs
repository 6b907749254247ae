//! Prints the remediation (or, with `--rollback`, the rollback) between two config files:
//! `cargo run -p aurum-core --example remediate -- PLATFORM RUNNING INTENDED [--rollback]`.
//! Handy for comparing against hier_config by hand.

use aurum_core::remediation::{RemediationOptions, Remediator};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [platform, running, intended, ..] = args.as_slice() else {
        eprintln!("usage: remediate PLATFORM RUNNING INTENDED [--rollback]");
        std::process::exit(2);
    };
    let read =
        |p: &str| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("cannot read {p}: {e}"));
    let (running, intended) = (read(running), read(intended));
    let result = RemediationOptions::for_platform(platform)
        .and_then(|o| Remediator::new(platform, &o))
        .and_then(|r| {
            if args.iter().any(|a| a == "--rollback") {
                r.rollback(&running, &intended)
            } else {
                r.remediate(&running, &intended)
            }
        });
    match result {
        Ok(text) => println!("{text}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
