//! How Aurum reaches a git server: a remote's URL and the credentials and host-key store for
//! it, shared by the backup and intended remotes and the templates repository.
//!
//! In TOML a remote is a plain URL or path (`backup_remote = "/srv/backups.git"`), or a table:
//! `{ url = "ssh://git@gitlab.example.com/net/backups.git", ssh_key = { file = "deploy_key" } }`
//! or `{ url = "https://gitlab.example.com/net/backups.git", username = "aurum",
//! password = { env = "GITLAB_TOKEN" } }`.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::SecretSource;

/// What to do with an SSH git server's host key. There is no "off": a push of every backup
/// to a server nobody checked is exactly what host keys exist to prevent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GitHostKeyChecking {
    /// Only keys already in the known_hosts file are accepted.
    Strict,
    /// Pin the key on first use into the known_hosts file; a different key later is refused.
    #[default]
    AcceptNew,
}

/// Credentials and host-key settings of one git remote; every field optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GitCredentials {
    /// The user to log in as when the URL names none (`git` for SSH otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// HTTPS password or access token, by reference (`{ env = "GITLAB_TOKEN" }`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<SecretSource>,
    /// SSH private key (OpenSSH or PEM text), by reference (`{ file = "/etc/aurum/deploy_key" }`).
    /// Without one an SSH remote uses the SSH agent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ssh_key: Option<SecretSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ssh_key_passphrase: Option<SecretSource>,
    /// Pinned SSH host keys (`[host]:port algorithm base64` lines, as `[ssh] known_hosts`);
    /// default `DATA_DIR/git_known_hosts`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub known_hosts: Option<PathBuf>,
    pub host_key_checking: GitHostKeyChecking,
}

impl GitCredentials {
    /// Relative files are relative to the configuration file.
    pub(crate) fn rebase(&mut self, base: &Path) {
        for secret in [
            &mut self.password,
            &mut self.ssh_key,
            &mut self.ssh_key_passphrase,
        ]
        .into_iter()
        .flatten()
        {
            secret.rebase(base);
        }
        if let Some(path) = &mut self.known_hosts
            && path.is_relative()
        {
            *path = base.join(&*path);
        }
    }
}

/// A remote to push to: its URL (or a path) and how to log in.
#[derive(Clone, PartialEq, Serialize)]
pub struct GitRemote {
    /// Printed with any password of its userinfo masked.
    #[serde(serialize_with = "serialize_masked")]
    pub url: String,
    #[serde(flatten)]
    pub credentials: GitCredentials,
}

impl GitRemote {
    /// A remote reached with no credentials of Aurum's own (a path, `file://`, the SSH agent).
    pub fn plain(url: impl Into<String>) -> GitRemote {
        GitRemote {
            url: url.into(),
            credentials: GitCredentials::default(),
        }
    }
}

/// A URL may carry a token (`https://user:token@host/...`): shown masked.
impl fmt::Debug for GitRemote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GitRemote")
            .field("url", &crate::mask_url_password(&self.url))
            .field("credentials", &self.credentials)
            .finish()
    }
}

pub(crate) fn serialize_masked<S: serde::Serializer>(url: &str, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::mask_url_password(url))
}

/// The table form: the URL beside the credentials, unknown keys refused.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RemoteTable {
    url: String,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    password: Option<SecretSource>,
    #[serde(default)]
    ssh_key: Option<SecretSource>,
    #[serde(default)]
    ssh_key_passphrase: Option<SecretSource>,
    #[serde(default)]
    known_hosts: Option<PathBuf>,
    #[serde(default)]
    host_key_checking: GitHostKeyChecking,
}

impl From<RemoteTable> for GitRemote {
    fn from(table: RemoteTable) -> GitRemote {
        GitRemote {
            url: table.url,
            credentials: GitCredentials {
                username: table.username,
                password: table.password,
                ssh_key: table.ssh_key,
                ssh_key_passphrase: table.ssh_key_passphrase,
                known_hosts: table.known_hosts,
                host_key_checking: table.host_key_checking,
            },
        }
    }
}

impl<'de> Deserialize<'de> for GitRemote {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RemoteVisitor)
    }
}

struct RemoteVisitor;

impl<'de> Visitor<'de> for RemoteVisitor {
    type Value = GitRemote;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"a URL or path, or { url = "...", ssh_key = ..., password = ... }"#)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<GitRemote, E> {
        Ok(GitRemote::plain(value))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<GitRemote, A::Error> {
        RemoteTable::deserialize(de::value::MapAccessDeserializer::new(map)).map(GitRemote::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Holder {
        remote: GitRemote,
    }

    fn parse(text: &str) -> Result<GitRemote, toml::de::Error> {
        toml::from_str::<Holder>(text).map(|h| h.remote)
    }

    #[test]
    fn a_remote_is_a_url_or_a_table_with_credentials_by_reference() {
        assert_eq!(
            parse("remote = \"/srv/backups.git\"").unwrap(),
            GitRemote::plain("/srv/backups.git")
        );
        let remote = parse(
            "remote = { url = \"https://git.example.com/b.git\", username = \"aurum\", \
             password = { env = \"GIT_TOKEN\" }, host_key_checking = \"strict\" }",
        )
        .unwrap();
        assert_eq!(remote.url, "https://git.example.com/b.git");
        assert_eq!(remote.credentials.username.as_deref(), Some("aurum"));
        assert_eq!(
            remote.credentials.password,
            Some(SecretSource::Env("GIT_TOKEN".into()))
        );
        assert_eq!(
            remote.credentials.host_key_checking,
            GitHostKeyChecking::Strict
        );
    }

    #[test]
    fn typos_and_turning_host_keys_off_are_refused() {
        let typo = parse("remote = { url = \"x\", ssh_keys = { file = \"k\" } }")
            .unwrap_err()
            .to_string();
        assert!(typo.contains("ssh_keys"), "{typo}");
        let off = parse("remote = { url = \"x\", host_key_checking = \"off\" }")
            .unwrap_err()
            .to_string();
        assert!(off.contains("accept-new"), "{off}");
    }

    #[test]
    fn printing_shows_references_never_values() {
        let remote = parse(
            "remote = { url = \"https://u:tok3n@h/b.git\", ssh_key = \"-----BEGIN OPENSSH PRIVATE KEY-----\" }",
        )
        .unwrap();
        let debug = format!("{remote:?}");
        let shown = toml::to_string(&Holder2 { remote }).unwrap();
        for text in [&shown, &debug] {
            assert!(!text.contains("BEGIN"), "{text}");
            assert!(!text.contains("tok3n"), "{text}");
            assert!(text.contains("https://u:***@h/b.git"), "{text}");
        }
    }

    #[derive(Serialize)]
    struct Holder2 {
        remote: GitRemote,
    }
}
