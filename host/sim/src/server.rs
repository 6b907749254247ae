//! The SSH side of a simulated device: authentication, a PTY shell, and fault injection.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use russh::keys::{PrivateKey, PublicKey};
use russh::server::{self, Auth, Msg, Session};
use russh::{Channel, ChannelId, Disconnect, Pty};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use crate::stored::Stored;
use crate::{Shell, ShellOutput, SimError, SimPlatform};

/// Misbehaviour a test can switch on for one device, at any time.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    /// Delay before every chunk the device sends.
    pub slow: Option<Duration>,
    /// Close the connection halfway through the next long output.
    pub drop_mid_output: bool,
    /// Refuse every login.
    pub reject_auth: bool,
    /// Present a different host key than the one first seen.
    pub changed_host_key: bool,
    /// Print the banner but never a prompt.
    pub no_prompt: bool,
    /// Answer the next line typed with output that never ends and never shows a prompt, as
    /// a runaway `debug` or a `show` the driver never sees the end of.
    pub endless_output: bool,
    /// Refuse the `password` method, as devices that only offer keyboard-interactive do.
    pub keyboard_interactive_only: bool,
    /// Reject the configuration line with this number (from 1) of each session with the
    /// platform's invalid-input error, as a device refuses a command mid-change.
    pub fail_config_line: Option<usize>,
    /// A commit with a rollback timer (Junos `commit confirmed`, EOS `commit timer`) cuts
    /// management access off: the session closes and logins are refused until the device has
    /// rolled the commit back.
    pub cut_off_on_confirmed: bool,
}

/// One simulated device: identity, credentials, running and startup configurations, faults.
pub struct SimDevice {
    pub name: String,
    pub platform: SimPlatform,
    pub username: String,
    pub password: String,
    pub enable_secret: String,
    /// Keys allowed for public-key login, besides the password.
    pub authorized_keys: Vec<PublicKey>,
    pub faults: Mutex<Faults>,
    stored: Mutex<Stored>,
    /// Every line typed on the device, in order (its accounting log); secrets are never kept.
    typed: Mutex<Vec<String>>,
    /// A file that gets `DEVICE<TAB>LINE` for every line typed, as it is typed.
    typed_log: Mutex<Option<std::path::PathBuf>>,
    /// When set, the device replays this transcript instead of emulating its platform.
    recording: Option<crate::Recording>,
    /// The lines typed in replayed sessions, in order (what a driver sent, secrets included:
    /// a replay cannot tell them apart).
    replayed: Mutex<Vec<String>>,
    /// When set, each emulated session is recorded to this file.
    record: Mutex<Option<std::path::PathBuf>>,
    config: Arc<server::Config>,
    changed_config: Arc<server::Config>,
}

impl SimDevice {
    pub fn new(
        name: &str,
        platform: SimPlatform,
        username: &str,
        password: &str,
        enable_secret: &str,
        running_config: &str,
    ) -> Result<SimDevice, SimError> {
        let key = || {
            PrivateKey::random(&mut rand::rng(), russh::keys::Algorithm::Ed25519)
                .map_err(|e| SimError::HostKey(e.to_string()))
        };
        let config = |key: PrivateKey| {
            Arc::new(server::Config {
                keys: vec![key],
                auth_rejection_time: Duration::from_millis(50),
                auth_rejection_time_initial: Some(Duration::ZERO),
                inactivity_timeout: Some(Duration::from_secs(600)),
                nodelay: true,
                preferred: network_os_algorithms(),
                ..Default::default()
            })
        };
        Ok(SimDevice {
            name: name.to_string(),
            platform,
            username: username.to_string(),
            password: password.to_string(),
            enable_secret: enable_secret.to_string(),
            authorized_keys: Vec::new(),
            faults: Mutex::new(Faults::default()),
            stored: Mutex::new(Stored::parse(platform, running_config)),
            typed: Mutex::new(Vec::new()),
            typed_log: Mutex::new(None),
            recording: None,
            replayed: Mutex::new(Vec::new()),
            record: Mutex::new(None),
            config: config(key()?),
            changed_config: config(key()?),
        })
    }

