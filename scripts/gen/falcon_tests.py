#!/usr/bin/env python3
"""Writes test/CoreLib/crypto/falcon_*.masm (and Inputs/falcon_sig_*.inputs): lit tests of
miden::core::crypto::dsa::falcon512rpo. Signatures are made by the real miden-crypto
(scripts/gen/falcon_sig.mjs, through the oracle's SDK); every program runs on Miden v0.20.6 (the
oracle, with Miden's own core library) and the stack it prints is recorded as the golden. The
helper procedures are checked on random inputs, with results also computed here where they are
plain arithmetic (mod_12289, norm_sq, diff_mod_M, the two norms). The error cases record zkvm's
message (the oracle also fails; it reports the failure, not always the same words).

usage: scripts/gen/falcon_tests.py ORACLE_DIR
"""
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "test", "CoreLib", "crypto")
P = 2**64 - 2**32 + 1
M = 12289
J = 512 * M * M
rnd = random.Random(512)
MOD = "miden::core::crypto::dsa::falcon512rpo"


def oracle(oracle_dir, path, advice=()):
    args = ["node", os.path.join(oracle_dir, "oracle.mjs"), "--json"]
    if advice:
        args += ["--advice", ",".join(map(str, advice))]
    res = subprocess.run(args + [path], capture_output=True, text=True, timeout=300)
    return json.loads(res.stdout.strip().splitlines()[-1])


def write(path, lines):
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def case(oracle_dir, name, what, body, advice=(), inputs=None, error=None, want=None):
    path = os.path.join(OUT, name + ".masm")
    prog = [f"use {MOD}", "use miden::core::crypto::hashes::rpo256", "use miden::core::sys", "",
            "begin"] + body + ["end"]
    write(path, prog)
    out = oracle(oracle_dir, path, advice)
    run = "%zkrun" + (f" -i %S/Inputs/{inputs}" if inputs else "") + " %s"
    if error is None:
        assert "stack" in out and out["depth"] == 16, (name, out)
        if want is not None:
            assert [int(x) for x in out["stack"][:len(want)]] == want, (name, out, want)
        head = [f"# {what}; golden from Miden v0.20.6 (scripts/gen/falcon_tests.py)"
                + (", equal to an independent computation." if want is not None else "."),
                f"# RUN: {run} | FileCheck %s",
                f"# CHECK: stack: {' '.join(out['stack'])} (top first)"]
    else:
        assert "exec_error" in out, (name, out)
        head = [f"# {what}. Miden v0.20.6 (the oracle) also fails (scripts/gen/falcon_tests.py).",
                f"# RUN: not {run} 2>&1 | FileCheck %s",
                f"# CHECK: {error}"]
    write(path, head + prog)
    return out


def norm_sq(e):
    return (M - e) ** 2 if e > (M - 1) // 2 else e * e


def diff_mod_m(u, wj, v):
    t = (wj - u) % P
    s = (v % 2**64) + t
    hi, lo = (s % 2**64) >> 32, s % 2**32
    if s >= 2**64:
        hi += 10952
    return ((hi << 32) + lo) % M


def store_words(vals, addr):
    out = []
    for i in range(0, len(vals), 4):
        w = vals[i:i + 4]
        out.append(f"    push.{'.'.join(map(str, w))} push.{addr + i} mem_storew_be dropw")
    return out


def signature(oracle_dir, seed):
    res = subprocess.run(["node", os.path.join(HERE, "falcon_sig.mjs"), oracle_dir, str(seed)],
                         capture_output=True, text=True, timeout=300, check=True)
    d = json.loads(res.stdout)
    d["advice"] = [int(x) for x in reversed(d["sig"])]
    name = f"falcon_sig_{seed}.inputs"
    with open(os.path.join(OUT, "Inputs", name), "w") as f:
        json.dump({"operand_stack": [], "advice_stack": [str(x) for x in d["advice"]]}, f)
        f.write("\n")
    d["inputs"] = name
    return d


