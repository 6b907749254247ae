"""Deterministic generator of intended and backup (running) configs.

Pure Python, no Nautobot import: Aurum's tests can use it on their own.

Each device gets one intended config built from per-feature blocks; the backup
is the same config with drift applied to about DRIFT_RATE of the
(device, feature) pairs: a missing line, an extra line, two lines swapped, or a
changed value. The drift that was applied is returned too, as ground truth.

Platforms (Nautobot network_driver):
  cisco_ios, arista_eos  indented CLI, "!" separators
  juniper_junos          "set" style (show configuration | display set)
  nokia_srl              JSON document, one top-level key per feature
"""

from __future__ import annotations

import copy
import hashlib
import ipaddress
import json
import random

DRIFT_RATE = 0.30
DRIFT_KINDS = ("missing", "extra", "reorder", "changed")

# feature slug -> {network_driver: (match_config, ordered)}; "json" rules for nokia_srl.
FEATURES = {
    "hostname": {
        "cisco_ios": ("hostname", False),
        "arista_eos": ("hostname", False),
        "juniper_junos": ("set system host-name", False),
        "nokia_srl": ("hostname", False),
    },
    "aaa": {
        "cisco_ios": ("aaa", False),
        "arista_eos": ("aaa\ntacacs-server", False),
        "juniper_junos": ("set system authentication-order\nset system tacplus-server", False),
    },
    "logging": {
        "cisco_ios": ("logging", False),
        "arista_eos": ("logging", False),
        "juniper_junos": ("set system syslog", False),
        "nokia_srl": ("logging", False),
    },
    "ntp": {
        "cisco_ios": ("ntp server", False),
        "arista_eos": ("ntp server", False),
        "juniper_junos": ("set system ntp", False),
        "nokia_srl": ("ntp", False),
    },
    "snmp": {
        "cisco_ios": ("snmp-server", False),
        "arista_eos": ("snmp-server", False),
        "juniper_junos": ("set snmp", False),
    },
    "interface": {
        "cisco_ios": ("interface", False),
        "arista_eos": ("interface", False),
        "juniper_junos": ("set interfaces", False),
        "nokia_srl": ("interface", False),
    },
    "bgp": {
        "cisco_ios": ("router bgp", False),
        "arista_eos": ("router bgp", False),
        "juniper_junos": ("set protocols bgp\nset routing-options autonomous-system", False),
        "nokia_srl": ("network-instance", False),
    },
    "vty": {
        "cisco_ios": ("line vty", False),
        "arista_eos": ("management ssh", False),
        "juniper_junos": ("set system services", False),
    },
    "acl": {
        "cisco_ios": ("ip access-list extended MGMT", True),
        "arista_eos": ("ip access-list MGMT", True),
        "juniper_junos": ("set firewall family inet filter MGMT", True),
        "nokia_srl": ("acl", True),
    },
    "static-routes": {
        "cisco_ios": ("ip route", True),
        "arista_eos": ("ip route", True),
        "juniper_junos": ("set routing-options static", False),
    },
}
FEATURE_ORDER = list(FEATURES)
CLI_DRIVERS = ("cisco_ios", "arista_eos", "juniper_junos")
JSON_DRIVERS = ("nokia_srl",)


def _rng(*parts) -> random.Random:
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()
    return random.Random(int(digest[:16], 16))


def _mask(prefixlen: int) -> str:
    return str(ipaddress.IPv4Network(f"0.0.0.0/{prefixlen}").netmask)


# --------------------------------------------------------------------------
# Blocks. A block is a list of items; an item is a line (str) or a
# (header, [children]) tuple. Junos blocks are flat.
# --------------------------------------------------------------------------


