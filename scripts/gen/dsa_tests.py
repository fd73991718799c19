#!/usr/bin/env python3
"""Writes test/CoreLib/crypto/{ecdsa,eddsa}_*.masm: lit tests of the signature precompiles
miden::core::crypto::dsa::{ecdsa_k256_keccak,eddsa_ed25519}. Keys and signatures are made here
with the `cryptography` package (secp256k1 ECDSA over a Keccak-256 prehash, low-S; Ed25519), so
the valid cases are valid by an independent implementation; every program then runs on Miden
v0.20.6 (the oracle, with Miden's own core library and host) and the stack it prints is recorded
as the golden (results, commitments). The error cases record zkvm's message, which follows
Miden's handler or assertion (the oracle reports only the event id or the failure).
The keys and messages come from a seeded generator, but `cryptography` signs ECDSA with a random
nonce, so a rerun writes other (equally valid) ECDSA signatures and goldens.

usage: scripts/gen/dsa_tests.py ORACLE_DIR
"""
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed, decode_dss_signature

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from keccak_ref import keccak256  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "test", "CoreLib", "crypto")
P = 2**64 - 2**32 + 1
N_K256 = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
L_ED = 2**252 + 27742317777372353535851937790883648493
rnd = random.Random(7117)
ECDSA_EVENT = None
EDDSA_EVENT = None


def limbs(data):
    data = data + bytes((-len(data)) % 4)
    return [int.from_bytes(data[i:i + 4], "little") for i in range(0, len(data), 4)]


def word_bytes(w):
    return b"".join(v.to_bytes(8, "little") for v in w)


def oracle(oracle_dir, path, advice=()):
    args = ["node", os.path.join(oracle_dir, "oracle.mjs"), "--json"]
    if advice:
        args += ["--advice", ",".join(map(str, advice))]
    res = subprocess.run(args + [path], capture_output=True, text=True, timeout=120)
    return json.loads(res.stdout.strip().splitlines()[-1])


def store(vals, addr):
    return [f"    push.{v} mem_store.{addr + i}" for i, v in enumerate(vals)]


def push_word(stack_top_first):
    return "push." + ".".join(map(str, reversed(stack_top_first)))


def rpo_limbs(oracle_dir, vals):
    """RPO256 hash_elements of vals as the oracle prints it (top first)."""
    body = ["use miden::core::crypto::hashes::rpo256", "use miden::core::sys", "begin"] + \
        store(vals, 1000) + [f"    push.{len(vals)} push.1000 exec.rpo256::hash_elements",
                             "    exec.sys::truncate_stack", "end"]
    with tempfile.NamedTemporaryFile("w", suffix=".masm", delete=False) as f:
        f.write("\n".join(body) + "\n")
    out = oracle(oracle_dir, f.name)
    os.unlink(f.name)
    return [int(x) for x in out["stack"][:4]]


def write(path, lines):
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def case(oracle_dir, mod, name, what, body, advice=(), error=None, event=None):
    path = os.path.join(OUT, name + ".masm")
    prog = [f"use miden::core::crypto::dsa::{mod}", "use miden::core::sys", "", "begin"] + \
        body + ["end"]
    write(path, prog)
    out = oracle(oracle_dir, path, advice)
    run = "%zkrun" + (f" --advice {','.join(map(str, advice))}" if advice else "") + " %s"
    if error is None:
        assert "stack" in out and out["depth"] == 16, (name, out)
        head = [f"# {what}; golden from Miden v0.20.6 (scripts/gen/dsa_tests.py).",
                f"# RUN: {run} | FileCheck %s",
                f"# CHECK: stack: {' '.join(out['stack'])} (top first)"]
    else:
        assert "exec_error" in out, (name, out)
        if event is not None:
            assert str(event) in out["exec_error"], (name, out)
            msg = f"error during processing of event with ID: {event}: {error}"
            why = "Miden v0.20.6 (the oracle) also fails at this event; the message follows " \
                  "its handler's error"
        else:
            msg = error
            why = "Miden v0.20.6 (the oracle) also fails"
        head = [f"# {what}. {why} (scripts/gen/dsa_tests.py).",
                f"# RUN: not {run} 2>&1 | FileCheck %s",
                f"# CHECK: {msg}"]
    write(path, head + prog)
    return out


