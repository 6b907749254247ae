//! Built-in remediation options per platform (hier_config's drivers, as data).

use super::options::*;

fn m(kind: &str, v: &str) -> MatchRule {
    let s = Some(OneOrMany::One(v.to_string()));
    match kind {
        "eq" => MatchRule {
            equals: s,
            ..Default::default()
        },
        "re" => MatchRule {
            re_search: Some(v.to_string()),
            ..Default::default()
        },
        "has" => MatchRule {
            contains: s,
            ..Default::default()
        },
        _ => MatchRule {
            startswith: s,
            ..Default::default()
        },
    }
}

/// A lineage from `"sw:interface|re:^hsrp"`-style specs (default kind: startswith).
fn l(spec: &[&str]) -> Lineage {
    spec.iter()
        .map(|s| match s.split_once(':') {
            Some((k @ ("eq" | "re" | "has" | "sw"), v)) => m(k, v),
            _ => m("sw", s),
        })
        .collect()
}

fn subs(v: &[(&str, &str)]) -> Vec<Substitution> {
    v.iter()
        .map(|(s, r)| Substitution {
            search: s.to_string(),
            replace: r.to_string(),
        })
        .collect()
}

fn exits(v: &[(&[&str], &str, bool)]) -> Vec<SectionalExit> {
    v.iter()
        .map(|(ml, t, p)| SectionalExit {
            match_rules: l(ml),
            exit_text: t.to_string(),
            exit_text_parent_level: *p,
        })
        .collect()
}

fn lineages(v: &[&[&str]]) -> Vec<Lineage> {
    v.iter().map(|x| l(x)).collect()
}

fn order(v: &[(&[&str], i32)]) -> Vec<Ordering> {
    v.iter()
        .map(|(ml, w)| Ordering {
            match_rules: l(ml),
            weight: *w,
        })
        .collect()
}

const IOS_EOS_SUBS: &[(&str, &str)] = &[
    ("^Building configuration.*", ""),
    ("^Current configuration.*", ""),
    ("^! Last configuration change.*", ""),
    ("^! NVRAM config last updated.*", ""),
    ("^ntp clock-period .*", ""),
    ("^version.*", ""),
    ("^ logging event link-status$", ""),
    ("^ logging event subif-link-status$", ""),
    (r"^\s*ipv6 unreachables disable$", ""),
    ("^end$", ""),
    (r"^\s*[#!].*", ""),
    ("^ no ip address", ""),
    ("^ exit-peer-policy", ""),
    ("^ exit-peer-session", ""),
    ("^ exit-address-family", ""),
];

const BGP_EXITS: &[(&[&str], &str, bool)] = &[
    (
        &["router bgp", "template peer-policy"],
        "exit-peer-policy",
        false,
    ),
    (
        &["router bgp", "template peer-session"],
        "exit-peer-session",
        false,
    ),
    (
        &["router bgp", "address-family"],
        "exit-address-family",
        false,
    ),
];

pub(crate) fn cisco_ios() -> RemediationOptions {
    let mut per_line = subs(IOS_EOS_SUBS);
    per_line.push(Substitution {
        search: "^crypto key generate rsa general-keys.*$".into(),
        replace: String::new(),
    });
    RemediationOptions {
        negate_with: vec![NegateWith {
            match_rules: l(&["logging console "]),
            use_: "logging console debugging".into(),
        }],
        sectional_exiting: exits(BGP_EXITS),
        ordering: order(&[
            (&["interface", "switchport mode "], -10),
            (&["no vlan filter"], 200),
            (&["interface", "no shutdown"], 200),
            (&["aaa group server tacacs+ ", "no server "], 10),
            (&["no tacacs-server "], 10),
        ]),
        parent_allows_duplicate_child: lineages(&[&["router", "address-family"]]),
        per_line_sub: per_line,
        idempotent_commands: lineages(&[
            &["vlan", "name"],
            &["interface ", "description "],
            &["interface ", "ip address "],
            &["interface ", "switchport mode "],
            &["interface ", "authentication host-mode "],
            &[
                "interface ",
                "authentication event server dead action authorize vlan ",
            ],
            &["errdisable recovery interval "],
            &["re:^(no )?logging console.*"],
        ]),
        post_load: vec![PostLoad::IosAcls, PostLoad::SplitVlanLists],
        ..Default::default()
    }
}

