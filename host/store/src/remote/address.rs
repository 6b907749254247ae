//! Where an SSH remote lives, read from its URL: the host and port its host key is pinned
//! under, and the user it names. libgit2 tells the host-key check only the host name, so the
//! port comes from here.

/// The SSH end of a remote URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SshAddress {
    pub user: Option<String>,
    pub host: String,
    pub port: u16,
}

impl SshAddress {
    /// `ssh://[user@]host[:port]/path` (also `git+ssh://`, `ssh+git://`) or the scp-like
    /// `[user@]host:path`; None for anything else (paths, `file://`, `https://`).
    pub fn parse(url: &str) -> Option<SshAddress> {
        let (authority, default_port) = match url.split_once("://") {
            Some(("ssh" | "git+ssh" | "ssh+git", rest)) => {
                (rest.split('/').next().unwrap_or(rest), 22)
            }
            Some(_) => return None,
            None => {
                // scp-like: a colon before any slash, and not a Windows drive letter.
                let colon = url.find(':')?;
                if url[..colon].contains('/') || colon < 2 {
                    return None;
                }
                return Self::split_user(&url[..colon]).map(|(user, host)| SshAddress {
                    user,
                    host: host.trim_matches(['[', ']']).to_string(),
                    port: 22,
                });
            }
        };
        let (user, host_port) = Self::split_user(authority)?;
        let (host, port) = match host_port.strip_prefix('[') {
            Some(bracketed) => {
                let (host, after) = bracketed.split_once(']')?;
                let port = match after.strip_prefix(':') {
                    Some(port) => port.parse().ok()?,
                    None => default_port,
                };
                (host.to_string(), port)
            }
            None => match host_port.rsplit_once(':') {
                Some((host, port)) => (host.to_string(), port.parse().ok()?),
                None => (host_port.to_string(), default_port),
            },
        };
        (!host.is_empty()).then_some(SshAddress { user, host, port })
    }

    /// The name known_hosts files use: `[host]:port`, as Aurum's device store writes it.
    pub fn known_hosts_id(&self) -> String {
        format!("[{}]:{}", self.host, self.port)
    }

    fn split_user(authority: &str) -> Option<(Option<String>, &str)> {
        Some(match authority.rsplit_once('@') {
            Some((user, host)) => (Some(user.to_string()), host),
            None => (None, authority),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(user: Option<&str>, host: &str, port: u16) -> Option<SshAddress> {
        Some(SshAddress {
            user: user.map(str::to_string),
            host: host.to_string(),
            port,
        })
    }

    #[test]
    fn reads_ssh_urls_and_the_scp_form() {
        assert_eq!(
            SshAddress::parse("ssh://git@gitlab.example.com:2222/net/backups.git"),
            address(Some("git"), "gitlab.example.com", 2222)
        );
        assert_eq!(
            SshAddress::parse("ssh://127.0.0.1/srv/b.git"),
            address(None, "127.0.0.1", 22)
        );
        assert_eq!(
            SshAddress::parse("ssh://git@[::1]:2200/b.git"),
            address(Some("git"), "::1", 2200)
        );
        assert_eq!(
            SshAddress::parse("git@github.com:net/backups.git"),
            address(Some("git"), "github.com", 22)
        );
    }

    #[test]
    fn other_remotes_are_not_ssh() {
        for url in [
            "/srv/backups.git",
            "file:///srv/backups.git",
            "https://gitlab.example.com/net/b.git",
            "./relative/b.git",
            "C:/repos/b.git",
        ] {
            assert_eq!(SshAddress::parse(url), None, "{url}");
        }
    }

    #[test]
    fn pins_under_host_and_port() {
        assert_eq!(
            SshAddress::parse("git@h:x.git").unwrap().known_hosts_id(),
            "[h]:22"
        );
    }
}