def event_id(oracle_dir, name):
    body = ["use miden::core::sys", f'const E = event("{name}")', "begin", "    push.E",
            "    exec.sys::truncate_stack", "end"]
    with tempfile.NamedTemporaryFile("w", suffix=".masm", delete=False) as f:
        f.write("\n".join(body) + "\n")
    out = oracle(oracle_dir, f.name)
    os.unlink(f.name)
    return int(out["stack"][0])


# --- ECDSA -----------------------------------------------------------------------------------

def ecdsa_key():
    sk = ec.derive_private_key(rnd.randrange(1, N_K256), ec.SECP256K1())
    pk = sk.public_key().public_bytes(serialization.Encoding.X962,
                                      serialization.PublicFormat.CompressedPoint)
    return sk, pk


def ecdsa_sign(sk, digest):
    r, s = decode_dss_signature(sk.sign(digest, ec.ECDSA(Prehashed(hashes.SHA256()))))
    v = rnd.randrange(2)  # the recovery id is carried, never checked
    if s > N_K256 // 2:
        s = N_K256 - s
    sk.public_key().verify(encode(r, s), digest, ec.ECDSA(Prehashed(hashes.SHA256())))
    return r.to_bytes(32, "big") + s.to_bytes(32, "big") + bytes([v])


def encode(r, s):
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
    return encode_dss_signature(r, s)


