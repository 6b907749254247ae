//! A native postprocessor that panics on `panic` and returns an error on `error`; anything
//! else is echoed. The panic must be caught inside the library, never reach the host.

use aurum_sdk::{Plugin, PluginInfo, PluginKind, Postprocessor};

struct HostileNative;

impl Plugin for HostileNative {
    fn info() -> PluginInfo {
        PluginInfo::new(
            "hostile_native",
            env!("CARGO_PKG_VERSION"),
            PluginKind::Postprocessor,
        )
    }
}

impl Postprocessor for HostileNative {
    fn process(config: String, _context: String) -> Result<String, String> {
        match config.as_str() {
            "panic" => panic!("the hostile native plugin panicked on purpose"),
            "error" => Err("the hostile native plugin refused on purpose".into()),
            _ => Ok(config),
        }
    }
}

aurum_sdk::export_native!(postprocessor: HostileNative);