def _cli_blocks(dev: dict) -> dict:
    drv = dev["network_driver"]
    name, ip, asn, site = dev["name"], dev["ip"], dev["asn"], dev["site"]
    idx = dev["index"]
    peer = f"10.255.{idx // 250}.{idx % 250 + 1}"
    uplink = f"10.{100 + idx // 250}.{idx % 250}.1"
    gw = f"10.{100 + idx // 250}.{idx % 250}.254"
    if drv == "cisco_ios":
        return {
            "hostname": [f"hostname {name}"],
            "aaa": [
                "aaa new-model",
                "aaa authentication login default group tacacs+ local",
                "aaa authorization exec default group tacacs+ local",
                "aaa accounting exec default start-stop group tacacs+",
            ],
            "logging": ["logging buffered 64000", "logging trap informational", "logging host 192.0.2.10", "logging host 192.0.2.11"],
            "ntp": ["ntp server 192.0.2.123 prefer", "ntp server 192.0.2.124"],
            "snmp": [
                "snmp-server community aurumRO RO",
                f"snmp-server location {site}",
                "snmp-server contact noc@example.net",
                "snmp-server host 192.0.2.50 version 2c aurumRO",
            ],
            "interface": [
                ("interface Loopback0", [f"ip address {ip} 255.255.255.255"]),
                ("interface GigabitEthernet0/0", ["description uplink", f"ip address {uplink} {_mask(24)}", "no shutdown"]),
                ("interface GigabitEthernet0/1", ["description access", "switchport mode access", "switchport access vlan 100", "no shutdown"]),
            ],
            "bgp": [
                (
                    f"router bgp {asn}",
                    [f"bgp router-id {ip}", f"neighbor {peer} remote-as 65000", f"neighbor {peer} description core", f"network {ip} mask 255.255.255.255"],
                )
            ],
            "vty": [
                ("line vty 0 4", ["exec-timeout 10 0", "access-class MGMT in", "transport input ssh"]),
                ("line vty 5 15", ["exec-timeout 10 0", "transport input ssh"]),
            ],
            "acl": [
                (
                    "ip access-list extended MGMT",
                    ["10 permit tcp 192.0.2.0 0.0.0.255 any eq 22", "20 permit udp 192.0.2.0 0.0.0.255 any eq 161", "30 deny ip any any log"],
                )
            ],
            "static-routes": [f"ip route 0.0.0.0 0.0.0.0 {gw}", "ip route 192.0.2.0 255.255.255.0 Null0 250"],
        }
    if drv == "arista_eos":
        return {
            "hostname": [f"hostname {name}"],
            "aaa": [
                "tacacs-server host 192.0.2.40 key 7 070C285F4D06",
                "aaa authentication login default group tacacs+ local",
                "aaa authorization exec default group tacacs+ local",
            ],
            "logging": ["logging buffered 64000", "logging trap informational", "logging host 192.0.2.10", "logging host 192.0.2.11"],
            "ntp": ["ntp server 192.0.2.123 prefer", "ntp server 192.0.2.124"],
            "snmp": ["snmp-server community aurumRO ro", f"snmp-server location {site}", "snmp-server contact noc@example.net"],
            "interface": [
                ("interface Ethernet1", ["description uplink", "no switchport", f"ip address {uplink}/24"]),
                ("interface Ethernet2", ["description access", "switchport access vlan 100"]),
                ("interface Loopback0", [f"ip address {ip}/32"]),
            ],
            "bgp": [(f"router bgp {asn}", [f"router-id {ip}", f"neighbor {peer} remote-as 65000", f"neighbor {peer} description core", f"network {ip}/32"])],
            "vty": [("management ssh", ["idle-timeout 10", "authentication mode password"])],
            "acl": [("ip access-list MGMT", ["10 permit tcp 192.0.2.0/24 any eq ssh", "20 permit udp 192.0.2.0/24 any eq snmp", "30 deny ip any any log"])],
            "static-routes": [f"ip route 0.0.0.0/0 {gw}", "ip route 192.0.2.0/24 Null0 250"],
        }
    if drv == "juniper_junos":
        return {
            "hostname": [f"set system host-name {name}"],
            "aaa": [
                "set system authentication-order tacplus",
                "set system authentication-order password",
                "set system tacplus-server 192.0.2.40 secret aurum",
            ],
            "logging": ["set system syslog host 192.0.2.10 any info", "set system syslog host 192.0.2.11 any info", "set system syslog file messages any notice"],
            "ntp": ["set system ntp server 192.0.2.123 prefer", "set system ntp server 192.0.2.124"],
            "snmp": ["set snmp community aurumRO authorization read-only", f'set snmp location "{site}"', "set snmp contact noc@example.net"],
            "interface": [
                "set interfaces ge-0/0/0 description uplink",
                f"set interfaces ge-0/0/0 unit 0 family inet address {uplink}/24",
                f"set interfaces lo0 unit 0 family inet address {ip}/32",
            ],
            "bgp": [
                f"set routing-options autonomous-system {asn}",
                "set protocols bgp group core type external",
                "set protocols bgp group core peer-as 65000",
                f"set protocols bgp group core neighbor {peer}",
            ],
            "vty": ["set system services ssh root-login deny", "set system services ssh protocol-version v2", "set system services netconf ssh"],
            "acl": [
                "set firewall family inet filter MGMT term ssh from source-address 192.0.2.0/24",
                "set firewall family inet filter MGMT term ssh then accept",
                "set firewall family inet filter MGMT term deny then discard",
            ],
            "static-routes": [f"set routing-options static route 0.0.0.0/0 next-hop {gw}", "set routing-options static route 192.0.2.0/24 discard"],
        }
    raise ValueError(drv)


