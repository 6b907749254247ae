use std::borrow::Cow;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aurum_sdk::{Credential, Input, Step};
use regex::Regex;
use russh::Preferred;
use russh::client;
use russh::keys::PublicKeyOrCertificate;

use crate::cleanup::clean_terminal;
use crate::login::authenticate;
use crate::openssh::OpenSshClient;
use crate::reader::{TAIL_WINDOW, Tail, classify, last_line};
use crate::transport::{Transport, TransportKind};
use crate::{
    CompiledSpec, ConnectError, HostKeyPolicy, KnownHosts, SessionOptions, Target, clean_output,
};

/// How a credential is shown wherever a typed line is named: errors, traces, transcripts.
pub const SECRET: &str = "<secret>";

/// One command's result.
#[derive(Debug, Clone)]
pub struct CommandOutput {
    pub command: String,
    /// The mode it ran in.
    pub mode: String,
    /// Everything the device sent, echo and prompt included.
    pub raw: String,
    /// The output as an operator wants it: echo, prompt and terminal artefacts removed.
    pub output: String,
    pub duration: Duration,
}

/// A logged-in interactive session with one device.
pub struct Session {
    transport: Transport,
    spec: Arc<CompiledSpec>,
    target: Target,
    options: SessionOptions,
    mode: usize,
}

impl Session {
    /// Connects, authenticates, reads to the first prompt, enters the driver's default mode and
    /// runs its on-open steps. Connection failures are retried with backoff; nothing else is.
    pub async fn open(
        target: &Target,
        spec: Arc<CompiledSpec>,
        options: &SessionOptions,
        known_hosts: Arc<KnownHosts>,
    ) -> Result<Session, ConnectError> {
        Session::open_reporting(target, spec, options, known_hosts)
            .await
            .0
    }

