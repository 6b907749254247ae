#!/usr/bin/env python3
"""Seed the harness.

  seed.py files --devices N --out OUT
      No Nautobot needed. Writes the deterministic inventory (OUT/inventory.json),
      backup and intended configs (OUT/backup/<device>.cfg, OUT/intended/<device>.cfg),
      and two git repositories laid out for Golden Config's path templates
      (OUT/git-work/{backup,intended}), pushed to bare repos under OUT/git-remote/
      that `git update-server-info` makes servable over "dumb" HTTP.

  seed.py nautobot --out OUT --git-url http://127.0.0.1:PORT
      Runs inside the Nautobot venv (nautobot.setup()): creates the DCIM/IPAM/
      tenancy/extras objects and the Golden Config objects from OUT/inventory.json,
      the GitRepository objects pointing at GIT_URL, and syncs them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_configs  # noqa: E402

REGIONS = {
    "Europe": ["AMS 01", "FRA 01", "LON 02", "PAR 01"],
    "North America": ["NYC 01", "DFW 01", "SJC 01"],
    "Asia Pacific": ["SIN 01", "TYO 01", "SYD 01"],
}
PLATFORMS = {
    # network_driver: (platform name, manufacturer, device type)
    "cisco_ios": ("Cisco IOS", "Cisco", "ISR4451-X"),
    "arista_eos": ("Arista EOS", "Arista", "DCS-7280CR3-32P4"),
    "juniper_junos": ("Juniper Junos", "Juniper", "MX204"),
    "nokia_srl": ("Nokia SR Linux", "Nokia", "7220 IXR-D2"),
}
# i % 10 -> network_driver: 40% IOS, 30% EOS, 20% Junos, 10% SR Linux (JSON)
DRIVER_BY_SLOT = ["cisco_ios"] * 4 + ["arista_eos"] * 3 + ["juniper_junos"] * 2 + ["nokia_srl"]
ROLES = ["edge", "core", "access"]
TENANTS = ["Acme", "Globex", "Initech", "Umbrella"]
TAGS = ["gold", "silver", "pci", "lab", "aurum"]
LOOPBACK_IFACE = {"cisco_ios": "Loopback0", "arista_eos": "Loopback0", "juniper_junos": "lo0", "nokia_srl": "system0"}
GIT_AUTHOR = {
    "GIT_AUTHOR_NAME": "Aurum Harness",
    "GIT_AUTHOR_EMAIL": "harness@aurum.invalid",
    "GIT_COMMITTER_NAME": "Aurum Harness",
    "GIT_COMMITTER_EMAIL": "harness@aurum.invalid",
    "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
}
BACKUP_TEMPLATE = "{{obj.location.name|slugify}}/{{obj.name}}.cfg"
INTENDED_TEMPLATE = "{{obj.location.name|slugify}}/{{obj.name}}.cfg"
SRL_BACKUP_TEMPLATE = "{{obj.location.name|slugify}}/{{obj.name}}.json"
SRL_INTENDED_TEMPLATE = "{{obj.location.name|slugify}}/{{obj.name}}.json"


def slugify(value: str) -> str:
    """Same result as django.utils.text.slugify for the ASCII names used here."""
    value = re.sub(r"[^\w\s-]", "", value.lower())
    return re.sub(r"[-\s]+", "-", value).strip("-_")


def inventory(n: int) -> list[dict]:
    sites = [(region, site) for region, names in REGIONS.items() for site in names]
    devices = []
    for i in range(n):
        region, site = sites[i % len(sites)]
        drv = DRIVER_BY_SLOT[i % 10]
        role = ROLES[(i // 10) % len(ROLES)]
        name = f"{site.lower().replace(' ', '')}-{role}-{i:03d}"
        ext = "json" if drv in gen_configs.JSON_DRIVERS else "cfg"
        devices.append(
            {
                "index": i,
                "name": name,
                "network_driver": drv,
                "platform": PLATFORMS[drv][0],
                "region": region,
                "site": site,
                "role": role,
                "tenant": TENANTS[i % 5] if i % 5 < len(TENANTS) else None,
                "tags": [TAGS[i % len(TAGS)]] + (["aurum"] if i % 7 == 0 and TAGS[i % len(TAGS)] != "aurum" else []),
                "status": "Planned" if i % 17 == 0 else "Active",
                "ip": f"10.0.{i // 250}.{i % 250 + 1}",
                "asn": 65100 + i,
                "interface": LOOPBACK_IFACE[drv],
                "git_path": f"{slugify(site)}/{name}.{ext}",
            }
        )
    return devices


def _git(args, cwd, env=None):
    subprocess.run(["git", *args], cwd=cwd, check=True, env={**os.environ, **GIT_AUTHOR, **(env or {})}, stdout=subprocess.DEVNULL)


def cmd_files(args):
    t0 = time.monotonic()
    out = os.path.abspath(args.out)
    devices = inventory(args.devices)
    for sub in ("backup", "intended", "git-work", "git-remote"):
        shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
        os.makedirs(os.path.join(out, sub))
    drift = {}
    for dev in devices:
        res = gen_configs.generate(dev, drift_rate=args.drift)
        drift[dev["name"]] = res["drift"]
        for kind in ("backup", "intended"):
            with open(os.path.join(out, kind, f"{dev['name']}.cfg"), "w", encoding="utf-8") as fh:
                fh.write(res[kind])
            path = os.path.join(out, "git-work", kind, dev["git_path"])
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(res[kind])
    for kind in ("backup", "intended"):
        work = os.path.join(out, "git-work", kind)
        bare = os.path.join(out, "git-remote", f"{kind}.git")
        _git(["init", "-q", "-b", "main", "."], work)
        _git(["add", "-A"], work)
        _git(["commit", "-q", "-m", f"aurum harness: {kind} configs for {len(devices)} devices"], work)
        # Packed objects: thousands of loose files make the next run's cleanup slow.
        _git(["repack", "-a", "-d", "-q"], work)
        _git(["clone", "-q", "--bare", "--no-local", work, bare], out)
        _git(["update-server-info"], bare)
    with open(os.path.join(out, "inventory.json"), "w", encoding="utf-8") as fh:
        json.dump(
            {
                "devices": devices,
                "drift": drift,
                "features": {f: {d: {"match_config": m, "ordered": o} for d, (m, o) in v.items()} for f, v in gen_configs.FEATURES.items()},
            },
            fh,
            indent=1,
        )
    drifted = sum(len(v) for v in drift.values())
    print(f"files: {len(devices)} devices, {drifted} drifted (device, feature) pairs, {time.monotonic() - t0:.1f}s -> {out}")


# ---------------------------------------------------------------------------
# Nautobot side
# ---------------------------------------------------------------------------


def cmd_nautobot(args):  # pylint: disable=too-many-locals,too-many-statements
    t0 = time.monotonic()
    import nautobot  # pylint: disable=import-outside-toplevel

    nautobot.setup()
    # pylint: disable=import-outside-toplevel
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import transaction
    from nautobot.dcim.models import Device, DeviceType, Interface, Location, LocationType, Manufacturer, Platform
    from nautobot.extras.context_managers import web_request_context
    from nautobot.extras.models import (
        ConfigContext,
        DynamicGroup,
        GitRepository,
        GraphQLQuery,
        Job,
        Role,
        SecretsGroup,
        Status,
        Tag,
    )
    from nautobot.ipam.models import VLAN, IPAddress, IPAddressToInterface, Namespace, Prefix
    from nautobot.tenancy.models import Tenant, TenantGroup

    from nautobot_golden_config.models import (
        ComplianceFeature,
        ComplianceRule,
        ConfigRemove,
        ConfigReplace,
        GoldenConfigSetting,
        RemediationSetting,
    )

    out = os.path.abspath(args.out)
    with open(os.path.join(out, "inventory.json"), encoding="utf-8") as fh:
        inv = json.load(fh)
    devices = inv["devices"]
    user = get_user_model().objects.get(username=args.user)
    ct = {m: ContentType.objects.get_for_model(m) for m in (Device, Interface, Location, Prefix, VLAN, IPAddress)}
    git_url = args.git_url.rstrip("/")

    # Jobs shipped by apps are installed disabled; enable the ones the harness runs.
    Job.objects.filter(module_name__startswith="nautobot_golden_config").update(enabled=True)
    Job.objects.filter(job_class_name="GitRepositorySync").update(enabled=True)

    with web_request_context(user, context_detail="aurum harness seed"), transaction.atomic():
        active = Status.objects.get(name="Active")
        planned = Status.objects.get(name="Planned")
        for st in (active, planned):
            st.content_types.add(*ct.values())
        staged, _ = Status.objects.get_or_create(name="Aurum Staged", defaults={"color": "ff9800", "description": "harness-only status"})
        staged.content_types.add(ct[Device])
        statuses = {"Active": active, "Planned": planned}

        lt_region, _ = LocationType.objects.get_or_create(name="Region", defaults={"nestable": False})
        lt_site, _ = LocationType.objects.get_or_create(name="Site", defaults={"parent": lt_region})
        lt_site.content_types.add(ct[Device], ct[Prefix], ct[VLAN])
        regions, sites = {}, {}
        for region, names in REGIONS.items():
            regions[region] = Location.objects.create(name=region, location_type=lt_region, status=active, description=f"{region} region")
            for site in names:
                sites[site] = Location.objects.create(
                    name=site, location_type=lt_site, parent=regions[region], status=active, facility=f"DC {site}", time_zone="UTC"
                )

        roles = {}
        for r in ROLES:
            roles[r] = Role.objects.create(name=r, color="2196f3", description=f"{r} devices")
            roles[r].content_types.add(ct[Device])
        tg = TenantGroup.objects.create(name="Customers")
        tenants = {t: Tenant.objects.create(name=t, tenant_group=tg, description=f"tenant {t}") for t in TENANTS}
        tags = {}
        for t in TAGS:
            tags[t] = Tag.objects.create(name=t, color="9e9e9e", description=f"tag {t}")
            tags[t].content_types.add(ct[Device])
        secrets_group = SecretsGroup.objects.create(name="network-credentials", description="device credentials (no secrets in the harness)")

        platforms, device_types = {}, {}
        for drv, (pname, mname, model) in PLATFORMS.items():
            mfr = Manufacturer.objects.create(name=mname)
            platforms[drv] = Platform.objects.create(name=pname, manufacturer=mfr, network_driver=drv, description=f"{pname} ({drv})")
            device_types[drv] = DeviceType.objects.create(manufacturer=mfr, model=model, u_height=1)

        ns = Namespace.objects.get(name="Global")
        loopbacks = Prefix.objects.create(prefix="10.0.0.0/16", namespace=ns, status=active, type="network", description="device loopbacks")
        vlan_count = 0
        for idx, site in enumerate(sites.values()):
            for j, (vid, vname) in enumerate([(100, "users"), (110, "voice"), (120, "printers"), (200, "servers"), (999, "native")]):
                vlan = VLAN.objects.create(vid=vid, name=f"{slugify(site.name)}-{vname}", status=active, tenant=tenants[TENANTS[(idx + j) % len(TENANTS)]])
                vlan.locations.add(site)
                vlan_count += 1

        cc_global = ConfigContext.objects.create(name="global", weight=100, data={"ntp_servers": ["192.0.2.123", "192.0.2.124"], "syslog": ["192.0.2.10", "192.0.2.11"]})
        for region in regions.values():
            cc = ConfigContext.objects.create(name=f"region {region.name}", weight=200, data={"region": region.name, "dns": ["192.0.2.53"]})
            cc.locations.add(region)
        for drv, plat in platforms.items():
            cc = ConfigContext.objects.create(name=f"platform {drv}", weight=300, data={"driver": drv, "mgmt_vrf": "MGMT" if drv != "juniper_junos" else "mgmt_junos"})
            cc.platforms.add(plat)
        del cc_global

        # Devices, loopback interfaces and their primary IPv4 in bulk (no per-object
        # change log for these: bulk_create skips signals).
        dev_objs = []
        for d in devices:
            dev_objs.append(
                Device(
                    name=d["name"],
                    device_type=device_types[d["network_driver"]],
                    platform=platforms[d["network_driver"]],
                    role=roles[d["role"]],
                    status=statuses[d["status"]],
                    location=sites[d["site"]],
                    tenant=tenants[d["tenant"]] if d["tenant"] else None,
                    secrets_group=secrets_group,
                    serial=f"AUR{d['index']:06d}",
                    local_config_context_data={"asn": d["asn"], "loopback": d["ip"]} if d["index"] % 5 == 0 else None,
                )
            )
        Device.objects.bulk_create(dev_objs, batch_size=500)
        by_name = {o.name: o for o in Device.objects.filter(name__in=[d["name"] for d in devices])}
        through = Device.tags.through
        tag_rows = []
        for d in devices:
            for t in d["tags"]:
                tag_rows.append(through(content_type=ct[Device], object_id=by_name[d["name"]].pk, tag=tags[t]))
        through.objects.bulk_create(tag_rows, batch_size=1000)
        ifaces = [Interface(device=by_name[d["name"]], name=d["interface"], type="virtual", status=active, description="router id / management") for d in devices]
        Interface.objects.bulk_create(ifaces, batch_size=500)
        ips = [IPAddress(address=f"{d['ip']}/32", parent=loopbacks, status=active, type="host", dns_name=f"{d['name']}.lab.example.net") for d in devices]
        IPAddress.objects.bulk_create(ips, batch_size=500)
        IPAddressToInterface.objects.bulk_create(
            [IPAddressToInterface(ip_address=ip, interface=iface) for ip, iface in zip(ips, ifaces)], batch_size=500
        )
        for d, ip in zip(devices, ips):
            by_name[d["name"]].primary_ip4 = ip
        Device.objects.bulk_update(list(by_name.values()), ["primary_ip4"], batch_size=500)

        # ------------------------------------------------------------ Golden Config
        features = {}
        for slug in gen_configs.FEATURE_ORDER:
            features[slug] = ComplianceFeature.objects.create(name=slug, slug=slug, description=f"{slug} compliance")
        rule_count = 0
        for slug, per_driver in gen_configs.FEATURES.items():
            for drv, (match, ordered) in per_driver.items():
                json_rule = drv in gen_configs.JSON_DRIVERS
                ComplianceRule.objects.create(
                    feature=features[slug],
                    platform=platforms[drv],
                    description=f"{slug} on {drv}",
                    config_ordered=ordered,
                    match_config=match,
                    config_type="json" if json_rule else "cli",
                    config_remediation=drv == "cisco_ios" and slug in ("ntp", "logging", "snmp"),
                )
                rule_count += 1
        RemediationSetting.objects.create(platform=platforms["cisco_ios"], remediation_type="hierconfig", remediation_options={})
        RemediationSetting.objects.create(platform=platforms["arista_eos"], remediation_type="hierconfig", remediation_options={})
        ConfigRemove.objects.create(name="Build banner", platform=platforms["cisco_ios"], description="IOS show run header", regex=r"^Building\s+configuration.*\n")
        ConfigRemove.objects.create(name="Current config", platform=platforms["cisco_ios"], description="IOS size line", regex=r"^Current\s+configuration.*\n")
        ConfigRemove.objects.create(name="EOS device header", platform=platforms["arista_eos"], description="EOS comment header", regex=r"^! device:.*\n")
        ConfigReplace.objects.create(
            name="SNMP community", platform=platforms["cisco_ios"], description="redact communities", regex=r"(snmp-server community )\S+", replace=r"\1<redacted>"
        )
        ConfigReplace.objects.create(
            name="TACACS secret", platform=platforms["juniper_junos"], description="redact tacplus secret", regex=r"(tacplus-server \S+ secret )\S+", replace=r"\1<redacted>"
        )
        ConfigReplace.objects.create(
            name="TACACS key", platform=platforms["arista_eos"], description="redact tacacs key", regex=r"(tacacs-server host \S+ key 7 )\S+", replace=r"\1<redacted>"
        )

        sotagg = GraphQLQuery.objects.create(
            name="GC SoT Agg",
            query=(
                "query ($device_id: ID!) {\n  device(id: $device_id) {\n    name\n    config_context\n    tenant { name }\n"
                "    platform { name network_driver }\n    location { name parent { name } }\n    role { name }\n"
                "    primary_ip4 { address }\n    tags { name }\n    interfaces { name ip_addresses { address } }\n  }\n}"
            ),
        )
        repos = {}
        for kind, content in (("backup", "nautobot_golden_config.backupconfigs"), ("intended", "nautobot_golden_config.intendedconfigs")):
            repos[kind] = GitRepository.objects.create(
                name=f"Aurum {kind}",
                slug=f"aurum_{kind}",
                remote_url=f"{git_url}/{kind}.git",
                branch="main",
                provided_contents=[content],
            )
        # The app's migrations create "Default Settings" (slug default) with an
        # all-devices dynamic group; reuse it. A second, heavier setting covers the
        # JSON platform with its own path templates.
        default = GoldenConfigSetting.objects.filter(slug="default").first()
        if default is None:
            default = GoldenConfigSetting(
                name="Default Settings",
                slug="default",
                dynamic_group=DynamicGroup.objects.create(
                    name="GoldenConfigSetting Default Settings scope", content_type=ct[Device], filter={}, group_type="dynamic-filter"
                ),
            )
        default.weight = 1000
        default.description = "CLI platforms (all devices)"
        default.backup_repository = repos["backup"]
        default.backup_path_template = BACKUP_TEMPLATE
        default.intended_repository = repos["intended"]
        default.intended_path_template = INTENDED_TEMPLATE
        default.backup_test_connectivity = False
        default.sot_agg_query = sotagg
        default.validated_save()
        dg_srl = DynamicGroup.objects.create(
            name="GoldenConfigSetting SR Linux scope",
            content_type=ct[Device],
            filter={"platform": [platforms["nokia_srl"].name]},
            group_type="dynamic-filter",
            description="JSON platform",
        )
        GoldenConfigSetting(
            name="SR Linux",
            slug="sr-linux",
            weight=2000,
            description="JSON configs",
            backup_repository=repos["backup"],
            backup_path_template=SRL_BACKUP_TEMPLATE,
            intended_repository=repos["intended"],
            intended_path_template=SRL_INTENDED_TEMPLATE,
            backup_test_connectivity=False,
            sot_agg_query=sotagg,
            dynamic_group=dg_srl,
        ).validated_save()
    t_objects = time.monotonic() - t0
    for dg in DynamicGroup.objects.all():
        dg.update_cached_members()
    t1 = time.monotonic()
    for repo in repos.values():
        call_command(
            "runjob", "nautobot.core.jobs.GitRepositorySync", "--local", "--username", args.user, "--data", json.dumps({"repository": str(repo.pk)})
        )
        repo.refresh_from_db()
        if not repo.current_head:
            raise SystemExit(f"git sync of {repo.name} from {repo.remote_url} failed")
    print(
        f"nautobot: {len(devices)} devices, {len(sites)} sites, {vlan_count} vlans, {rule_count} compliance rules; "
        f"objects {t_objects:.1f}s, git sync {time.monotonic() - t1:.1f}s, total {time.monotonic() - t0:.1f}s"
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("files")
    f.add_argument("--devices", type=int, default=300)
    f.add_argument("--drift", type=float, default=gen_configs.DRIFT_RATE)
    f.add_argument("--out", required=True)
    n = sub.add_parser("nautobot")
    n.add_argument("--out", required=True)
    n.add_argument("--git-url", required=True)
    n.add_argument("--user", default=os.getenv("AURUM_NAUTOBOT_USER", "admin"))
    args = ap.parse_args()
    {"files": cmd_files, "nautobot": cmd_nautobot}[args.cmd](args)


if __name__ == "__main__":
    main()
