//! The fallback transport: the system's OpenSSH client (`ssh -tt`) as a child process, for
//! devices russh cannot negotiate with, as the NetBox Toolkit falls back from Scrapli to
//! Netmiko.
//!
//! Everything the session needs is kept to this process: `-F /dev/null` ignores the user's
//! ssh configuration, a private scratch folder holds the askpass helper (the password reaches
//! it through the child's environment, never its command line), the private key and a
//! known_hosts file seeded from Aurum's own store, so the host-key policy is the same as over
//! russh; a key OpenSSH pinned as new is copied back into Aurum's store after login.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use russh::keys::{HashAlg, PublicKey};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

use crate::{ConnectError, HostKeyPolicy, KnownHosts, SessionOptions, Target};

/// The environment variable through which the askpass helper receives the password.
const SECRET_VARIABLE: &str = "AURUM_ASKPASS_SECRET";

/// What OpenSSH is given on top of its defaults when legacy algorithms are allowed: the same
/// set russh gets (SHA-1 key exchanges, `ssh-rsa`, CBC ciphers, HMAC-SHA1), plus 3DES.
const LEGACY_OPTIONS: &[&str] = &[
    "KexAlgorithms=+diffie-hellman-group14-sha1,diffie-hellman-group1-sha1,diffie-hellman-group-exchange-sha1",
    "HostKeyAlgorithms=+ssh-rsa",
    "PubkeyAcceptedAlgorithms=+ssh-rsa",
    "Ciphers=+aes128-cbc,aes256-cbc,3des-cbc",
    "MACs=+hmac-sha1",
];

pub(crate) struct OpenSshClient {
    child: Child,
    stdin: ChildStdin,
    stdout: ChildStdout,
    stderr: Arc<Mutex<String>>,
    scratch: tempfile::TempDir,
    buffer: Box<[u8]>,
}

impl OpenSshClient {
    /// Starts `program` (normally `ssh`) towards the target; login happens as the session
    /// reads to its first prompt.
    pub(crate) fn spawn(
        program: &Path,
        target: &Target,
        options: &SessionOptions,
        known_hosts: &KnownHosts,
    ) -> Result<OpenSshClient, ConnectError> {
        let unusable = |reason: String| ConnectError::Fallback {
            device: target.name.clone(),
            address: target.address(),
            reason,
        };
        let scratch = tempfile::Builder::new()
            .prefix("aurum-openssh-")
            .tempdir()
            .map_err(|e| unusable(format!("cannot create a scratch folder: {e}")))?;
        let askpass = scratch.path().join("askpass");
        write_private(
            &askpass,
            &format!("#!/bin/sh\nprintf '%s\\n' \"${SECRET_VARIABLE}\"\n"),
            0o700,
        )
        .map_err(|e| unusable(format!("cannot write the askpass helper: {e}")))?;

        let credentials = &target.credentials;
        let mut command = Command::new(program);
        command.args(["-F", "/dev/null", "-tt", "-p"]);
        command.arg(target.port.to_string());
        command.arg("-l").arg(&credentials.username);
        let mut option = |value: String| {
            command.arg("-o").arg(value);
        };
        option(format!(
            "ConnectTimeout={}",
            options.connect_timeout.as_secs().max(1)
        ));
        option("LogLevel=ERROR".into());
        option("BatchMode=no".into());
        option("NumberOfPasswordPrompts=1".into());
        option("GlobalKnownHostsFile=/dev/null".into());
        option("IdentitiesOnly=yes".into());
        match options.host_key_policy {
            HostKeyPolicy::Off => {
                option("StrictHostKeyChecking=no".into());
                option("UserKnownHostsFile=/dev/null".into());
            }
            policy => {
                let file = scratch.path().join("known_hosts");
                let seeded = known_hosts
                    .known_key(&target.host, target.port)
                    .map(|key| format!("{} {key}\n", openssh_host_id(&target.host, target.port)))
                    .unwrap_or_default();
                write_private(&file, &seeded, 0o600)
                    .map_err(|e| unusable(format!("cannot write known_hosts: {e}")))?;
                let strict = match policy {
                    HostKeyPolicy::Strict => "yes",
                    _ => "accept-new",
                };
                option(format!("StrictHostKeyChecking={strict}"));
                option(format!("UserKnownHostsFile={}", file.display()));
            }
        }
        match &credentials.private_key {
            Some(key) => {
                let file = scratch.path().join("identity");
                let key = if key.ends_with('\n') {
                    key.clone()
                } else {
                    format!("{key}\n")
                };
                write_private(&file, &key, 0o600)
                    .map_err(|e| unusable(format!("cannot write the private key: {e}")))?;
                option(format!("IdentityFile={}", file.display()));
            }
            None => {
                option("IdentityFile=none".into());
                option("PubkeyAuthentication=no".into());
            }
        }
        if options.algorithms.legacy {
            for legacy in LEGACY_OPTIONS {
                option((*legacy).to_string());
            }
        }
        command.arg(&target.host);
        command
            .env("SSH_ASKPASS", &askpass)
            .env("SSH_ASKPASS_REQUIRE", "force")
            .env(
                SECRET_VARIABLE,
                credentials.password.clone().unwrap_or_default(),
            )
            .env_remove("DISPLAY")
            .env_remove("SSH_AUTH_SOCK")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mut child = command.spawn().map_err(|e| {
            unusable(format!(
                "cannot start the OpenSSH client `{}`: {e}; install openssh-client or set \
                 [ssh] openssh_client",
                program.display()
            ))
        })?;
        let (Some(stdin), Some(stdout), Some(mut stderr_pipe)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            return Err(unusable("the client's pipes are missing".into()));
        };
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        tokio::spawn(async move {
            let mut chunk = [0u8; 1024];
            while let Ok(n) = stderr_pipe.read(&mut chunk).await {
                if n == 0 {
                    break;
                }
                let mut text = sink.lock().expect("stderr lock");
                // Keep the start (where OpenSSH says why) and bound the rest.
                if text.len() < 16 * 1024 {
                    text.push_str(&String::from_utf8_lossy(&chunk[..n]));
                }
            }
        });
        Ok(OpenSshClient {
            child,
            stdin,
            stdout,
            stderr,
            scratch,
            buffer: vec![0u8; 32 * 1024].into_boxed_slice(),
        })
    }

