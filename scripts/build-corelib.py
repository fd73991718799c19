#!/usr/bin/env python3
"""Assembles the core library (stdlib/**/*.masm, namespace miden::core) into one .masl with
`zkasm --lib`, or lists its modules.

Module miden::core::a::b is stdlib/a/b.masm (stdlib/a/mod.masm is miden::core::a). zkasm
resolves a library's modules in the order they are given, so the modules are passed with the
ones they `use` first.

usage: scripts/build-corelib.py ZKASM STDLIB_DIR OUT.masl [zkasm options...]
       scripts/build-corelib.py --list STDLIB_DIR
"""
import os
import re
import subprocess
import sys

NAMESPACE = "miden::core"
USE = re.compile(r"^\s*use\.?\s*(?:miden::core|std)::([A-Za-z0-9_:]+)", re.M)


def modules(stdlib):
    """{module path: file}, module paths without the namespace."""
    mods = {}
    for root, _, files in os.walk(stdlib):
        for f in files:
            if not f.endswith(".masm"):
                continue
            rel = os.path.relpath(os.path.join(root, f), stdlib)[:-len(".masm")].split(os.sep)
            if rel[-1] == "mod":
                rel = rel[:-1]
            mods["::".join(rel)] = os.path.join(root, f)
    return mods


def ordered(mods):
    """Module paths, each after the modules it uses (ties by name, so the order is stable)."""
    deps = {}
    for m, path in mods.items():
        with open(path) as f:
            text = f.read()
        # `use miden::core::a::b` or `use miden::core::a::b->alias`: the longest known prefix
        used = set()
        for u in USE.findall(text):
            parts = u.split("->")[0].split("::")
            while parts and "::".join(parts) not in mods:
                parts.pop()
            if parts and "::".join(parts) != m:
                used.add("::".join(parts))
        deps[m] = used
    out, done = [], set()

    def visit(m, stack):
        if m in done:
            return
        if m in stack:
            sys.exit(f"build-corelib: modules use each other: {' -> '.join(stack + [m])}")
        for d in sorted(deps[m]):
            visit(d, stack + [m])
        done.add(m)
        out.append(m)
    for m in sorted(mods):
        visit(m, [])
    return out


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--list":
        mods = modules(sys.argv[2])
        for m in ordered(mods):
            print(f"{NAMESPACE}::{m} {mods[m]}")
        return 0
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    zkasm, stdlib, out = sys.argv[1:4]
    mods = modules(stdlib)
    order = ordered(mods)
    cmd = [zkasm, "--lib", "--nostdlib", "-o", out, *sys.argv[4:]]
    cmd += [mods[m] for m in order]
    cmd += [f"--module={NAMESPACE}::{m}" for m in order]
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