    /// [`Session::open`], also saying which transport the last attempt used, so that a
    /// failure through the OpenSSH fallback is logged as such.
    pub async fn open_reporting(
        target: &Target,
        spec: Arc<CompiledSpec>,
        options: &SessionOptions,
        known_hosts: Arc<KnownHosts>,
    ) -> (Result<Session, ConnectError>, TransportKind) {
        let mut attempt = 1;
        loop {
            let mut used = TransportKind::Russh;
            let result = Session::open_once(
                target,
                spec.clone(),
                options,
                known_hosts.clone(),
                &mut used,
            )
            .await;
            match result {
                Err(error) if error.is_retryable() && attempt < options.retry.attempts => {
                    let delay = options.retry.delay(attempt);
                    tracing::warn!(device = %target.name, attempt, ?delay, %error, "retrying");
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                result => return (result, used),
            }
        }
    }

    async fn open_once(
        target: &Target,
        spec: Arc<CompiledSpec>,
        options: &SessionOptions,
        known_hosts: Arc<KnownHosts>,
        used: &mut TransportKind,
    ) -> Result<Session, ConnectError> {
        let transport = match connect_russh(target, options, known_hosts.clone()).await {
            Ok(transport) => transport,
            Err(error @ ConnectError::Negotiation { .. }) => match &options.openssh_fallback {
                Some(fallback) => {
                    tracing::warn!(
                        device = %target.name,
                        %error,
                        "russh cannot negotiate; falling back to the OpenSSH client"
                    );
                    *used = TransportKind::OpenSsh;
                    Transport::OpenSsh(OpenSshClient::spawn(
                        &fallback.program,
                        target,
                        options,
                        &known_hosts,
                    )?)
                }
                None => return Err(error),
            },
            Err(error) => return Err(error),
        };
        let mut session = Session {
            transport,
            spec,
            target: target.clone(),
            options: options.clone(),
            mode: 0,
        };
        let first = session
            .read(None, "waiting for the first prompt of", None)
            .await;
        if let Transport::OpenSsh(client) = &mut session.transport {
            // OpenSSH logs in on its own: a quit before the prompt says why on its stderr.
            if let Err(ConnectError::Disconnected { .. }) = &first {
                return Err(client.diagnose(target, &known_hosts).await);
            }
            if first.is_ok() && options.host_key_policy == HostKeyPolicy::AcceptNew {
                client.pin_new_key(target, &known_hosts)?;
            }
        }
        let (_, tail) = first?;
        if let Tail::Prompt(mode) = tail {
            session.mode = mode;
        }
        let default_mode = session.spec.spec.default_mode.clone();
        session.enter_mode(&default_mode).await?;
        let on_open = session.spec.spec.on_open.clone();
        for step in &on_open {
            session.step(step).await?;
        }
        tracing::debug!(device = %target.name, mode = %default_mode, transport = %session.transport.kind(), "session open");
        Ok(session)
    }

    /// Which SSH implementation carries the session.
    pub fn transport(&self) -> TransportKind {
        self.transport.kind()
    }
}

/// Connects and logs in with russh, and opens the interactive shell.
async fn connect_russh(
    target: &Target,
    options: &SessionOptions,
    known_hosts: Arc<KnownHosts>,
) -> Result<Transport, ConnectError> {
    let verdict = Arc::new(Mutex::new(None));
    let verifier = Verifier {
        known_hosts,
        device: target.name.clone(),
        host: target.host.clone(),
        port: target.port,
        policy: options.host_key_policy,
        verdict: verdict.clone(),
    };
    let config = Arc::new(client::Config {
        preferred: preferred(options),
        inactivity_timeout: None,
        nodelay: true,
        ..Default::default()
    });
    let connecting = client::connect(config, (target.host.as_str(), target.port), verifier);
    let mut handle = match tokio::time::timeout(options.connect_timeout, connecting).await {
        Err(_) => {
            return Err(ConnectError::Timeout {
                device: target.name.clone(),
                address: target.address(),
                stage: "connecting to",
                after: options.connect_timeout,
                hint:
                    "the device did not complete the SSH handshake; check reachability and the port"
                        .into(),
            });
        }
        Ok(Err(error)) => {
            if let Some(rejected) = verdict.lock().expect("verdict lock").take() {
                return Err(rejected);
            }
            return Err(connect_error(target, error));
        }
        Ok(Ok(handle)) => handle,
    };

    let authenticated =
        tokio::time::timeout(options.auth_timeout, authenticate(&mut handle, target)).await;
    match authenticated {
        Err(_) => {
            return Err(ConnectError::Timeout {
                device: target.name.clone(),
                address: target.address(),
                stage: "authenticating to",
                after: options.auth_timeout,
                hint: "the device accepted the connection but did not answer the login".into(),
            });
        }
        Ok(result) => result?,
    }

    let channel = async {
        let channel = handle.channel_open_session().await?;
        channel
            .request_pty(false, "vt100", 511, 24, 0, 0, &[])
            .await?;
        channel.request_shell(true).await?;
        Ok::<_, russh::Error>(channel)
    }
    .await
    .map_err(|e| ConnectError::Disconnected {
        device: target.name.clone(),
        address: target.address(),
        during: format!("while opening the shell: {e}"),
    })?;
    Ok(Transport::Russh { handle, channel })
}

impl Session {
    /// The mode the session is in.
    pub fn mode(&self) -> &str {
        &self.spec.modes[self.mode].name
    }

    pub fn spec(&self) -> &CompiledSpec {
        &self.spec
    }

