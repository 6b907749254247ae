//! The master key that seals stored secrets: from `AURUM_SECRETS_KEY` (64 hex digits), else
//! the 0600 file `DATA_DIR/secrets.key`, created on the first `aurum secrets set`. Each key is
//! known by an id (the start of its SHA-256), stored with every sealed row, so a wrong key is
//! named as such instead of failing as garbage. During a rotation the new key waits in
//! `secrets.key.next` until the database has moved to it, so a crash at any point leaves every
//! row readable by a key on disk.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::ServiceError;

/// The environment variable that carries the master key, as 64 hex digits.
pub const KEY_ENV: &str = "AURUM_SECRETS_KEY";
/// The environment variable `rotate-key` reads the new key from when the current one comes
/// from [`KEY_ENV`] (Aurum cannot change the caller's environment, so the caller picks it).
pub const NEXT_KEY_ENV: &str = "AURUM_SECRETS_NEW_KEY";
const KEY_FILE: &str = "secrets.key";
const NEXT_KEY_FILE: &str = "secrets.key.next";

/// A 256-bit key and its id. Wiped from memory when dropped; never printed.
pub struct MasterKey {
    pub id: String,
    pub bytes: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MasterKey({})", self.id)
    }
}

impl MasterKey {
    fn new(bytes: [u8; 32]) -> MasterKey {
        let digest = Sha256::digest(bytes);
        MasterKey {
            id: hex(&digest[..6]),
            bytes: Zeroizing::new(bytes),
        }
    }

    /// A fresh key from the OS's randomness.
    pub fn generate() -> Result<MasterKey, ServiceError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| secrets_error(format!("no OS randomness for a key: {e}")))?;
        Ok(MasterKey::new(bytes))
    }

    /// Parses 64 hex digits (surrounding whitespace ignored); `origin` names where they came from.
    pub fn parse(text: &str, origin: &str) -> Result<MasterKey, ServiceError> {
        let text = text.trim();
        let bad = || {
            secrets_error(format!(
                "the master key in {origin} is not 64 hex digits (32 bytes); generate one with `openssl rand -hex 32`"
            ))
        };
        if text.len() != 64 {
            return Err(bad());
        }
        let mut bytes = [0u8; 32];
        for (i, pair) in text.as_bytes().chunks(2).enumerate() {
            let pair = std::str::from_utf8(pair).map_err(|_| bad())?;
            bytes[i] = u8::from_str_radix(pair, 16).map_err(|_| bad())?;
        }
        Ok(MasterKey::new(bytes))
    }

    fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex(&self.bytes[..]))
    }
}

/// Where the current key lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    Env,
    File(PathBuf),
}

/// The keys this process can open rows with: the current one and, during a rotation, the next.
#[derive(Debug)]
pub struct Keyring {
    pub current: MasterKey,
    pub source: KeySource,
    pub next: Option<MasterKey>,
}

impl Keyring {
    /// The key for rows sealed under `id`, or an error naming both ids and the fix.
    pub fn key(&self, id: &str, secret: &str) -> Result<&MasterKey, ServiceError> {
        [Some(&self.current), self.next.as_ref()]
            .into_iter()
            .flatten()
            .find(|k| k.id == id)
            .ok_or_else(|| {
                secrets_error(format!(
                    "stored secret `{secret}` was encrypted under master key {id}, but the key in {} is {}; \
                     set {KEY_ENV} or restore the secrets.key file that was in use",
                    self.source_name(),
                    self.current.id
                ))
            })
    }

    /// Where the current key came from, for messages.
    pub fn source_name(&self) -> String {
        match &self.source {
            KeySource::Env => KEY_ENV.to_string(),
            KeySource::File(path) => path.display().to_string(),
        }
    }
}

