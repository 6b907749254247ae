//! Used by build scripts that need the plugins under `plugins/` compiled from source (the
//! shipped drivers embedded in `aurum`, the example and hostile plugins of the plugin host's
//! tests). Nothing prebuilt is committed; this is the one place that knows how to build them.
//!
//! The nested cargo gets a target directory of its own (sharing the outer one would deadlock
//! on its build lock) and a clean environment: the outer build's `CARGO_*`, `RUSTFLAGS` and
//! wrapper variables describe the outer build and would break or redirect the inner one.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The `plugins/` workspace of the checkout, found from a build script's manifest directory,
/// with `rerun-if-changed` lines printed for everything a plugin build reads.
pub fn plugins_workspace(manifest_dir: &Path) -> PathBuf {
    let mut root = manifest_dir.to_path_buf();
    while !root.join("plugins/Cargo.toml").is_file() {
        assert!(
            root.pop(),
            "no plugins/ workspace above {}",
            manifest_dir.display()
        );
    }
    for path in [
        "plugins/Cargo.toml",
        "plugins/Cargo.lock",
        "sdk/src",
        "sdk/wit",
        "sdk/Cargo.toml",
    ] {
        println!("cargo:rerun-if-changed={}", root.join(path).display());
    }
    root.join("plugins")
}

/// Builds `packages` of the plugins workspace in release mode, for `target` (e.g.
/// `wasm32-wasip2`) or the host when `None`, into `target_dir`; returns the folder holding the
/// artefacts. Panics with the command and what to do when the build fails, which fails the
/// outer build with that message.
pub fn build(
    plugins: &Path,
    packages: &[&str],
    exclude: &[&str],
    target: Option<&str>,
    target_dir: &Path,
) -> PathBuf {
    let root = plugins.parent().expect("plugins/ has a parent");
    if let Some(target) = target {
        ensure_target(target);
    }
    let mut command = nested_cargo(root);
    command.args(["build", "--release", "--locked"]);
    if let Some(target) = target {
        command.args(["--target", target]);
    }
    if packages.is_empty() {
        command.arg("--workspace");
    }
    for package in packages {
        command.args(["-p", package]);
    }
    for package in exclude {
        command.args(["--exclude", package]);
    }
    command
        .arg("--manifest-path")
        .arg(plugins.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target_dir);
    let status = command
        .status()
        .unwrap_or_else(|e| panic!("could not run {command:?}: {e}"));
    if !status.success() {
        panic!(
            "building the plugins under plugins/ failed ({status}): {command:?}\n\
             (the wasm32-wasip2 target comes with rust-toolchain.toml; without rustup, \
             install it with `rustup target add wasm32-wasip2`)"
        );
    }
    match target {
        Some(target) => target_dir.join(target).join("release"),
        None => target_dir.join("release"),
    }
}

/// Adds `target` to the toolchain when it is missing. rust-toolchain.toml names it, and rustup
/// adds it when it installs the toolchain; but a machine whose toolchain was linked in (a
/// symlink or `rustup toolchain link` to a preinstalled one) never gets it. Then it is added
/// to the real toolchain the link points at, once, so a fresh machine needs no manual step.
fn ensure_target(target: &str) {
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let Ok(output) = Command::new(rustc).args(["--print", "sysroot"]).output() else {
        return;
    };
    let sysroot = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    if sysroot.join("lib/rustlib").join(target).is_dir() {
        return;
    }
    let real = std::fs::canonicalize(&sysroot).unwrap_or(sysroot);
    let Some(toolchain) = real.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    println!("cargo:warning=adding the {target} target to toolchain {toolchain} (rustup)");
    let _ = Command::new("rustup")
        .args(["target", "add", "--toolchain", toolchain, target])
        .status();
}

/// A `cargo` command stripped of the outer build's environment.
fn nested_cargo(root: &Path) -> Command {
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(root);
    for (key, _) in env::vars_os() {
        let Some(key) = key.to_str() else { continue };
        let inherited_build_state = (key.starts_with("CARGO_") && key != "CARGO_HOME")
            || key.starts_with("RUSTC")
            || key.starts_with("RUSTDOC")
            || matches!(
                key,
                "RUSTFLAGS"
                    | "TARGET"
                    | "HOST"
                    | "OUT_DIR"
                    | "OPT_LEVEL"
                    | "PROFILE"
                    | "DEBUG"
                    | "NUM_JOBS"
                    | "MAKEFLAGS"
                    | "MFLAGS"
            );
        if inherited_build_state {
            command.env_remove(key);
        }
    }
    command
}
