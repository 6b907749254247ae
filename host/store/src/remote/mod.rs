//! Reaching a git server over SSH or HTTPS (or a path / `file://`): a remote's credentials,
//! resolved from their secret references when a job needs them, and the libgit2 callbacks
//! that hand them out, check the server's host key and keep what the server said, so a
//! failure names the remote and the reason. No secret value is logged, stored or shown:
//! messages carry the masked URL and the references (`Env(NAME)`, `File(PATH)`).

mod address;
mod callbacks;
mod known_hosts;

use std::fmt;
use std::path::Path;

use aurum_config::{GitRemote, SecretSource};

use crate::StoreError;
pub(crate) use address::SshAddress;
use known_hosts::HostKeys;

pub(crate) use callbacks::Transcript;

/// A remote ready to connect to: URL, resolved secrets and host-key store.
pub struct RemoteAccess {
    url: String,
    shown: String,
    username: Option<String>,
    password: Option<Secret>,
    ssh_key: Option<Secret>,
    ssh_key_passphrase: Option<String>,
    host_keys: HostKeys,
}

/// A resolved secret with where it came from, for messages.
struct Secret {
    value: String,
    source: SecretSource,
}

impl RemoteAccess {
    /// Resolves the remote's secrets (environment variables, files). `data_dir` holds the
    /// default known_hosts file, `git_known_hosts`.
    pub fn resolve(remote: &GitRemote, data_dir: &Path) -> Result<RemoteAccess, StoreError> {
        let shown = aurum_config::mask_url_password(&remote.url);
        let credentials = &remote.credentials;
        let resolve = |what: &str, source: &Option<SecretSource>| {
            source
                .as_ref()
                .map(|source| {
                    source
                        .resolve("aurum.toml")
                        .map(|value| Secret {
                            value,
                            source: source.clone(),
                        })
                        .map_err(|e| StoreError::RemoteCredentials {
                            remote: shown.clone(),
                            message: format!("its {what} cannot be read: {e}"),
                        })
                })
                .transpose()
        };
        let password = resolve("password", &credentials.password)?;
        let ssh_key = resolve("ssh_key", &credentials.ssh_key)?;
        let ssh_key_passphrase =
            resolve("ssh_key_passphrase", &credentials.ssh_key_passphrase)?.map(|s| s.value);
        Ok(RemoteAccess {
            url: remote.url.clone(),
            username: credentials.username.clone(),
            password,
            ssh_key,
            ssh_key_passphrase,
            host_keys: HostKeys {
                path: credentials
                    .known_hosts
                    .clone()
                    .unwrap_or_else(|| data_dir.join("git_known_hosts")),
                policy: credentials.host_key_checking,
            },
            shown,
        })
    }

    /// A remote with no credentials of its own (a path or `file://`), for tests and tools.
    pub fn plain(url: &str, data_dir: &Path) -> RemoteAccess {
        RemoteAccess::resolve(&GitRemote::plain(url), data_dir)
            .expect("a remote without secrets always resolves")
    }

    /// The URL as configured; only for handing to libgit2.
    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    /// The URL with any password masked, for messages and logs.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// `message` from libgit2 or the server, with anything secret it might echo masked.
    pub(crate) fn scrub(&self, message: &str) -> String {
        let mut scrubbed = message.replace(&self.url, &self.shown);
        for secret in [&self.password, &self.ssh_key].into_iter().flatten() {
            if !secret.value.is_empty() {
                scrubbed = scrubbed.replace(&secret.value, "***");
            }
        }
        if let Some(passphrase) = self.ssh_key_passphrase.as_deref().filter(|p| !p.is_empty()) {
            scrubbed = scrubbed.replace(passphrase, "***");
        }
        scrubbed
    }

    /// Why an operation on the remote failed: the callbacks' own reason (a host key, refused
    /// credentials) when they gave one, else libgit2's, plus what the server printed.
    pub(crate) fn explain(&self, error: &git2::Error, transcript: &Transcript) -> String {
        let reason = transcript.failure().unwrap_or_else(|| {
            let message = self.scrub(error.message());
            if error.code() == git2::ErrorCode::Certificate
                || error.class() == git2::ErrorClass::Ssl
            {
                format!(
                    "{message}: the HTTPS certificate of {} is not trusted; check the URL, or \
                     trust its CA by pointing SSL_CERT_FILE at it",
                    self.shown
                )
            } else {
                message
            }
        });
        match transcript.server_messages() {
            Some(said) => format!("{reason} (the server said: {})", self.scrub(&said)),
            None => reason,
        }
    }

    fn ssh_address(&self) -> Option<SshAddress> {
        SshAddress::parse(&self.url)
    }
}

/// Shows which secrets are configured, never their values.
impl fmt::Debug for RemoteAccess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = |s: &Option<Secret>| s.as_ref().map(|s| s.source.clone());
        f.debug_struct("RemoteAccess")
            .field("url", &self.shown)
            .field("username", &self.username)
            .field("password", &source(&self.password))
            .field("ssh_key", &source(&self.ssh_key))
            .field("host_keys", &self.host_keys)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_messages_never_show_secret_values() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("deploy_key");
        std::fs::write(&key, "-----BEGIN OPENSSH PRIVATE KEY-----\nk3y\n").unwrap();
        let mut remote = GitRemote::plain("https://aurum:t0ken@git.example.com/b.git");
        remote.credentials.password = Some(SecretSource::Literal("hunter2".into()));
        remote.credentials.ssh_key = Some(SecretSource::File(key.clone()));
        let access = RemoteAccess::resolve(&remote, dir.path()).unwrap();
        let debug = format!("{access:?}");
        for secret in ["t0ken", "hunter2", "k3y"] {
            assert!(!debug.contains(secret), "{debug}");
        }
        assert!(debug.contains(&key.display().to_string()), "{debug}");
        let scrubbed =
            access.scrub("auth to https://aurum:t0ken@git.example.com/b.git failed with hunter2");
        assert_eq!(
            scrubbed,
            "auth to https://aurum:***@git.example.com/b.git failed with ***"
        );
    }

    #[test]
    fn a_missing_secret_names_the_remote_and_the_reference() {
        let mut remote = GitRemote::plain("https://git.example.com/b.git");
        remote.credentials.password = Some(SecretSource::Env("AURUM_TEST_UNSET_TOKEN".into()));
        let error = RemoteAccess::resolve(&remote, Path::new("/data"))
            .unwrap_err()
            .to_string();
        assert!(error.contains("https://git.example.com/b.git"), "{error}");
        assert!(error.contains("AURUM_TEST_UNSET_TOKEN"), "{error}");
    }
}