def ecdsa_cases(oracle_dir):
    ev = event_id(oracle_dir, "miden::core::crypto::dsa::ecdsa_k256_keccak::verify")
    mod = "ecdsa_k256_keccak"
    sk, pk = ecdsa_key()
    msg = [rnd.randrange(P) for _ in range(4)]
    digest = keccak256(word_bytes(msg))
    sig = ecdsa_sign(sk, digest)
    comm = rpo_limbs(oracle_dir, limbs(pk))
    advice = limbs(pk) + limbs(sig)
    verify = [f"    push.{'.'.join(map(str, msg))}   # MSG (element 0 deepest)",
              f"    {push_word(comm)}   # PK_COMM",
              f"    exec.{mod}::verify"]
    case(oracle_dir, mod, "ecdsa_verify", "ecdsa_k256_keccak::verify of a valid signature",
         verify + ["    push.1", "    exec.sys::truncate_stack"], advice)
    bad_msg = list(msg)
    bad_msg[0] = (bad_msg[0] + 1) % P
    case(oracle_dir, mod, "ecdsa_err_verify_message",
         "ecdsa_k256_keccak::verify of a signature over another message",
         [f"    push.{'.'.join(map(str, bad_msg))}   # MSG (element 0 deepest)",
          f"    {push_word(comm)}   # PK_COMM",
          f"    exec.{mod}::verify"], advice,
         error="error: assertion failed at clock cycle {{[0-9]+}} with error message: ECDSA "
               "signature verification failed")
    bad_comm = list(comm)
    bad_comm[1] = (bad_comm[1] + 1) % P
    case(oracle_dir, mod, "ecdsa_err_verify_commitment",
         "ecdsa_k256_keccak::verify with a wrong public-key commitment",
         [f"    push.{'.'.join(map(str, msg))}   # MSG (element 0 deepest)",
              f"    {push_word(bad_comm)}   # PK_COMM",
          f"    exec.{mod}::verify"], advice,
         error="error: assertion failed at clock cycle {{[0-9]+}} with error message: invalid "
               "public key commitment")

    # verify_prehash and verify_prehash_impl on data in memory
    def prehash(name, what, pk_b, dg, sg, impl=False, **kw):
        body = store(limbs(pk_b), 1000) + store(limbs(dg), 1100) + store(limbs(sg), 1200) + \
            ["    push.1200 push.1100 push.1000",
             f"    exec.{mod}::verify_prehash" + ("_impl" if impl else ""),
             "    exec.sys::truncate_stack"]
        return case(oracle_dir, mod, name, what, body, **kw)

    out = prehash("ecdsa_verify_prehash_valid", "verify_prehash of a valid signature",
                  pk, digest, sig)
    assert out["stack"][0] == "1", out
    out = prehash("ecdsa_verify_prehash_impl", "verify_prehash_impl: COMM, TAG and the result",
                  pk, digest, sig, impl=True)
    assert out["stack"][8] == "1" and out["stack"][4:8] == ["0", "0", "1", str(ev)], out
    bad = bytearray(sig)
    bad[40] ^= 4
    out = prehash("ecdsa_verify_prehash_bad_s", "verify_prehash with s changed", pk, digest,
                  bytes(bad))
    assert out["stack"][0] == "0", out
    s = int.from_bytes(sig[32:64], "big")
    high = sig[:32] + (N_K256 - s).to_bytes(32, "big") + sig[64:]
    out = prehash("ecdsa_verify_prehash_high_s",
                  "verify_prehash with s replaced by n - s (valid ECDSA, but high S)", pk,
                  digest, high)
    assert out["stack"][0] == "0", out
    zero_r = bytes(32) + sig[32:]
    out = prehash("ecdsa_verify_prehash_zero_r", "verify_prehash with r = 0", pk, digest,
                  zero_r)
    assert out["stack"][0] == "0", out
    _, other_pk = ecdsa_key()
    out = prehash("ecdsa_verify_prehash_other_key", "verify_prehash under another key",
                  other_pk, digest, sig, impl=True)
    assert out["stack"][8] == "0" and out["stack"][4:8] == ["0", "0", "0", str(ev)], out
    # a public key whose x is not on the curve
    x = 5
    while True:
        y2 = (x**3 + 7) % (2**256 - 2**32 - 977)
        if pow(y2, (2**256 - 2**32 - 977 - 1) // 2, 2**256 - 2**32 - 977) != 1:
            break
        x += 1
    bad_pk = b"\x02" + x.to_bytes(32, "big")
    prehash("ecdsa_err_public_key", "verify_prehash with a public key off the curve", bad_pk,
            digest, sig, error="failed to deserialize public key", event=ev)
    body = store(limbs(pk), 1000) + ["    push.1200 push.1100 push.1002",
                                     f"    exec.{mod}::verify_prehash"]
    case(oracle_dir, mod, "ecdsa_err_unaligned", "verify_prehash with pk_ptr not word-aligned",
         body, error="failed to read public key from memory: address 1002 is not word-aligned",
         event=ev)


# --- EdDSA -----------------------------------------------------------------------------------

def eddsa_cases(oracle_dir):
    ev = event_id(oracle_dir, "miden::core::dsa::eddsa_ed25519::verify")
    mod = "eddsa_ed25519"
    sk = ed25519.Ed25519PrivateKey.from_private_bytes(bytes(rnd.randrange(256) for _ in range(32)))
    pk = sk.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    msg = [rnd.randrange(P) for _ in range(4)]
    mb = word_bytes(msg)
    sig = sk.sign(mb)
    k = hashlib.sha512(sig[:32] + pk + mb).digest()
    comm = rpo_limbs(oracle_dir, limbs(pk))
    advice = limbs(pk) + limbs(sig)
    verify = [f"    push.{'.'.join(map(str, msg))}   # MSG (element 0 deepest)",
              f"    {push_word(comm)}   # PK_COMM",
              f"    exec.{mod}::verify"]
    case(oracle_dir, mod, "eddsa_verify", "eddsa_ed25519::verify of a valid signature",
         verify + ["    push.1", "    exec.sys::truncate_stack"], advice)
    bad_msg = list(msg)
    bad_msg[3] = (bad_msg[3] + 1) % P
    case(oracle_dir, mod, "eddsa_err_verify_message",
         "eddsa_ed25519::verify of a signature over another message",
         [f"    push.{'.'.join(map(str, bad_msg))}   # MSG (element 0 deepest)",
          f"    {push_word(comm)}   # PK_COMM",
          f"    exec.{mod}::verify"], advice,
         error="error: assertion failed at clock cycle {{[0-9]+}} with error message: EdDSA "
               "signature verification failed")
    bad_comm = list(comm)
    bad_comm[0] = (bad_comm[0] + 1) % P
    case(oracle_dir, mod, "eddsa_err_verify_commitment",
         "eddsa_ed25519::verify with a wrong public-key commitment",
         [f"    push.{'.'.join(map(str, msg))}   # MSG (element 0 deepest)",
              f"    {push_word(bad_comm)}   # PK_COMM",
          f"    exec.{mod}::verify"], advice,
         error="error: assertion failed at clock cycle {{[0-9]+}} with error message: invalid "
               "public key commitment")

    def prehash(name, what, pk_b, kd, sg, impl=False, **kw):
        body = store(limbs(pk_b), 1000) + store(limbs(kd), 1100) + store(limbs(sg), 1200) + \
            ["    push.1200 push.1100 push.1000",
             f"    exec.{mod}::verify_prehash" + ("_impl" if impl else ""),
             "    exec.sys::truncate_stack"]
        return case(oracle_dir, mod, name, what, body, **kw)

    out = prehash("eddsa_verify_prehash_valid", "verify_prehash of a valid signature", pk, k,
                  sig)
    assert out["stack"][0] == "1", out
    out = prehash("eddsa_verify_prehash_impl", "verify_prehash_impl: COMM, TAG and the result",
                  pk, k, sig, impl=True)
    assert out["stack"][8] == "1" and out["stack"][4:8] == ["0", "0", "1", str(ev)], out
    bad_k = bytearray(k)
    bad_k[10] ^= 1
    out = prehash("eddsa_verify_prehash_bad_k", "verify_prehash with the challenge hash changed",
                  pk, bytes(bad_k), sig)
    assert out["stack"][0] == "0", out
    s = int.from_bytes(sig[32:], "little")
    noncanon = sig[:32] + (s + L_ED).to_bytes(32, "little")
    out = prehash("eddsa_verify_prehash_noncanonical_s", "verify_prehash with s + l for s",
                  pk, k, noncanon)
    assert out["stack"][0] == "0", out
    # R = the identity point (small order)
    ident = (1).to_bytes(32, "little")
    out = prehash("eddsa_verify_prehash_small_r", "verify_prehash with R of small order", pk,
                  k, ident + sig[32:])
    assert out["stack"][0] == "0", out
    out = prehash("eddsa_verify_prehash_small_pk", "verify_prehash with a small-order public key",
                  ident, k, sig, impl=True)
    assert out["stack"][8] == "0", out
    # a y with no x on the curve
    p = 2**255 - 19
    d = (-121665 * pow(121666, p - 2, p)) % p
    y = 2
    while True:
        u, v = (y * y - 1) % p, (d * y * y + 1) % p
        x2 = u * pow(v, p - 2, p) % p
        if pow(x2, (p - 1) // 2, p) == p - 1:
            break
        y += 1
    prehash("eddsa_err_public_key", "verify_prehash with a public key off the curve",
            y.to_bytes(32, "little"), k, sig, error="failed to deserialize public key", event=ev)
    body = store(limbs(pk), 1000) + store(limbs(k), 1100) + \
        ["    push.1201 push.1100 push.1000", f"    exec.{mod}::verify_prehash"]
    case(oracle_dir, mod, "eddsa_err_unaligned", "verify_prehash with sig_ptr not word-aligned",
         body, error="failed to read signature from memory: address 1201 is not word-aligned",
         event=ev)


def main():
    oracle_dir = sys.argv[1]
    which = sys.argv[2:] or ["ecdsa", "eddsa"]
    if "ecdsa" in which:
        ecdsa_cases(oracle_dir)
    if "eddsa" in which:
        eddsa_cases(oracle_dir)


if __name__ == "__main__":
    main()