_EXTRA_LINES = {
    "cisco_ios": {
        "hostname": "ip domain name lab.example.net",
        "aaa": "aaa authorization commands 15 default group tacacs+ local",
        "logging": "logging host 198.51.100.77",
        "ntp": "ntp server 198.51.100.99",
        "snmp": "snmp-server community private RW",
        "interface": ("interface GigabitEthernet0/9", ["description rogue", "no shutdown"]),
        "bgp": "neighbor 198.51.100.1 remote-as 64999",
        "vty": "transport input telnet ssh",
        "acl": "25 permit ip any any",
        "static-routes": "ip route 198.51.100.0 255.255.255.0 Null0",
    },
    "arista_eos": {
        "hostname": "ip domain-name lab.example.net",
        "aaa": "aaa accounting commands all default start-stop group tacacs+",
        "logging": "logging host 198.51.100.77",
        "ntp": "ntp server 198.51.100.99",
        "snmp": "snmp-server community private rw",
        "interface": ("interface Ethernet9", ["description rogue"]),
        "bgp": "neighbor 198.51.100.1 remote-as 64999",
        "vty": "idle-timeout 0",
        "acl": "25 permit ip any any",
        "static-routes": "ip route 198.51.100.0/24 Null0",
    },
    "juniper_junos": {
        "hostname": "set system domain-name lab.example.net",
        "aaa": "set system tacplus-server 198.51.100.40 secret rogue",
        "logging": "set system syslog host 198.51.100.77 any any",
        "ntp": "set system ntp server 198.51.100.99",
        "snmp": "set snmp community private authorization read-write",
        "interface": "set interfaces ge-0/0/9 description rogue",
        "bgp": "set protocols bgp group core neighbor 198.51.100.1",
        "vty": "set system services telnet",
        "acl": "set firewall family inet filter MGMT term any then accept",
        "static-routes": "set routing-options static route 198.51.100.0/24 discard",
    },
}


