#!/usr/bin/env python3
"""Differential test of one zkcc program: compiled natively with the host clang
and run, and compiled with zkcc and run with zkrun; the results must match.

Usage: difftest.py prog.c TMP --bindir DIR --include DIR [--cc clang-14]

The program's main(...) signature is read from the source; each comment line
`// ARGS: a b c` (optionally `; ADVICE: x y`) is one run. A run that fails
natively (nonzero exit, a signal such as SIGFPE) must fail on the VM as well.
`// PROVE` makes the first run also be proved with zkprove and checked with
zkverify against the expected output.
"""
import argparse
import json
import os
import re
import subprocess
import sys

P = 0xFFFFFFFF00000001
TYPES = {
    "uint32_t": ("u32", 1), "unsigned": ("u32", 1), "uint64_t": ("u64", 2),
    "int32_t": ("i32", 1), "int": ("i32", 1), "int64_t": ("i64", 2),
    "felt": ("felt", 1), "void": ("void", 0), "_Bool": ("u32", 1),
}


def ctype(t):
    t = t.replace("const", "").strip()
    if t not in TYPES:
        sys.exit("difftest: unsupported main type '%s'" % t)
    return t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("source")
    ap.add_argument("tmp")
    ap.add_argument("--bindir", required=True)
    ap.add_argument("--include", required=True)
    ap.add_argument("--cc", default="clang-14")
    a = ap.parse_args()
    src = open(a.source).read()
    m = re.search(r"^\s*([\w ]+?)\s+main\s*\(([^)]*)\)", src, re.M)
    if not m:
        sys.exit("difftest: no main in " + a.source)
    ret = ctype(m.group(1).replace("static", ""))
    params = []
    for p in m.group(2).split(","):
        p = p.strip()
        if not p or p == "void":
            continue
        params.append(ctype(p.rsplit(None, 1)[0]))
    runs = []
    for line in re.findall(r"^// ARGS:(.*)$", src, re.M):
        args, _, adv = line.partition("; ADVICE:")
        runs.append(([int(x, 0) for x in args.split()], [int(x, 0) for x in adv.split()]))
    if not runs:
        runs.append(([], []))
    os.makedirs(os.path.dirname(a.tmp) or ".", exist_ok=True)

    # Native build: the program's main renamed, plus a generated harness.
    harness = ["#include <stdio.h>", "#include <stdlib.h>", "#include <stdint.h>",
               '#include "zkvm.h"',
               "uint64_t zk_native_advice[64]; unsigned zk_native_advice_count, "
               "zk_native_advice_next;",
               "%s zk_main(%s);" % (ret, ", ".join(params) or "void"),
               "int main(int argc, char **argv) {", "  int k = 1;"]
    call = []
    for i, t in enumerate(params):
        kind = TYPES[t][0]
        if kind == "felt":
            harness.append("  felt a%d = zk_felt(strtoull(argv[k++], 0, 0));" % i)
        elif kind in ("i32", "i64"):
            harness.append("  %s a%d = (%s)strtoll(argv[k++], 0, 0);" % (t, i, t))
        else:
            harness.append("  %s a%d = (%s)strtoull(argv[k++], 0, 0);" % (t, i, t))
        call.append("a%d" % i)
    harness.append("  while (k < argc) zk_native_advice[zk_native_advice_count++] = "
                   "strtoull(argv[k++], 0, 0);")
    kind = TYPES[ret][0]
    c = "zk_main(%s)" % ", ".join(call)
    if kind == "void":
        harness.append("  %s; printf(\"-\\n\");" % c)
    elif kind == "felt":
        harness.append("  printf(\"%%llu\\n\", (unsigned long long)zk_felt_value(%s));" % c)
    elif kind in ("u64", "i64"):
        harness.append("  printf(\"%%llu\\n\", (unsigned long long)(uint64_t)%s);" % c)
    else:
        harness.append("  printf(\"%%u\\n\", (uint32_t)%s);" % c)
    harness += ["  return 0;", "}"]
    hfile = a.tmp + ".harness.c"
    open(hfile, "w").write("\n".join(harness) + "\n")
    native = a.tmp + ".native"
    obj = a.tmp + ".o"
    flags = [a.cc, "-std=c11", "-O0", "-fwrapv", "-w", "-I", a.include]
    subprocess.run(flags + ["-Dmain=zk_main", "-c", a.source, "-o", obj], check=True)
    subprocess.run(flags + [hfile, obj, "-o", native], check=True)

    masb = a.tmp + ".masb"
    subprocess.run([os.path.join(a.bindir, "zkcc"), a.source, "-o", masb], check=True)

    failed = False
    for n, (args, advice) in enumerate(runs):
        if len(args) != len(params):
            sys.exit("difftest: ARGS %s do not match main's %d parameters" % (args, len(params)))
        nat = subprocess.run([native] + [str(x) for x in args] + [str(x) for x in advice],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        want = nat.stdout.strip() if nat.returncode == 0 else "FAIL"
        stack = []
        for t, v in zip(params, args):
            k = TYPES[t][0]
            if k in ("u64", "i64"):
                v &= (1 << 64) - 1
                stack += [v >> 32, v & 0xFFFFFFFF]
            elif k == "felt":
                stack.append(v % P)
            else:
                stack.append(v & 0xFFFFFFFF)
        cmd = [os.path.join(a.bindir, "zkrun"), masb, "--json"]
        if stack:
            cmd.append("--stack=" + ",".join(map(str, stack)))
        if advice:
            cmd.append("--advice=" + ",".join(str(x % P) for x in advice))
        zk = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if zk.returncode != 0:
            got = "FAIL"
        else:
            out = [int(x) for x in json.loads(zk.stdout)["stack"]]
            if kind == "void":
                got = "-"
            elif kind in ("u64", "i64"):
                got = str((out[0] << 32) | out[1])
            else:
                got = str(out[0])
        ok = got == want
        failed |= not ok
        print("%s %s -> native %s, zkvm %s" % ("ok  " if ok else "FAIL", args, want, got))
        if not ok and zk.returncode != 0:
            print(zk.stderr)
        if n == 0 and "// PROVE" in src and ok and want != "FAIL":
            proof = a.tmp + ".proof"
            pcmd = [os.path.join(a.bindir, "zkprove"), masb, "-o", proof, "--no-progress"]
            pcmd += [x for x in cmd[3:]]
            subprocess.run(pcmd, check=True, stdout=subprocess.DEVNULL)
            outs = out[:TYPES[ret][1]]
            vcmd = [os.path.join(a.bindir, "zkverify"), proof]
            if stack:
                vcmd.append("--stack=" + ",".join(map(str, stack)))
            if outs:
                vcmd.append("--stack-outputs=" + ",".join(map(str, outs)))
            v = subprocess.run(vcmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            print("proof: %s" % ("verified" if v.returncode == 0 else "REJECTED\n" + v.stdout))
            failed |= v.returncode != 0
    sys.exit(1 if failed else 0)


main()
