//! From Golden Config's objects to Aurum's: the properties document (features, rules, removes,
//! replaces, remediation settings, in the Golden Config YAML shape Aurum already reads), one
//! `[golden.settings.NAME]` per setting, the SoT queries as files, dynamic groups as saved
//! filters where their filter can be expressed, and the list of what was left behind.

use std::collections::{BTreeMap, HashMap};

use aurum_core::rules::{
    ComplianceFeature, ComplianceRuleSpec, ConfigRemove, ConfigReplace, ConfigType, GoldenConfig,
    RemediationSetting,
};
use aurum_inventory::{DeviceFilter, SavedFilter};
use serde_json::Value;

use super::GoldenConfigExport;
use super::paths::translate_path_template;
use crate::json::{ref_id, text};

/// Names of synced objects by their Nautobot id, for dynamic-group filters that hold ids.
pub type NameLookup = HashMap<String, String>;

/// What an import writes.
#[derive(Debug, Clone, Default)]
pub struct GoldenConfigImport {
    pub properties: GoldenConfig,
    pub settings: Vec<ImportedSetting>,
    /// `(file name, query text)` for each setting's SoT aggregation query.
    pub queries: Vec<(String, String)>,
    pub saved_filters: Vec<SavedFilter>,
    /// What was not carried over, each with why.
    pub not_carried: Vec<String>,
}

/// One Golden Config setting as Aurum's `[golden.settings.NAME]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportedSetting {
    pub name: String,
    pub weight: i64,
    pub scope: Option<String>,
    pub backup_path: Option<String>,
    pub intended_path: Option<String>,
    pub template_path: Option<String>,
    /// `(url, branch)` of the Jinja templates repository.
    pub templates_repo: Option<(String, String)>,
    pub backup_remote: Option<String>,
    pub intended_remote: Option<String>,
    /// The query file, relative to the configuration file.
    pub sot_query: Option<String>,
}

impl ImportedSetting {
    /// The TOML table, with `properties` (the properties file's path) on each setting.
    pub fn to_toml(&self, properties: &str) -> String {
        let quote = |text: &str| toml::Value::String(text.to_string()).to_string();
        let mut out = format!("[golden.settings.{}]\n", quote(&self.name));
        out.push_str(&format!("weight = {}\n", self.weight));
        out.push_str(&format!("properties = {}\n", quote(properties)));
        if let Some(scope) = &self.scope {
            out.push_str(&format!("scope = {}\n", quote(scope)));
        }
        for (key, value) in [
            ("backup_path", &self.backup_path),
            ("intended_path", &self.intended_path),
            ("template_path", &self.template_path),
            ("sot_query", &self.sot_query),
        ] {
            if let Some(value) = value {
                out.push_str(&format!("{key} = {}\n", quote(value)));
            }
        }
        for (key, value) in [
            ("backup_remote", &self.backup_remote),
            ("intended_remote", &self.intended_remote),
        ] {
            if let Some(url) = value {
                out.push_str(&format!("{key} = {}\n", quote(url)));
            }
        }
        if let Some((url, branch)) = &self.templates_repo {
            out.push_str(&format!(
                "templates_repo = {{ url = {}, branch = {} }}\n",
                quote(url),
                quote(branch)
            ));
        }
        out
    }
}

