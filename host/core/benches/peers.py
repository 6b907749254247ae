#!/usr/bin/env python3
"""Time the reference implementations on Aurum's benchmark corpus.

Runs netutils compliance (all features per device) and hier_config remediation over the
corpus written by `cargo bench -p aurum-core --bench corpus -- --dir DIR`, and prints
per-CPU-second throughput. With `--check DUMP` (from `--dump`), also compares results.

    python3 -m venv /work/venv-peers && /work/venv-peers/bin/pip install netutils hier-config
    /work/venv-peers/bin/python host/core/benches/peers.py DIR --limit 40 [--check DUMP]
"""

import argparse
import json
import pathlib
import time

from hier_config import Platform, WorkflowRemediation, get_hconfig
from netutils.config.compliance import compliance


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", type=pathlib.Path)
    ap.add_argument("--limit", type=int, default=40, help="devices to time (the peers are slow)")
    ap.add_argument("--check", type=pathlib.Path, help="Aurum's --dump output to compare with")
    args = ap.parse_args()

    features = json.loads((args.dir / "features.json").read_text())
    names = sorted(p.name.split(".")[0] for p in args.dir.glob("device-*.running.cfg"))[: args.limit]
    corpus = [
        ((args.dir / f"{n}.running.cfg").read_text(), (args.dir / f"{n}.intended.cfg").read_text())
        for n in names
    ]

    t = time.process_time()
    comp = [compliance(features, run, intended, "cisco_ios", "string") for run, intended in corpus]
    cpu = time.process_time() - t
    print(f"netutils compliance: {len(corpus)} devices x {len(features)} features in {cpu:.3f} CPU-s "
          f"=> {len(corpus) / cpu:.2f} devices/CPU-s")

    t = time.process_time()
    rem = []
    for run, intended in corpus:
        wf = WorkflowRemediation(get_hconfig(Platform.CISCO_IOS, run), get_hconfig(Platform.CISCO_IOS, intended))
        rem.append(wf.remediation_config_filtered_text())
    cpu = time.process_time() - t
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
