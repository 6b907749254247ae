//! Every shipped driver, loaded as `aurum` loads it (the embedded WASM component or Rhai
//! script, through the plugin registry), against its corpus in `plugins/drivers/masking/`:
//! each `mask:` line must lose its secret in a backup and in [`CompiledSpec::mask_secrets`],
//! each `keep:` line must come through unchanged. A failure names the driver, the file line
//! and what came out.

use std::path::{Path, PathBuf};

use aurum_config::Config;
use aurum_connect::{CompiledSpec, clean_output};
use aurum_plugin::Registry;

/// One case of a corpus file.
struct Case {
    number: usize,
    /// The line as the device prints it.
    line: String,
    /// The secrets it holds; none for a `keep:` line.
    secrets: Vec<String>,
    /// What stands before the first secret, which masking must keep.
    prefix: String,
}

fn corpus(platform: &str) -> Vec<Case> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../plugins/drivers/masking")
        .join(format!("{platform}.txt"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{platform} has no masking corpus at {}: {e}",
            path.display()
        )
    });
    let mut cases = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        if let Some(line) = raw.strip_prefix("keep: ") {
            cases.push(Case {
                number,
                line: line.to_string(),
                secrets: Vec::new(),
                prefix: String::new(),
            });
            continue;
        }
        let marked = raw.strip_prefix("mask: ").unwrap_or_else(|| {
            panic!("{platform}.txt:{number}: starts with neither `mask: ` nor `keep: `")
        });
        let (mut line, mut secrets, mut rest) = (String::new(), Vec::new(), marked);
        while let Some(start) = rest.find("{{") {
            let end = rest[start..]
                .find("}}")
                .unwrap_or_else(|| panic!("{platform}.txt:{number}: `{{{{` without `}}}}`"))
                + start;
            line.push_str(&rest[..start]);
            secrets.push(rest[start + 2..end].to_string());
            line.push_str(&rest[start + 2..end]);
            rest = &rest[end + 2..];
        }
        line.push_str(rest);
        assert!(
            !secrets.is_empty(),
            "{platform}.txt:{number}: a `mask:` line marks its secret with {{{{ }}}}"
        );
        let prefix = marked[..marked.find("{{").expect("checked above")].to_string();
        cases.push(Case {
            number,
            line,
            secrets,
            prefix,
        });
    }
    cases
}

/// The specs of the shipped drivers as the registry describes them.
fn shipped_specs() -> Vec<(String, CompiledSpec)> {
    let dir = tempfile::tempdir().unwrap();
    let config =
        aurum_drivers::with_shipped_drivers(&Config::default(), &dir.path().join("drivers"))
            .unwrap();
    let registry = Registry::load(&config, &dir.path().join("cache")).unwrap();
    aurum_drivers::shipped()
        .iter()
        .map(|driver| {
            let spec = registry.driver(driver.name).unwrap().describe().unwrap();
            (
                driver.name.to_string(),
                CompiledSpec::compile(spec).unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_shipped_driver_masks_its_corpus() {
    let mut failures = Vec::new();
    let mut counted = Vec::new();
    for (platform, spec) in shipped_specs() {
        let cases = corpus(&platform);
        let masked_cases = cases.iter().filter(|c| !c.secrets.is_empty()).count();
        counted.push(format!(
            "{platform}: {masked_cases} masked, {} kept",
            cases.len() - masked_cases
        ));
        for case in &cases {
            let backup = clean_output(&format!("{}\n", case.line), &spec);
            let backup = backup.strip_suffix('\n').unwrap_or(&backup);
            let masked = spec.mask_secrets(&case.line);
            let wrong = if backup != masked {
                Some(format!(
                    "the backup gives {backup:?} but mask_secrets {masked:?}"
                ))
            } else if case.secrets.is_empty() {
                (backup != case.line).then(|| format!("must be kept, became {backup:?}"))
            } else if let Some(secret) = case.secrets.iter().find(|s| backup.contains(s.as_str())) {
                Some(format!("still shows `{secret}`: {backup:?}"))
            } else if !backup.starts_with(&case.prefix) || !backup.contains("<removed>") {
                Some(format!(
                    "must keep {:?} and say <removed>: {backup:?}",
                    case.prefix
                ))
            } else {
                None
            };
            if let Some(wrong) = wrong {
                failures.push(format!(
                    "{platform}.txt:{} `{}`: {wrong}",
                    case.number, case.line
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
    assert_eq!(counted.len(), 6, "{counted:?}");
}

#[test]
fn every_shipped_driver_has_a_corpus() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../plugins/drivers/masking");
    for driver in aurum_drivers::shipped() {
        assert!(
            dir.join(format!("{}.txt", driver.name)).is_file(),
            "{} has no masking corpus in {}",
            driver.name,
            dir.display()
        );
    }
}
