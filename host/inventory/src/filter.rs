use serde::{Deserialize, Serialize};

use crate::{Device, InventoryError};

/// A selection of devices: every listed field must match, and within one field any of the
/// listed values may match (so `role=leaf,spine location=nyc` is "leaf or spine, in nyc").
/// Names accept `*` wildcards. An empty filter selects every device.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DeviceFilter {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub name: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub location: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub role: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub platform: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tenant: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tag: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub status: Vec<String>,
}

/// The fields a filter can name, in the order `--help` lists them.
pub const FILTER_FIELDS: [&str; 7] = [
    "name", "location", "role", "platform", "tenant", "tag", "status",
];

impl DeviceFilter {
    /// Parses command-line terms such as `role=leaf,spine` or `name=nyc-*`; repeating a field
    /// adds values to it.
    pub fn parse_terms<S: AsRef<str>>(terms: &[S]) -> Result<Self, InventoryError> {
        let mut filter = DeviceFilter::default();
        for term in terms {
            let term = term.as_ref();
            let error = |reason: String| InventoryError::Filter {
                expression: term.to_string(),
                reason,
            };
            let (field, values) = term
                .split_once('=')
                .ok_or_else(|| error("write it as FIELD=VALUE[,VALUE...]".to_string()))?;
            let values: Vec<String> = values
                .split(',')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
                .collect();
            if values.is_empty() {
                return Err(error("no value after `=`".to_string()));
            }
            filter
                .field_mut(field.trim())
                .ok_or_else(|| {
                    error(format!(
                        "unknown field; use one of {}",
                        FILTER_FIELDS.join(", ")
                    ))
                })?
                .extend(values);
        }
        Ok(filter)
    }

    fn field_mut(&mut self, field: &str) -> Option<&mut Vec<String>> {
        Some(match field {
            "name" => &mut self.name,
            "location" => &mut self.location,
            "role" => &mut self.role,
            "platform" => &mut self.platform,
            "tenant" => &mut self.tenant,
            "tag" | "tags" => &mut self.tag,
            "status" => &mut self.status,
            _ => return None,
        })
    }

    pub fn is_empty(&self) -> bool {
        *self == DeviceFilter::default()
    }

    pub fn matches(&self, device: &Device) -> bool {
        let optional = |wanted: &[String], value: &Option<String>| {
            wanted.is_empty()
                || value
                    .as_ref()
                    .is_some_and(|v| wanted.iter().any(|w| w == v))
        };
        (self.name.is_empty() || self.name.iter().any(|p| glob_match(p, &device.name)))
            && optional(&self.location, &device.location)
            && optional(&self.role, &device.role)
            && optional(&self.platform, &device.platform)
            && optional(&self.tenant, &device.tenant)
            && (self.tag.is_empty() || self.tag.iter().any(|t| device.tags.contains(t)))
            && (self.status.is_empty() || self.status.iter().any(|s| s == device.status.as_str()))
    }

    /// A one-line rendering for messages ("no device matches role=leaf location=nyc").
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        for (field, values) in [
            ("name", &self.name),
            ("location", &self.location),
            ("role", &self.role),
            ("platform", &self.platform),
            ("tenant", &self.tenant),
            ("tag", &self.tag),
            ("status", &self.status),
        ] {
            if !values.is_empty() {
                parts.push(format!("{field}={}", values.join(",")));
            }
        }
        if parts.is_empty() {
            "(all devices)".to_string()
        } else {
            parts.join(" ")
        }
    }
}

/// `*` matches any run of characters; everything else matches itself.
fn glob_match(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let remaining: Vec<&str> = parts.collect();
    let Some((last, middle)) = remaining.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(name: &str, role: &str, tags: &[&str]) -> Device {
        let mut d = Device::named(name);
        d.role = Some(role.to_string());
        d.location = Some("nyc".to_string());
        d.tags = tags.iter().map(|t| t.to_string()).collect();
        d
    }

    #[test]
    fn globs() {
        assert!(glob_match("nyc-*", "nyc-leaf1"));
        assert!(glob_match("*leaf*", "nyc-leaf1"));
        assert!(glob_match("*1", "nyc-leaf1"));
        assert!(!glob_match("*2", "nyc-leaf1"));
        assert!(glob_match("exact", "exact"));
        assert!(!glob_match("exact", "exact2"));
        assert!(!glob_match("a*a", "a"));
    }

    #[test]
    fn fields_and_together_values_or_together() {
        let filter = DeviceFilter::parse_terms(&["role=leaf,spine", "location=nyc"]).unwrap();
        assert!(filter.matches(&device("a", "leaf", &[])));
        assert!(filter.matches(&device("b", "spine", &[])));
        assert!(!filter.matches(&device("c", "border", &[])));
        let tagged = DeviceFilter::parse_terms(&["tag=pci"]).unwrap();
        assert!(tagged.matches(&device("a", "leaf", &["pci", "core"])));
        assert!(!tagged.matches(&device("a", "leaf", &["core"])));
        assert_eq!(filter.describe(), "location=nyc role=leaf,spine");
    }

    #[test]
    fn missing_value_never_matches_a_field_filter() {
        let filter = DeviceFilter::parse_terms(&["tenant=acme"]).unwrap();
        assert!(!filter.matches(&Device::named("x")));
        assert!(DeviceFilter::default().matches(&Device::named("x")));
    }

    #[test]
    fn bad_terms_are_errors() {
        let err = DeviceFilter::parse_terms(&["colour=red"])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("unknown field") && err.contains("location"),
            "{err}"
        );
        assert!(DeviceFilter::parse_terms(&["role"]).is_err());
        assert!(DeviceFilter::parse_terms(&["role="]).is_err());
    }
}
