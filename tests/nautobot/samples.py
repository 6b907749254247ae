#!/usr/bin/env python3
"""Save sample REST responses of a running harness instance (stdlib only).

  samples.py --url http://127.0.0.1:8089 --token TOKEN --dest /tmp/nautobot-samples

Writes one <name>.json per endpoint plus incremental-sync probes:
  probe_*.json   filters tried (last_updated__gte, created__gte, object-changes
                 by time/type/action) and a create/update/delete of a throwaway
                 tag to show what a deletion looks like in /api/extras/object-changes/.
Only loopback URLs are accepted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

ENDPOINTS = {
    "status": "/api/status/",
    "devices_depth0": "/api/dcim/devices/?limit=2&depth=0",
    "devices_depth1": "/api/dcim/devices/?limit=2&depth=1",
    "locations": "/api/dcim/locations/?limit=3&depth=1",
    "location_types": "/api/dcim/location-types/?limit=3",
    "platforms": "/api/dcim/platforms/",
    "manufacturers": "/api/dcim/manufacturers/",
    "device_types": "/api/dcim/device-types/?limit=2",
    "roles": "/api/extras/roles/",
    "tenants": "/api/tenancy/tenants/",
    "tenant_groups": "/api/tenancy/tenant-groups/",
    "tags": "/api/extras/tags/",
    "statuses": "/api/extras/statuses/?limit=5",
    "secrets_groups": "/api/extras/secrets-groups/",
    "interfaces": "/api/dcim/interfaces/?limit=2&depth=1",
    "vlans": "/api/ipam/vlans/?limit=2&depth=1",
    "vlans_with_m2m": "/api/ipam/vlans/?limit=2&depth=0&exclude_m2m=false",
    "config_contexts_with_m2m": "/api/extras/config-contexts/?limit=3&exclude_m2m=false",
    "devices_with_m2m": "/api/dcim/devices/?limit=1&depth=0&exclude_m2m=false",
    "ip_addresses": "/api/ipam/ip-addresses/?limit=2&depth=1",
    "ip_address_to_interface": "/api/ipam/ip-address-to-interface/?limit=2",
    "prefixes": "/api/ipam/prefixes/?limit=2",
    "config_contexts": "/api/extras/config-contexts/?limit=3",
    "device_config_context": "/api/dcim/devices/?limit=1&include=config_context",
    "gc_compliance_feature": "/api/plugins/golden-config/compliance-feature/?limit=3",
    "gc_compliance_rule": "/api/plugins/golden-config/compliance-rule/?limit=3&depth=1",
    "gc_config_remove": "/api/plugins/golden-config/config-remove/",
    "gc_config_replace": "/api/plugins/golden-config/config-replace/",
    "gc_golden_config_settings": "/api/plugins/golden-config/golden-config-settings/?depth=1",
    "gc_remediation_setting": "/api/plugins/golden-config/remediation-setting/",
    "gc_config_compliance": "/api/plugins/golden-config/config-compliance/?limit=2",
    "gc_golden_config": "/api/plugins/golden-config/golden-config/?limit=2",
    "gc_config_plan": "/api/plugins/golden-config/config-plan/?limit=2",
    "gc_root": "/api/plugins/golden-config/",
    "graphql_queries": "/api/extras/graphql-queries/",
    "git_repositories": "/api/extras/git-repositories/",
    "dynamic_groups": "/api/extras/dynamic-groups/",
    "object_changes": "/api/extras/object-changes/?limit=3",
    "jobs_gc": "/api/extras/jobs/?limit=20&module_name__isw=nautobot_golden_config",
    "job_results": "/api/extras/job-results/?limit=2",
}


class Client:
    def __init__(self, url, token):
        host = urllib.parse.urlparse(url).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit(f"refusing non-loopback url {url}")
        self.url = url.rstrip("/")
        self.headers = {"Authorization": f"Token {token}", "Accept": "application/json", "Content-Type": "application/json"}
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=self.headers)
        t0 = time.monotonic()
        try:
            with self.opener.open(req, timeout=120) as resp:
                raw = resp.read()
                status = resp.status
        except urllib.error.HTTPError as err:
            raw, status = err.read(), err.code
        ms = round(1000 * (time.monotonic() - t0), 1)
        try:
            payload = json.loads(raw) if raw else None
        except ValueError:
            payload = raw.decode(errors="replace")[:2000]
        return status, payload, ms


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:8089")
    ap.add_argument("--token", required=True)
    ap.add_argument("--dest", default="/tmp/nautobot-samples")
    args = ap.parse_args()
    os.makedirs(args.dest, exist_ok=True)
    c = Client(args.url, args.token)
    index = {}

    def save(name, method, path, body=None):
        status, payload, ms = c.call(method, path, body)
        with open(os.path.join(args.dest, f"{name}.json"), "w", encoding="utf-8") as fh:
            json.dump({"request": f"{method} {path}", "request_body": body, "status": status, "elapsed_ms": ms, "response": payload}, fh, indent=1)
        count = payload.get("count") if isinstance(payload, dict) else None
        index[name] = {"request": f"{method} {path}", "status": status, "count": count, "elapsed_ms": ms}
        return status, payload

    for name, path in ENDPOINTS.items():
        save(name, "GET", path)

    # Dependent look-ups: dynamic group members, per-device compliance, filters by name.
    st, groups = c.call("GET", "/api/extras/dynamic-groups/?limit=1&name__ic=default")[:2]
    if st == 200 and groups.get("results"):
        save("dynamic_group_members", "GET", f"/api/extras/dynamic-groups/{groups['results'][0]['id']}/members/?limit=2")
    st, devs = c.call("GET", "/api/dcim/devices/?limit=1&depth=0")[:2]
    if st == 200 and devs.get("results"):
        dev = devs["results"][0]
        save("gc_config_compliance_for_device", "GET", f"/api/plugins/golden-config/config-compliance/?device={urllib.parse.quote(dev['name'])}&depth=1&limit=20")
        save("device_by_id", "GET", f"/api/dcim/devices/{dev['id']}/?depth=1")
    save("devices_filter_platform_location_role", "GET", "/api/dcim/devices/?limit=2&depth=0&platform=Cisco%20IOS&location=AMS%2001&role=edge")
    save("devices_filter_tag_tenant_status", "GET", "/api/dcim/devices/?limit=2&depth=0&tags=gold&tenant=Acme&status=Active")
    save("gc_config_compliance_noncompliant", "GET", "/api/plugins/golden-config/config-compliance/?compliance=false&limit=2&depth=0")

    # --- incremental sync probes -------------------------------------------------
    now = dt.datetime.now(dt.timezone.utc)
    since = (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    future = (now + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    q = urllib.parse.quote
    save("probe_devices_last_updated_gte_past", "GET", f"/api/dcim/devices/?limit=1&depth=0&last_updated__gte={q(since)}")
    save("probe_devices_last_updated_gte_future", "GET", f"/api/dcim/devices/?limit=1&depth=0&last_updated__gte={q(future)}")
    save("probe_devices_created_gte_past", "GET", f"/api/dcim/devices/?limit=1&depth=0&created__gte={q(since)}")
    save("probe_devices_bogus_filter", "GET", "/api/dcim/devices/?limit=1&depth=0&no_such_filter=1")
    save("probe_gc_rules_last_updated_gte_past", "GET", f"/api/plugins/golden-config/compliance-rule/?limit=1&last_updated__gte={q(since)}")
    save("probe_devices_sort_last_updated", "GET", "/api/dcim/devices/?limit=2&depth=0&sort=last_updated")
    save("probe_devices_brief_fields", "GET", "/api/dcim/devices/?limit=2&depth=0&exclude_m2m=true")

    # Create, update, delete a throwaway tag and look at the object changes.
    t_mark = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    st, payload = save("probe_tag_create", "POST", "/api/extras/tags/", {"name": f"aurum-probe-{int(time.time())}", "color": "ff0000", "content_types": ["dcim.device"]})
    if st == 201:
        tag_id = payload["id"]
        save("probe_tag_update", "PATCH", f"/api/extras/tags/{tag_id}/", {"description": "updated by probe"})
        save("probe_tag_delete", "DELETE", f"/api/extras/tags/{tag_id}/")
        save("probe_tag_get_after_delete", "GET", f"/api/extras/tags/{tag_id}/")
        save("probe_object_changes_for_tag", "GET", f"/api/extras/object-changes/?changed_object_id={tag_id}&depth=0")
        save("probe_object_changes_since_delete_only", "GET", f"/api/extras/object-changes/?time__gte={q(t_mark)}&action=delete&depth=0")
        save("probe_object_changes_by_type", "GET", f"/api/extras/object-changes/?changed_object_type=extras.tag&time__gte={q(t_mark)}&depth=0")
    save("probe_object_changes_type_device", "GET", "/api/extras/object-changes/?changed_object_type=dcim.device&limit=2&depth=0")
    save("probe_graphql", "POST", "/api/graphql/", {"query": "{ devices(limit: 2) { id name last_updated platform { network_driver } } }"})

    with open(os.path.join(args.dest, "_index.json"), "w", encoding="utf-8") as fh:
        json.dump(index, fh, indent=1)
    bad = {k: v["status"] for k, v in index.items() if v["status"] >= 400}
    print(f"samples: {len(index)} requests saved to {args.dest}; non-2xx: {bad or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
