use serde::{Deserialize, Serialize};

/// The contract version this SDK implements; a plugin reports it in [`PluginInfo::api_version`].
pub const API_VERSION: &str = "0.5.0";

/// The previous contract versions the host still accepts from Rhai and native plugins, newest
/// first: 0.3 to 0.5 only added driver-spec fields (0.3: the safe-apply section and the
/// platform's dialect network OS, remediation rules, ntc-templates name and pager markers;
/// 0.4: a confirmed commit's own way into configuration mode, its abort and save-after, a
/// checkpoint named by the device; 0.5: the dialect's sections), all optional in the JSON
/// shapes a script or library crosses. (A WebAssembly component of an older version exports interfaces named after it
/// and must be rebuilt.)
pub const PREVIOUS_API_VERSIONS: &[&str] = &["0.4.0", "0.3.0", "0.2.0"];

/// The five kinds of plugin, mirroring `aurum:plugin/types.plugin-kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PluginKind {
    Driver,
    Compliance,
    Transposer,
    Postprocessor,
    Remediation,
}

impl PluginKind {
    /// The kind's name as written in `aurum.toml` and WIT.
    pub fn as_str(self) -> &'static str {
        match self {
            PluginKind::Driver => "driver",
            PluginKind::Compliance => "compliance",
            PluginKind::Transposer => "transposer",
            PluginKind::Postprocessor => "postprocessor",
            PluginKind::Remediation => "remediation",
        }
    }
}

impl std::fmt::Display for PluginKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who a plugin says it is. The host compares it with the plugin's `aurum.toml` entry and
/// refuses a mismatch, so a file registered under the wrong name or kind never runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PluginInfo {
    pub name: String,
    pub version: String,
    pub kind: PluginKind,
    pub api_version: String,
}

impl PluginInfo {
    /// Info for a plugin built against this SDK's [`API_VERSION`].
    pub fn new(name: &str, version: &str, kind: PluginKind) -> Self {
        PluginInfo {
            name: name.to_owned(),
            version: version.to_owned(),
            kind,
            api_version: API_VERSION.to_owned(),
        }
    }
}

/// Whether a host implementing `host` accepts a plugin built against `plugin`.
///
/// Same major version (for 0.x, where the minor plays the major's role: same minor), and
/// the plugin's minor no newer than the host's, since a plugin built against a newer
/// contract may rely on what this host lacks. Patch versions never matter. Unparseable
/// versions are never compatible. A host that still accepts a previous major calls this
/// once per major it supports.
pub fn api_version_compatible(host: &str, plugin: &str) -> bool {
    let (Some(host), Some(plugin)) = (parse(host), parse(plugin)) else {
        return false;
    };
    if host.0 == 0 {
        plugin.0 == 0 && plugin.1 == host.1
    } else {
        plugin.0 == host.0 && plugin.1 <= host.1
    }
}

fn parse(version: &str) -> Option<(u64, u64)> {
    let mut parts = version.trim().split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    if let Some(patch) = parts.next() {
        patch.parse::<u64>().ok()?;
    }
    if parts.next().is_some() {
        return None;
    }
    Some((major, minor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compatibility_follows_semver_with_zero_major_rules() {
        assert!(api_version_compatible("0.1.0", "0.1.0"));
        assert!(api_version_compatible("0.1.3", "0.1.1"));
        assert!(api_version_compatible("0.1.0", "0.1.1"));
        assert!(!api_version_compatible("0.1.0", "0.2.0"));
        assert!(!api_version_compatible("0.2.0", "0.1.0"));
        assert!(api_version_compatible("1.3.0", "1.1.0"));
        assert!(!api_version_compatible("1.3.0", "1.4.0"));
        assert!(!api_version_compatible("2.0.0", "1.0.0"));
        assert!(!api_version_compatible("0.1.0", "banana"));
        assert!(!api_version_compatible("0.1.0", "0.1.0.1"));
    }
}
