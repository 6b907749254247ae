//! What the TextFSM differential test (host/textfsm/tests/ntc) needs: Python's `textfsm`
//! and `ntc-templates` from PyPI in a venv at `target/ntc-venv` (the oracle and the
//! templates). The test parses the command outputs kept in `host/textfsm/tests/samples`;
//! ntc-templates' own recorded outputs (`tests/<platform>/<command>/*.raw`, which only its git
//! repository ships) are added when `AURUM_NTC_FIXTURES` points at a checkout's `tests` folder,
//! or when one sits in `target/ntc-templates-src`. Nothing is fetched beyond PyPI.
//!
//! The same venv holds FakeNOS, pinned to [`FAKENOS`], for the device-emulator interop test
//! (host/services/tests/fakenos_interop.rs); its python is exported as `AURUM_FAKENOS_PYTHON`, a
//! name of its own so that test does not depend on how the TextFSM test finds its oracle.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The FakeNOS release the interop test's expectations were written against.
const FAKENOS: &str = "fakenos==1.2.1";

/// Prepares the venv (textfsm, ntc-templates, FakeNOS) and the fixtures; returns the
/// environment for `cargo test`.
pub fn ensure(root: &Path) -> Result<Vec<(&'static str, PathBuf)>, String> {
    let venv = root.join("target/ntc-venv");
    let python = venv.join("bin/python");
    if !imports(&python) {
        eprintln!(
            "xtask: preparing {} with textfsm, ntc-templates and {FAKENOS}",
            venv.display()
        );
        if !python.exists() {
            run(
                Command::new("python3").args(["-m", "venv"]).arg(&venv),
                "python3 -m venv",
                "install python3 and python3-venv",
            )?;
        }
        run(
            Command::new(&python).args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "ntc-templates",
                "textfsm",
                FAKENOS,
            ]),
            "pip install ntc-templates textfsm fakenos",
            "check the network or the pip index, or delete target/ntc-venv and retry",
        )?;
    }
    let templates = PathBuf::from(output(
        &python,
        "import ntc_templates, os; print(os.path.join(os.path.dirname(ntc_templates.__file__), 'templates'))",
    )?);
    let mut environment = vec![
        ("AURUM_NTC_TEMPLATES", templates),
        ("AURUM_NTC_PYTHON", python.clone()),
        ("AURUM_FAKENOS_PYTHON", python),
    ];
    let checkout = root.join("target/ntc-templates-src/tests");
    if std::env::var_os("AURUM_NTC_FIXTURES").is_none() && checkout.is_dir() {
        environment.push(("AURUM_NTC_FIXTURES", checkout));
    }
    Ok(environment)
}

/// Whether the venv has everything, FakeNOS at the pinned version (an older venv lacks it).
fn imports(python: &Path) -> bool {
    let version = FAKENOS.trim_start_matches("fakenos==");
    let check = format!(
        "import textfsm, ntc_templates, fakenos, importlib.metadata as m; \
         assert m.version('fakenos') == '{version}'"
    );
    python.exists()
        && Command::new(python)
            .args(["-c", &check])
            .status()
            .is_ok_and(|s| s.success())
}

fn output(python: &Path, code: &str) -> Result<String, String> {
    let out = Command::new(python)
        .args(["-c", code])
        .output()
        .map_err(|e| {
            format!(
                "cannot run {} ({e}); delete target/ntc-venv and retry",
                python.display()
            )
        })?;
    if !out.status.success() {
        return Err(format!(
            "{} failed to run {code:?}; delete target/ntc-venv and retry",
            python.display()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn run(command: &mut Command, what: &str, fix: &str) -> Result<(), String> {
    match command.status() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("{what} failed ({status}); {fix}")),
        Err(error) => Err(format!("cannot run {what} ({error}); {fix}")),
    }
}