def _drift_cli(items: list, drv: str, feature: str, kind: str, rng: random.Random) -> tuple[list, str]:
    """Return (drifted items, description)."""
    items = copy.deepcopy(items)
    if kind == "missing":
        i = rng.randrange(len(items))
        it = items[i]
        if isinstance(it, tuple) and len(it[1]) > 1:
            j = rng.randrange(len(it[1]))
            desc = f"removed child '{it[1][j]}' of '{it[0]}'"
            del it[1][j]
        else:
            desc = f"removed '{it if isinstance(it, str) else it[0]}'"
            del items[i]
        return items, desc
    if kind == "extra":
        extra = _EXTRA_LINES[drv][feature]
        parents = [it for it in items if isinstance(it, tuple)]
        if isinstance(extra, str) and parents and feature in ("bgp", "vty", "acl"):
            parents[0][1].append(extra)
            return items, f"added child '{extra}' to '{parents[0][0]}'"
        items.append(copy.deepcopy(extra))
        return items, f"added '{extra if isinstance(extra, str) else extra[0]}'"
    if kind == "reorder":
        if len(items) >= 2:
            i = rng.randrange(len(items) - 1)
            items[i], items[i + 1] = items[i + 1], items[i]
            return items, f"swapped items {i} and {i + 1}"
        it = items[0]
        if isinstance(it, tuple) and len(it[1]) >= 2:
            j = rng.randrange(len(it[1]) - 1)
            it[1][j], it[1][j + 1] = it[1][j + 1], it[1][j]
            return items, f"swapped children {j} and {j + 1} of '{it[0]}'"
        return _drift_cli(items, drv, feature, "extra", rng)
    if kind == "changed":
        # Change the last token of one line (a top-level line or a child).
        i = rng.randrange(len(items))
        it = items[i]
        if isinstance(it, tuple):
            j = rng.randrange(len(it[1]))
            old = it[1][j]
            it[1][j] = _change_line(old)
            return items, f"changed child '{old}' -> '{it[1][j]}' of '{it[0]}'"
        old = it
        items[i] = _change_line(old)
        return items, f"changed '{old}' -> '{items[i]}'"
    raise ValueError(kind)


def _change_line(line: str) -> str:
    head, _, last = line.rpartition(" ")
    if last.isdigit():
        return f"{head} {int(last) + 1}"
    return f"{head} {last}-x" if head else f"{last}-x"


def _render_cli(drv: str, blocks: dict) -> str:
    out = []
    if drv == "juniper_junos":
        out.append("set version 21.4R3")
        for f in FEATURE_ORDER:
            out.extend(blocks.get(f, []))
        return "\n".join(out) + "\n"
    indent = " " if drv == "cisco_ios" else "   "
    out += ["version 15.2" if drv == "cisco_ios" else "! device: arista vEOS 4.30", "service timestamps log datetime msec", "!"]
    for f in FEATURE_ORDER:
        for it in blocks.get(f, []):
            if isinstance(it, tuple):
                out.append(it[0])
                out.extend(indent + c for c in it[1])
                out.append("!")
            else:
                out.append(it)
        out.append("!")
    out.append("end")
    return "\n".join(out) + "\n"


def _json_doc(dev: dict) -> dict:
    idx, ip, asn = dev["index"], dev["ip"], dev["asn"]
    peer = f"10.255.{idx // 250}.{idx % 250 + 1}"
    return {
        "hostname": dev["name"],
        "logging": {"buffer-size": 64000, "remote-servers": [{"host": "192.0.2.10", "severity": "informational"}, {"host": "192.0.2.11", "severity": "informational"}]},
        "ntp": {"admin-state": "enable", "server": [{"address": "192.0.2.123", "prefer": True}, {"address": "192.0.2.124"}]},
        "interface": [
            {"name": "ethernet-1/1", "description": "uplink", "admin-state": "enable", "subinterface": [{"index": 0, "ipv4": {"address": [f"10.{100 + idx // 250}.{idx % 250}.1/24"]}}]},
            {"name": "system0", "admin-state": "enable", "subinterface": [{"index": 0, "ipv4": {"address": [f"{ip}/32"]}}]},
        ],
        "network-instance": [{"name": "default", "protocols": {"bgp": {"autonomous-system": asn, "router-id": ip, "neighbor": [{"peer-address": peer, "peer-as": 65000}]}}}],
        "acl": {"ipv4-filter": [{"name": "MGMT", "entry": [{"sequence-id": 10, "action": "accept", "source": "192.0.2.0/24"}, {"sequence-id": 20, "action": "drop"}]}]},
    }