pub(crate) fn arista_eos() -> RemediationOptions {
    RemediationOptions {
        sectional_exiting: exits(BGP_EXITS),
        per_line_sub: subs(IOS_EOS_SUBS),
        idempotent_commands: lineages(&[
            &["hostname"],
            &["logging source-interface"],
            &["interface", "ip address"],
            &["line vty", "transport input"],
            &["line vty", "access-class"],
            &["line vty", "ipv6 access-class"],
            &["interface", r"re:standby \d+ (priority|authentication md5)"],
            &["router bgp", "bgp router-id"],
            &["router ospf", "router-id"],
            &["router ospf", "max-lsa"],
            &["router ospf", "maximum-paths"],
            &["ipv6 router ospf", "router-id"],
            &["router ospf", "log-adjacency-changes"],
            &["ipv6 router ospf", "log-adjacency-changes"],
            &["router bgp", r"re:neighbor \S+ description"],
            &["snmp-server location"],
            &["eq:line con 0", "exec-timeout"],
            &["interface", "ip ospf message-digest-key"],
            &["logging buffered"],
            &["tacacs-server key"],
            &["logging facility"],
            &["vlan internal allocation policy"],
            &["username admin"],
            &["snmp-server user"],
            &["banner"],
            &["ntp source"],
            &["management", "idle-timeout"],
            &["aaa authentication enable default group tacacs+"],
            &["eq:control-plane", "eq:ip access-group CPP in"],
            &["interface", "mtu"],
            &["snmp-server source-interface"],
            &["ip tftp client source-interface"],
        ]),
        negation_default_when: lineages(&[&["interface", "eq:logging event link-status"]]),
        ..Default::default()
    }
}

pub(crate) fn cisco_nxos() -> RemediationOptions {
    let mut default_when = lineages(&[
        &[
            "router bgp",
            "neighbor",
            "address-family",
            "eq:send-community",
        ],
        &["interface", "has:ip ospf passive-interface"],
        &["interface", "has:ospfv3 passive-interface"],
    ]);
    default_when.insert(
        0,
        vec![
            m("sw", "interface"),
            MatchRule {
                startswith: Some(OneOrMany::One("ip ospf bfd".into())),
                re_search: Some(r"standby \d+ authentication md5 key-string".into()),
                ..Default::default()
            },
        ],
    );
    RemediationOptions {
        per_line_sub: subs(&[
            ("^Building configuration.*", ""),
            ("^Current configuration.*", ""),
            ("^ntp clock-period .*", ""),
            ("^snmp-server location  ", "snmp-server location "),
            ("^version.*", ""),
            ("^boot (system|kickstart) .*", ""),
            ("!.*", ""),
        ]),
        idempotent_commands_avoid: lineages(&[&["interface", "re:ip address.*secondary"]]),
        idempotent_commands: lineages(&[
            &["power redundancy-mode"],
            &["cli alias name wr "],
            &["aaa authentication login console"],
            &["port-channel load-balance"],
            &["hostname "],
            &["ip tftp source-interface"],
            &["ip telnet source-interface"],
            &["ip tacacs source-interface"],
            &["logging source-interface"],
            &["hardware access-list tcam region ifacl"],
            &["hardware access-list tcam region vacl"],
            &["hardware access-list tcam region qos"],
            &["hardware access-list tcam region racl"],
            &["hardware access-list tcam region ipv6-racl"],
            &["hardware access-list tcam region e-ipv6-racl"],
            &["hardware access-list tcam region l3qos"],
            &["router ospf", "vrf", "maximum-paths"],
            &["router ospf", "vrf", "log-adjacency-changes"],
            &["router ospf", "maximum-paths"],
            &["router ospf", "log-adjacency-changes"],
            &["router bgp", "vrf", "address-family", "maximum-paths"],
            &["router bgp", "address-family", "maximum-paths"],
            &["router bgp", "template", "address-family", "send-community"],
            &["interface", r"re:^hsrp \d+", "ip"],
            &["interface", r"re:^hsrp \d+", "priority"],
            &[
                "interface",
                r"re:^hsrp \d+",
                "authentication md5 key-string",
            ],
            &["interface", "ip address"],
            &["interface", "duplex"],
            &["interface", "speed"],
            &["interface", "switchport mode"],
            &["interface", "switchport access vlan"],
            &["interface", "switchport trunk native vlan"],
            &["interface", "switchport trunk allowed vlan"],
            &["interface", "udld port"],
            &["interface", "ip ospf cost"],
            &["interface", "ipv6 link-local"],
            &["interface", "ospfv3 cost"],
            &["interface", "mtu"],
            &["eq:line console", "exec-timeout"],
            &["line vty", "transport input"],
            &["line vty", "ipv6 access-class"],
            &["line vty", "access-class"],
            &["router bgp", "bgp router-id"],
            &["router bgp", r"re:neighbor \S+ description"],
            &["router ospf", "router-id"],
            &["router ospf", "log-adjacency-changes"],
            &["ipv6 router ospf", "router-id"],
            &["ipv6 router ospf", "log-adjacency-changes"],
            &["mac address-table aging-time"],
            &["snmp-server location"],
            &["vpc domain", "role priority"],
            &["banner"],
            &["username admin password 5"],
            &[
                "eq:policy-map type control-plane copp-system-policy",
                "class",
                "police",
            ],
            &[
                "router bgp",
                "vrf",
                "neighbor",
                "address-family",
                "soft-reconfiguration inbound",
            ],
            &["router bgp", "vrf", "neighbor", "password"],
        ]),
        negation_default_when: default_when,
        negate_with: vec![
            NegateWith {
                match_rules: l(&["router bgp", "address-family", "maximum-paths ibgp"]),
                use_: "default maximum-paths ibgp".into(),
            },
            NegateWith {
                match_rules: l(&["router bgp", "vrf", "address-family", "maximum-paths ibgp"]),
                use_: "default maximum-paths ibgp".into(),
            },
            NegateWith {
                match_rules: l(&["eq:line vty", "session-limit"]),
                use_: "session-limit 32".into(),
            },
        ],
        ..Default::default()
    }
}

