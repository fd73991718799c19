#!/usr/bin/env python3
"""Writes test/CoreLib/crypto/{keccak256,sha512}_*.masm: lit tests of the host-assisted hash
precompiles of the core library. Each case runs on Miden v0.20.6 (the oracle, with Miden's own
core library and host) and its digest is also computed independently here (keccak_ref.py's model
for Keccak-256, hashlib for SHA-512); both must agree before the golden is recorded. The
precompile commitments (COMM) printed by the *_impl cases come from the oracle only.

usage: scripts/gen/precompile_hash_tests.py ORACLE_DIR
"""
import hashlib
import json
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from keccak_ref import keccak256  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "test", "CoreLib", "crypto")
rnd = random.Random(20260)
HASHES = {"keccak256": (keccak256, 8), "sha512": (lambda b: hashlib.sha512(b).digest(), 16)}


def limbs(data):
    data = data + bytes((-len(data)) % 4)
    return [int.from_bytes(data[i:i + 4], "little") for i in range(0, len(data), 4)]


def oracle(oracle_dir, path):
    args = ["node", os.path.join(oracle_dir, "oracle.mjs"), "--json", path]
    res = subprocess.run(args, capture_output=True, text=True, timeout=120)
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert "stack" in out and out["depth"] == 16, out
    return [int(x) for x in out["stack"]]


def write(path, head, body):
    with open(path, "w") as f:
        f.write("\n".join(head) + "\n" + body)


def store(data, addr):
    return [f"    push.{v} mem_store.{addr + i}" for i, v in enumerate(limbs(data))]


def case(oracle_dir, name, body, want, what):
    path = os.path.join(OUT, name + ".masm")
    write(path, [], body)
    got = oracle(oracle_dir, path)
    if want is not None:
        assert got[:len(want)] == want, (name, got, want)
    head = [f"# {what}; golden from Miden v0.20.6 (scripts/gen/precompile_hash_tests.py)"
            + (", digest equal to an independent computation." if want is not None else "."),
            "# RUN: %zkrun %s | FileCheck %s",
            f"# CHECK: stack: {' '.join(map(str, got))} (top first)"]
    write(path, head, body)


def bytes_cases(oracle_dir, mod, lengths):
    ref, n = HASHES[mod]
    for ln in lengths:
        data = bytes(rnd.getrandbits(8) for _ in range(ln))
        addr = 1000 if ln % 2 else 0
        body = "\n".join([f"use miden::core::crypto::hashes::{mod}", "use miden::core::sys", "",
                          "begin"] + store(data, addr) +
                         [f"    push.{ln} push.{addr} exec.{mod}::hash_bytes",
                          "    exec.sys::truncate_stack", "end", ""])
        case(oracle_dir, f"{mod}_hash_bytes_{ln}", body, limbs(ref(data)),
             f"{mod}::hash_bytes of {ln} random bytes at address {addr}")


def impl_case(oracle_dir, mod, ln):
    ref, n = HASHES[mod]
    data = bytes(rnd.getrandbits(8) for _ in range(ln))
    body = "\n".join([f"use miden::core::crypto::hashes::{mod}", "use miden::core::sys", "",
                      "begin"] + store(data, 64) +
                     [f"    push.{ln} push.64 exec.{mod}::hash_bytes_impl",
                      "    exec.sys::truncate_stack", "end", ""])
    path_name = f"{mod}_hash_bytes_impl_{ln}"
    case(oracle_dir, path_name, body, None,
         f"{mod}::hash_bytes_impl of {ln} random bytes: [COMM, TAG, DIGEST...]")
    # the digest part of the impl's output must still be the independent digest
    with open(os.path.join(OUT, path_name + ".masm")) as f:
        got = [int(x) for x in f.read().split("# CHECK: stack: ")[1].split(" (top")[0].split()]
    assert got[8:16] == limbs(ref(data))[:8], (mod, got)
    assert got[4:8] == [0, 0, ln, got[7]], got


def stack_cases(oracle_dir, proc, nbytes):
    for label in ("zeros", "ones", "random"):
        if label == "zeros":
            data = bytes(nbytes)
        elif label == "ones":
            data = b"\xff" * nbytes
        else:
            data = bytes(rnd.getrandbits(8) for _ in range(nbytes))
        vals = limbs(data)
        # push in reverse so that limb 0 ends on top
        pushes = " ".join(f"push.{v}" for v in reversed(vals))
        body = "\n".join(["use miden::core::crypto::hashes::keccak256", "use miden::core::sys",
                          "", "begin", f"    {pushes}", f"    exec.keccak256::{proc}",
                          "    exec.sys::truncate_stack", "end", ""])
        case(oracle_dir, f"keccak256_{proc}_{label}", body, limbs(keccak256(data)),
             f"keccak256::{proc} of {nbytes} bytes ({label})")


def main():
    od = sys.argv[1]
    bytes_cases(od, "keccak256", (0, 1, 3, 32, 64, 135, 136, 137, 300))
    bytes_cases(od, "sha512", (0, 3, 111, 112, 128, 129, 300))
    impl_case(od, "keccak256", 5)
    impl_case(od, "sha512", 5)
    stack_cases(od, "hash", 32)
    stack_cases(od, "merge", 64)


if __name__ == "__main__":
    main()
