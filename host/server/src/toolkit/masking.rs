//! Secrets out of the command log: what is stored of a run (its command, output and error) goes
//! through the driver's secret masks, the same rules its backups are cleaned with, so `show
//! running-config` never leaves an SNMP community or a user hash in the log or its exports.
//! The caller who ran the command still gets the output as the device sent it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aurum_connect::{CompiledSpec, clean_output};

/// Each driver's masks, ready to apply: its spec with nothing of the backup cleanup left but
/// the masks (no head or tail cut, no volatile line dropped), compiled once per driver.
#[derive(Default)]
pub(crate) struct LogMasks {
    by_driver: Mutex<HashMap<String, Arc<CompiledSpec>>>,
}

/// What the log stores instead when the masks cannot be prepared: never the unmasked text.
const UNMASKABLE: &str = "<not stored: the driver's secret masks could not be applied>";

impl LogMasks {
    /// `text` with `driver`'s secrets masked, line by line. Terminal artefacts go too (escape
    /// sequences, trailing blanks), as in a backup; the words are otherwise as sent.
    pub(crate) fn mask(&self, driver: &str, spec: &CompiledSpec, text: &str) -> String {
        if text.is_empty() || spec.spec.cleanup.mask_secrets.is_empty() {
            return text.to_string();
        }
        let Some(masks) = self.masks_of(driver, spec) else {
            return UNMASKABLE.to_string();
        };
        let masked = clean_output(text, &masks);
        if text.ends_with('\n') {
            masked
        } else {
            masked.trim_end_matches('\n').to_string()
        }
    }

    fn masks_of(&self, driver: &str, spec: &CompiledSpec) -> Option<Arc<CompiledSpec>> {
        let mut cache = self.by_driver.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(masks) = cache.get(driver) {
            return Some(masks.clone());
        }
        let mut only_masks = spec.spec.clone();
        only_masks.cleanup.cut_head = 0;
        only_masks.cleanup.cut_tail = 0;
        only_masks.cleanup.drop_lines.clear();
        match CompiledSpec::compile(only_masks) {
            Ok(compiled) => {
                let compiled = Arc::new(compiled);
                cache.insert(driver.to_string(), compiled.clone());
                Some(compiled)
            }
            Err(error) => {
                tracing::error!(%error, driver, "cannot prepare the driver's secret masks");
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A spec with a backup cleanup that cuts and drops lines, and the given masks.
    fn spec(masks: &[(&str, &str)]) -> CompiledSpec {
        let masks: Vec<_> = masks
            .iter()
            .map(|(pattern, replacement)| {
                serde_json::json!({ "pattern": pattern, "replacement": replacement })
            })
            .collect();
        let spec = serde_json::from_value(serde_json::json!({
            "platform": "test_os",
            "default_mode": "privileged",
            "modes": [{ "name": "privileged", "prompt": "\\S+#" }],
            "backup_commands": [],
            "cleanup": {
                "cut_head": 2,
                "cut_tail": 1,
                "drop_lines": ["^! Last configuration change"],
                "mask_secrets": masks,
            },
        }))
        .unwrap();
        CompiledSpec::compile(spec).unwrap()
    }

    #[test]
    fn secrets_are_masked_and_nothing_else_of_the_cleanup_applies() {
        let spec = spec(&[(r"^(snmp-server community) \S+", "$1 <removed>")]);
        let masks = LogMasks::default();
        let output = "Building configuration...\n! Last configuration change at 10:00\nhostname r1\nsnmp-server community s3cr3t RO\nend\n";
        assert_eq!(
            masks.mask("test", &spec, output),
            "Building configuration...\n! Last configuration change at 10:00\nhostname r1\nsnmp-server community <removed> RO\nend\n"
        );
        assert_eq!(
            masks.mask("test", &spec, "snmp-server community s3cr3t RO"),
            "snmp-server community <removed> RO",
            "a command line keeps its shape"
        );
    }

    #[test]
    fn a_driver_without_masks_stores_the_text_as_sent() {
        let spec = spec(&[]);
        let text = "show version  \r\n";
        assert_eq!(LogMasks::default().mask("test", &spec, text), text);
    }
}
