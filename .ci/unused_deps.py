#!/usr/bin/env python3
"""Fails when a workspace crate declares a dependency its code never names: each dependency's
crate name (with `-` as `_`) must appear in the crate's own sources (for dev-dependencies, its
tests, examples or benches too)."""
import json
import os
import re
import subprocess
import sys

meta = json.loads(subprocess.check_output(["cargo", "metadata", "--format-version", "1", "--no-deps"]))
failed = False
for pkg in meta["packages"]:
    root = os.path.dirname(pkg["manifest_path"])
    # Every folder holding a target's source (the root package's lives in crates/cli).
    dirs = {os.path.dirname(t["src_path"]) for t in pkg["targets"]}
    dirs |= {os.path.join(root, d) for d in ("src", "tests", "examples", "benches")}
    text = []
    for d in dirs:
        if not os.path.isdir(d) or (d == root):
            continue
        for base, _, files in os.walk(d):
            text += [open(os.path.join(base, f), encoding="utf-8").read() for f in files if f.endswith(".rs")]
    code = "\n".join(text)
    for dep in pkg["dependencies"]:
        name = (dep.get("rename") or dep["name"]).replace("-", "_")
        if not re.search(r"\b" + re.escape(name) + r"\b", code):
            kind = dep["kind"] or "normal"
            print(f"unused dependency: {pkg['name']} declares {dep['name']} ({kind}) but never names {name}")
            failed = True
sys.exit(1 if failed else 0)
