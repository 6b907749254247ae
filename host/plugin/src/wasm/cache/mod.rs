//! On-disk cache of compiled components.
//!
//! Compiling a component with Cranelift costs tens to hundreds of milliseconds; loading a
//! precompiled one costs about a millisecond. But a precompiled artifact is native code that
//! wasmtime maps and runs without re-checking it, so whoever could write the cache folder
//! could run code in the host, around every sha256 pin. Hence:
//! - entries are keyed by the SHA-256 of the component and the engine's fingerprint
//!   (wasmtime's precompile compatibility hash: its version, target and settings), so a
//!   changed plugin or an upgraded host never even looks at a stale artifact;
//! - every entry carries an HMAC-SHA256 tag under a per-installation [`key`] kept outside
//!   the folder; the file is read into memory once, its tag checked, and only those checked
//!   bytes are deserialised. A bad tag is logged (naming the plugin and the file) and the
//!   component is recompiled and stored again.
//!
//! Cache failures are logged and fall back to compiling: the cache is an optimisation, never a
//! reason to fail.

mod key;
mod seal;

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};
use wasmtime::Engine;
use wasmtime::component::Component;

use crate::contract::hex_digest;

/// Loads the component of plugin `name` from the cache or compiles it (and stores it).
pub(crate) fn load_or_compile(
    engine: &Engine,
    cache_dir: &Path,
    name: &str,
    bytes: &[u8],
) -> Result<Component, String> {
    let entry_name = format!("{}-{}", hex_digest(bytes), fingerprint(engine));
    let path = cache_dir.join(format!("{entry_name}.cwasm"));
    let key = match key::load_or_create(&key::key_path(cache_dir)) {
        Ok(key) => Some(key),
        Err(why) => {
            tracing::warn!(plugin = %name, "plugin `{name}`: not using the WASM cache: {why}");
            None
        }
    };
    if let Some(key) = &key
        && let Some(component) = load(engine, key, name, &entry_name, &path)
    {
        return Ok(component);
    }
    let component = Component::new(engine, bytes).map_err(|e| format!("{e:#}"))?;
    if let Some(key) = &key
        && let Err(e) = store(&component, key, &entry_name, &path)
    {
        tracing::warn!(
            plugin = %name,
            path = %path.display(),
            "plugin `{name}`: cannot cache its compiled component in {}: {e}",
            path.display()
        );
    }
    Ok(component)
}

/// The cached component, if there is an entry and it passes its integrity check.
fn load(
    engine: &Engine,
    key: &key::Key,
    name: &str,
    entry_name: &str,
    path: &Path,
) -> Option<Component> {
    let stored = match std::fs::read(path) {
        Ok(stored) => stored,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            tracing::warn!(
                plugin = %name,
                path = %path.display(),
                "plugin `{name}`: cannot read the cached component {}: {e}; recompiling it",
                path.display()
            );
            return None;
        }
    };
    let Some(artifact) = seal::open(key, entry_name, &stored) else {
        tracing::warn!(
            plugin = %name,
            path = %path.display(),
            "plugin `{name}`: the cached component {} failed its integrity check (changed \
             by someone without the cache key, or written by an older Aurum); recompiling it",
            path.display()
        );
        return None;
    };
    // SAFETY: `deserialize` trusts its input to be a wasmtime artifact of this engine. These
    // bytes are exactly the ones this installation's key authenticated: `store` below wrote
    // them from `Component::serialize` of an engine with the same fingerprint.
    match unsafe { Component::deserialize(engine, artifact) } {
        Ok(component) => Some(component),
        Err(e) => {
            tracing::warn!(
                plugin = %name,
                path = %path.display(),
                "plugin `{name}`: ignoring the unusable cached component {}: {e:#}",
                path.display()
            );
            None
        }
    }
}

/// Hex SHA-256 (shortened) of the engine's precompile compatibility hash. `Hash` feeds the
/// digest directly, so the value is stable across runs and Rust versions, unlike
/// `DefaultHasher`.
fn fingerprint(engine: &Engine) -> String {
    struct Feed(Sha256);
    impl Hasher for Feed {
        fn write(&mut self, bytes: &[u8]) {
            self.0.update(bytes);
        }
        fn finish(&self) -> u64 {
            0
        }
    }
    let mut feed = Feed(Sha256::new());
    engine.precompile_compatibility_hash().hash(&mut feed);
    feed.0.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes atomically (temporary file, then rename) so a concurrent reader never sees half.
fn store(
    component: &Component,
    key: &key::Key,
    entry_name: &str,
    path: &Path,
) -> Result<(), String> {
    let artifact = component.serialize().map_err(|e| format!("{e:#}"))?;
    let dir = path.parent().ok_or("cache path has no parent")?;
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let tmp = temporary_beside(path);
    std::fs::write(&tmp, seal::seal(key, entry_name, &artifact)).map_err(|e| e.to_string())?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        e.to_string()
    })
}

/// A name beside `path` no other writer in this or another process uses at the same time.
fn temporary_beside(path: &Path) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(format!(
        ".tmp{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    path.with_file_name(name)
}
