#!/usr/bin/env python3
"""Benchmark (not a test): the web UI's heaviest pages at scale, timed from a second process.

    cargo bench -p aurum-services --bench golden_scale -- --render 0 --compliance 10000 --keep DIR
    python3 host/http/benches/pages.py --aurum target/release/aurum --data DIR

`golden_scale --compliance N --keep DIR` leaves DIR with N devices, a backup and an intended
config each (80 lines) and 20 features of compliance results. This script adds a superuser,
starts `aurum serve` on DIR, logs in through the login form like a browser (CSRF cookie,
session cookie) and then, for each page, has `--concurrency` client threads (each its own
keep-alive connection) request it until `--requests` answers are in. It prints p50, p99 and
max of each page's response time (loopback, so server time plus a few microseconds) and the
throughput. Only the standard library is used.
"""

import argparse
import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

PAGES = [
    ("device list, page 1", "/devices/"),
    ("device list, page 150 by -name", "/devices/?sort=-name&page=150"),
    ("device list, q=r09", "/devices/?q=r09"),
    ("compliance pivot + bars", "/compliance/"),
    ("compliance pivot, page 100", "/compliance/?offset=9900"),
    ("config search, 1,000 hits", "/search/?q=line+9&kind=backup&context=1"),
    ("config search, no hit", "/search/?q=no-such-line&kind=backup"),
]

USER = "bench"
PASSWORD = "bench-password-1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(conn, method, path, headers=None, body=None):
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    return response, data


def cookie(response, name):
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith(name + "="):
            return value.split(";", 1)[0].split("=", 1)[1]
    raise SystemExit(f"no {name} cookie in the answer")


def log_in(port):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    response, _ = request(conn, "GET", "/login")
    token = cookie(response, "aurum_login_csrf")
    body = urllib.parse.urlencode(
        {"username": USER, "password": PASSWORD, "login_csrf": token, "next": "/"}
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"aurum_login_csrf={token}",
    }
    response, data = request(conn, "POST", "/login", headers, body)
    if response.status != 303:
        raise SystemExit(f"login failed: {response.status} {data[:200]!r}")
    return f"aurum_session={cookie(response, 'aurum_session')}"


def measure(port, session, path, concurrency, total):
    """Times `total` GETs of `path` spread over `concurrency` threads; seconds each."""
    times = []
    lock = threading.Lock()
    remaining = [total]
    errors = []

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                if remaining[0] == 0:
                    return
                remaining[0] -= 1
            start = time.perf_counter()
            response, data = request(conn, "GET", path, {"Cookie": session})
            elapsed = time.perf_counter() - start
            if response.status != 200:
                errors.append(f"{path}: {response.status} {data[:200]!r}")
                return
            with lock:
                times.append(elapsed)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    wall = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - wall
    if errors:
        raise SystemExit(errors[0])
    return times, wall


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--aurum", required=True, help="the aurum binary (release)")
    parser.add_argument("--data", required=True, help="golden_scale --keep DIR")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--requests", type=int, default=200, help="per page")
    args = parser.parse_args()
    data = os.path.abspath(args.data)
    base = [args.aurum, "--config", os.path.join(data, "aurum.toml"), "--data-dir", data]
    env = dict(os.environ, AURUM_USER_PASSWORD=PASSWORD)
    add = subprocess.run(
        base + ["user", "add", USER, "--superuser"], env=env, capture_output=True, text=True
    )
    if add.returncode != 0 and "exists" not in add.stderr:
        raise SystemExit(f"aurum user add: {add.stderr}")
    port = free_port()
    server = subprocess.Popen(
        base + ["serve", "--listen", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                response, _ = request(conn, "GET", "/healthz")
                if response.status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("aurum serve did not answer /healthz")
        session = log_in(port)
        count = re.search(
            rb"(\d+) device\(s\)",
            request(http.client.HTTPConnection("127.0.0.1", port), "GET", "/devices/",
                    {"Cookie": session})[1],
        )
        print(f"aurum serve on {data}: {count.group(1).decode() if count else '?'} devices; "
              f"{args.concurrency} clients, {args.requests} requests per page")
        print(f"{'page':<34} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'req/s':>7}")
        for name, path in PAGES:
            # The first answer fills caches (config search reads every config once).
            first, _ = measure(port, session, path, 1, 1)
            times, wall = measure(port, session, path, args.concurrency, args.requests)
            print(
                f"{name:<34} {statistics.median(times) * 1000:8.1f} "
                f"{percentile(times, 0.99) * 1000:8.1f} {max(times) * 1000:8.1f} "
                f"{len(times) / wall:7.1f}   (first: {first[0] * 1000:.0f} ms)"
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
