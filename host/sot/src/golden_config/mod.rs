//! Nautobot Golden Config's setup, carried over: its compliance features and rules, config
//! removes and replaces, remediation settings, settings (weight, scope, repositories, path
//! templates) and their SoT GraphQL queries. Read from the REST API (or an export file of the
//! same objects), then converted; what cannot be carried over is listed with why.

mod convert;
mod paths;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use convert::{GoldenConfigImport, ImportedSetting, NameLookup, convert};
pub use paths::translate_path_template;

use crate::SotError;
use crate::http::JsonClient;

/// Golden Config's objects as the REST API returns them (depth 1); also the export file's
/// shape (`aurum import golden-config --from-file`), so an air-gapped team can carry them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GoldenConfigExport {
    pub compliance_features: Vec<Value>,
    pub compliance_rules: Vec<Value>,
    pub config_removes: Vec<Value>,
    pub config_replaces: Vec<Value>,
    pub remediation_settings: Vec<Value>,
    pub golden_config_settings: Vec<Value>,
    pub graphql_queries: Vec<Value>,
    pub git_repositories: Vec<Value>,
    pub dynamic_groups: Vec<Value>,
    pub platforms: Vec<Value>,
}

/// The endpoints, in the export's field order.
const ENDPOINTS: [&str; 10] = [
    "api/plugins/golden-config/compliance-feature/",
    "api/plugins/golden-config/compliance-rule/",
    "api/plugins/golden-config/config-remove/",
    "api/plugins/golden-config/config-replace/",
    "api/plugins/golden-config/remediation-setting/",
    "api/plugins/golden-config/golden-config-settings/",
    "api/extras/graphql-queries/",
    "api/extras/git-repositories/",
    "api/extras/dynamic-groups/",
    "api/dcim/platforms/",
];

/// A device's last backup and intended config as Golden Config's records hold them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceConfigs {
    pub device: String,
    pub backup: String,
    pub intended: String,
}

/// Every device's configs from Golden Config's `golden-config` records.
pub async fn fetch_device_configs(
    server: &aurum_config::SotServer,
    token: String,
) -> Result<Vec<DeviceConfigs>, SotError> {
    let client = JsonClient::new("nautobot", server, token)?;
    let url = client.url(
        "api/plugins/golden-config/golden-config/",
        &[
            ("limit", server.page_size.max(1).to_string()),
            ("depth", "1".into()),
        ],
    );
    Ok(client
        .list(url)
        .await?
        .iter()
        .filter_map(|record| {
            let device = record.get("device")?.get("name")?.as_str()?.to_string();
            let text = |field: &str| {
                record
                    .get(field)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            Some(DeviceConfigs {
                device,
                backup: text("backup_config"),
                intended: text("intended_config"),
            })
        })
        .collect())
}

/// Reads Golden Config's objects from a Nautobot server.
pub async fn fetch_golden_config(
    server: &aurum_config::SotServer,
    token: String,
) -> Result<GoldenConfigExport, SotError> {
    let client = JsonClient::new("nautobot", server, token)?;
    let page_size = server.page_size.max(1).to_string();
    let mut lists = Vec::with_capacity(ENDPOINTS.len());
    for path in ENDPOINTS {
        let url = client.url(path, &[("limit", page_size.clone()), ("depth", "1".into())]);
        lists.push(client.list(url).await?);
    }
    let mut lists = lists.into_iter();
    let mut next = || lists.next().unwrap_or_default();
    Ok(GoldenConfigExport {
        compliance_features: next(),
        compliance_rules: next(),
        config_removes: next(),
        config_replaces: next(),
        remediation_settings: next(),
        golden_config_settings: next(),
        graphql_queries: next(),
        git_repositories: next(),
        dynamic_groups: next(),
        platforms: next(),
    })
}