    /// Makes the device replay a recorded session: each line the client types must be the next
    /// recorded one, and gets the recorded answer.
    pub fn with_recording(mut self, recording: crate::Recording) -> SimDevice {
        self.recording = Some(recording);
        self
    }

    /// The lines clients typed in replayed sessions so far, in order.
    pub fn replayed_lines(&self) -> Vec<String> {
        self.replayed.lock().expect("replayed lines lock").clone()
    }

    /// Records every later session with this device to `path` (each replaces the last).
    pub fn record_to(&self, path: std::path::PathBuf) {
        *self.record.lock().expect("record lock") = Some(path);
    }

    /// The running configuration as `show running-config` prints it now.
    pub fn running_config(&self) -> String {
        self.stored().running.render(&self.name)
    }

    /// The startup configuration, printed as the running one is: only a save changes it (a
    /// commit on IOS-XR and Junos, where committing is what persists a change).
    pub fn startup_config(&self) -> String {
        self.stored().startup.render(&self.name)
    }

    /// How long a minute of a `commit confirmed` timer lasts on this device (a minute by
    /// default; tests make it shorter).
    pub fn set_minute(&self, minute: Duration) {
        self.stored().minute = minute;
    }

    /// Every line typed on the device so far (never a secret), oldest first.
    pub fn typed_lines(&self) -> Vec<String> {
        self.typed.lock().expect("typed lines lock").clone()
    }

    /// Appends `DEVICE<TAB>LINE` to `path` for every line typed from now on.
    pub fn log_typed_lines(&self, path: std::path::PathBuf) {
        *self.typed_log.lock().expect("typed log lock") = Some(path);
    }

    /// The stored configurations, with an unconfirmed commit rolled back if its time is up.
    fn stored(&self) -> std::sync::MutexGuard<'_, Stored> {
        let mut stored = self.stored.lock().expect("stored config lock");
        stored.expire(std::time::Instant::now());
        stored
    }

    fn record_typed(&self, lines: Vec<String>) {
        if lines.is_empty() {
            return;
        }
        let log = self.typed_log.lock().expect("typed log lock").clone();
        if let Some(path) = log {
            use std::io::Write as _;
            let text: String = lines
                .iter()
                .map(|l| format!("{}\t{l}\n", self.name))
                .collect();
            if let Ok(mut file) = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
            {
                let _ = file.write_all(text.as_bytes());
            }
        }
        self.typed.lock().expect("typed lines lock").extend(lines);
    }

    /// Changes the faults of this device; connections opened afterwards see them.
    pub fn set_faults(&self, faults: Faults) {
        *self.faults.lock().expect("faults lock") = faults;
    }

    fn faults(&self) -> Faults {
        self.faults.lock().expect("faults lock").clone()
    }

    /// Accepts connections on `listener` until the task is dropped.
    pub async fn serve(self: Arc<Self>, listener: TcpListener) {
        loop {
            let Ok((socket, _peer)) = listener.accept().await else {
                continue;
            };
            // Interactive traffic is small writes; Nagle's algorithm would hold each one back
            // until the peer's delayed ACK (tens of milliseconds per exchange).
            let _ = socket.set_nodelay(true);
            let device = self.clone();
            let config = if device.faults().changed_host_key {
                device.changed_config.clone()
            } else {
                device.config.clone()
            };
            tokio::spawn(async move {
                let handler = Connection {
                    device,
                    input: None,
                };
                if let Ok(session) = server::run_stream(config, socket, handler).await {
                    let _ = session.await;
                }
            });
        }
    }

    fn check_password(&self, user: &str, password: &str) -> Auth {
        let faults = self.faults();
        let cut_off = faults.cut_off_on_confirmed && self.stored().pending.is_some();
        if !faults.reject_auth && !cut_off && user == self.username && password == self.password {
            Auth::Accept
        } else {
            Auth::reject()
        }
    }
}

