#!/usr/bin/env python3
"""Benchmark (not a test): `aurum compliance run`, the user's path, over N stored devices with
20 features each, on the embedded SQLite store: process start, store and queue opening, the
in-process apalis worker, the database writes and the report, all counted.

The data directory comes from the `golden_scale` bench (`--keep DIR`: the same inventory,
rules and stored configs as its compliance stage, which has already run once over it, so
every run here replaces stored results as a daily run does). Prints each run and the median.

    cargo build --release -p aurum-cli
    python3 host/services/benches/compliance_cli.py --devices 10000 --runs 3

`CARGO_TARGET_DIR` is honoured for both the bench and the `aurum` binary.
"""

import argparse
import os
import pathlib
import resource
import shutil
import statistics
import subprocess
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[3]
TARGET = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--aurum", default=str(TARGET / "release/aurum"))
    args = parser.parse_args()
    data = pathlib.Path(tempfile.mkdtemp(prefix="aurum-compliance-cli-"))
    try:
        subprocess.run(
            ["cargo", "bench", "-p", "aurum-services", "--bench", "golden_scale", "--",
             "--render", "0", "--backup", "0", "--compliance", str(args.devices),
             "--keep", str(data)],
            cwd=ROOT, check=True,
        )
        env = dict(os.environ, AURUM_CONFIG=str(data / "aurum.toml"), AURUM_DATA_DIR=str(data))
        print(f"aurum compliance run over {args.devices} devices x 20 features, "
              f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
        walls = []
        for run in range(1, args.runs + 1):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            out = subprocess.run([args.aurum, "compliance", "run"], env=env,
                                 capture_output=True, text=True)
            wall = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if out.returncode not in (0, 1):
                raise SystemExit(f"aurum compliance run failed ({out.returncode}):\n{out.stderr}")
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            summary = out.stdout.strip().splitlines()[0] if out.stdout.strip() else ""
            walls.append(wall)
            print(f"run {run}: {wall:6.2f} s wall  {args.devices / wall:7.0f} devices/s  "
                  f"{cpu * 1000 / args.devices:6.3f} CPU-ms/device  | {summary}")
        median = statistics.median(walls)
        print(f"median {median:.2f} s ({args.devices / median:.0f} devices/s)")
    finally:
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