pub(crate) fn cisco_xr() -> RemediationOptions {
    RemediationOptions {
        sectional_exiting: exits(&[
            (&["route-policy"], "end-policy", true),
            (&["prefix-set"], "end-set", true),
            (&["policy-map"], "end-policy-map", true),
            (&["class-map"], "end-class-map", true),
            (&["community-set"], "end-set", true),
            (&["extcommunity-set"], "end-set", true),
            (&["template"], "end-template", true),
            (&["group"], "end-group", true),
            (&["interface"], "root", false),
            (&["router bgp"], "root", false),
        ]),
        sectional_overwrite: lineages(&[&["template"]]),
        sectional_overwrite_no_negate: lineages(&[
            &["as-path-set"],
            &["prefix-set"],
            &["route-policy"],
            &["extcommunity-set"],
            &["community-set"],
        ]),
        ordering: order(&[(&["vrf "], -200), (&["no vrf "], 200)]),
        indent_adjust: vec![IndentAdjust {
            start_expression: r"^\s*template".into(),
            start_unless: Some(r"^\s*template\s+(?:data\s+|options\s+)?timeout".into()),
            end_expression: r"^\s*end-template".into(),
        }],
        parent_allows_duplicate_child: lineages(&[&["route-policy"], &["route-policy", "if "]]),
        per_line_sub: subs(&[
            ("^Building configuration.*", ""),
            ("^Current configuration.*", ""),
            ("^ntp clock-period .*", ""),
            (".*speed.*", ""),
            (".*duplex.*", ""),
            (".*negotiation auto.*", ""),
            (".*parity none.*", ""),
            ("^end-policy$", " end-policy"),
            ("^end-set$", " end-set"),
            ("^end-group$", " end-group"),
            ("^end$", ""),
            (r"^\s*#.*", ""),
            (r"^\s*!\s*$", ""),
        ]),
        post_load: vec![PostLoad::XrComments],
        special: vec![Special::XrAclSequence],
        idempotent_commands: lineages(&[
            &[
                "router bgp",
                "vrf",
                "address-family",
                "additional-paths selection route-policy",
            ],
            &["router bgp", "bgp router-id"],
            &[
                "router bgp",
                "neighbor-group",
                "address-family",
                "soft-reconfiguration inbound",
            ],
            &[
                "router bgp",
                "vrf",
                "neighbor",
                "address-family",
                "soft-reconfiguration inbound",
            ],
            &[
                "router bgp",
                "vrf",
                "neighbor",
                "address-family",
                "maximum-prefix",
            ],
            &["router bgp", "vrf", "neighbor", "password"],
            &["router bgp", "vrf", "neighbor", "description"],
            &["router bgp", "neighbor", "description"],
            &["router bgp", "neighbor", "password"],
            &["router ospf", "area", "interface", "cost"],
            &["router ospf", "router-id"],
            &["router ospf", "area", "message-digest-key"],
            &["router ospf", "max-metric router-lsa"],
            &["eq:l2vpn", "router-id"],
            &[r"re:logging \d+.\d+.\d+.\d+ vrf MGMT"],
            &["eq:line default", "access-class ingress"],
            &["eq:line default", "transport input"],
            &["hostname"],
            &["logging source-interface"],
            &["interface", "ipv4 address"],
            &["snmp-server location"],
            &["eq:line console", "exec-timeout"],
            &["eq:mpls ldp", "session protection duration"],
            &["eq:mpls ldp", "igp sync delay"],
            &["interface", "mtu"],
            &["banner"],
        ]),
        ..Default::default()
    }
}

