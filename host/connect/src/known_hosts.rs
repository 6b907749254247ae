use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use russh::keys::{HashAlg, PublicKey};

use crate::ConnectError;

/// What to do with a device's host key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HostKeyPolicy {
    /// Only keys already in the store are accepted.
    Strict,
    /// Pin a key on first use; a different key later is refused.
    #[default]
    AcceptNew,
    /// Accept any key (labs only).
    Off,
}

/// Pinned host keys, in OpenSSH's known_hosts format (`[host]:port algorithm base64`) so the
/// file can be read and edited with the usual tools.
#[derive(Debug)]
pub struct KnownHosts {
    path: Option<PathBuf>,
    entries: Mutex<HashMap<String, String>>,
}

impl KnownHosts {
    /// Loads the store at `path`, creating nothing until a key is pinned.
    pub fn load(path: &Path) -> Result<KnownHosts, ConnectError> {
        let mut entries = HashMap::new();
        match std::fs::read_to_string(path) {
            Ok(text) => {
                for line in text.lines() {
                    let line = line.trim();
                    if line.is_empty() || line.starts_with('#') {
                        continue;
                    }
                    if let Some((host, key)) = line.split_once(' ') {
                        entries.insert(host.to_string(), key.trim().to_string());
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(ConnectError::KnownHosts {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                });
            }
        }
        Ok(KnownHosts {
            path: Some(path.to_path_buf()),
            entries: Mutex::new(entries),
        })
    }

    /// A store that lives only as long as the process: for ad-hoc runs and tests.
    pub fn in_memory() -> KnownHosts {
        KnownHosts {
            path: None,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The pinned key of `host:port` (`algorithm base64`), if any.
    pub(crate) fn known_key(&self, host: &str, port: u16) -> Option<String> {
        self.entries
            .lock()
            .expect("known hosts lock")
            .get(&format!("[{host}]:{port}"))
            .cloned()
    }

    pub(crate) fn describe(&self) -> String {
        self.path.as_ref().map_or_else(
            || "the in-memory known-hosts store".to_string(),
            |p| p.display().to_string(),
        )
    }

    /// Checks `key` for the device at `host:port` under `policy`, pinning it when new.
    pub(crate) fn verify(
        &self,
        device: &str,
        host: &str,
        port: u16,
        key: &PublicKey,
        policy: HostKeyPolicy,
    ) -> Result<(), ConnectError> {
        if policy == HostKeyPolicy::Off {
            return Ok(());
        }
        let id = format!("[{host}]:{port}");
        let offered = key.to_openssh().map_err(|e| ConnectError::KnownHosts {
            path: self.describe(),
            reason: format!("cannot encode the key of {device}: {e}"),
        })?;
        let mut entries = self.entries.lock().expect("known hosts lock");
        match entries.get(&id) {
            Some(known) if *known == offered => Ok(()),
            Some(known) => Err(ConnectError::HostKeyChanged {
                device: device.to_string(),
                address: format!("{host}:{port}"),
                known: fingerprint_of(known),
                offered: key.fingerprint(HashAlg::Sha256).to_string(),
                store: self.describe(),
            }),
            None if policy == HostKeyPolicy::Strict => Err(ConnectError::HostKeyUnknown {
                device: device.to_string(),
                address: format!("{host}:{port}"),
                offered: key.fingerprint(HashAlg::Sha256).to_string(),
                store: self.describe(),
            }),
            None => {
                if let Some(path) = &self.path {
                    append(path, &format!("{id} {offered}\n")).map_err(|e| {
                        ConnectError::KnownHosts {
                            path: path.display().to_string(),
                            reason: e.to_string(),
                        }
                    })?;
                }
                tracing::info!(device, fingerprint = %key.fingerprint(HashAlg::Sha256), "pinned new host key");
                entries.insert(id, offered);
                Ok(())
            }
        }
    }
}

fn fingerprint_of(openssh: &str) -> String {
    PublicKey::from_openssh(openssh)
        .map(|k| k.fingerprint(HashAlg::Sha256).to_string())
        .unwrap_or_else(|_| openssh.to_string())
}

fn append(path: &Path, line: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(line.as_bytes())?;
    file.sync_data()
}