    /// Moves to `mode` through the driver's transitions (e.g. `enable` with its secret).
    pub async fn enter_mode(&mut self, mode: &str) -> Result<(), ConnectError> {
        let spec = self.spec.clone();
        let to = spec.mode_index(mode).ok_or_else(|| ConnectError::Spec {
            platform: spec.spec.platform.clone(),
            reason: format!("no mode named `{mode}`"),
        })?;
        let route = spec
            .route(self.mode, to)
            .ok_or_else(|| ConnectError::Spec {
                platform: spec.spec.platform.clone(),
                reason: format!("no transitions lead from `{}` to `{mode}`", self.mode()),
            })?;
        for (steps, destination) in route {
            let mut last = String::new();
            let mut asked = false;
            let mut sent_secret = false;
            for step in steps {
                let secret = matches!(step.send, Input::Secret(_));
                // A secret typed at a prompt would be echoed, and end up in errors and logs.
                if secret && !asked {
                    break;
                }
                let (text, tail) = self.step(step).await?;
                sent_secret |= secret;
                asked = tail == Tail::Expected;
                last = text;
                // A device that needs no more (no enable secret asked) is already there.
                if self.mode == destination {
                    break;
                }
            }
            if self.mode != destination {
                return Err(ConnectError::ModeChange {
                    device: self.target.name.clone(),
                    mode: spec.modes[destination].name.clone(),
                    answer: summary(&last),
                    hint: if sent_secret {
                        "check the enable secret of its secrets group"
                    } else {
                        "the driver's transition does not suit this device; check its platform"
                    },
                });
            }
        }
        Ok(())
    }

    /// Sends one step and reads to its expected answer or to a prompt; returns what was read
    /// and how it ended.
    pub(crate) async fn step(&mut self, step: &Step) -> Result<(String, Tail), ConnectError> {
        let (line, secret) = match &step.send {
            Input::Text(text) => (Cow::Borrowed(text.as_str()), false),
            Input::Secret(credential) => (Cow::Owned(self.credential(*credential)?), true),
        };
        self.write_line(&line, if secret { SECRET } else { &line })
            .await?;
        let expect = step
            .expect
            .as_ref()
            .and_then(|p| self.spec.expects.get(p))
            .cloned();
        let stage = if secret {
            "waiting for the answer to a credential from"
        } else {
            "waiting for the prompt of"
        };
        self.read(expect.as_ref(), stage, (!secret).then_some(&*line))
            .await
    }

    fn credential(&self, credential: Credential) -> Result<String, ConnectError> {
        let credentials = &self.target.credentials;
        let value = match credential {
            Credential::Username => Some(credentials.username.clone()),
            Credential::Password => credentials.password.clone(),
            Credential::EnableSecret => credentials
                .enable_secret
                .clone()
                .or_else(|| credentials.password.clone()),
        };
        value.ok_or_else(|| ConnectError::Credentials {
            device: self.target.name.clone(),
            reason: format!("the driver needs the {credential:?} but its secrets group has none"),
        })
    }

    /// Runs a command in the current mode.
    pub async fn send_command(&mut self, command: &str) -> Result<CommandOutput, ConnectError> {
        self.send_command_shown(command, command).await
    }

    /// Runs `command` in the current mode; `shown` is how the trace, errors and the returned
    /// output name it (a deployed line with its secrets masked, say).
    pub async fn send_command_shown(
        &mut self,
        command: &str,
        shown: &str,
    ) -> Result<CommandOutput, ConnectError> {
        let started = Instant::now();
        let mode = self.mode().to_string();
        self.write_line(command, shown).await?;
        let (raw, _) = self
            .read(None, "waiting for the output of", Some(shown))
            .await?;
        let output = strip_echo_and_prompt(&raw, command);
        let output = clean_terminal(&output);
        if let Some(line) = self.spec.failure_in(&output) {
            return Err(ConnectError::CommandRejected {
                device: self.target.name.clone(),
                command: shown.to_string(),
                line: line.trim().to_string(),
                output,
            });
        }
        Ok(CommandOutput {
            command: shown.to_string(),
            mode,
            raw,
            output,
            duration: started.elapsed(),
        })
    }

    /// Runs a command in the given mode, moving there first.
    pub async fn send_command_in(
        &mut self,
        mode: &str,
        command: &str,
    ) -> Result<CommandOutput, ConnectError> {
        self.enter_mode(mode).await?;
        self.send_command(command).await
    }

