//! OpenSSH's `sshd` (Debian's `openssh-server`, installed by `cargo xtask test`) on a free
//! loopback port with a fresh ed25519 host key, for the tests that need a real SSH server.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use russh::keys::{Algorithm, PrivateKey, ssh_key::LineEnding};

const SSHD: &str = "/usr/sbin/sshd";

/// A running sshd, stopped when dropped.
pub struct Sshd {
    child: Child,
    pub port: u16,
    /// Its host key, as a test pins or compares it.
    pub host_key: PrivateKey,
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Sshd {
    /// Starts sshd in `dir`, letting in the public keys of `authorized` (authorized_keys
    /// lines); `extra` is appended to sshd_config (e.g. to restrict its algorithms). Returns
    /// once it listens.
    pub fn start(dir: &Path, authorized: &str, extra: &str) -> Sshd {
        assert!(
            Path::new(SSHD).exists(),
            "{SSHD} is missing: run the tests with `cargo xtask test`, which installs openssh-server"
        );
        let host_key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).unwrap();
        let host_key_file = dir.join("host_ed25519");
        write_private(&host_key_file, &host_key);
        let authorized_file = dir.join("authorized_keys");
        std::fs::write(&authorized_file, format!("{authorized}\n")).unwrap();
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
                 PubkeyAuthentication yes\nPermitRootLogin prohibit-password\nPrintMotd no\n{extra}",
                host_key_file.display(),
                authorized_file.display(),
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
        Sshd {
            child,
            port,
            host_key,
        }
    }
}

/// Writes a private key as OpenSSH does, readable by its owner only.
pub fn write_private(path: &PathBuf, key: &PrivateKey) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, key.to_openssh(LineEnding::LF).unwrap().as_bytes()).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}
