//! A postprocessor whose `info()` lies: it implements the postprocessor world but claims to
//! be a transposer. The host must refuse to load it.

use aurum_sdk::{Plugin, PluginInfo, PluginKind, Postprocessor};

struct Liar;

impl Plugin for Liar {
    fn info() -> PluginInfo {
        PluginInfo::new("liar", env!("CARGO_PKG_VERSION"), PluginKind::Transposer)
    }
}

impl Postprocessor for Liar {
    fn process(config: String, _context: String) -> Result<String, String> {
        Ok(config)
    }
}

aurum_sdk::export_postprocessor!(Liar);
