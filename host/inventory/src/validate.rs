use std::collections::{BTreeSet, HashMap};
use std::net::IpAddr;

use crate::{ImportIssue, InventoryDocument};

/// Names that already exist in the store, so a file may refer to them without redefining them.
#[derive(Debug, Clone, Default)]
pub struct KnownNames {
    pub platforms: BTreeSet<String>,
    pub locations: BTreeSet<String>,
    pub secrets_groups: BTreeSet<String>,
}

/// Operator choices that change what an import accepts.
#[derive(Debug, Clone, Copy, Default)]
pub struct ValidationPolicy {
    pub allow_literal_secrets: bool,
}

/// Checks a parsed document against itself and the store. Returns every problem found;
/// an empty list means the import may be applied. Locations, roles, tenants and tags that a
/// device names but nobody defined are created on import; platforms and secrets groups are not,
/// because a typo there would silently produce a device Aurum cannot reach.
pub fn validate_document(
    doc: &InventoryDocument,
    known: &KnownNames,
    policy: ValidationPolicy,
) -> Vec<ImportIssue> {
    let mut issues = Vec::new();
    let mut issue = |section: &str, index: usize, name: &str, reason: String| {
        issues.push(ImportIssue {
            row: doc.row_label(section, index),
            name: (!name.is_empty()).then(|| name.to_string()),
            reason,
        });
    };

    let check_names =
        |section: &str, names: Vec<&str>, issue: &mut dyn FnMut(&str, usize, &str, String)| {
            let mut first_seen: HashMap<&str, usize> = HashMap::new();
            for (index, name) in names.into_iter().enumerate() {
                if name.trim().is_empty() {
                    issue(section, index, name, "the name is empty".to_string());
                } else if name.trim() != name {
                    issue(
                        section,
                        index,
                        name,
                        "the name has leading or trailing spaces".to_string(),
                    );
                } else if let Some(first) = first_seen.get(name) {
                    issue(
                        section,
                        index,
                        name,
                        format!("duplicate name, also at {}", doc.row_label(section, *first)),
                    );
                } else {
                    first_seen.insert(name, index);
                }
            }
        };
    check_names(
        "platforms",
        doc.platforms.iter().map(|p| p.name.as_str()).collect(),
        &mut issue,
    );
    check_names(
        "locations",
        doc.locations.iter().map(|l| l.name.as_str()).collect(),
        &mut issue,
    );
    check_names(
        "roles",
        doc.roles.iter().map(|o| o.name.as_str()).collect(),
        &mut issue,
    );
    check_names(
        "tenants",
        doc.tenants.iter().map(|o| o.name.as_str()).collect(),
        &mut issue,
    );
    check_names(
        "tags",
        doc.tags.iter().map(|o| o.name.as_str()).collect(),
        &mut issue,
    );
    check_names(
        "secrets_groups",
        doc.secrets_groups.iter().map(|g| g.name.as_str()).collect(),
        &mut issue,
    );
    check_names(
        "saved_filters",
        doc.saved_filters.iter().map(|f| f.name.as_str()).collect(),
        &mut issue,
    );
    check_names(
        "devices",
        doc.devices.iter().map(|d| d.name.as_str()).collect(),
        &mut issue,
    );

    for (index, platform) in doc.platforms.iter().enumerate() {
        if platform.driver.trim().is_empty() {
            issue(
                "platforms",
                index,
                &platform.name,
                "`driver` is empty; name the driver plugin".to_string(),
            );
        }
    }

    let locations: BTreeSet<&str> = known
        .locations
        .iter()
        .map(String::as_str)
        .chain(doc.locations.iter().map(|l| l.name.as_str()))
        .collect();
    for (index, location) in doc.locations.iter().enumerate() {
        if let Some(parent) = &location.parent {
            if parent == &location.name {
                issue(
                    "locations",
                    index,
                    &location.name,
                    "a location cannot be its own parent".to_string(),
                );
            } else if !locations.contains(parent.as_str()) {
                issue(
                    "locations",
                    index,
                    &location.name,
                    format!("unknown parent location `{parent}`"),
                );
            }
        }
    }

    for (index, group) in doc.secrets_groups.iter().enumerate() {
        if !policy.allow_literal_secrets && group.references().any(|r| r.is_literal()) {
            issue(
                "secrets_groups",
                index,
                &group.name,
                "literal credentials are not allowed; use { env: NAME }, { file: PATH } or { stored: NAME }, or set \
                 [inventory] allow_literal_secrets = true for a lab"
                    .to_string(),
            );
        }
    }

    for (index, saved) in doc.saved_filters.iter().enumerate() {
        for status in &saved.filter.status {
            if let Err(reason) = status.parse::<crate::DeviceStatus>() {
                issue("saved_filters", index, &saved.name, reason);
            }
        }
    }

    let platforms = union(
        &known.platforms,
        doc.platforms.iter().map(|p| p.name.as_str()),
    );
    let groups = union(
        &known.secrets_groups,
        doc.secrets_groups.iter().map(|g| g.name.as_str()),
    );
    for (index, device) in doc.devices.iter().enumerate() {
        let name = device.name.as_str();
        if let Some(address) = &device.address
            && let Err(reason) = check_address(address)
        {
            issue("devices", index, name, reason);
        }
        if device.port == 0 {
            issue(
                "devices",
                index,
                name,
                "port 0 is not a valid SSH port".to_string(),
            );
        }
        if let Some(platform) = &device.platform
            && !platforms.contains(platform.as_str())
        {
            issue(
                "devices",
                index,
                name,
                unknown(
                    "platform",
                    platform,
                    &platforms,
                    "aurum init creates the shipped ones",
                ),
            );
        }
        if let Some(group) = &device.secrets_group
            && !groups.contains(group.as_str())
        {
            issue(
                "devices",
                index,
                name,
                unknown(
                    "secrets group",
                    group,
                    &groups,
                    "define it under `secrets_groups:`",
                ),
            );
        }
        if device.tags.iter().any(|t| t.trim().is_empty()) {
            issue("devices", index, name, "a tag is empty".to_string());
        }
        if !device.data.is_object() {
            issue(
                "devices",
                index,
                name,
                "`data` must be a mapping".to_string(),
            );
        }
    }
    issues
}

