#!/usr/bin/env python3
"""A small Python model of Keccak-f[1600] and of the Keccak sponge, independent of the C++ in
lib/Crypto/Keccak.cpp. keccak256() uses the original Keccak padding (domain byte 0x01, as in
Ethereum); the same sponge with the FIPS 202 domain byte 0x06 is SHA3-256, which is checked
against hashlib when this file is run, so the permutation itself is tested by an outside oracle.

usage: scripts/gen/keccak_ref.py [HEX...]   (prints Keccak-256 of each hex string)
"""
import hashlib
import sys

M64 = (1 << 64) - 1


def _rot(v, n):
    n %= 64
    return ((v << n) | (v >> (64 - n))) & M64 if n else v


def _round_constants():
    out, r = [], 1
    for _ in range(24):
        c = 0
        for j in range(7):
            if r & 1:
                c |= 1 << ((1 << j) - 1)
            r = ((r << 1) ^ 0x71) & 0xFF if r & 0x80 else r << 1
        out.append(c)
    return out


def _offsets():
    off = [[0] * 5 for _ in range(5)]
    x, y = 1, 0
    for t in range(24):
        off[x][y] = (t + 1) * (t + 2) // 2
        x, y = y, (2 * x + 3 * y) % 5
    return off


RC = _round_constants()
OFF = _offsets()


def keccak_f(a):
    """a[x][y]: 5x5 lanes of 64 bits, permuted in place."""
    for rc in RC:
        c = [a[x][0] ^ a[x][1] ^ a[x][2] ^ a[x][3] ^ a[x][4] for x in range(5)]
        for x in range(5):
            d = c[(x - 1) % 5] ^ _rot(c[(x + 1) % 5], 1)
            for y in range(5):
                a[x][y] ^= d
        b = [[0] * 5 for _ in range(5)]
        for x in range(5):
            for y in range(5):
                b[y][(2 * x + 3 * y) % 5] = _rot(a[x][y], OFF[x][y])
        for x in range(5):
            for y in range(5):
                a[x][y] = b[x][y] ^ (~b[(x + 1) % 5][y] & b[(x + 2) % 5][y] & M64)
        a[0][0] ^= rc


def sponge(data, rate, domain, out_len):
    msg = bytearray(data)
    msg.append(domain)
    msg += bytes((-len(msg)) % rate)
    msg[-1] |= 0x80
    a = [[0] * 5 for _ in range(5)]
    for off in range(0, len(msg), rate):
        for i in range(rate // 8):
            a[i % 5][i // 5] ^= int.from_bytes(msg[off + 8 * i:off + 8 * i + 8], "little")
        keccak_f(a)
    out = b"".join(a[i % 5][i // 5].to_bytes(8, "little") for i in range(25))
    return out[:out_len]


def keccak256(data):
    return sponge(data, 136, 0x01, 32)


def _self_check():
    for msg in (b"", b"abc", bytes(range(200)), b"a" * 135, b"a" * 136, b"a" * 137):
        assert sponge(msg, 136, 0x06, 32) == hashlib.sha3_256(msg).digest()
    assert keccak256(b"").hex() == \
        "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"


_self_check()

if __name__ == "__main__":
    for h in sys.argv[1:]:
        print(keccak256(bytes.fromhex(h)).hex())