_JSON_FEATURE_KEY = {"hostname": "hostname", "logging": "logging", "ntp": "ntp", "interface": "interface", "bgp": "network-instance", "acl": "acl"}


def _drift_json(doc: dict, key: str, kind: str, rng: random.Random) -> str:
    val = doc[key]
    if kind == "missing":
        if isinstance(val, list) and len(val) > 1:
            removed = val.pop(rng.randrange(len(val)))
            return f"removed list element {json.dumps(removed)[:60]} of '{key}'"
        if isinstance(val, dict) and len(val) > 1:
            k = sorted(val)[rng.randrange(len(val))]
            del val[k]
            return f"removed key '{key}.{k}'"
        del doc[key]
        return f"removed key '{key}'"
    if kind == "extra":
        if isinstance(val, list):
            val.append({"name": "rogue", "admin-state": "disable"})
            return f"added list element to '{key}'"
        if isinstance(val, dict):
            val["rogue"] = True
            return f"added key '{key}.rogue'"
        doc[key] = f"{val}-x"
        return f"changed '{key}'"
    if kind == "reorder":
        if isinstance(val, list) and len(val) > 1:
            val.reverse()
            return f"reversed list '{key}'"
        lists = [k for k, v in (val.items() if isinstance(val, dict) else []) if isinstance(v, list) and len(v) > 1]
        if lists:
            val[lists[0]].reverse()
            return f"reversed list '{key}.{lists[0]}'"
        return _drift_json(doc, key, "changed", rng)
    if kind == "changed":
        if isinstance(val, str):
            doc[key] = f"{val}-x"
        elif isinstance(val, dict):
            k = sorted(val)[0]
            val[k] = f"{val[k]}-x" if not isinstance(val[k], (list, dict)) else "changed"
        else:
            val[0] = {**val[0], "description": "changed"}
        return f"changed value under '{key}'"
    raise ValueError(kind)


def generate(dev: dict, drift_rate: float = DRIFT_RATE) -> dict:
    """dev: {name, index, network_driver, ip, asn, site}. Returns intended/backup text and drift list."""
    drv = dev["network_driver"]
    drifts = []
    if drv in JSON_DRIVERS:
        intended = _json_doc(dev)
        backup = copy.deepcopy(intended)
        for feature, key in _JSON_FEATURE_KEY.items():
            rng = _rng(dev["name"], feature)
            if rng.random() < drift_rate:
                kind = DRIFT_KINDS[rng.randrange(len(DRIFT_KINDS))]
                drifts.append({"feature": feature, "kind": kind, "detail": _drift_json(backup, key, kind, rng)})
        return {
            "intended": json.dumps(intended, indent=2, sort_keys=False) + "\n",
            "backup": json.dumps(backup, indent=2, sort_keys=False) + "\n",
            "drift": drifts,
        }
    blocks = _cli_blocks(dev)
    drifted = {}
    for feature in FEATURE_ORDER:
        rng = _rng(dev["name"], feature)
        items = blocks[feature]
        if rng.random() < drift_rate:
            kind = DRIFT_KINDS[rng.randrange(len(DRIFT_KINDS))]
            items, detail = _drift_cli(items, drv, feature, kind, rng)
            drifts.append({"feature": feature, "kind": kind, "detail": detail})
        drifted[feature] = items
    return {"intended": _render_cli(drv, blocks), "backup": _render_cli(drv, drifted), "drift": drifts}


if __name__ == "__main__":
    for i, drv in enumerate(CLI_DRIVERS + JSON_DRIVERS):
        d = {"name": f"demo-{drv}", "index": i, "network_driver": drv, "ip": f"10.0.0.{i + 1}", "asn": 65100 + i, "site": "AMS 01"}
        r = generate(d, drift_rate=0.5)
        print(f"===== {drv} intended\n{r['intended']}===== {drv} backup\n{r['backup']}===== drift {r['drift']}\n")