def main():
    oracle_dir = sys.argv[1]
    os.makedirs(os.path.join(OUT, "Inputs"), exist_ok=True)

    # mod_12289
    vals = [(0, 0), (0, M - 1), (0, M), (2**32 - 1, 2**32 - 1), (12345, 67890), (1, 0)]
    body = []
    for hi, lo in vals:
        body.append(f"    push.{lo} push.{hi} exec.falcon512rpo::mod_12289")
    body.append("    exec.sys::truncate_stack")
    want = [((hi << 32) + lo) % M for hi, lo in reversed(vals)]
    case(oracle_dir, "falcon_mod_12289", "falcon512rpo::mod_12289 on several u64", body,
         want=want)
    case(oracle_dir, "falcon_err_mod_12289_not_u32",
         "falcon512rpo::mod_12289 with a limb that is not a u32",
         ["    push.4294967296 push.0 exec.falcon512rpo::mod_12289"],
         error="error: error during processing of event with ID: {{[0-9]+}}: input value "
               "4294967296 at dividend_lo is not a valid u32")

    # norm_sq
    es = [0, 1, 6143, 6144, 6145, 12288, rnd.randrange(M), rnd.randrange(M)]
    body = [f"    push.{e} exec.falcon512rpo::norm_sq" for e in es]
    body.append("    exec.sys::truncate_stack")
    case(oracle_dir, "falcon_norm_sq", "falcon512rpo::norm_sq on edge and random values", body,
         want=[norm_sq(e) for e in reversed(es)])

    # diff_mod_M (the last case overflows 64 bits)
    cases = [(rnd.randrange(J), rnd.randrange(J) + J, rnd.randrange(P)) for _ in range(5)]
    cases.append((0, J + 2 * 10**11, 2**64 - 2**32))  # v = P - 1
    body = []
    for u, wj, v in cases:
        body.append(f"    push.{v % 2**32} push.{v >> 32} push.{wj} push.{u} "
                    "exec.falcon512rpo::diff_mod_M")
    body.append("    exec.sys::truncate_stack")
    case(oracle_dir, "falcon_diff_mod_m", "falcon512rpo::diff_mod_M on random values", body,
         want=[diff_mod_m(u, wj, v) for u, wj, v in reversed(cases)])

    # hash_to_point: the hash of the 512 coefficients and the first and last words
    msg = [rnd.randrange(P) for _ in range(4)]
    n0, n1 = [rnd.randrange(P) for _ in range(4)], [rnd.randrange(P) for _ in range(4)]
    body = [f"    push.{'.'.join(map(str, n0))} push.{'.'.join(map(str, n1))}",
            f"    push.{'.'.join(map(str, msg))} push.4000",
            "    exec.falcon512rpo::hash_to_point",
            "    padw push.4000 mem_loadw_be padw push.4508 mem_loadw_be",
            "    push.512 push.4000 exec.rpo256::hash_elements",
            "    exec.sys::truncate_stack"]
    case(oracle_dir, "falcon_hash_to_point",
         "falcon512rpo::hash_to_point: RPO of the 512 coefficients, words 508 and 0", body)

    # the two norms on random polynomials
    s2 = [rnd.randrange(M) for _ in range(512)]
    body = store_words(s2, 8000) + ["    push.8000 exec.falcon512rpo::compute_s2_norm_sq",
                                    "    exec.sys::truncate_stack"]
    case(oracle_dir, "falcon_s2_norm_sq", "falcon512rpo::compute_s2_norm_sq of a random s2", body,
         want=[sum(norm_sq(e) for e in s2) % P])
    pi = [rnd.randrange(J) for _ in range(1024)]
    c = [rnd.randrange(P) for _ in range(512)]
    body = store_words(pi, 8000) + store_words(c, 9024) + [
        "    push.8000 exec.falcon512rpo::compute_s1_norm_sq", "    exec.sys::truncate_stack"]
    want = sum(norm_sq(diff_mod_m(pi[i], pi[512 + i] + J, c[i])) for i in range(512)) % P
    case(oracle_dir, "falcon_s1_norm_sq",
         "falcon512rpo::compute_s1_norm_sq of random pi and c", body, want=[want])

    # signatures
    sig = signature(oracle_dir, 1)
    pk, msg, adv, inp = sig["pk"], sig["msg"], sig["advice"], sig["inputs"]
    push_msg = f"    push.{'.'.join(msg)}   # MSG"
    push_pk = f"    push.{'.'.join(pk)}   # PK"
    case(oracle_dir, "falcon_verify", "falcon512rpo::verify of a signature made by miden-crypto",
         [push_msg, push_pk, "    exec.falcon512rpo::verify", "    push.1",
          "    exec.sys::truncate_stack"], advice=adv, inputs=inp)
    case(oracle_dir, "falcon_load_h_s2_and_product",
         "falcon512rpo::load_h_s2_and_product of a signature: RPO of the 2048 elements stored",
         [push_pk, "    push.4000 exec.falcon512rpo::load_h_s2_and_product",
          "    push.2048 push.4000 exec.rpo256::hash_elements",
          "    exec.sys::truncate_stack"], advice=adv, inputs=inp)
    bad_msg = list(msg)
    bad_msg[0] = str(int(bad_msg[0]) + 1)
    case(oracle_dir, "falcon_err_verify_message",
         "falcon512rpo::verify of the signature of another message (the norm is far too large)",
         [f"    push.{'.'.join(bad_msg)}   # MSG", push_pk, "    exec.falcon512rpo::verify"],
         advice=adv, inputs=inp, error="error: operation expected u32 values")
    bad_pk = list(pk)
    bad_pk[2] = str(int(bad_pk[2]) + 1)
    case(oracle_dir, "falcon_err_verify_key", "falcon512rpo::verify under another key",
         [push_msg, f"    push.{'.'.join(bad_pk)}   # PK", "    exec.falcon512rpo::verify"],
         advice=adv, inputs=inp,
         error="error: assertion failed at clock cycle {{[0-9]+}} with error code: 0")

    def variant(tag, index, value):
        a = list(adv)
        a[index] = value
        name = f"falcon_sig_1_{tag}.inputs"
        with open(os.path.join(OUT, "Inputs", name), "w") as f:
            json.dump({"operand_stack": [], "advice_stack": [str(x) for x in a]}, f)
            f.write("\n")
        return a, name

    a, name = variant("tau", 0, (adv[0] + 1) % P)
    case(oracle_dir, "falcon_err_verify_tau",
         "falcon512rpo::verify with the evaluation point tau changed",
         [push_msg, push_pk, "    exec.falcon512rpo::verify"], advice=a, inputs=name,
         error="error: assertion failed at clock cycle {{[0-9]+}} with error code: 0")
    a, name = variant("s2_range", 2 + 512 + 7, M)
    case(oracle_dir, "falcon_err_verify_s2_range",
         "falcon512rpo::verify with a coefficient of s2 equal to M",
         [push_msg, push_pk, "    exec.falcon512rpo::verify"], advice=a, inputs=name,
         error="error: assertion failed at clock cycle {{[0-9]+}} with error code: 0")

    # the signature taken from the advice map, keyed by merge(PK, MSG) (zkvm only: the oracle
    # cannot key its advice map; the same verification is checked against it above)
    key_prog = os.path.join(OUT, "falcon_key.tmp.masm")
    write(key_prog, ["use miden::core::sys", "begin", push_msg, push_pk, "    hmerge",
                     "    exec.sys::truncate_stack", "end"])
    key = [int(x) for x in oracle(oracle_dir, key_prog)["stack"][:4]]
    os.unlink(key_prog)
    # the word on the stack top first is [e3, e2, e1, e0]; the key is e0..e3, 8 bytes LE each
    key_hex = "0x" + b"".join(e.to_bytes(8, "little") for e in reversed(key)).hex()
    name = "falcon_sig_1_map.inputs"
    with open(os.path.join(OUT, "Inputs", name), "w") as f:
        json.dump({"operand_stack": [], "advice_stack": [],
                   "advice_map": {key_hex: [str(x) for x in adv]}}, f)
        f.write("\n")
    write(os.path.join(OUT, "falcon_verify_from_map.masm"), [
        "# falcon512rpo::move_sig_from_map_to_adv_stack then verify: the signature of",
        "# falcon_verify.masm (whose result is checked against Miden v0.20.6), found in the advice",
        "# map under merge(PK, MSG) (scripts/gen/falcon_tests.py).",
        f"# RUN: %zkrun -i %S/Inputs/{name} %s | FileCheck %s",
        "# CHECK: stack: 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 (top first)",
        f"use {MOD}", "use miden::core::sys", "", "begin", push_msg, push_pk,
        "    exec.falcon512rpo::move_sig_from_map_to_adv_stack",
        "    exec.falcon512rpo::verify", "    push.1", "    exec.sys::truncate_stack", "end"])

    # move_sig_from_map_to_adv_stack: a short value under merge(PK, MSG)
    body = ["    push.11.22.33.44 push.1000 mem_storew_be dropw",
            "    push.55.66.77.88 push.1004 mem_storew_be dropw",
            push_msg, push_pk,
            "    # map[merge(PK, MSG)] = memory 1000..1008",
            "    dupw.1 dupw.1 hmerge push.1008 push.1000 movdn.5 movdn.5",
            "    adv.insert_mem dropw drop drop",
            "    exec.falcon512rpo::move_sig_from_map_to_adv_stack",
            "    dropw dropw adv_push.8",
            "    exec.sys::truncate_stack"]
    case(oracle_dir, "falcon_move_sig_from_map", "falcon512rpo::move_sig_from_map_to_adv_stack",
         body, want=[88, 77, 66, 55, 44, 33, 22, 11])


if __name__ == "__main__":
    main()