/// One SSH connection to a device.
struct Connection {
    device: Arc<SimDevice>,
    input: Option<mpsc::UnboundedSender<Vec<u8>>>,
}

impl server::Handler for Connection {
    type Error = russh::Error;

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Self::Error> {
        if self.device.faults().keyboard_interactive_only {
            return Ok(Auth::reject());
        }
        Ok(self.device.check_password(user, password))
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        user: &str,
        _submethods: &str,
        response: Option<server::Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        match response {
            None => Ok(Auth::Partial {
                name: "".into(),
                instructions: "".into(),
                prompts: vec![("Password: ".into(), false)].into(),
            }),
            Some(mut answers) => {
                let password = answers
                    .next()
                    .map(|b| String::from_utf8_lossy(&b).into_owned());
                Ok(self
                    .device
                    .check_password(user, password.as_deref().unwrap_or("")))
            }
        }
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: server::VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        let allowed = !self.device.faults().reject_auth
            && user == self.device.username
            && self
                .device
                .authorized_keys
                .iter()
                .any(|k| k.key_data() == key.public_key.key_data());
        Ok(if allowed {
            Auth::Accept
        } else {
            Auth::reject()
        })
    }

    async fn channel_open_session(
        &mut self,
        _channel: Channel<Msg>,
        reply: server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        reply.accept().await;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        _cols: u32,
        _rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)?;
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)?;
        let (tx, rx) = mpsc::unbounded_channel();
        self.input = Some(tx);
        tokio::spawn(run_shell(
            self.device.clone(),
            channel,
            session.handle(),
            rx,
        ));
        Ok(())
    }

    async fn data(
        &mut self,
        _channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(input) = &self.input {
            let _ = input.send(data.to_vec());
        }
        Ok(())
    }
}

/// The device's side of an interactive session: feeds typed bytes to the shell and sends its
/// output, applying the faults in force.
async fn run_shell(
    device: Arc<SimDevice>,
    channel: ChannelId,
    handle: server::Handle,
    mut input: mpsc::UnboundedReceiver<Vec<u8>>,
) {
    if let Some(recording) = device.recording.clone() {
        replay(&device, recording, channel, handle, input).await;
        return;
    }
    let mut recorder = device
        .record
        .lock()
        .expect("record lock")
        .clone()
        .map(crate::recorder::Recorder::new);
    let mut shell = Shell::new(
        device.platform,
        &device.name,
        &device.username,
        &device.enable_secret,
    );
    let faults = device.faults();
    shell.fail_config_line = faults.fail_config_line;
    shell.cut_off_on_confirmed = faults.cut_off_on_confirmed;
    let greeting = if faults.no_prompt {
        device.platform.banner(&device.name)
    } else {
        shell.greeting()
    };
    if let Some(recorder) = &mut recorder {
        recorder.answered(&greeting);
    }
    if send(&handle, channel, greeting, &faults).await.is_err() {
        return;
    }
    while let Some(bytes) = input.recv().await {
        if faults.no_prompt {
            continue;
        }
        if device.faults().endless_output && bytes.iter().any(|b| *b == b'\r' || *b == b'\n') {
            stream_forever(&handle, channel).await;
            return;
        }
        if let Some(recorder) = &mut recorder {
            recorder.typed(&bytes);
        }
        let outputs = {
            let mut stored = device.stored();
            shell.input(&bytes, &mut stored)
        };
        device.record_typed(shell.take_typed());
        for output in outputs {
            match output {
                ShellOutput::Data(text) => {
                    let faults = device.faults();
                    if faults.drop_mid_output && text.len() > 400 {
                        let half = text.len() / 2;
                        let cut = (0..=half)
                            .rev()
                            .find(|i| text.is_char_boundary(*i))
                            .unwrap_or(0);
                        let _ = handle.data(channel, text.as_bytes()[..cut].to_vec()).await;
                        let _ = handle
                            .disconnect(
                                Disconnect::ByApplication,
                                "connection lost".into(),
                                "en".into(),
                            )
                            .await;
                        return;
                    }
                    if let Some(recorder) = &mut recorder {
                        recorder.answered(&text);
                    }
                    if send(&handle, channel, text, &faults).await.is_err() {
                        return;
                    }
                }
                ShellOutput::Close => {
                    let _ = handle.eof(channel).await;
                    let _ = handle.close(channel).await;
                    return;
                }
            }
        }
    }
}

