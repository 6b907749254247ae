//! A git server over SSH for the remote tests: OpenSSH's `sshd` (Debian's `openssh-server`,
//! installed by `cargo xtask test`) on a free loopback port, serving bare repositories to the
//! current user logging in with a fresh key, stopped when dropped.

use std::path::{Path, PathBuf};
use std::process::Command;

use russh::keys::{Algorithm, PrivateKey};

use super::sshd::{Sshd, write_private};

pub struct GitSshd {
    sshd: Sshd,
    pub port: u16,
    pub user: String,
    /// The client's private key file (what `ssh_key = { file = ... }` names).
    pub key_file: PathBuf,
    /// The server's host key as `ssh-ed25519 BASE64`, what a known_hosts line pins.
    pub host_key: String,
    /// Its `SHA256:...` fingerprint, as `ssh-keygen -l` prints it.
    pub host_fingerprint: String,
}

impl GitSshd {
    pub fn start(dir: &Path) -> GitSshd {
        let client_key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).unwrap();
        let key_file = dir.join("client_ed25519");
        write_private(&key_file, &client_key);
        let sshd = Sshd::start(dir, &client_key.public_key().to_openssh().unwrap(), "");
        let user = String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout)
            .unwrap()
            .trim()
            .to_string();
        let host_fingerprint = sshd
            .host_key
            .public_key()
            .fingerprint(russh::keys::HashAlg::Sha256)
            .to_string();
        let public = sshd.host_key.public_key().to_openssh().unwrap();
        let host_key = public
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        GitSshd {
            port: sshd.port,
            sshd,
            user,
            key_file,
            host_key,
            host_fingerprint,
        }
    }

    /// The `ssh://` URL of the repository at `path` on this server.
    pub fn url(&self, path: &Path) -> String {
        format!(
            "ssh://{}@127.0.0.1:{}{}",
            self.user,
            self.port,
            path.display()
        )
    }
}
