"""Starts FakeNOS hosts on loopback for Aurum's interop test (host/services/tests/fakenos_interop.rs).

Usage: python launch.py SPEC_JSON
SPEC_JSON: {"username": "u", "password": "p",
            "hosts": [{"name": "ios1", "platform": "cisco_ios", "base_prompt": "ios1"}]}
Each host gets a free loopback port. Prints one line, "ready NAME=PORT ...", once every
host listens, then runs until its stdin closes (the test dropped it) or it is killed.
Uses only FakeNOS' public API: the FakeNOS class and its inventory format.
"""

import json
import logging
import socket
import sys

from fakenos import FakeNOS


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def inventory(spec: dict) -> dict:
    hosts = {}
    for host in spec["hosts"]:
        hosts[host["name"]] = {
            "port": free_port(),
            "platform": host["platform"],
            # The prompt is "{base_prompt}>"; Junos needs "user@host" there.
            "shell": {
                "plugin": "CMDShell",
                "configuration": {"base_prompt": host.get("base_prompt", host["name"])},
            },
        }
    return {
        "default": {
            "username": spec["username"],
            "password": spec["password"],
            "server": {
                "plugin": "ParamikoSshServer",
                "configuration": {"address": "127.0.0.1", "timeout": 1},
            },
        },
        "hosts": hosts,
    }


def main() -> None:
    # FakeNOS logs every unknown command and closed session as an error; the test sends some
    # on purpose, and its own assertions say what went wrong.
    logging.getLogger("fakenos").setLevel(logging.CRITICAL)
    spec = json.loads(sys.argv[1])
    net = FakeNOS(inventory=inventory(spec))
    net.start()
    try:
        ports = " ".join(f"{name}={host.port}" for name, host in net.hosts.items())
        print(f"ready {ports}", flush=True)
        sys.stdin.read()
    finally:
        net.stop()


if __name__ == "__main__":
    main()
