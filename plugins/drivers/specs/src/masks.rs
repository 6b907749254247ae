//! Which lines of a backup hold secrets, and what of them to hide. Each rule is applied to
//! every line on its own (so `^` is the line's start) and keeps the keywords, replacing only
//! the secret with `<removed>`: a backup still shows that a key is set, and a diff still shows
//! that it changed place, without showing the key. `plugins/drivers/masking/` holds, per
//! driver, the lines these rules must mask and the look-alikes they must leave alone.

use aurum_sdk::Replacement;

use crate::common::replace;

/// What stands in for a secret in a masked line.
pub(crate) const REMOVED: &str = "<removed>";

/// The secrets of the Cisco-like CLIs (IOS and IOS-XE, NX-OS, IOS-XR, EOS). The optional
/// `\d` before most secrets is the encryption type (`7 0822455D0A16`, `5 $5$…`); IOS-XR
/// writes `encrypted` or `clear` there instead.
pub(crate) fn cisco() -> Vec<Replacement> {
    let rules: &[&str] = &[
        // SNMP: the community string is the password; SNMPv3 users' auth and priv keys.
        r"^(\s*snmp-server community) \S+",
        r"^(\s*snmp-server user .* auth (?:md5|sha\S*)(?: encrypted)?) \S+",
        r"^(\s*snmp-server user .* priv(?: des| 3des| aes\d*(?: \d+)?| aes-\d+)?(?: encrypted)?) \S+",
        // Local users and enable: `secret 9 HASH` on IOS, `secret sha512 HASH` on EOS.
        r"^(\s*username \S+ .*(?:secret|password) (?:\d+|sha512)) \S+",
        r"^(\s*enable (?:secret|password)(?: \d+| sha512)?) \S+",
        r"^(\s*aaa root secret(?: \d+| sha512)?) \S+",
        // Nested under a user (IOS-XR), a BGP neighbor (NX-OS, IOS-XR) or a line (IOS).
        r"^(\s+(?:secret|password) \d+) \S+",
        r"^(\s+password (?:encrypted|clear)) \S+",
        // BGP neighbors on IOS and EOS.
        r"^(\s*neighbor \S+ password(?: \d+)?) \S+",
        // TACACS+ and RADIUS servers, global form and `server-private` of a server group.
        r"^(\s*(?:(?:tacacs|radius)-server(?: host \S+)?|server-private \S+)(?: .*)? key(?: \d+)?) \S+",
        // ... and the key under a `tacacs server`/`radius server` block; a key chain's
        // `key 1` (a number alone) is its id, not a secret.
        r"^(\s+key \d) \S+",
        r"^(\s+key) (\S*[^\d\s]\S*)$",
        // Key chains (EIGRP, RIP, IS-IS, BFD), IOS-XR's `key-string password`; HSRP.
        r"^(\s*key-string(?: \d| password| encrypted| clear)?) \S+",
        r"^(\s*(?:standby \d+ )?authentication (?:md5 key-string(?: \d)?|text)) \S+",
        // NTP before OSPF: `ntp authentication-key 1 md5 KEY 7` (IOS, NX-OS) or
        // `... md5 7 KEY` (EOS), ` authentication-key 1 md5 encrypted KEY` (IOS-XR).
        r"^(\s*(?:ntp )?authentication-key \d+ (?:md5|sha1|sha256|cmac-aes)(?: \d| encrypted| clear)?) \S+",
        // OSPF: interface keys, with or without `ip ospf` (IOS-XR leaves it out).
        r"^(\s*(?:ip ospf )?authentication-key(?: \d| encrypted| clear)?) (\S+)$",
        r"^(\s*(?:ip ospf )?message-digest-key \d+ md5(?: \d| encrypted| clear)?) \S+",
        // IS-IS: IOS, NX-OS and IOS-XR passwords; EOS `isis authentication key`.
        r"^(\s*(?:isis password|area-password|domain-password)(?: \d| encrypted| clear)?) \S+",
        // (IOS-XR's `hello-password keychain NAME` names a key chain.)
        r"^(\s*(?:lsp-password|hello-password) (?:hmac-md5|text)(?: encrypted| clear)?) \S+",
        r"^(\s*(?:isis )?authentication key(?: \d)?) \S+",
        // IKE: ISAKMP keys, keyring entries and IKEv2 keyring peers.
        r"^(\s*crypto isakmp key(?: \d)?) \S+",
        r"^(\s*pre-shared-key (?:address|hostname) \S+(?: \S+)? key(?: \d)?) \S+",
        r"^(\s*pre-shared-key(?: local| remote)?(?: \d| password)?) (\S+)$",
        // PPP.
        r"^(\s*ppp (?:chap|pap sent-username \S+) password(?: \d)?) \S+",
    ];
    rules
        .iter()
        .map(|rule| replace(rule, &format!("$1 {REMOVED}")))
        .collect()
}

/// IOS also prints a line password without a type when password encryption is off; elsewhere
/// a lone word after `password` is a keyword (IOS-XR's `password inheritance-disable`).
pub(crate) fn ios() -> Vec<Replacement> {
    let mut rules = cisco();
    rules.push(replace(r"^(\s+password) (\S+)$", &format!("$1 {REMOVED}")));
    rules
}

/// The secrets of Junos: every `$9$` (reversible) and `$1$`/`$5$`/`$6$` (hashed) value,
/// wherever it stands (BGP, OSPF, IS-IS and LDP keys, key chains, TACACS+ and RADIUS secrets,
/// NTP keys, SNMPv3 users, IKE pre-shared keys, user passwords), and SNMP community names.
pub(crate) fn junos() -> Vec<Replacement> {
    vec![
        replace(
            r#"(encrypted-password) "[^"]*""#,
            &format!(r#"$1 "{REMOVED}""#),
        ),
        replace(r#""\$\d+\$[^"]*""#, &format!(r#""{REMOVED}""#)),
        replace(r"\$9\$\S+", REMOVED),
        replace(r"^(set snmp community) \S+", &format!("$1 {REMOVED}")),
    ]
}
