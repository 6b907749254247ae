//! What the TextFSM differential test (host/textfsm/tests/ntc) needs: Python's `textfsm`
//! and `ntc-templates` in a venv at `target/ntc-venv` (the oracle and the templates), and
//! ntc-templates' recorded outputs (`tests/<platform>/<command>/*.raw`), which only its git
//! repository ships, cloned into `target/ntc-templates-src`.

use std::path::{Path, PathBuf};
use std::process::Command;

const REPOSITORY: &str = "https://github.com/networktocode/ntc-templates";

/// Prepares the venv and the fixtures; returns the environment for `cargo test`.
pub fn ensure(root: &Path) -> Result<Vec<(&'static str, PathBuf)>, String> {
    let venv = root.join("target/ntc-venv");
    let python = venv.join("bin/python");
    if !imports(&python) {
        eprintln!(
            "xtask: creating {} with textfsm and ntc-templates",
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
            ]),
            "pip install ntc-templates textfsm",
            "check the network or the pip index, or delete target/ntc-venv and retry",
        )?;
    }
    let templates = PathBuf::from(output(
        &python,
        "import ntc_templates, os; print(os.path.join(os.path.dirname(ntc_templates.__file__), 'templates'))",
    )?);
    let fixtures = match std::env::var_os("AURUM_NTC_FIXTURES") {
        Some(path) => PathBuf::from(path),
        None => clone_fixtures(root, &python)?,
    };
    Ok(vec![
        ("AURUM_NTC_TEMPLATES", templates),
        ("AURUM_NTC_PYTHON", python),
        ("AURUM_NTC_FIXTURES", fixtures),
    ])
}

/// Clones the ntc-templates tag matching the installed package, once.
fn clone_fixtures(root: &Path, python: &Path) -> Result<PathBuf, String> {
    let checkout = root.join("target/ntc-templates-src");
    let tests = checkout.join("tests");
    if tests.is_dir() {
        return Ok(tests);
    }
    let version = output(
        python,
        "import importlib.metadata as m; print(m.version('ntc-templates'))",
    )?;
    eprintln!("xtask: cloning ntc-templates v{version} for its recorded command outputs");
    run(
        Command::new("git")
            .args([
                "clone",
                "--quiet",
                "--depth",
                "1",
                "--branch",
                &format!("v{version}"),
                REPOSITORY,
            ])
            .arg(&checkout),
        "git clone of ntc-templates",
        &format!(
            "clone {REPOSITORY} into {} by hand, or set AURUM_NTC_FIXTURES to the tests directory of a checkout",
            checkout.display()
        ),
    )?;
    Ok(tests)
}

fn imports(python: &Path) -> bool {
    python.exists()
        && Command::new(python)
            .args(["-c", "import textfsm, ntc_templates"])
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
