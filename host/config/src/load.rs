use std::path::{Path, PathBuf};

use crate::{Config, ConfigError, SecretSource};

/// A parsed configuration and where it came from, so later errors can name the file.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    pub config: Config,
    /// The file it was read from; `None` when running on defaults.
    pub path: Option<PathBuf>,
}

impl LoadedConfig {
    /// The defaults, as used when no configuration file exists.
    pub fn defaults() -> Self {
        Self {
            config: Config::default(),
            path: None,
        }
    }

    /// How error messages refer to this configuration.
    pub fn origin(&self) -> String {
        self.path
            .as_deref()
            .map_or_else(|| "<defaults>".to_string(), |p| p.display().to_string())
    }

    /// An error at a place in the file (a byte range that a `toml::Spanned` kept), for checks
    /// that only crates knowing more than this one can make, e.g. the types of remediation
    /// options. It names the file, line and column as a parse error does.
    pub fn invalid_at(&self, span: std::ops::Range<usize>, message: String) -> ConfigError {
        let text = self
            .path
            .as_deref()
            .and_then(|path| std::fs::read_to_string(path).ok())
            .unwrap_or_default();
        let (line, column) = line_and_column(&text, span.start.min(text.len()));
        ConfigError::Invalid {
            file: self.origin(),
            line,
            column,
            message,
        }
    }

    /// The effective configuration as TOML, with literal secrets masked.
    pub fn effective_toml(&self) -> String {
        toml::to_string_pretty(&self.config)
            .expect("every configuration value is representable in TOML")
    }
}

/// Reads and validates a configuration file.
pub fn load_file(path: &Path) -> Result<LoadedConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    let config = parse_str(&text, &path.display().to_string(), base)?;
    Ok(LoadedConfig {
        config,
        path: Some(path.to_path_buf()),
    })
}

/// Parses configuration text; `origin` names it in errors and relative paths are taken
/// relative to `base`.
pub fn parse_str(text: &str, origin: &str, base: &Path) -> Result<Config, ConfigError> {
    let mut config: Config = toml::from_str(text).map_err(|error| {
        let (line, column) = error
            .span()
            .map_or((1, 1), |span| line_and_column(text, span.start));
        ConfigError::Invalid {
            file: origin.to_string(),
            line,
            column,
            message: error.message().trim().to_string(),
        }
    })?;
    validate(&config, origin)?;
    rebase(&mut config, base);
    Ok(config)
}

