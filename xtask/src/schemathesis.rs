//! What the OpenAPI check (tests/openapi.rs) needs: schemathesis from PyPI, pinned to
//! [`SCHEMATHESIS`], in its own venv at `target/schemathesis-venv` (its hypothesis and
//! jsonschema pins are kept apart from the TextFSM/FakeNOS venv). Its command is exported as
//! `AURUM_SCHEMATHESIS`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The release the check's options (`--include-method`, `--checks`, `--phases`) were written for.
const SCHEMATHESIS: &str = "schemathesis==4.32.5";

/// Prepares the venv; returns the environment for `cargo test`.
pub fn ensure(root: &Path) -> Result<Vec<(&'static str, PathBuf)>, String> {
    let venv = root.join("target/schemathesis-venv");
    let python = venv.join("bin/python");
    let command = venv.join("bin/schemathesis");
    if !installed(&python) {
        eprintln!("xtask: preparing {} with {SCHEMATHESIS}", venv.display());
        if !python.exists() {
            run(
                Command::new("python3").args(["-m", "venv"]).arg(&venv),
                "python3 -m venv",
                "install python3 and python3-venv",
            )?;
        }
        run(
            Command::new(&python).args(["-m", "pip", "install", "--quiet", SCHEMATHESIS]),
            "pip install schemathesis",
            "check the network or the pip index, or delete target/schemathesis-venv and retry",
        )?;
    }
    Ok(vec![("AURUM_SCHEMATHESIS", command)])
}

/// Whether the venv has schemathesis at the pinned version.
fn installed(python: &Path) -> bool {
    let version = SCHEMATHESIS.trim_start_matches("schemathesis==");
    let check =
        format!("import importlib.metadata as m; assert m.version('schemathesis') == '{version}'");
    python.exists()
        && Command::new(python)
            .args(["-c", &check])
            .status()
            .is_ok_and(|s| s.success())
}

fn run(command: &mut Command, what: &str, fix: &str) -> Result<(), String> {
    match command.status() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("{what} failed ({status}); {fix}")),
        Err(error) => Err(format!("cannot run {what} ({error}); {fix}")),
    }
}