/// Converts an export; `names` resolves ids in dynamic-group filters to names.
pub fn convert(export: &GoldenConfigExport, names: &NameLookup) -> GoldenConfigImport {
    let mut import = GoldenConfigImport::default();
    let platforms: HashMap<String, (String, String)> = export
        .platforms
        .iter()
        .filter_map(|p| {
            Some((
                ref_id(Some(p))?,
                (text(p, "name"), text(p, "network_driver")),
            ))
        })
        .collect();
    let platform_of = |object: &Value| -> (Option<String>, Option<String>) {
        let Some(reference) = object.get("platform") else {
            return (None, None);
        };
        let nested_driver = reference.get("network_driver").and_then(Value::as_str);
        let nested_name = reference.get("name").and_then(Value::as_str);
        let known = ref_id(Some(reference)).and_then(|id| platforms.get(&id).cloned());
        let name = nested_name
            .map(str::to_string)
            .or_else(|| known.as_ref().map(|k| k.0.clone()));
        let driver = nested_driver
            .map(str::to_string)
            .or_else(|| known.map(|k| k.1))
            .filter(|d| !d.is_empty());
        (name, driver)
    };

    let mut feature_slugs: HashMap<String, String> = HashMap::new();
    let mut json_ordered = Vec::new();
    for feature in &export.compliance_features {
        let name = text(feature, "name");
        let slug = Some(text(feature, "slug")).filter(|s| !s.is_empty());
        if let Some(id) = ref_id(Some(feature)) {
            feature_slugs.insert(id, slug.clone().unwrap_or_else(|| name.clone()));
        }
        import
            .properties
            .compliance_features
            .push(ComplianceFeature {
                name,
                slug,
                description: Some(text(feature, "description")).filter(|d| !d.is_empty()),
            });
    }
    for rule in &export.compliance_rules {
        let feature = rule.get("feature");
        let slug = feature
            .and_then(|f| f.get("slug"))
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| ref_id(feature).and_then(|id| feature_slugs.get(&id).cloned()));
        let (platform_name, driver) = platform_of(rule);
        let Some(slug) = slug else {
            import.not_carried.push(format!(
                "compliance rule {}: its feature is not among the compliance features",
                ref_id(Some(rule)).unwrap_or_default()
            ));
            continue;
        };
        let config_type = match text(rule, "config_type").to_ascii_lowercase().as_str() {
            "json" => ConfigType::Json,
            "xml" => ConfigType::Xml,
            _ => ConfigType::Cli,
        };
        let custom = rule
            .get("custom_compliance")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let mut ordered = rule
            .get("config_ordered")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if config_type == ConfigType::Json && !ordered {
            // Golden Config's JSON check is DeepDiff with `ignore_order` taken from the
            // record's previous `ordered` flag, false on a new record: lists compare in order.
            ordered = true;
            json_ordered.push(slug.clone());
        }
        import.properties.compliance_rules.push(ComplianceRuleSpec {
            feature_slug: slug,
            platform_name,
            platform_network_driver: driver,
            description: Some(text(rule, "description")).filter(|d| !d.is_empty()),
            config_ordered: ordered,
            match_config: Some(text(rule, "match_config")).filter(|m| !m.is_empty()),
            config_type,
            custom_compliance: custom,
            match_regex: Vec::new(),
            ignore_regex: Vec::new(),
            scope: None,
        });
    }
    if !json_ordered.is_empty() {
        json_ordered.sort();
        json_ordered.dedup();
        import.not_carried.push(format!(
            "JSON rules ({}) are imported with config_ordered: true: Golden Config compares JSON lists in order on a new compliance record (DeepDiff's ignore_order comes from the record's previous `ordered` flag), so this keeps its results; set it to false to ignore list order",
            json_ordered.join(", ")
        ));
    }
    for remove in &export.config_removes {
        let (platform_name, driver) = platform_of(remove);
        import.properties.config_removes.push(ConfigRemove {
            name: text(remove, "name"),
            platform_name,
            platform_network_driver: driver,
            description: Some(text(remove, "description")).filter(|d| !d.is_empty()),
            regex: text(remove, "regex"),
        });
    }
    for replace in &export.config_replaces {
        let (platform_name, driver) = platform_of(replace);
        import.properties.config_replaces.push(ConfigReplace {
            name: text(replace, "name"),
            platform_name,
            platform_network_driver: driver,
            description: Some(text(replace, "description")).filter(|d| !d.is_empty()),
            regex: text(replace, "regex"),
            replace: text(replace, "replace"),
        });
    }
    for setting in &export.remediation_settings {
        let (platform_name, driver) = platform_of(setting);
        import
            .properties
            .remediation_settings
            .push(RemediationSetting {
                platform_name,
                platform_network_driver: driver,
                remediation_type: Some(text(setting, "remediation_type"))
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| "hierconfig".to_string()),
                remediation_options: setting
                    .get("remediation_options")
                    .cloned()
                    .unwrap_or(Value::Null),
            });
    }

    let queries: HashMap<String, (String, String)> = export
        .graphql_queries
        .iter()
        .filter_map(|q| Some((ref_id(Some(q))?, (text(q, "name"), text(q, "query")))))
        .collect();
    let repositories: HashMap<String, (String, String, String)> = export
        .git_repositories
        .iter()
        .filter_map(|r| {
            Some((
                ref_id(Some(r))?,
                (text(r, "name"), text(r, "remote_url"), text(r, "branch")),
            ))
        })
        .collect();
    // Nautobot keeps a repository's credentials in a secrets group whose values the API never
    // returns; the remote is carried, its login is for the operator to give.
    for repository in &export.git_repositories {
        if repository
            .get("secrets_group")
            .is_some_and(|g| !g.is_null())
        {
            import.not_carried.push(format!(
                "git repository `{}` ({}): its credentials (a Nautobot secrets group) are not carried, as Nautobot never returns secret values; give the remote in aurum.toml `username` and `password = {{ env = \"...\" }}` or `ssh_key = {{ file = \"...\" }}` (docs/git-remotes.md)",
                text(repository, "name"),
                text(repository, "remote_url")
            ));
        }
    }
    let groups: HashMap<String, &Value> = export
        .dynamic_groups
        .iter()
        .filter_map(|g| Some((ref_id(Some(g))?, g)))
        .collect();
    for setting in &export.golden_config_settings {
        let name = Some(text(setting, "slug"))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| text(setting, "name"));
        let mut imported = ImportedSetting {
            name: name.clone(),
            weight: setting
                .get("weight")
                .and_then(Value::as_i64)
                .unwrap_or(1000),
            ..ImportedSetting::default()
        };
        for (field, target) in [
            ("backup_path_template", &mut imported.backup_path),
            ("intended_path_template", &mut imported.intended_path),
            ("jinja_path_template", &mut imported.template_path),
        ] {
            let template = text(setting, field);
            if template.is_empty() {
                continue;
            }
            match translate_path_template(&template) {
                Ok(translated) => *target = Some(translated),
                Err(why) => import.not_carried.push(format!(
                    "setting `{name}` {field} `{template}`: {why}; Aurum's default path is used until you set it"
                )),
            }
        }
        let repository =
            |field: &str| ref_id(setting.get(field)).and_then(|id| repositories.get(&id).cloned());
        if let Some((_, url, _)) = repository("backup_repository") {
            imported.backup_remote = Some(url);
        }
        if let Some((_, url, _)) = repository("intended_repository") {
            imported.intended_remote = Some(url);
        }
        if let Some((_, url, branch)) = repository("jinja_repository") {
            let branch = if branch.is_empty() {
                "main".to_string()
            } else {
                branch
            };
            imported.templates_repo = Some((url, branch));
        }
        if let Some((query_name, query)) =
            ref_id(setting.get("sot_agg_query")).and_then(|id| queries.get(&id).cloned())
        {
            let file = format!("queries/{}.graphql", file_name(&query_name));
            imported.sot_query = Some(file.clone());
            if !import.queries.iter().any(|(known, _)| *known == file) {
                import.queries.push((file, query));
            }
        }
        if let Some(group) = ref_id(setting.get("dynamic_group")).and_then(|id| groups.get(&id)) {
            let group_name = text(group, "name");
            match dynamic_group_filter(group, names) {
                Ok(filter) => {
                    imported.scope = Some(group_name.clone());
                    if !import.saved_filters.iter().any(|f| f.name == group_name) {
                        import.saved_filters.push(SavedFilter {
                            name: group_name,
                            description: format!("Golden Config setting `{name}`'s dynamic group"),
                            filter,
                        });
                    }
                }
                Err(why) => import.not_carried.push(format!(
                    "setting `{name}` scope (dynamic group `{group_name}`): {why}; the setting covers every device until you set `scope`"
                )),
            }
        }
        import.settings.push(imported);
    }
    import
}

