#!/usr/bin/env python3
"""Records Miden v0.20.6's results for the VM lit tests (test/VM/*.masm).

Each test program may carry a line `# ORACLE: --inputs a,b --advice c,d`
(both lists top first, as the oracle and zkrun's --stack/--advice take them).
This script runs the program on the oracle (../shared/tools/miden-oracle,
installed with `npm ci`) and rewrites the test's RUN/CHECK header: the program
hash (MAST root), and the output stack for programs that succeed or Miden's
error message (clock cycles wildcarded: the oracle runs inside a transaction
kernel) for ones that fail.
The tests themselves never need node.

usage: scripts/gen/vm_goldens.py ORACLE_DIR [test.masm ...]
"""
import json
import os
import re
import subprocess
import sys

HEADER_PREFIXES = ("# RUN:", "# CHECK", "# Golden ", "# HASH")


def oracle_args(lines):
    for line in lines:
        if line.startswith("# ORACLE:"):
            return line[len("# ORACLE:"):].split()
    return []


def zkrun_args(args):
    out = []
    it = iter(args)
    for a in it:
        v = next(it)
        out.append({"--inputs": "--stack", "--advice": "--advice"}[a] + " " + v)
    return " ".join(out)


def main():
    oracle_dir = sys.argv[1]
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "VM")
    files = sys.argv[2:] or sorted(
        os.path.join(here, f) for f in os.listdir(here) if f.endswith(".masm"))
    for path in files:
        with open(path) as f:
            lines = f.read().splitlines()
        args = oracle_args(lines)
        try:
            res = subprocess.run(
                ["node", os.path.join(oracle_dir, "oracle.mjs"), "--json", *args, path],
                capture_output=True, text=True, timeout=60)
            out = json.loads(res.stdout.strip().splitlines()[-1])
        except (subprocess.TimeoutExpired, IndexError, json.JSONDecodeError) as e:
            print(f"FAILED {path}: the oracle did not answer ({e})")
            continue
        if "compile_error" in out:
            print(f"FAILED {path}: Miden rejects the program: {out['compile_error'][:300]}")
            continue
        run_args = zkrun_args(args)
        body = [l for l in lines if not l.startswith(HEADER_PREFIXES)]
        header = ["# Golden values from Miden v0.20.6 (scripts/gen/vm_goldens.py)."]
        uses_core = any(re.match(r"\s*use\.?\s*(miden::core|std)::", l) for l in body)
        if "mast_root" in out and not uses_core:
            # The program hash as well: every test program doubles as a MAST-root golden (not
            # for programs using the core library: ours is our own code, so its roots differ).
            header.append("# RUN: %zkasm --emit=hash %s | FileCheck %s --check-prefix=HASH")
            header.append("# HASH: {{^}}" + out["mast_root"] + "{{$}}")
        if "exec_error" in out:
            m = re.search(r'message: \\?"(.*?)\\?", labels', out["exec_error"])
            if not m:
                print(f"FAILED {path}: cannot parse the oracle's error: {out['exec_error']}")
                continue
            msg = m.group(1).replace('\\"', '"')
            msg = msg.split('", help: ')[0]
            msg = re.sub(r"clock cycle \d+", "clock cycle {{[0-9]+}}", msg)
            msg = re.sub(r"in context \d+", "in context {{[0-9]+}}", msg)
            header.append(f"# RUN: not %zkrun {run_args} %s 2>&1 | FileCheck %s".replace("  ", " "))
            header.append(f"# CHECK: error: {msg}")
        else:
            if out.get("depth") != 16:
                print(f"FAILED {path}: ends with stack depth {out.get('depth')}, not 16")
                continue
            header.append(f"# RUN: %zkrun {run_args} %s | FileCheck %s".replace("  ", " "))
            header.append("# CHECK: stack: " + " ".join(out["stack"]) + " (top first)")
        with open(path, "w") as f:
            f.write("\n".join(header + body) + "\n")
        print(f"{os.path.basename(path)}: {header[-1][2:]}")


if __name__ == "__main__":
    main()
