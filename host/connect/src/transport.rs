//! The byte pipe under a session: a russh channel, or the system's OpenSSH client when russh
//! could not negotiate with the device. The session logic (prompts, modes, pagers) is the
//! same over both.

use russh::ChannelMsg;
use russh::client;

use crate::openssh::OpenSshClient;
use crate::session::Verifier;

/// Which SSH implementation carries a session; the command log records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    Russh,
    OpenSsh,
}

impl TransportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TransportKind::Russh => "russh",
            TransportKind::OpenSsh => "openssh",
        }
    }
}

impl std::fmt::Display for TransportKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

pub(crate) enum Transport {
    Russh {
        handle: client::Handle<Verifier>,
        channel: russh::Channel<client::Msg>,
    },
    OpenSsh(OpenSshClient),
    /// A device played from a script, for unit tests of the session logic.
    #[cfg(test)]
    Scripted(Scripted),
}

/// What a scripted device answers, chunk by chunk, and what was typed to it.
#[cfg(test)]
#[derive(Debug, Default)]
pub(crate) struct Scripted {
    pub replies: std::collections::VecDeque<Vec<u8>>,
    pub typed: Vec<u8>,
    /// Every send fails, as on a connection that broke.
    pub broken: bool,
}

impl Transport {
    pub(crate) fn kind(&self) -> TransportKind {
        match self {
            Transport::Russh { .. } => TransportKind::Russh,
            Transport::OpenSsh(_) => TransportKind::OpenSsh,
            #[cfg(test)]
            Transport::Scripted(_) => TransportKind::Russh,
        }
    }

    pub(crate) async fn send(&mut self, bytes: &[u8]) -> Result<(), String> {
        match self {
            Transport::Russh { channel, .. } => channel
                .data_bytes(bytes.to_vec())
                .await
                .map_err(|e| e.to_string()),
            Transport::OpenSsh(client) => client.send(bytes).await,
            #[cfg(test)]
            Transport::Scripted(script) if script.broken => Err("broken pipe".into()),
            #[cfg(test)]
            Transport::Scripted(script) => {
                script.typed.extend_from_slice(bytes);
                Ok(())
            }
        }
    }

    /// Appends the next bytes from the device to `out` (no copy in between); `false` once
    /// the connection is closed.
    pub(crate) async fn recv_into(&mut self, out: &mut Vec<u8>) -> bool {
        match self {
            Transport::Russh { channel, .. } => loop {
                match channel.wait().await {
                    None | Some(ChannelMsg::Eof | ChannelMsg::Close) => return false,
                    Some(ChannelMsg::Data { data } | ChannelMsg::ExtendedData { data, .. }) => {
                        out.extend_from_slice(&data);
                        return true;
                    }
                    Some(_) => continue,
                }
            },
            Transport::OpenSsh(client) => client.recv_into(out).await,
            #[cfg(test)]
            Transport::Scripted(script) => match script.replies.pop_front() {
                Some(reply) => {
                    out.extend_from_slice(&reply);
                    true
                }
                None => false,
            },
        }
    }

    pub(crate) async fn close(self) {
        match self {
            Transport::Russh { handle, channel } => {
                let _ = channel.eof().await;
                let _ = handle
                    .disconnect(russh::Disconnect::ByApplication, "", "en")
                    .await;
            }
            Transport::OpenSsh(client) => client.close().await,
            #[cfg(test)]
            Transport::Scripted(_) => {}
        }
    }
}
