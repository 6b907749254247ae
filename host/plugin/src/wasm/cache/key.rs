//! The per-installation key that authenticates cache entries.
//!
//! 32 random bytes, hex, in a file only this user may read or write (mode 0600), kept beside
//! the cache folder (`<data_dir>/cache/wasm.key` for `<data_dir>/cache/wasm`) so that
//! whoever can write the cache folder cannot also replace the key. Created on first use. A
//! key that other users could read or write is no secret any more: it is replaced (every
//! cached component then recompiles once). A key file this process does not own, or that is
//! not a plain file, is refused: the cache is then not used, and the message says how to fix
//! it.

use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

/// Key length in bytes (the HMAC-SHA256 block size would allow more; 32 is its strength).
const KEY_BYTES: usize = 32;

/// A loaded cache key.
pub(crate) struct Key(pub(super) [u8; KEY_BYTES]);

/// Where the key for `cache_dir` lives: beside it, as `<name>.key`.
pub(crate) fn key_path(cache_dir: &Path) -> PathBuf {
    match cache_dir.file_name() {
        Some(name) => {
            let mut file = name.to_owned();
            file.push(".key");
            cache_dir.with_file_name(file)
        }
        None => cache_dir.join("cache.key"),
    }
}

/// What the key file's metadata says about trusting it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    Trusted,
    /// Other users could read or write it (its mode): replace it.
    Loose(u32),
    /// Not usable at all: why, and the fix.
    Refused(String),
}

/// Judges a key file from its metadata: a regular file, owned by `me`, mode 0600 or tighter.
pub(crate) fn judge(path: &Path, is_file: bool, owner: u32, mode: u32, me: u32) -> Verdict {
    if !is_file {
        return Verdict::Refused(format!(
            "the WASM cache key {} is not a regular file; remove it and Aurum creates a new one",
            path.display()
        ));
    }
    if owner != me {
        return Verdict::Refused(format!(
            "the WASM cache key {} belongs to uid {owner}, not to this process (uid {me}); \
             remove it (Aurum creates a new one) or give it to uid {me}",
            path.display()
        ));
    }
    if mode & 0o077 != 0 {
        return Verdict::Loose(mode & 0o7777);
    }
    Verdict::Trusted
}

/// The key at `path`, created if missing and replaced if loose or malformed (saying so in
/// the log). `Err` says why the cache cannot be used.
pub(crate) fn load_or_create(path: &Path) -> Result<Key, String> {
    let mut file = match open_no_follow(path) {
        Ok(file) => file,
        Err(e) if e.kind() == ErrorKind::NotFound => return create(path),
        Err(e) => {
            return Err(format!(
                "cannot open the WASM cache key {}: {e}; remove it and Aurum creates a new one",
                path.display()
            ));
        }
    };
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot stat the WASM cache key {}: {e}", path.display()))?;
    match judge_metadata(path, &meta) {
        Verdict::Trusted => {}
        Verdict::Refused(why) => return Err(why),
        Verdict::Loose(mode) => {
            tracing::warn!(
                path = %path.display(),
                "the WASM cache key {} was open to other users (mode {mode:o}): replaced it \
                 with a new key (mode 600); every cached component is recompiled once",
                path.display()
            );
            return replace(path);
        }
    }
    let mut text = String::new();
    let parsed = file
        .read_to_string(&mut text)
        .ok()
        .and_then(|_| parse(text.trim()));
    match parsed {
        Some(key) => Ok(key),
        None => {
            tracing::warn!(
                path = %path.display(),
                "the WASM cache key {} is malformed: replaced it with a new key; every \
                 cached component is recompiled once",
                path.display()
            );
            replace(path)
        }
    }
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

#[cfg(unix)]
fn judge_metadata(path: &Path, meta: &std::fs::Metadata) -> Verdict {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    judge(path, meta.is_file(), meta.uid(), meta.mode(), me)
}

#[cfg(not(unix))]
fn judge_metadata(path: &Path, meta: &std::fs::Metadata) -> Verdict {
    judge(path, meta.is_file(), 0, 0o600, 0)
}

fn parse(hex: &str) -> Option<Key> {
    if hex.len() != KEY_BYTES * 2 || !hex.is_ascii() {
        return None;
    }
    let mut key = [0u8; KEY_BYTES];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(Key(key))
}

/// A new random key, written to a new 0600 file beside `path`; returns that file's path.
fn write_new_key(path: &Path) -> Result<(Key, PathBuf), String> {
    let mut key = [0u8; KEY_BYTES];
    getrandom::fill(&mut key).map_err(|e| format!("cannot draw a random cache key: {e}"))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let tmp = super::temporary_beside(path);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    options
        .open(&tmp)
        .and_then(|mut file| {
            file.write_all(format!("{hex}\n").as_bytes())?;
            file.sync_all()
        })
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("cannot write the WASM cache key {}: {e}", tmp.display())
        })?;
    Ok((Key(key), tmp))
}

/// Creates the key; if another process created one meanwhile, uses theirs.
fn create(path: &Path) -> Result<Key, String> {
    let (key, tmp) = write_new_key(path)?;
    // A hard link never replaces an existing file, so two processes starting at once agree
    // on one key.
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => {
            tracing::debug!(path = %path.display(), "created the WASM cache key");
            Ok(key)
        }
        Err(e) if e.kind() == ErrorKind::AlreadyExists => load_or_create(path),
        Err(e) => Err(format!(
            "cannot create the WASM cache key {}: {e}",
            path.display()
        )),
    }
}

/// Replaces the key with a new one.
fn replace(path: &Path) -> Result<Key, String> {
    let (key, tmp) = write_new_key(path)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot replace the WASM cache key {}: {e}", path.display())
    })?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_private_file_of_ours_is_trusted() {
        let path = Path::new("/data/cache/wasm.key");
        assert_eq!(judge(path, true, 1000, 0o100600, 1000), Verdict::Trusted);
        assert_eq!(judge(path, true, 1000, 0o100400, 1000), Verdict::Trusted);
        assert_eq!(
            judge(path, true, 1000, 0o100644, 1000),
            Verdict::Loose(0o644)
        );
        assert_eq!(
            judge(path, true, 1000, 0o100620, 1000),
            Verdict::Loose(0o620)
        );
        let Verdict::Refused(why) = judge(path, true, 0, 0o100600, 1000) else {
            panic!("another user's key must be refused")
        };
        assert!(
            why.contains("/data/cache/wasm.key") && why.contains("uid 0"),
            "{why}"
        );
        assert!(matches!(
            judge(path, false, 1000, 0o600, 1000),
            Verdict::Refused(_)
        ));
    }

    #[test]
    fn the_key_lives_beside_the_cache_folder() {
        assert_eq!(
            key_path(Path::new("/data/cache/wasm")),
            Path::new("/data/cache/wasm.key")
        );
    }

    #[test]
    fn a_key_is_created_private_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wasm.key");
        let first = load_or_create(&path).unwrap();
        let second = load_or_create(&path).unwrap();
        assert_eq!(first.0, second.0);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "not hex\n").unwrap();
        let replaced = load_or_create(&path).unwrap();
        assert_ne!(replaced.0, first.0);
    }
}