/// A dynamic group's filter as a saved filter: the fields Aurum filters on, values by name.
fn dynamic_group_filter(group: &Value, names: &NameLookup) -> Result<DeviceFilter, String> {
    let kind = text(group, "group_type");
    if !kind.is_empty() && kind != "dynamic-filter" {
        return Err(format!(
            "it is a `{kind}` group, whose members are listed rather than filtered; make a saved filter for them"
        ));
    }
    let filter = group.get("filter").cloned().unwrap_or(Value::Null);
    let Value::Object(fields) = filter else {
        return Ok(DeviceFilter::default());
    };
    let mut out = DeviceFilter::default();
    let mut unsupported = BTreeMap::new();
    for (field, value) in fields {
        let values: Vec<String> = match &value {
            Value::Array(items) => items.iter().filter_map(value_text).collect(),
            other => value_text(other).into_iter().collect(),
        };
        let values: Vec<String> = values
            .into_iter()
            .map(|v| names.get(&v).cloned().unwrap_or(v))
            .collect();
        let target = match field.as_str() {
            "name" => &mut out.name,
            "location" => &mut out.location,
            "role" => &mut out.role,
            "platform" => &mut out.platform,
            "tenant" => &mut out.tenant,
            "tag" | "tags" => &mut out.tag,
            "status" => {
                out.status
                    .extend(values.iter().map(|v| v.to_ascii_lowercase()));
                continue;
            }
            _ => {
                unsupported.insert(field.clone(), value.to_string());
                continue;
            }
        };
        target.extend(values);
    }
    if !unsupported.is_empty() {
        let listed: Vec<String> = unsupported
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        return Err(format!(
            "its filter uses {}, which Aurum's saved filters do not have (they filter on name, location, role, platform, tenant, tag and status)",
            listed.join(", ")
        ));
    }
    Ok(out)
}

fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// A query's name as a file name: letters, digits, `-` and `_`.
fn file_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