    pub(crate) async fn send(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.stdin
            .write_all(bytes)
            .await
            .map_err(|e| e.to_string())?;
        self.stdin.flush().await.map_err(|e| e.to_string())
    }

    pub(crate) async fn recv_into(&mut self, out: &mut Vec<u8>) -> bool {
        match self.stdout.read(&mut self.buffer).await {
            Ok(0) | Err(_) => false,
            Ok(n) => {
                out.extend_from_slice(&self.buffer[..n]);
                true
            }
        }
    }

    pub(crate) async fn close(mut self) {
        let _ = self.stdin.shutdown().await;
        if tokio::time::timeout(Duration::from_secs(2), self.child.wait())
            .await
            .is_err()
        {
            let _ = self.child.kill().await;
        }
    }

    /// Why the client quit before the first prompt, from what OpenSSH printed: the same
    /// errors, with the same guidance, as over russh.
    pub(crate) async fn diagnose(
        &mut self,
        target: &Target,
        known_hosts: &KnownHosts,
    ) -> ConnectError {
        let _ = tokio::time::timeout(Duration::from_secs(2), self.child.wait()).await;
        // The stderr reader may still be draining the pipe.
        tokio::time::sleep(Duration::from_millis(20)).await;
        let stderr = self.stderr.lock().expect("stderr lock").clone();
        classify_failure(&stderr, target, known_hosts)
    }

    /// After a login under `accept-new`, copies the key OpenSSH pinned into Aurum's store.
    pub(crate) fn pin_new_key(
        &self,
        target: &Target,
        known_hosts: &KnownHosts,
    ) -> Result<(), ConnectError> {
        let file = self.scratch.path().join("known_hosts");
        let Ok(text) = std::fs::read_to_string(&file) else {
            return Ok(());
        };
        let id = openssh_host_id(&target.host, target.port);
        for line in text.lines() {
            let Some((host, key)) = line.split_once(' ') else {
                continue;
            };
            if host != id {
                continue;
            }
            if let Ok(key) = PublicKey::from_openssh(key.trim()) {
                known_hosts.verify(
                    &target.name,
                    &target.host,
                    target.port,
                    &key,
                    HostKeyPolicy::AcceptNew,
                )?;
            }
        }
        Ok(())
    }
}

/// How OpenSSH names a host in known_hosts: bare on port 22, `[host]:port` otherwise.
fn openssh_host_id(host: &str, port: u16) -> String {
    if port == 22 {
        host.to_string()
    } else {
        format!("[{host}]:{port}")
    }
}

