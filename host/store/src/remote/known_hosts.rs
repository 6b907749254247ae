//! The host keys of SSH git servers: a known_hosts file (`[host]:port algorithm base64`
//! lines, the format of Aurum's device store; plain OpenSSH lines such as `host,alias
//! algorithm base64 comment` are read too, hashed names are not) checked on every
//! connection. `accept-new` pins a server's first key into the file; a different key later,
//! or an unknown one under `strict`, refuses the connection naming the remote, the
//! fingerprint and the file.

use std::io::Write;
use std::path::{Path, PathBuf};

use aurum_config::GitHostKeyChecking;

use super::address::SshAddress;

/// One remote's host-key policy and the file it is checked against.
#[derive(Debug, Clone)]
pub(crate) struct HostKeys {
    pub path: PathBuf,
    pub policy: GitHostKeyChecking,
}

/// The key a server offered: `algorithm base64` and its `SHA256:...` fingerprint.
pub(crate) struct OfferedKey {
    pub line: String,
    pub fingerprint: String,
}

impl HostKeys {
    /// Accepts `offered` for `address` or says why not (with what to do about it).
    pub fn verify(
        &self,
        remote: &str,
        address: &SshAddress,
        offered: &OfferedKey,
    ) -> Result<(), String> {
        let known = self.keys_of(address)?;
        if known.contains(&offered.line) {
            return Ok(());
        }
        let file = self.path.display();
        let id = address.known_hosts_id();
        if !known.is_empty() {
            return Err(format!(
                "the SSH host key of {remote} ({id}) has CHANGED: it offered {}, which is not the \
                 key pinned in {file}; if the server's key was really replaced, remove its line \
                 from that file and push again",
                offered.fingerprint
            ));
        }
        match self.policy {
            GitHostKeyChecking::Strict => Err(format!(
                "the SSH host key of {remote} ({id}) is unknown (it offered {}) and \
                 host_key_checking is strict; add `{id} {}` to {file} after checking the \
                 fingerprint with the server's administrator",
                offered.fingerprint, offered.line
            )),
            GitHostKeyChecking::AcceptNew => {
                append(&self.path, &format!("{id} {}\n", offered.line))
                    .map_err(|e| format!("cannot pin the host key of {remote} into {file}: {e}"))?;
                tracing::warn!(remote, fingerprint = %offered.fingerprint, file = %file, "pinned the SSH host key of a git server on first use");
                Ok(())
            }
        }
    }

    fn keys_of(&self, address: &SshAddress) -> Result<Vec<String>, String> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => {
                return Err(format!(
                    "cannot read the known_hosts file {}: {e}",
                    self.path.display()
                ));
            }
        };
        let id = address.known_hosts_id();
        let names_this_host =
            |name: &str| name == id || (address.port == 22 && name == address.host);
        Ok(text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with(['#', '@']))
            .filter_map(|line| {
                let mut fields = line.split_whitespace();
                let names = fields.next()?;
                let key = format!("{} {}", fields.next()?, fields.next()?);
                names.split(',').any(names_this_host).then_some(key)
            })
            .collect())
    }
}

fn append(path: &Path, line: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(line.as_bytes())?;
    file.sync_data()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offered(line: &str) -> OfferedKey {
        OfferedKey {
            line: line.to_string(),
            fingerprint: "SHA256:abc".to_string(),
        }
    }

    fn at(port: u16) -> SshAddress {
        SshAddress {
            user: None,
            host: "git.example.com".into(),
            port,
        }
    }

    #[test]
    fn accept_new_pins_the_first_key_and_refuses_a_different_one() {
        let dir = tempfile::tempdir().unwrap();
        let keys = HostKeys {
            path: dir.path().join("sub/git_known_hosts"),
            policy: GitHostKeyChecking::AcceptNew,
        };
        keys.verify("r", &at(2222), &offered("ssh-ed25519 AAAA1"))
            .unwrap();
        assert_eq!(
            std::fs::read_to_string(&keys.path).unwrap(),
            "[git.example.com]:2222 ssh-ed25519 AAAA1\n"
        );
        keys.verify("r", &at(2222), &offered("ssh-ed25519 AAAA1"))
            .unwrap();
        let changed = keys
            .verify("ssh://r", &at(2222), &offered("ssh-ed25519 BBBB2"))
            .unwrap_err();
        assert!(
            changed.contains("CHANGED") && changed.contains("ssh://r"),
            "{changed}"
        );
        assert!(changed.contains("SHA256:abc"), "{changed}");
        // Another port is another server.
        keys.verify("r", &at(22), &offered("ssh-ed25519 BBBB2"))
            .unwrap();
    }

    #[test]
    fn strict_refuses_an_unknown_key_and_reads_openssh_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("known_hosts");
        std::fs::write(
            &path,
            "# pinned by hand\n@revoked * ssh-rsa AAAAold\nother,git.example.com ssh-ed25519 AAAA1 ops@example\n",
        )
        .unwrap();
        let keys = HostKeys {
            path,
            policy: GitHostKeyChecking::Strict,
        };
        keys.verify("r", &at(22), &offered("ssh-ed25519 AAAA1"))
            .unwrap();
        let unknown = keys
            .verify("r", &at(2222), &offered("ssh-ed25519 AAAA1"))
            .unwrap_err();
        assert!(unknown.contains("strict"), "{unknown}");
        assert!(
            unknown.contains("[git.example.com]:2222 ssh-ed25519 AAAA1"),
            "{unknown}"
        );
    }
}
