//! Transposer: turns `{"interfaces": {"Gi0/1": {...}, ...}}` (a map keyed by name, as many
//! sources of truth return it) into `{"interfaces": [{"name": "Gi0/1", ...}, ...]}`, sorted
//! by name, which templates iterate more naturally. Other keys pass through unchanged.

use aurum_sdk::{Plugin, PluginInfo, PluginKind, Transposer};
use serde_json::{Map, Value};

struct FlattenInterfaces;

impl Plugin for FlattenInterfaces {
    fn info() -> PluginInfo {
        PluginInfo::new(
            "flatten_interfaces",
            env!("CARGO_PKG_VERSION"),
            PluginKind::Transposer,
        )
    }
}

impl Transposer for FlattenInterfaces {
    fn transpose(data: String) -> Result<String, String> {
        let mut data: Value =
            serde_json::from_str(&data).map_err(|e| format!("input is not JSON: {e}"))?;
        let Some(root) = data.as_object_mut() else {
            return Err("input must be a JSON object".into());
        };
        if let Some(Value::Object(interfaces)) = root.remove("interfaces") {
            // serde_json's Map is ordered by key, so the list comes out sorted by name.
            let list = interfaces
                .into_iter()
                .map(|(name, attributes)| {
                    let mut entry = Map::new();
                    entry.insert("name".into(), Value::String(name));
                    match attributes {
                        Value::Object(fields) => entry.extend(fields),
                        other => {
                            entry.insert("value".into(), other);
                        }
                    }
                    Value::Object(entry)
                })
                .collect();
            root.insert("interfaces".into(), Value::Array(list));
        }
        serde_json::to_string(&data).map_err(|e| e.to_string())
    }
}

aurum_sdk::export_transposer!(FlattenInterfaces);
