#!/usr/bin/env python3
"""Prints known-answer vectors for unittests/Field from plain big-integer arithmetic.

Independent of the C++ code: polynomials are multiplied schoolbook and reduced
by the modulus polynomial; inverses come from exponentiation in the extension
(a^(q-2) with q = p^k).
"""
import random

P = 2**64 - 2**32 + 1


def polymulmod(a, b, modpoly):
    # modpoly: coefficients of the monic modulus, low degree first (without leading 1).
    k = len(modpoly)
    prod = [0] * (2 * k - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            prod[i + j] = (prod[i + j] + x * y) % P
    for d in range(len(prod) - 1, k - 1, -1):
        c = prod[d]
        prod[d] = 0
        for i, m in enumerate(modpoly):
            prod[d - k + i] = (prod[d - k + i] - c * m) % P
    return prod[:k]


def polypow(a, e, modpoly):
    r = [1] + [0] * (len(modpoly) - 1)
    while e:
        if e & 1:
            r = polymulmod(r, a, modpoly)
        a = polymulmod(a, a, modpoly)
        e >>= 1
    return r


QUAD = [2, P - 1]          # x^2 - x + 2  -> x^2 + (-1) x + 2
CUBIC = [P - 1, P - 1, 0]  # x^3 - x - 1


def fmt(v):
    return "{" + ", ".join(f"{x}ULL" for x in v) + "}"


rng = random.Random(20261122)
print("// base: a, b, a*b, a^-1")
for _ in range(4):
    a, b = rng.randrange(P), rng.randrange(P)
    print(f"{{{a}ULL, {b}ULL, {a * b % P}ULL, {pow(a, P - 2, P)}ULL}},")
for name, mod in (("quad", QUAD), ("cubic", CUBIC)):
    k = len(mod)
    print(f"// {name}: a, b, a*b, a^-1")
    for _ in range(4):
        a = [rng.randrange(P) for _ in range(k)]
        b = [rng.randrange(P) for _ in range(k)]
        inv = polypow(a, P**k - 2, mod)
        assert polymulmod(a, inv, mod) == [1] + [0] * (k - 1)
        print(f"{{{fmt(a)}, {fmt(b)}, {fmt(polymulmod(a, b, mod))}, {fmt(inv)}}},")
