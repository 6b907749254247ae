#!/usr/bin/env python3
"""Benchmark (not a test): `aurum compliance check` and `aurum remediation` over a folder of
devices, as a CI pipeline runs them, against netutils and hier_config in the same run.

Generates the corpus with `cargo bench -p aurum-core --bench corpus` (deterministic IOS-like
configs), runs the release `aurum` binary on it with one job and with every core, times the
Python peers on the first `--peer-limit` devices, checks that Aurum's JSON equals the peers'
results on those devices, and prints devices per CPU-second (user+sys of the process, from
wait4), the ratio to the peer, wall time and peak RSS.

    cargo build --release -p aurum-cli
    python3 -m venv /work/wt/perf-venv && /work/wt/perf-venv/bin/pip install netutils==1.19.2 hier-config==3.7.1
    /work/wt/perf-venv/bin/python host/core/benches/cli.py --devices 1000 --features 12 --drift 30
    /work/wt/perf-venv/bin/python host/core/benches/cli.py --devices 10000 --peer-limit 0   # memory at scale
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE))


def generate(args) -> None:
    """Writes the corpus unless the same one is already there."""
    params = {"devices": args.devices, "features": args.features, "drift": args.drift}
    stamp = args.dir / "params.json"
    if stamp.exists() and json.loads(stamp.read_text()) == params:
        print(f"corpus: reusing {args.dir} {params}")
        return
    cmd = ["cargo", "bench", "-q", "-p", "aurum-core", "--bench", "corpus", "--", "--dir", str(args.dir),
           "--devices", str(args.devices), "--features", str(args.features), "--drift", str(args.drift),
           "--only", "none"]
    subprocess.run(cmd, cwd=ROOT, check=True)
    stamp.write_text(json.dumps(params))


def measure(cmd, out_path: pathlib.Path):
    """Runs `cmd` with stdout to `out_path`: (exit code, CPU seconds, wall seconds, peak RSS MiB)."""
    with open(out_path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(cmd)} exited {code}: {stderr[-2000:]}")
    return code, usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--aurum", type=pathlib.Path, default=ROOT / "target" / "release" / "aurum")
    ap.add_argument("--dir", type=pathlib.Path, default=pathlib.Path("/tmp/aurum-cli-corpus"))
    ap.add_argument("--devices", type=int, default=1000)
    ap.add_argument("--features", type=int, default=12)
    ap.add_argument("--drift", type=int, default=30, help="percent of devices whose intended config differs")
    ap.add_argument("--jobs", default=f"1,{os.cpu_count()}", help="comma-separated --jobs values to run")
    ap.add_argument("--peer-limit", type=int, default=40, help="devices the Python peers time (0: skip them)")
    ap.add_argument("--only", choices=["compliance", "remediation"], help="one engine only")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each workload; the median is reported")
    args = ap.parse_args()

    generate(args)
    if not args.aurum.exists():
        sys.exit(f"{args.aurum} not found: build it with `cargo build --release -p aurum-cli`")
    corpus = [str(args.dir / "running"), str(args.dir / "intended")]
    # Read every config once, so the first workload does not pay for a cold page cache.
    for path in sorted((args.dir / "running").glob("*.cfg")) + sorted((args.dir / "intended").glob("*.cfg")):
        path.read_bytes()
    workloads = {
        "compliance check": ["compliance", "check", "--platform", "cisco_ios", "--rules", str(args.dir / "rules.yml"),
                             "--actual", corpus[0], "--intended", corpus[1]],
        "remediation": ["remediation", "--platform", "cisco_ios", "--running", corpus[0], "--intended", corpus[1]],
    }
    rows, outputs = [], {}
    for name, base in workloads.items():
        if args.only and not name.startswith(args.only):
            continue
        for fmt in ["text", "json"]:
            for jobs in [int(j) for j in args.jobs.split(",")]:
                out = args.dir / f"out-{name.split()[0]}-{fmt}-j{jobs}.{'json' if fmt == 'json' else 'txt'}"
                cmd = [str(args.aurum), "--data-dir", str(args.dir / "data"), *base, "--jobs", str(jobs)]
                cmd += ["--json"] if fmt == "json" else []
                runs = sorted((measure(cmd, out)[1:] for _ in range(max(args.repeat, 1))), key=lambda r: r[0])
                # The run of median CPU time, with its own wall time and peak RSS.
                cpu, wall, rss = runs[len(runs) // 2]
                rows.append((name, fmt, jobs, cpu, wall, rss, out.stat().st_size / 2**20))
                outputs[(name, fmt)] = out

    peers = {}
    if args.peer_limit > 0:
        import peers as p
        names, pairs, features = p.load(args.dir, args.peer_limit)
        def median(run):
            results = sorted((run() for _ in range(max(args.repeat, 1))), key=lambda r: r[0])
            return results[len(results) // 2]
        cpu, comp = median(lambda: p.netutils_compliance(pairs, features))
        peers["compliance check"] = (len(pairs) / cpu, "netutils 1.19.2")
        cpu, rem = median(lambda: p.hier_config_remediation(pairs))
        peers["remediation"] = (len(pairs) / cpu, "hier_config 3.7.1")
        agree = []
        if ("compliance check", "json") in outputs:
            ours = json.loads(outputs[("compliance check", "json")].read_text())
            same = sum(ours[n] == c for n, c in zip(names, comp))
            agree.append(f"compliance {same}/{len(names)} devices identical to netutils")
        if ("remediation", "json") in outputs:
            ours = json.loads(outputs[("remediation", "json")].read_text())
            same = sum(ours[n]["remediation"] == r for n, r in zip(names, rem))
            agree.append(f"remediation {same}/{len(names)} devices identical to hier_config")
        print(f"peers: {len(names)} devices; agreement: {'; '.join(agree)}")
        for name, (rate, peer) in peers.items():
            print(f"  {peer}: {rate:.2f} devices/CPU-s")

    print(f"\n{args.devices} devices, {args.features} features, {args.drift}% drift, "
          f"{os.cpu_count()} cores (load {os.getloadavg()[0]:.1f}), median of {max(args.repeat, 1)} runs; "
          f"dev/CPU-s is per core (CPU time over all threads), dev/s wall what a user waits for")
    print(f"{'workload':<18} {'output':<6} {'jobs':>4} {'CPU-s':>7} {'dev/CPU-s':>10} {'ratio':>8} "
          f"{'wall s':>7} {'dev/s wall':>10} {'peak MiB':>9} {'out MiB':>8}")
    for name, fmt, jobs, cpu, wall, rss, size in rows:
        rate = args.devices / max(cpu, 1e-9)
        ratio = f"{rate / peers[name][0]:.0f}x" if name in peers else "-"
        print(f"{name:<18} {fmt:<6} {jobs:>4} {cpu:>7.2f} {rate:>10.0f} {ratio:>8} {wall:>7.2f} "
              f"{args.devices / wall:>10.0f} {rss:>9.1f} {size:>8.1f}")


if __name__ == "__main__":
    main()
