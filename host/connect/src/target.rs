use std::fmt;

/// Login secrets, resolved by the caller from the device's secrets group.
#[derive(Clone, Default)]
pub struct Credentials {
    pub username: String,
    pub password: Option<String>,
    pub enable_secret: Option<String>,
    /// An SSH private key (OpenSSH or PEM text) for public-key login, tried before the
    /// password.
    pub private_key: Option<String>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("enable_secret", &self.enable_secret.as_ref().map(|_| "***"))
            .field("private_key", &self.private_key.as_ref().map(|_| "***"))
            .finish()
    }
}

/// The device to talk to: what error messages call it and where it answers.
#[derive(Debug, Clone)]
pub struct Target {
    pub name: String,
    pub host: String,
    pub port: u16,
    pub credentials: Credentials,
}

impl Target {
    /// `host:port`, with brackets around IPv6 addresses.
    pub fn address(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}