    /// Runs the driver's backup commands and returns the cleaned configuration.
    pub async fn backup(&mut self) -> Result<String, ConnectError> {
        let commands = self.spec.spec.backup_commands.clone();
        let mut raw = String::new();
        for command in &commands {
            let result = self
                .send_command_in(&command.mode, &command.command)
                .await?;
            raw.push_str(&result.output);
        }
        Ok(clean_output(&raw, &self.spec))
    }

    /// Runs the on-close steps and closes the connection. Errors are ignored: the session is
    /// over either way.
    pub async fn close(mut self) {
        let on_close = self.spec.spec.on_close.clone();
        for step in &on_close {
            let Input::Text(text) = &step.send else {
                continue;
            };
            if self.write_line(text, text).await.is_err() {
                break;
            }
        }
        self.transport.close().await;
    }

    /// Types `line`; `shown` is how errors and the trace name it ([`SECRET`] for a
    /// credential, which must never be written anywhere).
    async fn write_line(&mut self, line: &str, shown: &str) -> Result<(), ConnectError> {
        let mut bytes = Vec::with_capacity(line.len() + 1);
        bytes.extend_from_slice(line.as_bytes());
        bytes.push(b'\n');
        tracing::trace!(device = %self.target.name, sent = %printable(shown), "typed a line");
        self.transport
            .send(&bytes)
            .await
            .map_err(|e| ConnectError::Disconnected {
                device: self.target.name.clone(),
                address: self.target.address(),
                during: format!("while sending `{}`: {e}", printable(shown)),
            })
    }

