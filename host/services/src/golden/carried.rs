//! A golden-config setting as it travels with a job, so `aurum worker` processes need not share
//! the enqueuing process's files: the setting's values (secrets only by reference, as
//! `aurum.toml` names them; a value never enters the database) and the text of the files it
//! names: its properties (rules, removes, replaces), its SoT query and its templates folder.
//! A worker whose own setting of that name carries the same runs it as it is; any other writes
//! the carried files into `DATA_DIR/job-files/JOB/SETTING/` and runs from there. Remotes (where
//! credentials live) are the one part a worker must have itself, unless they hold no literal
//! secret.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use aurum_config::{GitRemote, GoldenSetting, SecretSource, mask_url_password};
use serde::{Deserialize, Serialize};

/// The most a setting's templates folder may carry: a job row is not a file store.
const MAX_TEMPLATE_BYTES: usize = 16 * 1024 * 1024;

/// Carried files' names in [`CarriedSetting::files`].
const PROPERTIES: &str = "properties";
const SOT_QUERY: &str = "sot_query";
const TEMPLATES: &str = "templates/";

/// How long a worker keeps the files of a job it did not finalise.
const KEEP_JOB_FILES: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// One setting of a job, as the enqueuing process read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CarriedSetting {
    /// The setting's values, serialised as `aurum config show` prints them.
    pub setting: serde_json::Value,
    /// The files it names, by role: `properties`, `sot_query`, `templates/RELATIVE/PATH`.
    pub files: BTreeMap<String, String>,
}

impl CarriedSetting {
    /// What travels of `setting` (named `name` in errors).
    pub(crate) fn gather(name: &str, setting: &GoldenSetting) -> Result<CarriedSetting, String> {
        let value = serde_json::to_value(setting)
            .map_err(|e| format!("setting `{name}` cannot be recorded with the job: {e}"))?;
        let mut files = BTreeMap::new();
        for (role, path) in [
            (PROPERTIES, setting.properties.as_ref()),
            (SOT_QUERY, setting.sot_query.as_ref()),
        ] {
            if let Some(path) = path {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    format!(
                        "setting `{name}`: cannot read {} ({role}): {e}",
                        path.display()
                    )
                })?;
                files.insert(role.to_string(), text);
            }
        }
        if setting.templates_repo.is_none() && setting.templates.is_dir() {
            let mut total = 0;
            collect_templates(
                name,
                &setting.templates,
                Path::new(""),
                &mut files,
                &mut total,
            )?;
        }
        Ok(CarriedSetting {
            setting: value,
            files,
        })
    }

    /// The setting this worker runs the job's devices under: `own` when it carries the same,
    /// otherwise the carried one with its files written under `dir`.
    pub(crate) fn resolve(
        &self,
        name: &str,
        own: Option<&GoldenSetting>,
        dir: &Path,
    ) -> Result<GoldenSetting, String> {
        if let Some(own) = own
            && CarriedSetting::gather(name, own).as_ref() == Ok(self)
        {
            return Ok(own.clone());
        }
        let mut setting: GoldenSetting = serde_json::from_value(self.setting.clone())
            .map_err(|e| format!("setting `{name}` as the job carries it is unreadable: {e}"))?;
        setting.backup_remote = remote(
            name,
            "backup_remote",
            &setting.backup_remote,
            own.and_then(|o| o.backup_remote.as_ref()),
        )?;
        setting.intended_remote = remote(
            name,
            "intended_remote",
            &setting.intended_remote,
            own.and_then(|o| o.intended_remote.as_ref()),
        )?;
        if let Some(carried) = setting.templates_repo.clone() {
            let theirs = carried.remote();
            let mine = own.and_then(|o| o.templates_repo.as_ref());
            match mine {
                Some(mine)
                    if mine.branch == carried.branch
                        && mine.path == carried.path
                        && same_remote(&mine.remote(), &theirs) =>
                {
                    setting.templates_repo = Some(mine.clone());
                }
                _ if holds_no_literal_secret(&theirs) => {}
                _ => return Err(missing_remote(name, "templates_repo", &theirs)),
            }
        }
        let write = |relative: &str, text: &str| -> Result<PathBuf, String> {
            let path = dir.join(relative);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            std::fs::write(&path, text)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            Ok(path)
        };
        if let Some(text) = self.files.get(PROPERTIES) {
            setting.properties = Some(write("properties.yml", text)?);
        }
        if let Some(text) = self.files.get(SOT_QUERY) {
            setting.sot_query = Some(write("sot_query.graphql", text)?);
        }
        let mut templates = false;
        for (role, text) in &self.files {
            if let Some(relative) = role.strip_prefix(TEMPLATES) {
                if relative
                    .split('/')
                    .any(|part| part == ".." || part.is_empty())
                {
                    return Err(format!(
                        "setting `{name}`: the job carries a template outside its folder ({relative})"
                    ));
                }
                write(&format!("templates/{relative}"), text)?;
                templates = true;
            }
        }
        if templates {
            setting.templates = dir.join("templates");
        }
        Ok(setting)
    }
}