fn validate(config: &Config, origin: &str) -> Result<(), ConfigError> {
    if let Some(SecretSource::Literal(url)) = &config.database.url
        && !(url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://"))
    {
        return Err(ConfigError::Semantic {
            file: origin.to_string(),
            section: "[database] url".to_string(),
            message: "expected a `sqlite://PATH` or `postgres://USER@HOST:PORT/DB` URL".to_string(),
        });
    }
    if config.database.max_connections == 0 {
        return Err(ConfigError::Semantic {
            file: origin.to_string(),
            section: "[database] max_connections".to_string(),
            message: "must be at least 1".to_string(),
        });
    }
    for name in config.plugins.keys() {
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(ConfigError::Semantic {
                file: origin.to_string(),
                section: format!("[plugins.{name}]"),
                message: "plugin names use letters, digits, `_` and `-` only".to_string(),
            });
        }
    }
    for (name, hook) in &config.hooks {
        if let Some((key, message)) = hook.problem() {
            return Err(ConfigError::Semantic {
                file: origin.to_string(),
                section: format!("[hooks.{name}] {key}"),
                message,
            });
        }
    }
    if config.workers.heartbeat_secs == 0
        || config.workers.lease_secs < 2 * config.workers.heartbeat_secs
    {
        return Err(ConfigError::Semantic {
            file: origin.to_string(),
            section: "[workers]".to_string(),
            message: format!(
                "heartbeat_secs must be at least 1 and lease_secs at least twice it (got {} and {})",
                config.workers.heartbeat_secs, config.workers.lease_secs
            ),
        });
    }
    for name in &config.postprocessing.subscribed {
        let known = name == crate::RENDER_SECRETS
            || config
                .plugins
                .get(name)
                .is_some_and(|entry| entry.kind == crate::PluginKind::Postprocessor);
        if !known {
            return Err(ConfigError::Semantic {
                file: origin.to_string(),
                section: "[postprocessing] subscribed".to_string(),
                message: format!(
                    "`{name}` is neither the builtin `render_secrets` nor a [plugins.{name}] of kind \"postprocessor\""
                ),
            });
        }
    }
    for (name, schedule) in &config.golden.schedules {
        let semantic = |key: &str, message: String| ConfigError::Semantic {
            file: origin.to_string(),
            section: format!("[golden.schedules.{name}] {key}"),
            message,
        };
        schedule.parse_cron().map_err(|m| semantic("cron", m))?;
        if let Some(setting) = &schedule.setting {
            let known = if config.golden.settings.is_empty() {
                setting == "default"
            } else {
                config.golden.settings.contains_key(setting)
            };
            if !known {
                return Err(semantic(
                    "setting",
                    format!(
                        "no [golden.settings.{setting}]; name a configured setting or drop `setting`"
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn rebase(config: &mut Config, base: &Path) {
    if let Some(dir) = &mut config.data_dir
        && dir.is_relative()
    {
        // `data_dir = "."` (as `aurum init` writes) is the file's own folder, said plainly.
        *dir = match dir.as_os_str() == "." {
            true => base.to_path_buf(),
            false => base.join(&*dir),
        };
    }
    if let Some(url) = &mut config.database.url {
        url.rebase(base);
    }
    for entry in config.plugins.values_mut() {
        entry.rebase(base);
    }
    for hook in config.hooks.values_mut() {
        if let Some(secret) = &mut hook.secret {
            secret.rebase(base);
        }
        if let Some(path) = &mut hook.ca_file
            && path.is_relative()
        {
            *path = base.join(&*path);
        }
    }
    for server in [&mut config.sot.nautobot, &mut config.sot.netbox]
        .into_iter()
        .flatten()
    {
        server.rebase(base);
    }
    for path in [
        &mut config.ssh.known_hosts,
        &mut config.toolkit.textfsm_templates,
    ]
    .into_iter()
    .flatten()
    {
        if path.is_relative() {
            *path = base.join(&*path);
        }
    }
    // Templates and properties live beside the configuration; repositories in the data dir.
    for setting in config.golden.settings.values_mut() {
        for path in std::iter::once(&mut setting.templates)
            .chain(setting.properties.as_mut())
            .chain(setting.sot_query.as_mut())
        {
            if path.is_relative() {
                *path = base.join(&*path);
            }
        }
        if let Some(repo) = &mut setting.templates_repo {
            if is_relative_path(&repo.url) {
                repo.url = base.join(&repo.url).display().to_string();
            }
            repo.credentials.rebase(base);
        }
        for remote in [&mut setting.backup_remote, &mut setting.intended_remote]
            .into_iter()
            .flatten()
        {
            remote.credentials.rebase(base);
        }
    }
}

/// A templates repository URL that is a plain relative path (not `scheme://...` nor
/// `host:path`), which is taken relative to the configuration file like other paths.
fn is_relative_path(url: &str) -> bool {
    !url.contains(':') && Path::new(url).is_relative()
}

/// 1-based line and column of a byte offset, as editors count them.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PluginBackend, PluginKind};

    fn parse(text: &str) -> Result<Config, ConfigError> {
        parse_str(text, "aurum.toml", Path::new("/etc/aurum"))
    }

    fn invalid(text: &str) -> (usize, usize, String) {
        match parse(text) {
            Err(ConfigError::Invalid {
                line,
                column,
                message,
                ..
            }) => (line, column, message),
            other => panic!("expected an invalid-config error, got {other:?}"),
        }
    }

    #[test]
    fn empty_file_is_all_defaults() {
        let config = parse("").unwrap();
        assert_eq!(config, Config::default());
        assert_eq!(config.server.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(config.database.max_connections, 8);
    }

    #[test]
    fn unknown_top_level_key_names_line_and_key() {
        let (line, _, message) = invalid("\n\ndatabse = 1\n");
        assert_eq!(line, 3);
        assert!(message.contains("databse"), "{message}");
    }

    #[test]
    fn unknown_nested_key_names_line_and_key() {
        let (line, _, message) = invalid("[server]\nlisten = \"127.0.0.1:9000\"\nlistn = \"x\"\n");
        assert_eq!(line, 3);
        assert!(message.contains("listn"), "{message}");
    }

    #[test]
    fn a_misspelt_feature_switch_is_an_error_naming_it() {
        let (line, _, message) = invalid("[features]\nbackup = false\nconfig_serch = false\n");
        assert_eq!(line, 3);
        assert!(message.contains("config_serch"), "{message}");
        let config = parse("[features]\ntoolkit = false\n").unwrap();
        assert!(!config.features.enabled(crate::Feature::Toolkit));
        assert!(config.features.enabled(crate::Feature::Backup));
    }

    #[test]
    fn wrong_type_names_line() {
        let (line, column, message) = invalid("[database]\nmax_connections = \"eight\"\n");
        assert_eq!((line, column), (2, 19));
        assert!(message.contains("expected u32"), "{message}");
    }

    #[test]
    fn bad_listen_address_is_an_error() {
        let (line, _, _) = invalid("[server]\nlisten = \"not-an-address\"\n");
        assert_eq!(line, 2);
    }

    #[test]
    fn error_message_names_file_and_next_step() {
        let err = parse("[server]\nlistn = 1\n").unwrap_err().to_string();
        assert!(err.starts_with("aurum.toml:2:1:"), "{err}");
        assert!(err.contains("aurum config check"), "{err}");
    }

    #[test]
    fn plugin_needs_exactly_one_backend() {
        let (line, _, message) =
            invalid("[plugins.x]\nkind = \"driver\"\nwasm = \"a.wasm\"\nrhai = \"a.rhai\"\n");
        assert_eq!(line, 1);
        assert!(message.contains("only one of"), "{message}");
        let (_, _, message) = invalid("[plugins.x]\nkind = \"driver\"\n");
        assert!(message.contains("needs its file"), "{message}");
    }

    #[test]
    fn plugin_unknown_kind_and_key_are_errors() {
        let (_, _, message) = invalid("[plugins.x]\nkind = \"router\"\nwasm = \"a.wasm\"\n");
        assert!(message.contains("router"), "{message}");
        let (_, _, message) =
            invalid("[plugins.x]\nkind = \"driver\"\nwasm = \"a\"\npath = \"b\"\n");
        assert!(message.contains("path"), "{message}");
    }

    #[test]
    fn plugin_paths_are_relative_to_the_config_file() {
        let config =
            parse("[plugins.strip]\nkind = \"postprocessor\"\nrhai = \"scripts/strip.rhai\"\n")
                .unwrap();
        let entry = &config.plugins["strip"];
        assert_eq!(config.postprocessing.subscribed, ["render_secrets"]);
        assert_eq!(entry.kind, PluginKind::Postprocessor);
        assert_eq!(
            entry.backend,
            PluginBackend::Rhai(PathBuf::from("/etc/aurum/scripts/strip.rhai"))
        );
    }

    #[test]
    fn postprocessing_names_a_builtin_or_a_postprocessor_plugin() {
        let config = parse(
            "[plugins.strip]\nkind = \"postprocessor\"\nrhai = \"s.rhai\"\n\
             [postprocessing]\nsubscribed = [\"render_secrets\", \"strip\"]\n",
        )
        .unwrap();
        assert_eq!(
            config.postprocessing.subscribed,
            ["render_secrets", "strip"]
        );
        for text in [
            "[postprocessing]\nsubscribed = [\"strip\"]\n",
            "[plugins.strip]\nkind = \"transposer\"\nrhai = \"s.rhai\"\n[postprocessing]\nsubscribed = [\"strip\"]\n",
        ] {
            let error = parse(text).unwrap_err().to_string();
            assert!(
                error.contains("[postprocessing] subscribed") && error.contains("`strip`"),
                "{error}"
            );
        }
    }

    #[test]
    fn bad_sha256_is_an_error() {
        let (_, _, message) =
            invalid("[plugins.x]\nkind = \"driver\"\nwasm = \"a\"\nsha256 = \"abc\"\n");
        assert!(message.contains("64 hex digits"), "{message}");
    }

    #[test]
    fn database_url_must_be_sqlite_or_postgres() {
        let err = parse("[database]\nurl = \"mysql://x\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("[database] url"), "{err}");
    }

    #[test]
    fn secrets_resolve_from_env_and_file() {
        // Unique names so parallel tests never race on the environment.
        let config = parse("[database]\nurl = { env = \"AURUM_TEST_CONFIG_URL_1\" }\n").unwrap();
        let url = config.database.url.unwrap();
        let missing = url.resolve("aurum.toml").unwrap_err().to_string();
        assert!(missing.contains("AURUM_TEST_CONFIG_URL_1"), "{missing}");

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("db-url"), "postgres://u@127.0.0.1/db\n").unwrap();
        let config = parse_str(
            "[database]\nurl = { file = \"db-url\" }\n",
            "aurum.toml",
            dir.path(),
        )
        .unwrap();
        let resolved = config.database.url.unwrap().resolve("aurum.toml").unwrap();
        assert_eq!(resolved, "postgres://u@127.0.0.1/db");
    }

    #[test]
    fn secret_reference_with_two_keys_is_an_error() {
        let (_, _, message) = invalid("[database]\nurl = { env = \"A\", file = \"b\" }\n");
        assert!(message.contains("exactly one"), "{message}");
    }

    #[test]
    fn git_remotes_take_credentials_whose_files_are_relative_to_the_config_file() {
        let config = parse(
            "[golden.settings.dc]\n\
             backup_remote = { url = \"ssh://git@gitlab.example.com/net/b.git\", ssh_key = { file = \"keys/deploy\" }, known_hosts = \"git_hosts\" }\n\
             intended_remote = \"/srv/intended.git\"\n\
             templates_repo = { url = \"https://gitlab.example.com/net/t.git\", username = \"aurum\", password = { env = \"GITLAB_TOKEN\" } }\n",
        )
        .unwrap();
        let dc = &config.golden.settings["dc"];
        let backup = dc.backup_remote.as_ref().unwrap();
        assert_eq!(
            backup.credentials.ssh_key,
            Some(SecretSource::File("/etc/aurum/keys/deploy".into()))
        );
        assert_eq!(
            backup.credentials.known_hosts.as_deref(),
            Some(Path::new("/etc/aurum/git_hosts"))
        );
        assert_eq!(
            dc.intended_remote,
            Some(crate::GitRemote::plain("/srv/intended.git"))
        );
        let templates = dc.templates_repo.as_ref().unwrap();
        assert_eq!(templates.branch, "main");
        assert_eq!(
            templates.remote().credentials.password,
            Some(SecretSource::Env("GITLAB_TOKEN".into()))
        );
        let (line, _, message) = invalid(
            "[golden.settings.dc]\n\
             templates_repo = { url = \"t.git\", host_key_checking = \"off\" }\n",
        );
        assert_eq!(line, 2);
        assert!(message.contains("accept-new"), "{message}");
    }

    #[test]
    fn sot_query_and_templates_repo_paths_are_relative_to_the_config_file() {
        let config = parse(
            "[golden.settings.dc]\nsot_query = \"queries/sot.graphql\"\n\
             templates_repo = { url = \"../templates.git\", branch = \"prod\", path = \"ios\" }\n\
             [golden.settings.edge]\ntemplates_repo = { url = \"file:///srv/templates.git\" }\n",
        )
        .unwrap();
        let dc = &config.golden.settings["dc"];
        assert_eq!(
            dc.sot_query.as_deref(),
            Some(Path::new("/etc/aurum/queries/sot.graphql"))
        );
        let repo = dc.templates_repo.as_ref().unwrap();
        assert_eq!(repo.url, "/etc/aurum/../templates.git");
        assert_eq!((repo.branch.as_str(), repo.path.as_str()), ("prod", "ios"));
        let edge = config.golden.settings["edge"]
            .templates_repo
            .as_ref()
            .unwrap();
        assert_eq!(
            edge.url, "file:///srv/templates.git",
            "URLs are kept as written"
        );
        assert_eq!(edge.branch, "main");
    }

    #[test]
    fn unknown_keys_of_sot_settings_are_errors() {
        let (line, _, message) = invalid("[golden.settings.dc]\nsot_querry = \"sot.graphql\"\n");
        assert_eq!(line, 2);
        assert!(message.contains("sot_querry"), "{message}");
        let (line, _, message) = invalid(
            "[golden.settings.dc]\n\ntemplates_repo = { url = \"t.git\", brnch = \"main\" }\n",
        );
        assert_eq!(line, 3);
        assert!(message.contains("brnch"), "{message}");
        let (_, _, message) =
            invalid("[golden.settings.dc]\ntemplates_repo = { branch = \"main\" }\n");
        assert!(message.contains("url"), "{message}");
    }

    #[test]
    fn effective_config_masks_literal_secrets() {
        let text = "data_dir = \"data\"\n[database]\nurl = \"postgres://u:hunter2@127.0.0.1/db\"\n\
                    [plugins.cisco_ios]\nkind = \"driver\"\nwasm = \"drivers/cisco_ios.wasm\"\n\
                    [plugins.cisco_ios.limits]\ntimeout_ms = 500\n";
        let loaded = LoadedConfig {
            config: parse(text).unwrap(),
            path: Some(PathBuf::from("/etc/aurum/aurum.toml")),
        };
        let printed = loaded.effective_toml();
        assert!(!printed.contains("hunter2"));
        insta::assert_snapshot!(printed);
        // What is printed is itself a valid configuration.
        parse(&printed).unwrap();
    }
}