fn write_private(path: &Path, text: &str, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)?;
    std::io::Write::write_all(&mut file, text.as_bytes())
}

/// Maps what OpenSSH printed when it gave up to Aurum's errors.
fn classify_failure(stderr: &str, target: &Target, known_hosts: &KnownHosts) -> ConnectError {
    let device = target.name.clone();
    let address = target.address();
    let said = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('@'))
        .collect::<Vec<_>>()
        .join(" ");
    let known = || {
        known_hosts
            .known_key(&target.host, target.port)
            .and_then(|k| PublicKey::from_openssh(&k).ok())
            .map(|k| k.fingerprint(HashAlg::Sha256).to_string())
            .unwrap_or_else(|| "(unknown)".into())
    };
    let offered = || {
        stderr
            .split_whitespace()
            .find(|w| w.starts_with("SHA256:"))
            .map(|w| w.trim_end_matches('.').to_string())
            .unwrap_or_else(|| "(not reported by OpenSSH)".into())
    };
    if stderr.contains("REMOTE HOST IDENTIFICATION HAS CHANGED") {
        ConnectError::HostKeyChanged {
            device,
            address,
            known: known(),
            offered: offered(),
            store: known_hosts.describe(),
        }
    } else if stderr.contains("Host key verification failed") {
        ConnectError::HostKeyUnknown {
            device,
            address,
            offered: offered(),
            store: known_hosts.describe(),
        }
    } else if stderr.contains("Permission denied") || stderr.contains("Too many authentication") {
        ConnectError::AuthFailed {
            device,
            address,
            user: target.credentials.username.clone(),
        }
    } else if stderr.contains("Unable to negotiate") || stderr.contains("no matching") {
        ConnectError::Negotiation {
            device,
            address,
            reason: format!("OpenSSH too: {said}"),
        }
    } else if [
        "Connection refused",
        "timed out",
        "No route to host",
        "Could not resolve",
        "Network is unreachable",
    ]
    .iter()
    .any(|s| stderr.contains(s))
    {
        ConnectError::Unreachable {
            device,
            address,
            reason: said,
        }
    } else {
        ConnectError::Disconnected {
            device,
            address,
            during: format!(
                "before the first prompt; OpenSSH said: {}",
                if said.is_empty() { "nothing" } else { &said }
            ),
        }
    }
}

/// The OpenSSH client to fall back to, when allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenSshFallback {
    /// The `ssh` program (a name looked up on `PATH`, or a path).
    pub program: PathBuf,
}

impl Default for OpenSshFallback {
    fn default() -> Self {
        Self {
            program: PathBuf::from("ssh"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Credentials;

    fn target() -> Target {
        Target {
            name: "old-router".into(),
            host: "127.0.0.1".into(),
            port: 2222,
            credentials: Credentials {
                username: "admin".into(),
                ..Credentials::default()
            },
        }
    }

    #[test]
    fn openssh_messages_become_the_same_errors_as_over_russh() {
        let store = KnownHosts::in_memory();
        let cases = [
            (
                "Unable to negotiate with 127.0.0.1 port 2222: no matching key exchange method found. Their offer: diffie-hellman-group1-sha1\n",
                "cannot agree on SSH algorithms",
            ),
            (
                "admin@127.0.0.1: Permission denied (publickey,password).\n",
                "authentication to old-router",
            ),
            (
                "ssh: connect to host 127.0.0.1 port 2222: Connection refused\n",
                "cannot reach old-router",
            ),
            (
                "@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n@@@@@@@\nThe fingerprint for the ED25519 key sent by the remote host is\nSHA256:abcdef.\nHost key verification failed.\n",
                "offered SHA256:abcdef",
            ),
            (
                "No ED25519 host key is known for [127.0.0.1]:2222 and you have requested strict checking.\nHost key verification failed.\n",
                "is not known and the host key policy is strict",
            ),
            ("", "OpenSSH said: nothing"),
        ];
        for (stderr, expected) in cases {
            let message = classify_failure(stderr, &target(), &store).to_string();
            assert!(message.contains(expected), "{stderr:?} -> {message}");
            assert!(message.contains("old-router"), "{message}");
        }
    }

    #[test]
    fn known_hosts_ids_follow_openssh() {
        assert_eq!(openssh_host_id("192.0.2.1", 22), "192.0.2.1");
        assert_eq!(openssh_host_id("192.0.2.1", 2222), "[192.0.2.1]:2222");
    }
}
