"""Fetch `show running-config` from every device of a fleet with netmiko, the Python peer.

Reads the JSON list the Rust bench writes ([{name, host, port, username, password, secret}])
and prints one JSON line: {"devices": N, "ok": N, "seconds": S, "cpu_seconds": C}.
Used only as a benchmark oracle; never a runtime dependency of Aurum.
"""

import json
import resource
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from netmiko import ConnectHandler


def fetch(device):
    connection = ConnectHandler(
        device_type="cisco_ios",
        host=device["host"],
        port=device["port"],
        username=device["username"],
        password=device["password"],
        secret=device["secret"],
        fast_cli=True,
        ssh_config_file=None,
        use_keys=False,
        allow_agent=False,
    )
    connection.enable()
    config = connection.send_command("show running-config")
    connection.disconnect()
    return len(config) > 0


def main():
    devices = json.load(open(sys.argv[1]))
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(fetch, devices))
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({
        "devices": len(devices),
        "ok": sum(1 for r in results if r),
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
    }))


if __name__ == "__main__":
    main()
