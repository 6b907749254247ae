//! Which configs to compare: two files, or two folders paired by file name. Only the names
//! are listed up front; each device's files are read when its turn comes, so a folder of
//! 10,000 devices costs no more memory than one device per worker.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

/// The devices to compare, in file-name order.
pub struct Pairs {
    devices: Vec<Device>,
    /// Two files were given (not folders): the report is that one device's, unwrapped.
    pub single: bool,
}

/// One device: its name and where its two configs are (or why one is missing).
struct Device {
    name: String,
    left: Result<PathBuf, String>,
    right: Result<PathBuf, String>,
}

impl Pairs {
    /// Pairs `left` with `right`; `right_flag` names the option to fix when one is a file and
    /// the other a folder.
    pub fn new(left: &Path, right: &Path, right_flag: &str) -> anyhow::Result<Pairs> {
        match (left.is_dir(), right.is_dir()) {
            (false, false) => {
                let name = left.file_stem().map_or_else(
                    || "config".to_string(),
                    |s| s.to_string_lossy().into_owned(),
                );
                // Named files that cannot be read are the command's error, not a device's.
                for path in [left, right] {
                    std::fs::metadata(path)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                }
                Ok(Pairs {
                    devices: vec![Device {
                        name,
                        left: Ok(left.to_path_buf()),
                        right: Ok(right.to_path_buf()),
                    }],
                    single: true,
                })
            }
            (true, true) => {
                let (lefts, rights) = (files_in(left)?, files_in(right)?);
                let names: BTreeSet<&String> = lefts.keys().chain(rights.keys()).collect();
                let side = |files: &BTreeMap<String, PathBuf>, name: &str, dir: &Path| {
                    files
                        .get(name)
                        .cloned()
                        .ok_or_else(|| format!("no file named {name} in {}", dir.display()))
                };
                let devices = names
                    .into_iter()
                    .map(|name| Device {
                        name: name.clone(),
                        left: side(&lefts, name, left),
                        right: side(&rights, name, right),
                    })
                    .collect();
                Ok(Pairs {
                    devices,
                    single: false,
                })
            }
            _ => bail!(
                "give two files or two folders (paired by file name), not one of each; check {right_flag}"
            ),
        }
    }

    /// Number of devices.
    pub fn len(&self) -> usize {
        self.devices.len()
    }

    /// Name of device `i` (its file name).
    pub fn name(&self, i: usize) -> &str {
        &self.devices[i].name
    }

    /// Reads both configs of device `i`; the error names the file and what went wrong.
    pub fn read(&self, i: usize) -> Result<(String, String), String> {
        let device = &self.devices[i];
        let read = |path: &Result<PathBuf, String>| {
            let path = path.as_ref().map_err(Clone::clone)?;
            std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))
        };
        Ok((read(&device.left)?, read(&device.right)?))
    }
}

/// The regular files of `dir` by file name.
fn files_in(dir: &Path) -> anyhow::Result<BTreeMap<String, PathBuf>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry
            .with_context(|| format!("cannot list {}", dir.display()))?
            .path();
        if path.is_file() {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            files.insert(name, path);
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_pair_by_name_and_report_the_missing_side() {
        let dir = std::env::temp_dir().join(format!("aurum-pairs-{}", std::process::id()));
        let (a, b) = (dir.join("a"), dir.join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(a.join("r1.cfg"), "x\n").unwrap();
        std::fs::write(b.join("r1.cfg"), "y\n").unwrap();
        std::fs::write(a.join("r2.cfg"), "z\n").unwrap();
        let pairs = Pairs::new(&a, &b, "--intended").unwrap();
        assert!(!pairs.single);
        assert_eq!(
            (pairs.len(), pairs.name(0), pairs.name(1)),
            (2, "r1.cfg", "r2.cfg")
        );
        assert_eq!(pairs.read(0).unwrap(), ("x\n".into(), "y\n".into()));
        assert!(
            pairs
                .read(1)
                .unwrap_err()
                .contains("no file named r2.cfg in")
        );
        let mixed = Pairs::new(&a, &b.join("r1.cfg"), "--intended")
            .err()
            .unwrap();
        assert!(mixed.to_string().contains("check --intended"), "{mixed}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