    /// Reads until a prompt (or `expect`), answering pagers on the way. `command` names what
    /// the device is answering, for errors (`None` for a credential or the first prompt).
    ///
    /// Each chunk costs its own length plus [`TAIL_WINDOW`], whatever has come before: line
    /// breaks are searched in the new bytes only, and prompts, pagers and expected answers in
    /// the window at the end. The output stops at `[ssh] max_output_bytes`.
    async fn read(
        &mut self,
        expect: Option<&Regex>,
        stage: &'static str,
        command: Option<&str>,
    ) -> Result<(String, Tail), ConnectError> {
        let timeout = self.options.command_timeout;
        let limit = self.options.max_output_bytes;
        let deadline = tokio::time::Instant::now() + timeout;
        let mut received: Vec<u8> = Vec::with_capacity(4096);
        // Where the unfinished last line starts.
        let mut line_start = 0;
        loop {
            let before = received.len();
            let message =
                tokio::time::timeout_at(deadline, self.transport.recv_into(&mut received)).await;
            match message {
                Err(_) => {
                    let window = &received[received.len().saturating_sub(TAIL_WINDOW)..];
                    return Err(ConnectError::Timeout {
                        device: self.target.name.clone(),
                        address: self.target.address(),
                        stage,
                        after: timeout,
                        hint: format!(
                            "the last thing it sent was {:?}; if that is its prompt, the driver's prompt pattern does not match it",
                            summary(last_line(&String::from_utf8_lossy(window)))
                        ),
                    });
                }
                Ok(false) => {
                    return Err(ConnectError::Disconnected {
                        device: self.target.name.clone(),
                        address: self.target.address(),
                        during: format!("{stage} it, after {} bytes of output", received.len()),
                    });
                }
                Ok(true) => {}
            }
            if received.len() > limit {
                return Err(ConnectError::OutputTooLarge {
                    device: self.target.name.clone(),
                    address: self.target.address(),
                    stage,
                    what: command.map_or_else(|| "it".into(), |c| format!("`{}`", printable(c))),
                    limit,
                });
            }
            if let Some(at) = received[before..].iter().rposition(|b| *b == b'\n') {
                line_start = before + at + 1;
            }
            let window_start = received.len().saturating_sub(TAIL_WINDOW);
            // Only the last line can be a prompt; an `expect` may span lines.
            let checked = match expect {
                Some(_) => window_start,
                None => window_start.max(line_start),
            };
            let tail = classify(
                &String::from_utf8_lossy(&received[checked..]),
                &self.spec,
                expect,
            );
            match tail {
                Tail::Incomplete => {}
                Tail::Pager => {
                    // The marker is the last line; what erases it comes with the next chunk.
                    received.truncate(line_start);
                    self.transport
                        .send(b" ")
                        .await
                        .map_err(|e| ConnectError::Disconnected {
                            device: self.target.name.clone(),
                            address: self.target.address(),
                            during: format!("while answering its pager: {e}"),
                        })?;
                }
                Tail::Prompt(mode) => {
                    self.mode = mode;
                    return Ok((
                        String::from_utf8_lossy(&received).into_owned(),
                        Tail::Prompt(mode),
                    ));
                }
                Tail::Expected => {
                    return Ok((
                        String::from_utf8_lossy(&received).into_owned(),
                        Tail::Expected,
                    ));
                }
            }
        }
    }
}

/// Removes the echoed command (first line) and the trailing prompt (last line).
fn strip_echo_and_prompt(raw: &str, command: &str) -> String {
    let body = match raw.rfind('\n') {
        Some(at) => &raw[..=at],
        None => "",
    };
    match body.find('\n') {
        Some(at)
            if body[..at]
                .trim_end_matches('\r')
                .trim_end()
                .ends_with(command.trim()) =>
        {
            body[at + 1..].to_string()
        }
        _ => body.to_string(),
    }
}

fn summary(text: &str) -> String {
    let text = text.trim();
    let start = text.char_indices().rev().nth(119).map_or(0, |(i, _)| i);
    printable(&text[start..])
}

fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn connect_error(target: &Target, error: russh::Error) -> ConnectError {
    let reason = error.to_string();
    match error {
        russh::Error::NoCommonAlgo { .. } => ConnectError::Negotiation {
            device: target.name.clone(),
            address: target.address(),
            reason,
        },
        _ => ConnectError::Unreachable {
            device: target.name.clone(),
            address: target.address(),
            reason,
        },
    }
}

fn preferred(options: &SessionOptions) -> Preferred {
    let mut preferred = Preferred::default();
    let mut kex = preferred.kex.to_vec();
    // Many network OSes (and FIPS modes) offer only the NIST-curve key exchanges, which russh
    // implements but does not offer by default.
    kex.extend([
        russh::kex::ECDH_SHA2_NISTP256,
        russh::kex::ECDH_SHA2_NISTP384,
        russh::kex::ECDH_SHA2_NISTP521,
    ]);
    if options.algorithms.legacy {
        kex.extend([
            russh::kex::DH_G14_SHA1,
            russh::kex::DH_GEX_SHA1,
            russh::kex::DH_G1_SHA1,
        ]);
        let mut cipher = preferred.cipher.to_vec();
        cipher.extend([russh::cipher::AES_128_CBC, russh::cipher::AES_256_CBC]);
        preferred.cipher = Cow::Owned(cipher);
        let mut mac = preferred.mac.to_vec();
        mac.push(russh::mac::HMAC_SHA1);
        preferred.mac = Cow::Owned(mac);
    }
    preferred.kex = Cow::Owned(kex);
    preferred
}

/// Checks the server's key against the known-hosts store; a refusal is kept so the caller
/// can report it instead of russh's generic error.
pub(crate) struct Verifier {
    known_hosts: Arc<KnownHosts>,
    device: String,
    host: String,
    port: u16,
    policy: crate::HostKeyPolicy,
    verdict: Arc<Mutex<Option<ConnectError>>>,
}

impl client::Handler for Verifier {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        let key = match key {
            PublicKeyOrCertificate::PublicKey { key, .. } => key.clone(),
            PublicKeyOrCertificate::Certificate(certificate) => {
                certificate.public_key().clone().into()
            }
        };
        match self
            .known_hosts
            .verify(&self.device, &self.host, self.port, &key, self.policy)
        {
            Ok(()) => Ok(true),
            Err(error) => {
                *self.verdict.lock().expect("verdict lock") = Some(error);
                Ok(false)
            }
        }
    }
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
