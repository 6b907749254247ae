//! On-disk cache of compiled components.
//!
//! Compiling a component with Cranelift costs tens to hundreds of milliseconds; loading a
//! precompiled one costs about a millisecond. Entries are keyed by the SHA-256 of the
//! component and the engine's compatibility hash (wasmtime version, target, settings), so a
//! changed plugin or an upgraded host never loads a stale artifact. Cache failures are logged
//! and fall back to compiling: the cache is an optimisation, never a reason to fail.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use wasmtime::Engine;
use wasmtime::component::Component;

/// Loads the component from the cache or compiles it (and stores the result).
pub(crate) fn load_or_compile(
    engine: &Engine,
    cache_dir: &Path,
    digest: &str,
    bytes: &[u8],
) -> Result<Component, String> {
    let path = entry_path(engine, cache_dir, digest);
    if path.exists() {
        // SAFETY: `deserialize_file` trusts its input to be a wasmtime artifact. The cache
        // directory belongs to Aurum's data directory, written only by `store` below, and
        // wasmtime itself checks the artifact's version and engine settings.
        match unsafe { Component::deserialize_file(engine, &path) } {
            Ok(component) => return Ok(component),
            Err(e) => {
                tracing::warn!(path = %path.display(), "ignoring unusable cache entry: {e:#}")
            }
        }
    }
    let component = Component::new(engine, bytes).map_err(|e| format!("{e:#}"))?;
    if let Err(e) = store(&component, &path) {
        tracing::warn!(path = %path.display(), "cannot cache compiled plugin: {e}");
    }
    Ok(component)
}

fn entry_path(engine: &Engine, cache_dir: &Path, digest: &str) -> PathBuf {
    let mut hasher = DefaultHasher::new();
    engine.precompile_compatibility_hash().hash(&mut hasher);
    cache_dir.join(format!("{digest}-{:016x}.cwasm", hasher.finish()))
}

/// Writes atomically (temporary file, then rename) so a concurrent reader never sees half.
fn store(component: &Component, path: &Path) -> Result<(), String> {
    let bytes = component.serialize().map_err(|e| format!("{e:#}"))?;
    let dir = path.parent().ok_or("cache path has no parent")?;
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| e.to_string())?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        e.to_string()
    })
}
