#!/usr/bin/env python3
"""Time the reference implementations on Aurum's benchmark corpus.

Runs netutils compliance (all features per device) and hier_config remediation over the
corpus written by `cargo bench -p aurum-core --bench corpus -- --dir DIR`, and prints
per-CPU-second throughput. With `--check DUMP` (from `--dump`), also compares results.
`cli.py` imports `netutils_compliance` and `hier_config_remediation` to time the peers in
the same run as the `aurum` binary.

    python3 -m venv /work/wt/perf-venv && /work/wt/perf-venv/bin/pip install netutils==1.19.2 hier-config==3.7.1
    /work/wt/perf-venv/bin/python host/core/benches/peers.py DIR --limit 40 [--check DUMP]
"""

import argparse
import json
import pathlib
import time

from hier_config import Platform, WorkflowRemediation, get_hconfig
from netutils.config.compliance import compliance


def load(corpus_dir: pathlib.Path, limit: int):
    """The first `limit` devices by name: (names, [(running, intended)]), and the features."""
    features = json.loads((corpus_dir / "features.json").read_text())
    names = sorted(p.name for p in (corpus_dir / "running").glob("*.cfg"))[:limit]
    corpus = [
        ((corpus_dir / "running" / n).read_text(), (corpus_dir / "intended" / n).read_text())
        for n in names
    ]
    return names, corpus, features


def netutils_compliance(corpus, features):
    """netutils' compliance of every device: (CPU seconds, results)."""
    t = time.process_time()
    results = [compliance(features, run, intended, "cisco_ios", "string") for run, intended in corpus]
    return time.process_time() - t, results


def hier_config_remediation(corpus):
    """hier_config's remediation text of every device: (CPU seconds, results)."""
    t = time.process_time()
    results = []
    for run, intended in corpus:
        wf = WorkflowRemediation(get_hconfig(Platform.CISCO_IOS, run), get_hconfig(Platform.CISCO_IOS, intended))
        results.append(wf.remediation_config_filtered_text())
    return time.process_time() - t, results


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", type=pathlib.Path)
    ap.add_argument("--limit", type=int, default=40, help="devices to time (the peers are slow)")
    ap.add_argument("--check", type=pathlib.Path, help="Aurum's --dump output to compare with")
    args = ap.parse_args()

    names, corpus, features = load(args.dir, args.limit)
    cpu, comp = netutils_compliance(corpus, features)
    print(f"netutils compliance: {len(corpus)} devices x {len(features)} features in {cpu:.3f} CPU-s "
          f"=> {len(corpus) / cpu:.2f} devices/CPU-s")
    cpu, rem = hier_config_remediation(corpus)
    print(f"hier_config remediation: {len(corpus)} devices in {cpu:.3f} CPU-s => {len(corpus) / cpu:.2f} devices/CPU-s")

    if args.check:
        ours = json.loads(args.check.read_text())
        bad_c = [n for n, c in zip(names, comp) if ours[n]["compliance"] != c]
        bad_r = [n for n, r in zip(names, rem) if ours[n]["remediation"] != r]
        print(f"agreement: compliance {len(names) - len(bad_c)}/{len(names)}, remediation {len(names) - len(bad_r)}/{len(names)}")
        for n in (bad_c + bad_r)[:5]:
            print("  differs:", n)


if __name__ == "__main__":
    main()
