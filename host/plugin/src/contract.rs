//! The checks every loaded plugin passes, whatever its backend: the file is the pinned one,
//! and the plugin's `info()` agrees with its `aurum.toml` entry.

use std::path::Path;

use aurum_sdk::{
    API_VERSION, PREVIOUS_API_VERSIONS, PluginInfo, PluginKind, api_version_compatible,
};
use sha2::{Digest, Sha256};

use crate::PluginError;

/// Reads a plugin file, refusing it when it does not match the pinned digest.
pub(crate) fn read_verified(
    name: &str,
    path: &Path,
    sha256: Option<&str>,
) -> Result<Vec<u8>, PluginError> {
    let bytes = std::fs::read(path).map_err(|source| PluginError::MissingFile {
        name: name.to_owned(),
        path: path.to_owned(),
        source,
    })?;
    if let Some(expected) = sha256 {
        let actual = hex_digest(&bytes);
        if !actual.eq_ignore_ascii_case(expected) {
            return Err(PluginError::DigestMismatch {
                name: name.to_owned(),
                path: path.to_owned(),
                expected: expected.to_owned(),
                actual,
            });
        }
    }
    Ok(bytes)
}

/// Lower-case hex SHA-256, as `aurum.toml` pins it.
pub(crate) fn hex_digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Refuses a plugin whose self-description disagrees with its entry: another name, another
/// kind, or a contract version this host does not speak.
pub(crate) fn check_info(
    name: &str,
    kind: PluginKind,
    info: &PluginInfo,
) -> Result<(), PluginError> {
    if info.name != name {
        return Err(PluginError::refused(
            name,
            format!(
                "it calls itself `{}`; register it under that name or rebuild it",
                info.name
            ),
        ));
    }
    if info.kind != kind {
        return Err(PluginError::refused(
            name,
            format!(
                "aurum.toml says it is a {kind}, but it says it is a {}",
                info.kind
            ),
        ));
    }
    if !api_version_accepted(&info.api_version) {
        return Err(PluginError::refused(
            name,
            format!(
                "it was built against plugin API {}, this host speaks {API_VERSION}; \
                 rebuild it against a matching aurum-sdk",
                info.api_version
            ),
        ));
    }
    Ok(())
}

/// The contract versions a plugin may have been built against: this host's, or a previous
/// one whose JSON shapes it still reads (0.2 had every kind; 0.3 and 0.4 only added optional
/// driver-spec fields).
fn api_version_accepted(version: &str) -> bool {
    std::iter::once(API_VERSION)
        .chain(PREVIOUS_API_VERSIONS.iter().copied())
        .any(|accepted| api_version_compatible(accepted, version))
}

/// The sdk's kind for a configuration entry's kind (the two crates must not depend on each
/// other, so each has its own enum).
pub(crate) fn kind_of(kind: aurum_config::PluginKind) -> PluginKind {
    match kind {
        aurum_config::PluginKind::Driver => PluginKind::Driver,
        aurum_config::PluginKind::Compliance => PluginKind::Compliance,
        aurum_config::PluginKind::Transposer => PluginKind::Transposer,
        aurum_config::PluginKind::Postprocessor => PluginKind::Postprocessor,
        aurum_config::PluginKind::Remediation => PluginKind::Remediation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(name: &str, kind: PluginKind, api: &str) -> PluginInfo {
        PluginInfo {
            name: name.into(),
            version: "1.0.0".into(),
            kind,
            api_version: api.into(),
        }
    }

    #[test]
    fn a_lying_info_is_refused_naming_the_lie() {
        let ok = info("strip", PluginKind::Postprocessor, API_VERSION);
        assert!(check_info("strip", PluginKind::Postprocessor, &ok).is_ok());
        let err = check_info("other", PluginKind::Postprocessor, &ok)
            .unwrap_err()
            .to_string();
        assert!(err.contains("calls itself `strip`"), "{err}");
        let err = check_info("strip", PluginKind::Driver, &ok)
            .unwrap_err()
            .to_string();
        assert!(err.contains("says it is a postprocessor"), "{err}");
        for previous in PREVIOUS_API_VERSIONS {
            let strip = info("strip", PluginKind::Postprocessor, previous);
            assert!(check_info("strip", PluginKind::Postprocessor, &strip).is_ok());
            let fix = info("fix", PluginKind::Remediation, previous);
            assert!(check_info("fix", PluginKind::Remediation, &fix).is_ok());
        }
        let older = info("fix", PluginKind::Remediation, "0.1.0");
        let err = check_info("fix", PluginKind::Remediation, &older)
            .unwrap_err()
            .to_string();
        assert!(err.contains("plugin API 0.1.0"), "{err}");
        let old = info("strip", PluginKind::Postprocessor, "9.0.0");
        let err = check_info("strip", PluginKind::Postprocessor, &old)
            .unwrap_err()
            .to_string();
        assert!(err.contains("plugin API 9.0.0"), "{err}");
    }

    #[test]
    fn digest_mismatch_names_both_digests() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.rhai");
        std::fs::write(&path, "fn info() {}").unwrap();
        let good = hex_digest(b"fn info() {}");
        assert!(read_verified("p", &path, Some(&good.to_uppercase())).is_ok());
        let bad = "0".repeat(64);
        let err = read_verified("p", &path, Some(&bad))
            .unwrap_err()
            .to_string();
        assert!(err.contains(&good) && err.contains(&bad), "{err}");
        let err = read_verified("p", &dir.path().join("nope"), None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("cannot read"), "{err}");
    }
}
