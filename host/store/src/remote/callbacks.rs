//! The libgit2 callbacks of one connection to a remote: credentials (each kind offered once,
//! so a refused key fails with a reason instead of looping), the SSH host-key check, and the
//! server's messages (a pre-receive hook's explanation arrives this way).

use std::cell::{Cell, RefCell};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use git2::{CertificateCheckStatus, Cred, CredentialType, RemoteCallbacks};

use super::RemoteAccess;
use super::known_hosts::OfferedKey;

/// What happened during one connection, read after libgit2 returns.
#[derive(Default)]
pub(crate) struct Transcript {
    offered: Cell<CredentialType>,
    failure: RefCell<Option<String>>,
    server: RefCell<String>,
}

impl Transcript {
    /// The reason the callbacks refused to go on, if they did.
    pub fn failure(&self) -> Option<String> {
        self.failure.borrow().clone()
    }

    /// What the server printed (`remote: ...` lines), if anything.
    pub fn server_messages(&self) -> Option<String> {
        let text = self.server.borrow();
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect();
        (!lines.is_empty()).then(|| lines.join(" / "))
    }

    fn fail(&self, reason: String) -> git2::Error {
        let error = git2::Error::from_str(&reason);
        *self.failure.borrow_mut() = Some(reason);
        error
    }
}

impl RemoteAccess {
    /// Callbacks for one push or fetch; `transcript` collects what they saw.
    pub(crate) fn callbacks<'a>(&'a self, transcript: &'a Transcript) -> RemoteCallbacks<'a> {
        let mut callbacks = RemoteCallbacks::new();
        callbacks.credentials(move |_url, user_from_url, allowed| {
            self.credential(transcript, user_from_url, allowed)
        });
        callbacks.certificate_check(move |cert, host| {
            let Some(hostkey) = cert.as_hostkey() else {
                // HTTPS: OpenSSL's verification against the system's CAs decides.
                return Ok(CertificateCheckStatus::CertificatePassthrough);
            };
            let offered = match (
                hostkey.hostkey_type(),
                hostkey.hostkey(),
                hostkey.hash_sha256(),
            ) {
                (Some(kind), Some(raw), Some(sha256)) => OfferedKey {
                    line: format!("{} {}", kind.name(), STANDARD.encode(raw)),
                    fingerprint: format!("SHA256:{}", STANDARD_NO_PAD.encode(sha256)),
                },
                _ => {
                    return Err(transcript.fail(format!(
                        "the SSH server of {} sent no host key Aurum can check",
                        self.shown
                    )));
                }
            };
            let address = self.ssh_address().unwrap_or(super::SshAddress {
                user: None,
                host: host.to_string(),
                port: 22,
            });
            self.host_keys
                .verify(&self.shown, &address, &offered)
                .map(|()| CertificateCheckStatus::CertificateOk)
                .map_err(|reason| transcript.fail(reason))
        });
        callbacks.sideband_progress(move |data| {
            transcript
                .server
                .borrow_mut()
                .push_str(&String::from_utf8_lossy(data));
            true
        });
        callbacks
    }

    fn credential(
        &self,
        transcript: &Transcript,
        user_from_url: Option<&str>,
        allowed: CredentialType,
    ) -> Result<Cred, git2::Error> {
        let user = self
            .username
            .clone()
            .or_else(|| user_from_url.map(str::to_string))
            .or_else(|| self.ssh_address().and_then(|a| a.user))
            .unwrap_or_else(|| "git".to_string());
        if allowed.contains(CredentialType::USERNAME) {
            return Cred::username(&user);
        }
        let once = |kind: CredentialType, refused: String| {
            if transcript.offered.get().contains(kind) {
                Err(transcript.fail(refused))
            } else {
                transcript.offered.set(transcript.offered.get() | kind);
                Ok(())
            }
        };
        if allowed.contains(CredentialType::SSH_KEY) {
            return match &self.ssh_key {
                Some(key) => {
                    once(
                        CredentialType::SSH_KEY,
                        format!(
                            "{} refused the SSH key {:?} for user `{user}`; check that its public \
                             half is a deploy key with write access (and ssh_key_passphrase if the \
                             key is encrypted)",
                            self.shown, key.source
                        ),
                    )?;
                    Cred::ssh_key_from_memory(
                        &user,
                        None,
                        &key.value,
                        self.ssh_key_passphrase.as_deref(),
                    )
                    .map_err(|e| {
                        transcript.fail(format!(
                            "the SSH key {:?} of {} cannot be used: {}",
                            key.source,
                            self.shown,
                            self.scrub(e.message())
                        ))
                    })
                }
                None => {
                    once(
                        CredentialType::SSH_KEY,
                        format!(
                            "{} refused the SSH agent's keys for user `{user}`; set ssh_key = \
                             {{ file = \"...\" }} on the remote in aurum.toml",
                            self.shown
                        ),
                    )?;
                    Cred::ssh_key_from_agent(&user)
                }
            };
        }
        if allowed.contains(CredentialType::USER_PASS_PLAINTEXT) {
            let Some(password) = &self.password else {
                return Err(transcript.fail(format!(
                    "{} asks for a username and password; set username and password = \
                     {{ env = \"...\" }} (a password or an access token) on the remote in aurum.toml",
                    self.shown
                )));
            };
            once(
                CredentialType::USER_PASS_PLAINTEXT,
                format!(
                    "{} refused user `{user}` with the password {:?}; check the token is valid \
                     and may write to the repository",
                    self.shown, password.source
                ),
            )?;
            return Cred::userpass_plaintext(&user, &password.value);
        }
        Err(transcript.fail(format!(
            "{} asks for credentials Aurum cannot give ({allowed:?}); use an SSH key or a \
             username and password",
            self.shown
        )))
    }
}