pub(crate) fn set_delete(strict: bool) -> RemediationOptions {
    RemediationOptions {
        negation_prefix: "delete ".into(),
        declaration_prefix: "set ".into(),
        negation_style: NegationStyle::SetDelete { strict },
        preprocess: Preprocess::BraceToSet,
        ..Default::default()
    }
}

pub(crate) fn fortinet_fortios() -> RemediationOptions {
    RemediationOptions {
        negation_prefix: "unset ".into(),
        declaration_prefix: "set ".into(),
        negation_style: NegationStyle::Unset,
        sectional_exiting: exits(&[
            (&["config "], "end", false),
            (&["config ", "edit "], "next", false),
        ]),
        parent_allows_duplicate_child: lineages(&[&["config"]]),
        per_line_sub: subs(&[("^end$", " end"), ("^next$", "  next")]),
        special: vec![Special::FortiosSetKey],
        ..Default::default()
    }
}

pub(crate) fn hp_comware5() -> RemediationOptions {
    RemediationOptions {
        negation_prefix: "undo ".into(),
        ..Default::default()
    }
}

pub(crate) fn hp_procurve() -> RemediationOptions {
    RemediationOptions {
        negate_with: vec![
            NegateWith {
                match_rules: l(&["interface ", "eq:disable"]),
                use_: "enable".into(),
            },
            NegateWith {
                match_rules: l(&["interface ", "name "]),
                use_: "no name".into(),
            },
        ],
        per_line_sub: subs(&[
            (r"^\s*[#!].*", ""),
            ("^; .*", ""),
            ("^Running configuration:*", ""),
        ]),
        idempotent_commands: lineages(&[
            &["aaa authentication port-access eap-radius"],
            &["aaa accounting update periodic "],
            &["interface ", "untagged vlan "],
            &["interface ", "name "],
        ]),
        ordering: {
            let mut o = order(&[
                (&[r"re:^no aaa port-access \S+ auth-priority"], -10),
                (&[r"re:^no aaa port-access authenticator \S+$"], -10),
                (&[r"re:^aaa server-group radius \S+ host "], 10),
                (&["no tacacs-server "], 10),
                (&[r"re:^no radius-server host \S+ dyn-authorization$"], 15),
                (&[r"re:^no aaa server-group radius \S+ host "], 20),
                (&[r"re:^no radius-server host \S+$"], 30),
            ]);
            o.insert(
                3,
                Ordering {
                    match_rules: vec![
                        m("sw", "interface "),
                        MatchRule {
                            startswith: Some(OneOrMany::Many(vec![
                                "no tagged vlan ".into(),
                                "no untagged vlan ".into(),
                            ])),
                            ..Default::default()
                        },
                    ],
                    weight: 10,
                },
            );
            o
        },
        post_load: vec![PostLoad::Procurve],
        special: vec![Special::ProcurveAaa],
        ..Default::default()
    }
}

