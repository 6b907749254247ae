//! Installs the web UI's third-party assets (Tabler, htmx) with `npm ci` from the pinned
//! `assets/package-lock.json` (npm checks every tarball against the lockfile's integrity hash)
//! into OUT_DIR, so the binary embeds them and nothing is fetched from a CDN or copied into
//! the repository. The install is redone only when the lockfile changes.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The files the pages use, relative to `node_modules`.
const FILES: &[&str] = &[
    "@tabler/core/dist/css/tabler.min.css",
    "@tabler/core/dist/js/tabler.min.js",
    "htmx.org/dist/htmx.min.js",
];

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let assets = manifest.join("assets");
    println!("cargo:rerun-if-changed=assets/package.json");
    println!("cargo:rerun-if-changed=assets/package-lock.json");
    println!("cargo:rerun-if-env-changed=AURUM_NPM");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo")).join("npm");
    std::fs::create_dir_all(&out).expect("OUT_DIR is writable");
    let lock = read(&assets.join("package-lock.json"));
    let stamp = out.join("installed-lock.json");
    let installed = std::fs::read_to_string(&stamp).ok();
    let complete = FILES
        .iter()
        .all(|f| out.join("node_modules").join(f).is_file());
    if installed.as_deref() != Some(lock.as_str()) || !complete {
        for name in ["package.json", "package-lock.json"] {
            std::fs::copy(assets.join(name), out.join(name)).expect("copying into OUT_DIR");
        }
        npm_ci(&out);
        for file in FILES {
            let path = out.join("node_modules").join(file);
            assert!(
                path.is_file(),
                "npm ci did not install {}; check assets/package.json pins the package that has it",
                path.display()
            );
        }
        std::fs::write(&stamp, &lock).expect("writing the install stamp");
    }
    println!(
        "cargo:rustc-env=AURUM_WEB_ASSETS={}",
        out.join("node_modules").display()
    );
}

fn npm_ci(dir: &Path) {
    let npm = std::env::var("AURUM_NPM").unwrap_or_else(|_| "npm".to_string());
    let status = Command::new(&npm)
        .args([
            "ci",
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
            "--prefer-offline",
        ])
        .current_dir(dir)
        .status();
    match status {
        Ok(status) if status.success() => {}
        Ok(status) => panic!(
            "`{npm} ci` for the web UI's assets failed ({status}) in {}; it needs the npm registry (or npm's cache) and verifies host/http/assets/package-lock.json's hashes",
            dir.display()
        ),
        Err(error) => panic!(
            "cannot run `{npm}` ({error}): building Aurum's web UI needs Node.js 20+ with npm (Debian: `apt-get install nodejs npm`; or set AURUM_NPM to its path)"
        ),
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}
