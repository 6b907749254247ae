//! Shared helpers: build an `aurum.toml` in memory and load a registry from it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use aurum_plugin::{PluginError, Registry};

#[allow(unused_imports)]
pub use aurum_plugin_fixtures::{native, source, wasm};

/// One `[plugins.NAME]` table; `extra` is appended inside it (e.g. `sha256 = "..."`) and
/// `limits` becomes `[plugins.NAME.limits]`.
pub fn entry(
    name: &str,
    kind: &str,
    backend: &str,
    path: &Path,
    extra: &str,
    limits: &str,
) -> String {
    let mut toml = format!(
        "[plugins.{name}]\nkind = \"{kind}\"\n{backend} = {path:?}\n{extra}\n",
        path = path.display().to_string()
    );
    if !limits.is_empty() {
        toml.push_str(&format!("[plugins.{name}.limits]\n{limits}\n"));
    }
    toml
}

pub fn config(toml: &str) -> aurum_config::Config {
    aurum_config::parse_str(toml, "test aurum.toml", Path::new("/")).expect("valid test config")
}

/// A cache directory shared by the tests of one binary, so each component compiles once
/// (its key, `cache.key`, lands beside it in the same per-process folder).
pub fn cache_dir() -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("aurum-plugin-tests-{}", std::process::id()))
        .join("cache");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `f` with the log captured; returns its result and what it logged.
pub fn with_log<R>(f: impl FnOnce() -> R) -> (R, String) {
    #[derive(Clone, Default)]
    struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);
    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .without_time()
        .finish();
    let result = tracing::subscriber::with_default(subscriber, f);
    let log = String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned();
    (result, log)
}

/// Writes a hand-encoded hostile component to a temporary file.
pub fn crafted(
    name: &str,
    attack: aurum_plugin_fixtures::crafted::Attack,
) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new().suffix(".wasm").tempfile().unwrap();
    std::io::Write::write_all(
        &mut file,
        &aurum_plugin_fixtures::crafted::component(name, attack),
    )
    .unwrap();
    file
}

pub fn load(toml: &str) -> Result<Registry, PluginError> {
    Registry::load(&config(toml), &cache_dir())
}

/// A registry of one plugin, or the error loading it.
pub fn load_one(
    name: &str,
    kind: &str,
    backend: &str,
    path: &Path,
    limits: &str,
) -> Result<Registry, PluginError> {
    load(&entry(name, kind, backend, path, "", limits))
}

/// Writes a Rhai script to a temporary file (kept for the test's life by the returned guard).
pub fn script(text: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new().suffix(".rhai").tempfile().unwrap();
    std::io::Write::write_all(&mut file, text.as_bytes()).unwrap();
    file
}

/// A 2,000-line IOS-like config with SNMP communities sprinkled in.
pub fn big_config() -> String {
    let mut out = String::new();
    for i in 0..2000 {
        match i % 10 {
            0 => out.push_str(&format!("snmp-server community secret{i} RO\n")),
            1 => out.push_str(&format!("interface GigabitEthernet0/{i}\n")),
            2 => out.push_str(&format!(" description link {i}\n")),
            3 => out.push_str("!\n"),
            _ => out.push_str(&format!(
                " ip address 10.{}.{}.1 255.255.255.0\n",
                i / 256 % 256,
                i % 256
            )),
        }
    }
    out
}

pub const SAMPLE: &str = "hostname r1\nsnmp-server community public RO\nsnmp-server location lab\n";
