#!/usr/bin/env python3
"""Cross-check Aurum against the reference libraries beyond the fixtures' own expectations.

Runs every fixture text through every dialect (trees and compliance) and every hier_config
case through every remediation platform, in both netutils/hier_config and Aurum's examples,
and reports agreement (errors must agree too). Needs the reference venv:

    python3 -m venv /work/venv-peers && /work/venv-peers/bin/pip install netutils hier-config
    cargo build --release -p aurum-core --examples
    /work/venv-peers/bin/python host/core/scripts/crosscheck.py [--fixtures ../shared/fixtures] [--bin target/release/examples]
"""

import argparse
import json
import pathlib
import random
import subprocess
import tempfile

from hier_config import Platform, WorkflowRemediation, get_hconfig
from netutils.config.compliance import compliance, parser_map

PLATFORMS = ["CISCO_IOS", "ARISTA_EOS", "CISCO_NXOS", "CISCO_XR", "JUNIPER_JUNOS", "VYOS", "FORTINET_FORTIOS",
             "HP_COMWARE5", "HP_PROCURVE", "HUAWEI_VRP", "NOKIA_SRL", "ARUBA_AOSCX", "RUCKUS_FASTIRON", "GENERIC"]


def run(binary: pathlib.Path, *args: str):
    r = subprocess.run([str(binary), *args], capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else None


def main() -> None:
    here = pathlib.Path(__file__).resolve()
    ap = argparse.ArgumentParser()
    ap.add_argument("--fixtures", type=pathlib.Path, default=here.parents[4] / "shared" / "fixtures")
    ap.add_argument("--bin", type=pathlib.Path, default=here.parents[3] / "target" / "release" / "examples")
    ap.add_argument("--fuzz", action="store_true", help="also compare seeded mutations of every text")
    args = ap.parse_args()
    rng = random.Random(7)

    def mutations(t: str) -> list:
        lines = t[:3000].split("\n")
        kept = [x for x in lines if rng.random() < 0.85]
        if kept:
            kept.insert(rng.randrange(len(kept)), rng.choice(kept))
        shuffled = lines[:]
        rng.shuffle(shuffled)
        return [t[:3000].replace("  ", "\t"), t[:333], t[50:3000], "\n".join(kept), "\n".join(shuffled[:60])]

    nu = args.fixtures / "netutils"
    tmp = pathlib.Path(tempfile.mkdtemp())
    a, i, f = tmp / "a.cfg", tmp / "i.cfg", tmp / "f.json"

    texts = []
    for name in ["parser_cases.json", "compliance_cases.json", "section_cases.json"]:
        for c in json.loads((nu / name).read_text()):
            texts += [c["backup"]] + ([c["intended"]] if "intended" in c else [])
    if args.fuzz:
        texts += [m for t in list(texts) for m in mutations(t)]
    ok = total = 0
    for t in texts:
        a.write_text(t)
        for os_, cls in parser_map.items():
            try:
                ref = [[x.config_line, list(x.parents)] for x in cls(t).config_lines]
            except Exception:
                ref = None
            out = run(args.bin / "tree", os_, str(a))
            ok += (json.loads(out) if out else None) == ref
            total += 1
    print(f"trees: {ok}/{total} (text x dialect) agree")

    def edit(t: str) -> str:
        out = []
        for line in t.split("\n"):
            r = rng.random()
            if r < 0.08:
                continue
            out += [line + " x"] if r < 0.14 else [line, line] if r < 0.18 else [line]
        if rng.random() < 0.3:
            rng.shuffle(out)
        return "\n".join(out)

    triples = [(c["features"], c["backup"], c["intended"]) for c in json.loads((nu / "compliance_cases.json").read_text())]
    if args.fuzz:
        triples += [(fs, edit(b), edit(t)) for fs, b, t in list(triples) for _ in range(3)]
        triples += [(c["features"], c["backup"], edit(c["backup"])) for c in json.loads((nu / "section_cases.json").read_text())]
    ok = total = 0
    for features, backup, intended in triples:
        a.write_text(backup); i.write_text(intended); f.write_text(json.dumps(features))
        for os_ in parser_map:
            try:
                ref = compliance(features, backup, intended, os_, "string")
            except Exception:
                ref = None
            out = run(args.bin / "compliance", os_, str(f), str(a), str(i))
            ok += (json.loads(out) if out else None) == ref
            total += 1
    print(f"compliance: {ok}/{total} (config pair x dialect) agree")

    pairs = [(c["running"], c["intended"]) for c in json.loads((args.fixtures / "hier_config" / "cases.json").read_text())]
    if args.fuzz:
        pairs += [(m, n) for r, t in list(pairs) for m, n in zip(mutations(r), mutations(t))]
    ok = total = 0
    for running, intended in pairs:
        a.write_text(running); i.write_text(intended)
        for p in PLATFORMS:
            for rollback in (False, True):
                try:
                    wf = WorkflowRemediation(get_hconfig(Platform[p], running), get_hconfig(Platform[p], intended))
                    cfg = wf.rollback_config if rollback else wf.remediation_config
                    ref = "\n".join(x.cisco_style_text() for x in cfg.all_children_sorted())
                except Exception:
                    ref = None
                out = run(args.bin / "remediate", p, str(a), str(i), *(["--rollback"] if rollback else []))
                ok += (out.rstrip("\n") if out is not None else None) == ref
                total += 1
    print(f"remediation: {ok}/{total} (config pair x platform x direction) agree")


if __name__ == "__main__":
    main()