fn union<'a>(
    known: &'a BTreeSet<String>,
    defined: impl Iterator<Item = &'a str>,
) -> BTreeSet<&'a str> {
    known.iter().map(String::as_str).chain(defined).collect()
}

fn unknown(what: &str, name: &str, existing: &BTreeSet<&str>, hint: &str) -> String {
    if existing.is_empty() {
        format!("unknown {what} `{name}`: none exist yet; {hint}")
    } else {
        let list: Vec<&str> = existing.iter().copied().collect();
        format!(
            "unknown {what} `{name}`; known: {} ({hint})",
            list.join(", ")
        )
    }
}

/// An IP address or a DNS name (RFC 1123 labels), as SSH would accept it.
fn check_address(address: &str) -> Result<(), String> {
    if address.parse::<IpAddr>().is_ok() {
        return Ok(());
    }
    let bad = || format!("address `{address}` is neither an IP address nor a valid host name");
    if address.len() > 253 || address.is_empty() {
        return Err(bad());
    }
    let labels_ok = address.trim_end_matches('.').split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    // A name made only of digits and dots is a mistyped IPv4 address, not a host name.
    let looks_numeric = address.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if labels_ok && !looks_numeric {
        Ok(())
    } else {
        Err(bad())
    }
}

#[cfg(test)]
mod tests {
    use super::check_address;

    #[test]
    fn addresses() {
        for good in [
            "10.0.0.1",
            "2001:db8::1",
            "r1.example.net",
            "leaf-01",
            "fqdn.example.",
        ] {
            assert!(check_address(good).is_ok(), "{good}");
        }
        for bad in [
            "10.0.0.256",
            "10.0.0",
            "bad host",
            "-r1",
            "r1..net",
            "",
            "a_b",
        ] {
            assert!(check_address(bad).is_err(), "{bad}");
        }
    }
}
