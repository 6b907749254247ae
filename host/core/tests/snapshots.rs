//! Snapshots of rendered output a user reads: a compliance report and two remediations.

use aurum_core::remediation::{RemediationOptions, remediate};
use aurum_core::{Report, Rule, check};

const RUNNING: &str = "hostname r1\n!\nntp server 10.0.0.1\nntp server 10.0.0.2\n!\nsnmp-server location HQ\n!\ninterface Gi0/1\n description uplink\n ip address 10.1.1.1 255.255.255.0\n shutdown\n!\nrouter bgp 65000\n neighbor 192.0.2.1 remote-as 65001\n address-family ipv4\n  neighbor 192.0.2.1 activate\n exit-address-family\n";
const INTENDED: &str = "hostname r1\n!\nntp server 10.0.0.2\nntp server 10.0.0.3\n!\nsnmp-server location DC1\n!\ninterface Gi0/1\n description uplink to core\n ip address 10.1.1.1 255.255.255.0\n no shutdown\n!\nrouter bgp 65000\n neighbor 192.0.2.1 remote-as 65001\n neighbor 192.0.2.2 remote-as 65002\n address-family ipv4\n  neighbor 192.0.2.1 activate\n  neighbor 192.0.2.2 activate\n exit-address-family\n";

#[test]
fn ios_compliance_report() {
    let rules = [
        Rule::cli("ntp", false, &["ntp "]),
        Rule::cli("snmp", true, &["snmp-server "]),
        Rule::cli("interfaces", false, &["interface "]),
        Rule::cli("bgp", true, &["router bgp "]),
    ];
    let results = check("cisco_ios", &rules, RUNNING, INTENDED).unwrap();
    insta::assert_json_snapshot!("ios_compliance_report", Report(&results));
}

#[test]
fn ios_remediation() {
    let o = RemediationOptions::for_platform("cisco_ios").unwrap();
    insta::assert_snapshot!(
        "ios_remediation",
        remediate("cisco_ios", RUNNING, INTENDED, &o).unwrap()
    );
}

#[test]
fn junos_brace_to_set_remediation() {
    let running = "system {\n    host-name r1;\n}\ninterfaces {\n    ge-0/0/0 {\n        description \"old\";\n        unit 0 {\n            family inet {\n                address 10.0.0.1/31;\n            }\n        }\n    }\n}\n";
    let intended = "system {\n    host-name r1;\n}\ninterfaces {\n    ge-0/0/0 {\n        description \"new\";\n        unit 0 {\n            family inet {\n                address 10.0.0.1/31;\n            }\n        }\n    }\n    ge-0/0/1 {\n        disable;\n    }\n}\n";
    let o = RemediationOptions::for_platform("juniper_junos").unwrap();
    insta::assert_snapshot!(
        "junos_remediation",
        remediate("juniper_junos", running, intended, &o).unwrap()
    );
}