/// A remote of the carried setting: this worker's own when it names the same one (its
/// credentials are real here), the carried one when it needs no literal secret (a reference
/// to an environment variable or file is resolved on this host).
fn remote(
    name: &str,
    field: &str,
    carried: &Option<GitRemote>,
    own: Option<&GitRemote>,
) -> Result<Option<GitRemote>, String> {
    let Some(carried) = carried else {
        return Ok(None);
    };
    match own {
        Some(own) if same_remote(own, carried) => Ok(Some(own.clone())),
        _ if holds_no_literal_secret(carried) => Ok(Some(carried.clone())),
        _ => Err(missing_remote(name, field, carried)),
    }
}

/// Whether two remotes are the same as they serialise (URLs with passwords masked).
fn same_remote(a: &GitRemote, b: &GitRemote) -> bool {
    serde_json::to_value(a).ok() == serde_json::to_value(b).ok()
}

/// A remote whose URL has no password and whose credentials are references, not values: what
/// travelled is all of it.
fn holds_no_literal_secret(remote: &GitRemote) -> bool {
    let literal = |s: &Option<SecretSource>| matches!(s, Some(SecretSource::Literal(_)));
    mask_url_password(&remote.url) == remote.url
        && !literal(&remote.credentials.password)
        && !literal(&remote.credentials.ssh_key)
        && !literal(&remote.credentials.ssh_key_passphrase)
}

fn missing_remote(name: &str, field: &str, remote: &GitRemote) -> String {
    format!(
        "setting `{name}` {field} {} needs a secret written in aurum.toml, and secrets never travel with a job; give this worker the same [golden.settings.{name}] {field}, or refer to the secret with {{ env = \"...\" }} or {{ file = \"...\" }}",
        mask_url_password(&remote.url)
    )
}

/// Adds every file under `folder` as `templates/RELATIVE` (`/`-separated).
fn collect_templates(
    name: &str,
    folder: &Path,
    relative: &Path,
    files: &mut BTreeMap<String, String>,
    total: &mut usize,
) -> Result<(), String> {
    let here = folder.join(relative);
    let entries = std::fs::read_dir(&here)
        .map_err(|e| format!("setting `{name}`: cannot list {}: {e}", here.display()))?;
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let file_name = entry.file_name();
        if file_name.to_string_lossy().starts_with('.') {
            continue;
        }
        let inner = relative.join(&file_name);
        let path = entry.path();
        if path.is_dir() {
            collect_templates(name, folder, &inner, files, total)?;
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|e| {
            format!(
                "setting `{name}`: cannot read template {}: {e}",
                path.display()
            )
        })?;
        *total += text.len();
        if *total > MAX_TEMPLATE_BYTES {
            return Err(format!(
                "setting `{name}`: the templates folder {} holds over {} MiB, too much to travel with a job; keep templates in a templates_repo instead",
                folder.display(),
                MAX_TEMPLATE_BYTES / (1024 * 1024)
            ));
        }
        let key: Vec<String> = inner
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        files.insert(format!("{TEMPLATES}{}", key.join("/")), text);
    }
    Ok(())
}

