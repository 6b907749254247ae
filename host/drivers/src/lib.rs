//! The drivers Aurum ships, listed in `plugins/drivers/shipped.txt`: WASM components compiled
//! from `plugins/drivers/` at build time and Rhai scripts (the `linux` driver), all embedded
//! in the binary so a fresh installation can talk to devices without fetching anything.
//!
//! At start they are written into `DATA_DIR/plugins/drivers/` (only when the content differs)
//! and registered like any configured plugin, pinned by SHA-256. A `[plugins.NAME]` entry in
//! `aurum.toml` with the same name replaces the shipped driver.

use std::path::{Path, PathBuf};

use aurum_config::{Config, PluginBackend, PluginEntry, PluginKind, PluginLimits};
use sha2::{Digest, Sha256};

/// One embedded driver.
pub struct ShippedDriver {
    pub name: &'static str,
    pub file_name: &'static str,
    pub bytes: &'static [u8],
}

/// Every driver Aurum ships, in the order of `plugins/drivers/shipped.txt` (the build script
/// writes the list from it).
pub fn shipped() -> Vec<ShippedDriver> {
    include!(concat!(env!("OUT_DIR"), "/shipped.rs")).into()
}

/// Writes the shipped drivers into `dir` and returns `config` with an entry for each one the
/// configuration does not already define.
pub fn with_shipped_drivers(config: &Config, dir: &Path) -> std::io::Result<Config> {
    std::fs::create_dir_all(dir)?;
    let mut config = config.clone();
    for driver in shipped() {
        if config.plugins.contains_key(driver.name) {
            continue;
        }
        let path = dir.join(driver.file_name);
        write_if_changed(&path, driver.bytes)?;
        let backend = if driver.file_name.ends_with(".rhai") {
            PluginBackend::Rhai(path)
        } else {
            PluginBackend::Wasm(path)
        };
        config.plugins.insert(
            driver.name.to_string(),
            PluginEntry {
                kind: PluginKind::Driver,
                backend,
                sha256: Some(hex(&Sha256::digest(driver.bytes))),
                limits: PluginLimits::default(),
            },
        );
    }
    Ok(config)
}

/// Writes through a temporary file and a rename so a crash never leaves half a driver. The
/// temporary file is this process's and this call's own: several `aurum` processes starting
/// at once on a fresh data directory each install the drivers, and a shared temporary name
/// let one rename away the file another was still writing.
fn write_if_changed(path: &PathBuf, bytes: &[u8]) -> std::io::Result<()> {
    static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    if std::fs::read(path).is_ok_and(|existing| existing == bytes) {
        return Ok(());
    }
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temporary = path.with_extension(format!("{}-{call}.tmp", std::process::id()));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrent_installs_into_one_folder_all_succeed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("driver.wasm");
        std::thread::scope(|scope| {
            for i in 0..16u8 {
                let path = &path;
                scope.spawn(move || write_if_changed(path, &[i; 4096]).unwrap());
            }
        });
        assert_eq!(std::fs::read(&path).unwrap().len(), 4096);
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn shipped_drivers_are_installed_and_pinned_unless_configured() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::default();
        config.plugins.insert(
            "linux".to_string(),
            PluginEntry {
                kind: PluginKind::Driver,
                backend: PluginBackend::Rhai("/custom/linux.rhai".into()),
                sha256: None,
                limits: PluginLimits::default(),
            },
        );
        let installed = with_shipped_drivers(&config, dir.path()).unwrap();
        assert_eq!(installed.plugins.len(), 6);
        assert_eq!(
            installed.plugins["linux"], config.plugins["linux"],
            "a configured driver wins"
        );
        let ios = &installed.plugins["cisco_ios"];
        let PluginBackend::Wasm(path) = &ios.backend else {
            panic!("{ios:?}")
        };
        let bytes = std::fs::read(path).unwrap();
        assert_eq!(&bytes[..4], b"\0asm");
        assert_eq!(
            ios.sha256.as_deref(),
            Some(hex(&Sha256::digest(&bytes)).as_str())
        );
    }
}
