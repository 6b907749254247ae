//! Deterministic, realistic running configurations for simulated devices.

use std::fmt::Write;

use crate::SimPlatform;

/// A running configuration for `hostname` with `interfaces` interfaces (the main driver of its
/// size: roughly 5 lines each), in the platform's own syntax. The same arguments always give
/// the same text, so tests and benchmarks are repeatable.
pub fn sample_config(platform: SimPlatform, hostname: &str, interfaces: usize) -> String {
    match platform {
        SimPlatform::JuniperJunos => junos(hostname, interfaces),
        _ => cisco_like(platform, hostname, interfaces),
    }
}

fn interface_name(platform: SimPlatform, index: usize) -> String {
    match platform {
        SimPlatform::CiscoIos => format!("GigabitEthernet1/0/{}", index + 1),
        SimPlatform::CiscoNxos => format!("Ethernet1/{}", index + 1),
        SimPlatform::CiscoIosxr => format!("GigabitEthernet0/0/0/{index}"),
        SimPlatform::AristaEos => format!("Ethernet{}", index + 1),
        SimPlatform::JuniperJunos => format!("ge-0/0/{index}"),
        SimPlatform::AcmeOs => format!("port1/{}", index + 1),
    }
}

fn cisco_like(platform: SimPlatform, hostname: &str, interfaces: usize) -> String {
    let mut c = String::new();
    let _ = writeln!(c, "hostname {hostname}");
    if platform == SimPlatform::CiscoIos {
        c.push_str("service timestamps debug datetime msec\nservice timestamps log datetime msec\nservice password-encryption\n");
        c.push_str("enable secret 9 $9$aurumsimulatedsecrethash\n");
    }
    c.push_str("!\n");
    c.push_str("username admin privilege 15 secret 9 $9$simulateduserhash\n!\n");
    c.push_str("ntp server 10.0.0.1\nntp server 10.0.0.2\n!\n");
    c.push_str("logging host 10.0.0.50\n");
    c.push_str("snmp-server community s3cr3t-ro RO\nsnmp-server location lab\n!\n");
    for vlan in 0..interfaces.min(40) {
        let _ = writeln!(c, "vlan {}\n name vlan{}\n!", 100 + vlan, 100 + vlan);
    }
    for index in 0..interfaces {
        let name = interface_name(platform, index);
        let _ = writeln!(c, "interface {name}");
        let _ = writeln!(c, " description {hostname} port {index} to peer");
        if index % 3 == 0 {
            let _ = writeln!(
                c,
                " ip address 10.{}.{}.1 255.255.255.252",
                index / 250,
                index % 250
            );
        } else {
            let _ = writeln!(c, " switchport access vlan {}", 100 + index % 40);
        }
        c.push_str(" mtu 9216\n");
        if index % 7 == 0 {
            c.push_str(" shutdown\n");
        } else {
            c.push_str(" no shutdown\n");
        }
        c.push_str("!\n");
    }
    c.push_str("router bgp 65000\n");
    for peer in 0..interfaces.min(16) {
        let _ = writeln!(
            c,
            " neighbor 10.{}.{}.2 remote-as {}",
            peer / 250,
            peer % 250,
            65100 + peer
        );
    }
    c.push_str("!\nline vty 0 4\n transport input ssh\n!\n");
    c
}

fn junos(hostname: &str, interfaces: usize) -> String {
    let mut c = String::new();
    let _ = writeln!(c, "set system host-name {hostname}");
    c.push_str("set system login user admin class super-user\n");
    c.push_str(
        "set system login user admin authentication encrypted-password \"$6$simulatedhash\"\n",
    );
    c.push_str("set system ntp server 10.0.0.1\nset system ntp server 10.0.0.2\n");
    c.push_str("set system syslog host 10.0.0.50 any notice\n");
    c.push_str("set snmp community s3cr3t-ro authorization read-only\n");
    for index in 0..interfaces {
        let name = interface_name(SimPlatform::JuniperJunos, index);
        let _ = writeln!(
            c,
            "set interfaces {name} description \"{hostname} port {index}\""
        );
        let _ = writeln!(c, "set interfaces {name} mtu 9192");
        let _ = writeln!(
            c,
            "set interfaces {name} unit 0 family inet address 10.{}.{}.1/30",
            index / 250,
            index % 250
        );
        if index % 7 == 0 {
            let _ = writeln!(c, "set interfaces {name} disable");
        }
    }
    for peer in 0..interfaces.min(16) {
        let _ = writeln!(
            c,
            "set protocols bgp group peers neighbor 10.{}.{}.2 peer-as {}",
            peer / 250,
            peer % 250,
            65100 + peer
        );
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_grows_with_interfaces_and_is_deterministic() {
        let small = sample_config(SimPlatform::CiscoIos, "r1", 4);
        let large = sample_config(SimPlatform::CiscoIos, "r1", 200);
        assert!(large.lines().count() > 1000, "{}", large.lines().count());
        assert!(small.lines().count() < 100);
        assert_eq!(large, sample_config(SimPlatform::CiscoIos, "r1", 200));
        assert!(
            sample_config(SimPlatform::JuniperJunos, "r1", 4)
                .starts_with("set system host-name r1\n")
        );
    }
}