/// Where a worker writes job `job`'s carried files, after removing those of jobs older than a
/// day (jobs this worker did not finalise).
pub(crate) fn job_files_dir(data_dir: &Path, job: i64) -> PathBuf {
    let jobs = data_dir.join("job-files");
    if let Ok(entries) = std::fs::read_dir(&jobs) {
        for entry in entries.flatten() {
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > KEEP_JOB_FILES);
            if old {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    jobs.join(job.to_string())
}

/// Forgets job `job`'s carried files.
pub(crate) fn remove_job_files(data_dir: &Path, job: i64) {
    let _ = std::fs::remove_dir_all(data_dir.join("job-files").join(job.to_string()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setting_in(dir: &Path) -> GoldenSetting {
        std::fs::create_dir_all(dir.join("templates/partials")).unwrap();
        std::fs::write(
            dir.join("templates/cisco_ios.j2"),
            "hostname {{ device.name }}\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("templates/partials/ntp.j2"),
            "ntp server 10.0.0.1\n",
        )
        .unwrap();
        std::fs::write(dir.join("properties.yml"), "compliance_features: []\n").unwrap();
        GoldenSetting {
            templates: dir.join("templates"),
            properties: Some(dir.join("properties.yml")),
            backup_remote: Some(GitRemote::plain("/srv/backups.git")),
            ..GoldenSetting::default()
        }
    }

    #[test]
    fn a_worker_with_the_same_setting_runs_its_own() {
        let here = tempfile::tempdir().unwrap();
        let own = setting_in(here.path());
        let carried = CarriedSetting::gather("lab", &own).unwrap();
        assert_eq!(carried.files.len(), 3, "{:?}", carried.files.keys());
        assert!(carried.files.contains_key("templates/partials/ntp.j2"));
        let resolved = carried
            .resolve("lab", Some(&own), &here.path().join("job"))
            .unwrap();
        assert_eq!(resolved, own);
        assert!(!here.path().join("job").exists(), "nothing written");
    }

    #[test]
    fn a_worker_without_the_files_runs_from_what_travelled() {
        let enqueuer = tempfile::tempdir().unwrap();
        let carried = CarriedSetting::gather("lab", &setting_in(enqueuer.path())).unwrap();
        let text = serde_json::to_string(&carried).unwrap();
        drop(enqueuer);

        let worker = tempfile::tempdir().unwrap();
        let carried: CarriedSetting = serde_json::from_str(&text).unwrap();
        let dir = worker.path().join("jobs/7/lab");
        let resolved = carried.resolve("lab", None, &dir).unwrap();
        assert_eq!(resolved.templates, dir.join("templates"));
        assert_eq!(
            std::fs::read_to_string(dir.join("templates/partials/ntp.j2")).unwrap(),
            "ntp server 10.0.0.1\n"
        );
        assert_eq!(
            std::fs::read_to_string(resolved.properties.unwrap()).unwrap(),
            "compliance_features: []\n"
        );
        assert_eq!(
            resolved.backup_remote,
            Some(GitRemote::plain("/srv/backups.git"))
        );
    }

    #[test]
    fn a_remote_with_a_literal_secret_needs_the_workers_own() {
        let enqueuer = tempfile::tempdir().unwrap();
        let mut setting = setting_in(enqueuer.path());
        let mut remote = GitRemote::plain("https://git.example.net/backups.git");
        remote.credentials.password = Some(SecretSource::Literal("hunter2-planted".into()));
        setting.backup_remote = Some(remote);
        let carried = CarriedSetting::gather("lab", &setting).unwrap();
        let text = serde_json::to_string(&carried).unwrap();
        assert!(
            !text.contains("hunter2-planted"),
            "a secret value never travels: {text}"
        );

        let dir = enqueuer.path().join("jobs/8/lab");
        let error = carried.resolve("lab", None, &dir).unwrap_err();
        assert!(
            error.contains("backup_remote") && error.contains("[golden.settings.lab]"),
            "{error}"
        );
        let resolved = carried.resolve("lab", Some(&setting), &dir).unwrap();
        assert_eq!(
            resolved, setting,
            "the worker's own, with its real password"
        );
    }
}
