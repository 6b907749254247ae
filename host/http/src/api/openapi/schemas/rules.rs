//! A setting's properties (compliance features and rules, config removes and replaces,
//! remediation settings) as `aurum_core::rules::GoldenConfig` serialises them.

use super::*;

/// A platform match, as every properties entry carries it: a platform name or driver.
fn platform_match() -> [(&'static str, Value); 2] {
    [
        ("platform_name", nullable("string")),
        ("platform_network_driver", nullable("string")),
    ]
}

fn with_platform(fields: &[(&'static str, Value)]) -> Vec<(&'static str, Value)> {
    let mut all = fields.to_vec();
    all.extend(platform_match());
    all
}

fn feature() -> Value {
    object(
        &[
            ("name", string()),
            ("slug", nullable("string")),
            ("description", nullable("string")),
        ],
        &[],
    )
}

fn rule() -> Value {
    object(
        &with_platform(&[
            ("feature_slug", string()),
            ("description", nullable("string")),
            ("config_ordered", boolean()),
            ("match_config", nullable("string")),
            (
                "config_type",
                json!({ "type": "string", "enum": ["cli", "json", "xml", "custom"] }),
            ),
            ("custom_compliance", boolean()),
            ("match_regex", strings()),
            ("ignore_regex", strings()),
            ("scope", nullable("string")),
        ]),
        &[],
    )
}

fn remove() -> Value {
    object(
        &with_platform(&[
            ("name", string()),
            ("description", nullable("string")),
            ("regex", string()),
        ]),
        &[],
    )
}

fn replace() -> Value {
    object(
        &with_platform(&[
            ("name", string()),
            ("description", nullable("string")),
            ("regex", string()),
            ("replace", string()),
        ]),
        &[],
    )
}

fn remediation() -> Value {
    object(
        &with_platform(&[
            ("remediation_type", string()),
            (
                "remediation_options",
                json!({ "type": ["object", "null"], "description": "hier_config's options for the platform, as the file gives them; null when it gives none." }),
            ),
        ]),
        &[],
    )
}

/// One setting's properties file: where it is, what it holds, or why it cannot be read.
pub(super) fn properties_view() -> Value {
    let properties = object(
        &[
            ("compliance_features", array(feature())),
            ("compliance_rules", array(rule())),
            ("config_removes", array(remove())),
            ("config_replaces", array(replace())),
            ("remediation_settings", array(remediation())),
        ],
        &[],
    );
    object(
        &[
            ("setting", string()),
            (
                "path",
                json!({ "type": ["string", "null"], "description": "The properties file; null when the setting has none (it then checks and cleans nothing)." }),
            ),
            (
                "properties",
                json!({ "oneOf": [properties, { "type": "null" }] }),
            ),
            (
                "error",
                json!({ "type": ["string", "null"], "description": "Why the file cannot be read, when it cannot." }),
            ),
        ],
        &[],
    )
}
