//! Compliance: a feature is compliant when its significant lines (not blank, not `!`
//! comments, trailing spaces ignored) are exactly the intended ones in the intended order.
//! Useful for order-sensitive features such as ACLs and route maps.

use aurum_sdk::{Compliance, Findings, Plugin, PluginInfo, PluginKind};

struct OrderedLines;

impl Plugin for OrderedLines {
    fn info() -> PluginInfo {
        PluginInfo::new(
            "ordered_lines",
            env!("CARGO_PKG_VERSION"),
            PluginKind::Compliance,
        )
    }
}

fn significant(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('!'))
        .collect()
}

fn absent<'a>(from: &[&'a str], within: &[&str]) -> String {
    from.iter()
        .filter(|line| !within.contains(line))
        .fold(String::new(), |mut out, line| {
            out.push_str(line);
            out.push('\n');
            out
        })
}

impl Compliance for OrderedLines {
    fn check(_feature: String, actual: String, intended: String) -> Result<Findings, String> {
        let actual = significant(&actual);
        let intended = significant(&intended);
        let missing = absent(&intended, &actual);
        let extra = absent(&actual, &intended);
        Ok(Findings {
            compliant: actual == intended,
            missing,
            extra,
            ordered: true,
        })
    }
}

aurum_sdk::export_compliance!(OrderedLines);
