//! A git server over SSH for the remote tests: OpenSSH's `sshd` (Debian's `openssh-server`,
//! installed by `cargo xtask test`) on a free loopback port, serving bare repositories to the
//! current user logging in with a fresh key, stopped when dropped.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use russh::keys::{Algorithm, PrivateKey, ssh_key::LineEnding};

const SSHD: &str = "/usr/sbin/sshd";

pub struct GitSshd {
    child: Child,
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
        assert!(
            Path::new(SSHD).exists(),
            "{SSHD} is missing: run the tests with `cargo xtask test`, which installs openssh-server"
        );
        let host_key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).unwrap();
        let host_key_file = dir.join("host_ed25519");
        write_private(&host_key_file, &host_key);
        let client_key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).unwrap();
        let key_file = dir.join("client_ed25519");
        write_private(&key_file, &client_key);
        let authorized = dir.join("authorized_keys");
        std::fs::write(
            &authorized,
            format!("{}\n", client_key.public_key().to_openssh().unwrap()),
        )
        .unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let config = dir.join("sshd_config");
        std::fs::write(
            &config,
            format!(
                "Port {port}\nListenAddress 127.0.0.1\nHostKey {}\nAuthorizedKeysFile {}\nPidFile {}\n\
                 StrictModes no\nUsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n\
                 PubkeyAuthentication yes\nPermitRootLogin prohibit-password\nPrintMotd no\n",
                host_key_file.display(),
                authorized.display(),
                dir.join("sshd.pid").display()
            ),
        )
        .unwrap();
        // sshd refuses to start without its privilege-separation directory.
        std::fs::create_dir_all("/run/sshd").unwrap();
        let child = Command::new(SSHD)
            .args(["-D", "-e", "-f"])
            .arg(&config)
            .spawn()
            .unwrap();
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "sshd did not start listening on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let user = String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout)
            .unwrap()
            .trim()
            .to_string();
        let host_fingerprint = host_key
            .public_key()
            .fingerprint(russh::keys::HashAlg::Sha256)
            .to_string();
        let public = host_key.public_key().to_openssh().unwrap();
        let host_key = public
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        GitSshd {
            child,
            port,
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

impl Drop for GitSshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn write_private(path: &Path, key: &PrivateKey) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, key.to_openssh(LineEnding::LF).unwrap().as_bytes()).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}
