use crate::Platform;

/// The platforms of the drivers Aurum ships, created by `aurum init` so a new installation can
/// import devices straight away. The network OS names are netutils' parser names.
pub fn shipped_platforms() -> Vec<Platform> {
    [
        ("cisco_ios", "cisco_ios", "Cisco IOS and IOS-XE"),
        ("cisco_nxos", "cisco_nxos", "Cisco NX-OS"),
        ("cisco_iosxr", "cisco_iosxr", "Cisco IOS-XR"),
        ("arista_eos", "arista_eos", "Arista EOS"),
        ("juniper_junos", "juniper_junos", "Juniper Junos"),
        ("linux", "linux", "Linux hosts (shell over SSH)"),
    ]
    .into_iter()
    .map(|(name, network_os, description)| Platform {
        name: name.to_string(),
        driver: name.to_string(),
        network_os: network_os.to_string(),
        description: description.to_string(),
    })
    .collect()
}
