//! The SNMP-community stripper as a native plugin: the same trait as the WASM build, exported
//! through the C ABI (`aurum_sdk::export_native!`) from a `cdylib`.

use aurum_sdk::{Plugin, PluginInfo, PluginKind, Postprocessor};

struct StripSnmpNative;

impl Plugin for StripSnmpNative {
    fn info() -> PluginInfo {
        PluginInfo::new(
            "strip_snmp_native",
            env!("CARGO_PKG_VERSION"),
            PluginKind::Postprocessor,
        )
    }
}

impl Postprocessor for StripSnmpNative {
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

aurum_sdk::export_native!(postprocessor: StripSnmpNative);
