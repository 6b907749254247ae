//! Postprocessor: removes SNMP community strings from an intended config before it leaves
//! Aurum (`snmp-server community <secret> ...` lines are dropped; the rest is untouched).

use aurum_sdk::{Plugin, PluginInfo, PluginKind, Postprocessor};

struct StripSnmp;

impl Plugin for StripSnmp {
    fn info() -> PluginInfo {
        PluginInfo::new(
            "strip_snmp_communities",
            env!("CARGO_PKG_VERSION"),
            PluginKind::Postprocessor,
        )
    }
}

impl Postprocessor for StripSnmp {
    fn process(config: String, _context: String) -> Result<String, String> {
        let mut out = String::with_capacity(config.len());
        for line in config.lines() {
            if !line.trim_start().starts_with("snmp-server community ") {
                out.push_str(line);
                out.push('\n');
            }
        }
        Ok(out)
    }
}

aurum_sdk::export_postprocessor!(StripSnmp);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_only_community_lines() {
        let config = "hostname r1\nsnmp-server community public RO\n snmp-server community x RW\nsnmp-server location lab\n";
        let out = StripSnmp::process(config.into(), "{}".into()).unwrap();
        assert_eq!(out, "hostname r1\nsnmp-server location lab\n");
        assert_eq!(StripSnmp::info().kind, PluginKind::Postprocessor);
    }
}
