#!/usr/bin/env python3
"""Benchmark (not a test): `aurum backup`, the user's path, over N simulated Cisco IOS devices
served by `aurum sim` in a second process, on the embedded SQLite store: process start, store
and queue opening, the in-process apalis worker, SSH, clean, the database writes, the git
commit and the report, all counted.

Two backups run back to back: the first stores every configuration as new, the second finds
every one unchanged (a daily run on a quiet network). `golden_scale --backup N` measures the
raw fetch rate (SSH session + `show running-config`, nothing else) to hold these against.

    cargo build --release -p aurum-cli
    python3 host/services/benches/backup_cli.py --devices 1000

`CARGO_TARGET_DIR` is honoured for the `aurum` binary.
"""

import argparse
import os
import pathlib
import resource
import shutil
import subprocess
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[3]
TARGET = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))


def run(aurum: str, args: list, env: dict, cwd: pathlib.Path) -> subprocess.CompletedProcess:
    out = subprocess.run([aurum, *args], env=env, cwd=cwd, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"aurum {' '.join(args)} failed ({out.returncode}):\n{out.stderr}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=100,
                        help="[ssh] concurrency, as golden_scale's raw fetch (100)")
    parser.add_argument("--aurum", default=str(TARGET / "release/aurum"))
    args = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="aurum-backup-cli-"))
    data = work / "aurum-data"
    env = dict(os.environ, AURUM_DATA_DIR=str(data), AURUM_ADMIN_PASSWORD="bench-admin-1",
               AURUM_USERNAME="admin", AURUM_PASSWORD="admin", AURUM_ENABLE_SECRET="enable")
    env.pop("AURUM_CONFIG", None)
    sim = None
    try:
        run(args.aurum, ["init"], env, work)
        config = data / "aurum.toml"
        text = config.read_text()
        if "\n# concurrency = " not in text:
            raise SystemExit(f"{config} has no commented `concurrency` under [ssh] to set")
        config.write_text(text.replace("\n# concurrency = ", f"\nconcurrency = {args.concurrency}  # ", 1))
        run(args.aurum, ["config", "check"], env, work)
        inventory = work / "sim.yaml"
        sim = subprocess.Popen(
            [args.aurum, "sim", "--devices", str(args.devices), "--platforms", "cisco_ios",
             "--inventory", str(inventory)],
            env=env, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while not inventory.exists():
            if sim.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"aurum sim did not start:\n{sim.stderr.read()}")
            time.sleep(0.1)
        time.sleep(0.5)
        run(args.aurum, ["inventory", "import", str(inventory)], env, work)
        print(f"aurum backup over {args.devices} devices served by `aurum sim`, "
              f"[ssh] concurrency {args.concurrency}, {os.cpu_count()} cores, "
              f"load {os.getloadavg()[0]:.1f}")
        for label in ["every config new", "every config unchanged"]:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            out = run(args.aurum, ["backup"], env, work)
            wall = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            lines = [line for line in out.stdout.strip().splitlines() if line.strip()]
            summary = next((line for line in lines if line.startswith("backup (")), lines[-1] if lines else "")
            print(f"{label:>24}: {wall:6.2f} s wall  {args.devices / wall:6.0f} devices/s  "
                  f"{cpu * 1000 / args.devices:5.2f} CPU-ms/device (aurum only)  "
                  f"largest process {after.ru_maxrss / 1024:.0f} MB RSS  | {summary}")
    finally:
        if sim is not None:
            sim.terminate()
            sim.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
