#!/usr/bin/env python3
"""Benchmark (not a test): one backup job and one compliance job over simulated devices on
PostgreSQL, done by 1 and then by 3 `aurum worker` processes, as a ratio; and the rows and
connections one PostgreSQL carries per device, for the capacity estimate in
`host/services/benches/BENCHMARKS.md`.

Each worker count gets a fresh schema and data directory (so both backups store every device
as new), the same simulator (`--slow-ms` per answer, as a WAN-distant device) and the same
`[ssh] concurrency`. The enqueuing `aurum backup --no-local-worker` only waits; the workers do
the devices. Wall time is from enqueue to the job's end; CPU is the workers' user+sys.

    cargo build --release -p aurum-cli
    python3 host/services/benches/workers.py --devices 1000 --slow-ms 20

PostgreSQL: `AURUM_BENCH_POSTGRES_URL`, default postgres://postgres@127.0.0.1:5432/test.
"""

import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[3]
URL = os.environ.get("AURUM_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
TEMPLATE = "hostname {{ device.name }}\nntp server 10.0.0.1\nntp server 10.0.0.2\n"
RULES = "".join(
    f"- {{ feature_slug: ntp, platform_network_driver: {p}, match_config: \"ntp server\", config_type: cli }}\n"
    for p in ["cisco_ios", "cisco_nxos", "cisco_iosxr", "arista_eos", "juniper_junos"]
)


def psql(sql: str) -> str:
    out = subprocess.run(["psql", URL, "-At", "-c", sql], check=True, capture_output=True, text=True)
    return out.stdout.strip()


class Lab:
    """A data directory over `schema`, sharing the simulator's inventory."""

    def __init__(self, root: pathlib.Path, schema: str, inventory: pathlib.Path, concurrency: int):
        self.dir = root / schema
        self.schema = schema
        templates = self.dir / "templates"
        templates.mkdir(parents=True)
        for platform in ["cisco_ios", "cisco_nxos", "cisco_iosxr", "arista_eos", "juniper_junos"]:
            (templates / f"{platform}.j2").write_text(TEMPLATE)
        (self.dir / "properties.yml").write_text(RULES)
        (self.dir / "aurum.toml").write_text(
            f'[database]\nurl = {{ env = "AURUM_BENCH_DATABASE_URL" }}\nschema = "{schema}"\n\n'
            f'[ssh]\nconcurrency = {concurrency}\nhost_key_checking = "off"\n\n'
            f'[golden.settings.bench]\ntemplates = "{templates}"\nproperties = "{self.dir / "properties.yml"}"\n'
        )
        psql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        self.run("init")
        self.run("inventory", "import", str(inventory))

    def env(self):
        env = dict(os.environ)
        env.update(
            AURUM_CONFIG=str(self.dir / "aurum.toml"),
            AURUM_DATA_DIR=str(self.dir / "data"),
            AURUM_BENCH_DATABASE_URL=URL,
            AURUM_USERNAME="admin",
            AURUM_PASSWORD="admin",
            AURUM_ENABLE_SECRET="enable",
        )
        return env

    def run(self, *args: str) -> str:
        out = subprocess.run([AURUM, *args], env=self.env(), capture_output=True, text=True)
        if out.returncode not in (0, 1):
            sys.exit(f"aurum {' '.join(args)} failed ({out.returncode}):\n{out.stdout}{out.stderr}")
        return out.stdout

    def timed_job(self, workers: int, *job: str) -> tuple[float, float, str]:
        """(wall s, workers' CPU s, summary line) of one job done by `workers` workers."""
        procs = [
            subprocess.Popen([AURUM, "worker", "--no-schedules"], env=self.env(),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(workers)
        ]
        time.sleep(1.5)  # workers registered and polling
        started = time.perf_counter()
        summary = self.run(*job, "--no-local-worker").strip().splitlines()[0]
        wall = time.perf_counter() - started
        cpu = 0.0
        for proc in procs:
            proc.terminate()
        for proc in procs:
            _, _, usage = os.wait4(proc.pid, 0)
            cpu += usage.ru_utime + usage.ru_stime
        return wall, cpu, summary

    def rows(self) -> dict[str, int]:
        tables = ["config_versions", "job_devices", "compliance_results", "jobs", "command_log"]
        return {t: int(psql(f"SELECT count(*) FROM {self.schema}.{t}")) for t in tables}

    def size_bytes(self) -> int:
        return int(psql(
            "SELECT COALESCE(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            f"JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '{self.schema}'"
        ))


def main() -> None:
    global AURUM
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=1000)
    parser.add_argument("--slow-ms", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 3])
    parser.add_argument("--aurum", default=str(ROOT / "target/release/aurum"))
    args = parser.parse_args()
    AURUM = args.aurum
    root = pathlib.Path(tempfile.mkdtemp(prefix="aurum-workers-bench-"))
    inventory = root / "sim.yaml"
    sim = subprocess.Popen(
        [AURUM, "sim", "--devices", str(args.devices), "--slow-ms", str(args.slow_ms),
         "--inventory", str(inventory)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=root,
    )
    while not inventory.exists():
        if sim.poll() is not None:
            sys.exit(f"aurum sim exited: {sim.stderr.read()}")
        time.sleep(0.2)
    time.sleep(0.5)
    print(f"{args.devices} simulated devices, {args.slow_ms} ms per answer, "
          f"[ssh] concurrency {args.concurrency} per worker, {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.1f}")
    results = {}
    try:
        for workers in args.workers:
            lab = Lab(root, f"aurum_bench_workers_{workers}", inventory, args.concurrency)
            backup = lab.timed_job(workers, "backup")
            lab.run("intended")
            compliance = lab.timed_job(workers, "compliance", "run")
            results[workers] = (backup, compliance, lab.rows(), lab.size_bytes())
            for name, (wall, cpu, summary) in [("backup", backup), ("compliance", compliance)]:
                print(f"{workers} worker(s) {name:<10} {wall:7.2f} s wall  {args.devices / wall:7.1f} devices/s  "
                      f"{cpu / args.devices * 1000:6.2f} CPU-ms/device (workers)  | {summary}")
        base = min(args.workers)
        for workers in args.workers:
            if workers == base:
                continue
            for index, name in enumerate(["backup", "compliance"]):
                ratio = results[base][index][0] / results[workers][index][0]
                print(f"{name}: {workers} workers are {ratio:.2f}x the speed of {base}")
        rows, size = results[base][2], results[base][3]
        print(f"after one backup, one intended and one compliance job of {args.devices} devices: "
              + ", ".join(f"{t} {n}" for t, n in rows.items())
              + f"; schema {size / 1e6:.1f} MB ({size / args.devices / 1e3:.1f} kB per device)")
        print(f"PostgreSQL connections now: {psql('SELECT count(*) FROM pg_stat_activity')}")
    finally:
        sim.terminate()
        sim.wait()
        for workers in args.workers:
            psql(f"DROP SCHEMA IF EXISTS aurum_bench_workers_{workers} CASCADE")
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
