/// Why the simulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error(
        "unknown simulated platform `{0}`; choose from cisco_ios, cisco_nxos, cisco_iosxr, arista_eos, juniper_junos"
    )]
    UnknownPlatform(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
    #[error("cannot create a host key: {0}")]
    HostKey(String),
}
