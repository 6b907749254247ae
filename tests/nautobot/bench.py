"""Benchmark (not a test): Golden Config's compliance job and Aurum's on the same devices and
rules, in one run on this machine.

    cargo build --release -p aurum-cli
    python3 tests/nautobot/bench.py --devices 2000 [--runs 3] [--keep]

It brings up the harness (tests/nautobot/run.sh up: a real Nautobot + Golden Config, seeded
with N devices and ten features' rules, Golden Config's ComplianceJob run once and timed),
then, in a fresh Aurum data directory on the embedded SQLite: `aurum sot sync`, `aurum import
golden-config --from-nautobot --with-configs`, and `aurum compliance run` RUNS times. It
prints wall time and CPU per device for each, and the ratio (medians for Aurum).
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def timed(cmd, env, cwd):
    """Runs cmd; returns (wall seconds, CPU seconds of the child, completed process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--port", default="18289")
    parser.add_argument("--aurum", default=os.path.join(ROOT, "target/release/aurum"))
    parser.add_argument("--keep", action="store_true", help="leave the Nautobot instance up")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="aurum-gc-bench-")
    out = os.path.join(work, "nautobot")
    env = dict(os.environ, AURUM_NAUTOBOT_PORT=args.port)
    harness = os.path.join(HERE, "run.sh")
    print(f"harness: {args.devices} devices in {out} (seeding and Golden Config's job) ...", flush=True)
    up = subprocess.run(["bash", harness, "up", out, str(args.devices)], env=env,
                        capture_output=True, text=True)
    if up.returncode != 0:
        sys.exit(f"harness failed:\n{up.stdout[-3000:]}\n{up.stderr[-3000:]}")
    try:
        last = [l for l in up.stdout.splitlines() if l.startswith("NAUTOBOT_URL=")][-1]
        values = dict(pair.split("=", 1) for pair in last.split())
        job = json.load(open(os.path.join(out, "compliance_job.json")))
        records = json.load(open(os.path.join(out, "golden_config_compliance.json")))
        rules = len({(r["network_driver"], r["feature"]) for r in records})

        aurum_dir = os.path.join(work, "aurum")
        os.makedirs(aurum_dir)
        with open(os.path.join(aurum_dir, "aurum.toml"), "w") as f:
            f.write(f'[sot.nautobot]\nurl = "{values["NAUTOBOT_URL"]}"\n'
                    'token = { env = "BENCH_NAUTOBOT_TOKEN" }\n'
                    'drivers = { nokia_srl = "linux" }\n')
        aenv = dict(os.environ, BENCH_NAUTOBOT_TOKEN=values["NAUTOBOT_TOKEN"])
        for step in (["init"], ["sot", "sync"],
                     ["import", "golden-config", "--from-nautobot", "--with-configs"]):
            wall, cpu, done = timed([args.aurum, *step], aenv, aurum_dir)
            if done.returncode != 0:
                sys.exit(f"aurum {' '.join(step)} failed:\n{done.stdout}\n{done.stderr}")
            print(f"aurum {' '.join(step)}: {wall:.2f} s wall, {cpu:.2f} s CPU", flush=True)
        walls, cpus = [], []
        for _ in range(args.runs):
            wall, cpu, done = timed([args.aurum, "compliance", "run"], aenv, aurum_dir)
            if done.returncode not in (0, 1):
                sys.exit(f"aurum compliance run failed:\n{done.stdout}\n{done.stderr}")
            walls.append(wall)
            cpus.append(cpu)
        summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""

        n = args.devices
        gc_wall = job["duration_seconds"]
        gc_cpu = job["process_times_seconds"]["user"] + job["process_times_seconds"]["sys"]
        au_wall, au_cpu = statistics.median(walls), statistics.median(cpus)
        print()
        print(f"{n} devices, {rules} (platform, feature) rules, {len(records)} results; machine load {os.getloadavg()[0]:.1f}")
        print(f"{'':28}{'wall':>10}{'CPU-ms/device':>16}{'devices/s':>12}")
        print(f"{'Golden Config ComplianceJob':28}{gc_wall:>9.2f}s{1000 * gc_cpu / n:>16.2f}{n / gc_wall:>12.1f}")
        print(f"{'aurum compliance run':28}{au_wall:>9.2f}s{1000 * au_cpu / n:>16.2f}{n / au_wall:>12.1f}")
        print(f"ratio (Golden Config / Aurum): wall {gc_wall / au_wall:.1f}x, CPU per device {gc_cpu / au_cpu:.1f}x")
        print(f"Aurum runs (wall s): {', '.join(f'{w:.2f}' for w in walls)}; last: {summary}")
    finally:
        if not args.keep:
            subprocess.run(["bash", harness, "down", out], env=env, capture_output=True)


if __name__ == "__main__":
    main()