/// Loads the keys; with `create`, makes `DATA_DIR/secrets.key` when no key exists yet.
pub fn load(data_dir: &Path, create: bool) -> Result<Keyring, ServiceError> {
    if let Ok(text) = std::env::var(KEY_ENV) {
        let current = MasterKey::parse(&Zeroizing::new(text), KEY_ENV)?;
        let next = match std::env::var(NEXT_KEY_ENV) {
            Ok(text) => Some(MasterKey::parse(&Zeroizing::new(text), NEXT_KEY_ENV)?),
            Err(_) => None,
        };
        return Ok(Keyring {
            current,
            source: KeySource::Env,
            next,
        });
    }
    let next = read_key_file(&data_dir.join(NEXT_KEY_FILE))?;
    let path = data_dir.join(KEY_FILE);
    let current = match read_key_file(&path)? {
        Some(key) => key,
        None if create => {
            let key = MasterKey::generate()?;
            write_key_file(&path, &key)?;
            tracing::info!(key = %key.id, file = %path.display(), "created the secrets master key");
            key
        }
        None => {
            return Err(secrets_error(format!(
                "no master key: {KEY_ENV} is not set and {} does not exist; set the variable, restore the file, \
                 or store a secret with `aurum secrets set` to create one",
                path.display()
            )));
        }
    };
    Ok(Keyring {
        current,
        source: KeySource::File(path),
        next,
    })
}

/// Writes the rotation's new key beside the current one (0600) before any row moves to it.
pub fn stage_next(data_dir: &Path, key: &MasterKey) -> Result<(), ServiceError> {
    let path = data_dir.join(NEXT_KEY_FILE);
    let _ = std::fs::remove_file(&path);
    write_key_file(&path, key)
}

/// Makes the staged key the current one, after every row moved to it.
pub fn promote_next(data_dir: &Path) -> Result<PathBuf, ServiceError> {
    let path = data_dir.join(KEY_FILE);
    std::fs::rename(data_dir.join(NEXT_KEY_FILE), &path).map_err(|e| {
        secrets_error(format!(
            "the secrets were re-encrypted, but {} could not replace {}: {e}; rename it by hand",
            data_dir.join(NEXT_KEY_FILE).display(),
            path.display()
        ))
    })?;
    Ok(path)
}

/// Forgets a staged key that is not (or no longer) needed.
pub fn discard_next(data_dir: &Path) {
    let _ = std::fs::remove_file(data_dir.join(NEXT_KEY_FILE));
}

fn read_key_file(path: &Path) -> Result<Option<MasterKey>, ServiceError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => Zeroizing::new(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(secrets_error(format!(
                "cannot read the master key file {}: {e}",
                path.display()
            )));
        }
    };
    check_private(path)?;
    MasterKey::parse(&text, &path.display().to_string()).map(Some)
}

#[cfg(unix)]
fn check_private(path: &Path) -> Result<(), ServiceError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| secrets_error(format!("cannot read {}: {e}", path.display())))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(secrets_error(format!(
            "the master key file {} is readable by others (mode {:o}); run `chmod 600 {}`",
            path.display(),
            mode & 0o777,
            path.display()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path) -> Result<(), ServiceError> {
    Ok(())
}

fn write_key_file(path: &Path, key: &MasterKey) -> Result<(), ServiceError> {
    let failed = |e: std::io::Error| {
        secrets_error(format!(
            "cannot write the master key file {}: {e}",
            path.display()
        ))
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(failed)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(failed)?;
    file.write_all(key.to_hex().as_bytes()).map_err(failed)?;
    file.write_all(b"\n").map_err(failed)?;
    file.sync_all().map_err(failed)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn secrets_error(reason: String) -> ServiceError {
    ServiceError::Secrets { reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_64_hex_digits_and_has_a_stable_id() {
        let text = "00".repeat(32);
        let a = MasterKey::parse(&text, "test").unwrap();
        let b = MasterKey::parse(&format!(" {text}\n"), "test").unwrap();
        assert_eq!(a.id, b.id);
        assert_eq!(a.id.len(), 12);
        let error = MasterKey::parse("abc", "the test").unwrap_err().to_string();
        assert!(
            error.contains("the test") && error.contains("64 hex digits"),
            "{error}"
        );
        assert!(MasterKey::parse(&"zz".repeat(32), "t").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_key_file_readable_by_others_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(KEY_FILE);
        write_key_file(&path, &MasterKey::generate().unwrap()).unwrap();
        assert!(read_key_file(&path).unwrap().is_some());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let error = read_key_file(&path).unwrap_err().to_string();
        assert!(error.contains("chmod 600"), "{error}");
    }
}