pub(crate) fn huawei_vrp() -> RemediationOptions {
    RemediationOptions {
        negation_prefix: "undo ".into(),
        negation_style: NegationStyle::Huawei,
        default_sectional_exit: "quit".into(),
        indent_adjust: vec![IndentAdjust {
            start_expression: r"^\s*(rsa|dsa|ecc) peer-public-key ".into(),
            start_unless: None,
            end_expression: r"^\s*peer-public-key end".into(),
        }],
        per_line_sub: subs(&[(r"^\s*[#!].*", "")]),
        ..Default::default()
    }
}

pub(crate) fn aruba_aoscx() -> RemediationOptions {
    RemediationOptions {
        sectional_exiting: exits(&[(
            &["router bgp", "address-family"],
            "exit-address-family",
            false,
        )]),
        ordering: order(&[(&["vlan "], -10)]),
        per_line_sub: subs(&[
            (r"^\S+(?:\([^)]+\))?#.*", ""),
            ("^Current configuration.*", ""),
            ("^!.*", ""),
            ("^#.*", ""),
            ("^end$", ""),
            (r"^\s*exit$", ""),
            (r"^\s*exit-address-family$", ""),
        ]),
        idempotent_commands: lineages(&[
            &["hostname "],
            &["vlan ", "name "],
            &["interface ", "description "],
            &["interface ", "ip address "],
            &["interface ", "vlan access "],
            &["interface ", "vlan trunk native "],
            &["interface ", "vrf attach "],
            &["interface ", "mtu "],
            &["interface ", "speed "],
            &["interface ", "flow-control "],
            &["router bgp ", "bgp router-id "],
            &["router bgp ", r"re:neighbor \S+ description "],
            &["router ospf ", "router-id "],
            &["snmp-server location "],
            &["snmp-server contact "],
            &["logging "],
            &["ntp vrf "],
        ]),
        post_load: vec![PostLoad::SplitVlanLists, PostLoad::SplitTrunkAllowed],
        ..Default::default()
    }
}

pub(crate) fn ruckus_fastiron() -> RemediationOptions {
    RemediationOptions {
        indentation: 1,
        per_line_sub: subs(&[
            ("^Current configuration:.*", ""),
            ("^Building configuration.*", ""),
            (r"^\s*!.*", ""),
            (r"^ver \S+\s*$", ""),
            (r"^end\s*$", ""),
            (r"^\S*#.*", ""),
        ]),
        negate_with: vec![NegateWith {
            match_rules: l(&["interface ", "port-name "]),
            use_: "no port-name".into(),
        }],
        negation_sub: vec![NegationSub {
            match_rules: l(&["lag "]),
            search: r#"^no (lag (?:"[^"]*"|\S+)).*$"#.into(),
            replace: "no ${1}".into(),
        }],
        idempotent_commands: lineages(&[
            &["vlan ", r"re:^vlan \d+"],
            &["hostname "],
            &["ip default-gateway "],
            &["console timeout "],
            &["telnet timeout "],
            &["errdisable recovery interval "],
            &["logging buffered "],
            &["clock timezone "],
            &["interface ", "port-name "],
            &["interface ", "speed-duplex "],
            &["interface ", "voice-vlan "],
            &["interface ", r"re:^ip helper-address (\d+) "],
            &["interface ", "port security", "maximum "],
            &["interface ", "port security", "violation "],
            &["interface ", "port security", "age "],
            &["lag ", "primary-port "],
            &["lag ", r"re:^port-name .+ (ethernet \S+)$"],
        ]),
        sectional_overwrite: lineages(&[&["ip access-list "]]),
        ordering: order(&[
            (&["no interface ethernet "], -30),
            (&["lag ", "eq:no deploy"], -50),
            (&["lag ", "eq:deploy"], 50),
            (&["lag ", "ports ethernet "], -40),
            (&["lag ", "primary-port "], -30),
            (&["lag ", "no ports ethernet "], -20),
            (&["vlan ", "no untagged "], -20),
            (&["interface ", "no mac filter-group "], -20),
            (&["interface ", "no ip access-group "], -20),
            (&["no mac filter "], 20),
            (&["mac filter "], -25),
            (&["no ip access-list "], -30),
            (&["ip access-list "], -25),
            (&[r"re:^no vlan \d+$"], 10),
        ]),
        post_load: vec![PostLoad::Fastiron],
        ..Default::default()
    }
}
