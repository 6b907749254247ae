#!/usr/bin/env python3
"""Dump Golden Config's own compliance results (ConfigCompliance records).

Runs in the Nautobot venv with the harness environment (see run.sh env).
Writes, under --out:
  golden_config_compliance.json  list of one record per (device, rule), sorted:
      device, platform, network_driver, feature, rule, config_type, config_ordered,
      compliance (bool), ordered (Golden Config's ordered-compliance flag),
      missing, extra, actual, intended, remediation
  golden_config_devices.json     per device: compliance attempt/success dates, the
      number of rules recorded, and whether Golden Config recorded any result
  compliance_job.json            last ComplianceJob result: status, duration,
      error/warning/critical log lines, timing parsed from logs/compliance-job.log
"""

from __future__ import annotations

import argparse
import json
import os
import re


def _iso(value):
    return value.isoformat() if value else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    out = os.path.abspath(args.out)

    import nautobot  # pylint: disable=import-outside-toplevel

    nautobot.setup()
    # pylint: disable=import-outside-toplevel
    from nautobot.dcim.models import Device
    from nautobot.extras.models import JobLogEntry, JobResult

    from nautobot_golden_config.models import ConfigCompliance, GoldenConfig

    rows = []
    qs = ConfigCompliance.objects.select_related("device", "device__platform", "rule", "rule__feature", "rule__platform")
    for cc in qs:
        rows.append(
            {
                "device": cc.device.name,
                "platform": cc.device.platform.name if cc.device.platform else None,
                "network_driver": cc.device.platform.network_driver if cc.device.platform else None,
                "feature": cc.rule.feature.slug,
                "rule": cc.rule.description or str(cc.rule),
                "config_type": cc.rule.config_type,
                "config_ordered": cc.rule.config_ordered,
                "match_config": cc.rule.match_config,
                "compliance": bool(cc.compliance),
                "ordered": bool(cc.ordered),
                "missing": cc.missing,
                "extra": cc.extra,
                "actual": cc.actual,
                "intended": cc.intended,
                "remediation": cc.remediation,
            }
        )
    rows.sort(key=lambda r: (r["device"], r["feature"]))
    with open(os.path.join(out, "golden_config_compliance.json"), "w", encoding="utf-8") as fh:
        json.dump(rows, fh, indent=1, sort_keys=True)

    per_dev = {}
    counts = {}
    for r in rows:
        counts[r["device"]] = counts.get(r["device"], 0) + 1
    gcs = {g.device_id: g for g in GoldenConfig.objects.all()}
    for dev in Device.objects.select_related("platform").order_by("name"):
        g = gcs.get(dev.pk)
        per_dev[dev.name] = {
            "network_driver": dev.platform.network_driver if dev.platform else None,
            "rules_recorded": counts.get(dev.name, 0),
            "compliance_last_attempt_date": _iso(g.compliance_last_attempt_date) if g else None,
            "compliance_last_success_date": _iso(g.compliance_last_success_date) if g else None,
        }
    with open(os.path.join(out, "golden_config_devices.json"), "w", encoding="utf-8") as fh:
        json.dump(per_dev, fh, indent=1, sort_keys=True)

    job = {}
    jr = JobResult.objects.filter(job_model__job_class_name="ComplianceJob").order_by("-date_created").first()
    if jr:
        logs = JobLogEntry.objects.filter(job_result=jr, log_level__in=["warning", "error", "critical", "failure"]).order_by("created")
        job = {
            "status": jr.status,
            "date_created": _iso(jr.date_created),
            "date_done": _iso(jr.date_done),
            "duration_seconds": (jr.date_done - jr.date_started).total_seconds() if jr.date_done and jr.date_started else None,
            "problems": [{"level": e.log_level, "object": e.log_object, "message": e.message[:2000]} for e in logs],
        }
    log_path = os.path.join(out, "logs", "compliance-job.log")
    if os.path.exists(log_path):
        with open(log_path, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        times = {}
        for key in ("real", "user", "sys"):
            m = re.search(rf"^{key}\s+(\d+)m([\d.]+)s", text, re.M)
            if m:
                times[key] = int(m.group(1)) * 60 + float(m.group(2))
        job["process_times_seconds"] = times
        if times and per_dev:
            n = len(per_dev)
            job["per_device_ms"] = {
                "wall": round(1000 * times.get("real", 0) / n, 1),
                "cpu": round(1000 * (times.get("user", 0) + times.get("sys", 0)) / n, 1),
            }
    with open(os.path.join(out, "compliance_job.json"), "w", encoding="utf-8") as fh:
        json.dump(job, fh, indent=1, sort_keys=True)

    compliant = sum(1 for r in rows if r["compliance"])
    failed = [d for d, v in per_dev.items() if v["rules_recorded"] == 0]
    print(
        f"dump: {len(rows)} compliance records ({compliant} compliant, {len(rows) - compliant} not) for "
        f"{len(per_dev) - len(failed)}/{len(per_dev)} devices; job {job.get('status')}, "
        f"{len(job.get('problems', []))} warning/error log lines -> {out}/golden_config_compliance.json"
    )


if __name__ == "__main__":
    main()