/// Sends output until the client goes away; SSH flow control keeps it at the client's pace.
async fn stream_forever(handle: &server::Handle, channel: ChannelId) {
    let chunk =
        "%LINK-3-UPDOWN: Interface GigabitEthernet1/0/1, changed state to up\r\n".repeat(256);
    while handle
        .data(channel, chunk.clone().into_bytes())
        .await
        .is_ok()
    {}
}

async fn send(
    handle: &server::Handle,
    channel: ChannelId,
    text: String,
    faults: &Faults,
) -> Result<(), ()> {
    if let Some(delay) = faults.slow {
        tokio::time::sleep(delay).await;
    }
    handle
        .data(channel, text.into_bytes())
        .await
        .map_err(|_| ())
}

/// Plays a recorded session back: the greeting, then for each line typed the recorded answer,
/// as long as the line is the one recorded; anything else ends the session with a message
/// saying what was expected.
async fn replay(
    device: &SimDevice,
    recording: crate::Recording,
    channel: ChannelId,
    handle: server::Handle,
    mut input: mpsc::UnboundedReceiver<Vec<u8>>,
) {
    let none = Faults::default();
    if send(&handle, channel, recording.greeting.clone(), &none)
        .await
        .is_err()
    {
        return;
    }
    let mut next = recording.exchanges.iter();
    let mut line = Vec::new();
    while let Some(bytes) = input.recv().await {
        for byte in bytes {
            if byte != b'\n' && byte != b'\r' {
                line.push(byte);
                continue;
            }
            if line.is_empty() {
                continue;
            }
            let typed = String::from_utf8_lossy(&std::mem::take(&mut line))
                .trim()
                .to_string();
            device
                .replayed
                .lock()
                .expect("replayed lines lock")
                .push(typed.clone());
            match next.next() {
                Some(exchange) if exchange.expects(&typed) => {
                    if send(&handle, channel, exchange.answer.clone(), &none)
                        .await
                        .is_err()
                    {
                        return;
                    }
                }
                expected => {
                    let expected = expected.map_or("the end of the recording".to_string(), |e| {
                        format!("`{}`", e.send)
                    });
                    let message = format!("\r\n% replay: expected {expected}, got `{typed}`\r\n");
                    let _ = handle.data(channel, message.into_bytes()).await;
                    let _ = handle.eof(channel).await;
                    let _ = handle.close(channel).await;
                    return;
                }
            }
        }
    }
}

/// The key exchanges a network OS offers today (IOS-XE, NX-OS, EOS, Junos): curve25519, the
/// NIST curves and the finite-field groups, but no post-quantum hybrid yet. So a client meets
/// the simulator with the handshake it would have with a real device, and benchmarks against
/// other clients (netmiko/paramiko, which has no ML-KEM) compare the same work.
fn network_os_algorithms() -> russh::Preferred {
    use russh::kex;
    let mut kex: Vec<kex::Name> = russh::Preferred::default()
        .kex
        .iter()
        .filter(|name| **name != kex::MLKEM768X25519_SHA256)
        .copied()
        .collect();
    kex.extend([
        kex::ECDH_SHA2_NISTP256,
        kex::ECDH_SHA2_NISTP384,
        kex::ECDH_SHA2_NISTP521,
    ]);
    russh::Preferred {
        kex: std::borrow::Cow::Owned(kex),
        ..russh::Preferred::default()
    }
}
