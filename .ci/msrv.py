#!/usr/bin/env python3
"""Checks that the workspace's `rust-version` tells the truth: it is at least the
`rust-version` of every package the build resolves (from `cargo metadata`), so a toolchain
that meets it can really build parscore."""
import json
import subprocess
import sys


def version(v):
    return tuple(int(p) for p in v.split(".")[:3]) + (0,) * (3 - len(v.split(".")[:3]))


meta = json.loads(subprocess.check_output(["cargo", "metadata", "--format-version", "1", "--locked"]))
members = set(meta["workspace_members"])
packages = {p["id"]: p for p in meta["packages"]}
declared = {packages[m].get("rust_version") for m in members}
if len(declared) != 1 or None in declared:
    sys.exit(f"msrv: every workspace crate must inherit one rust-version, found {declared}")
ours = declared.pop()
# Only what the build resolves for this machine's target, not every platform's optional crates.
resolved = {n["id"] for n in meta["resolve"]["nodes"]}
needs = sorted(
    ((packages[i]["rust_version"], packages[i]["name"], packages[i]["version"])
     for i in resolved if i not in members and packages[i].get("rust_version")),
    key=lambda t: version(t[0]),
)
too_new = [n for n in needs if version(n[0]) > version(ours)]
if too_new:
    for rv, name, v in too_new:
        print(f"msrv: {name} {v} needs Rust {rv}, above the declared rust-version {ours}")
    sys.exit(1)
top = needs[-1] if needs else ("-", "-", "-")
print(f"msrv: rust-version {ours} covers every dependency (highest: {top[1]} {top[2]} needs {top[0]})")
