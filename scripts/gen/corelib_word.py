#!/usr/bin/env python3
"""Generates test/CoreLib/word/*.masm with expected stacks from a Python model of
miden::core::word (independent of any MASM). scripts/gen/vm_goldens.py then checks them
against Miden v0.20.6: it rewrites the header with the oracle's stack (adding a "Golden values"
line); the recorded files agree with this model value for value.

usage: scripts/gen/corelib_word.py
"""
import os

P = 2**64 - 2**32 + 1
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "CoreLib", "word")

# Word pairs (LHS, RHS) as push order [w0, w1, w2, w3] (w3 ends on top, most significant).
PAIRS = [
    ([1, 2, 3, 4], [1, 2, 3, 4]),
    ([1, 2, 3, 5], [1, 2, 3, 4]),
    ([1, 2, 3, 4], [1, 2, 3, 5]),
    ([9, 9, 9, 4], [0, 0, 0, 5]),          # top element decides over the rest
    ([0, 0, 0, 5], [9, 9, 9, 4]),
    ([5, 2, 3, 4], [4, 2, 3, 4]),          # only the deepest element differs
    ([4, 2, 3, 4], [5, 2, 3, 4]),
    ([0, 7, 0, 0], [P - 1, 6, 0, 0]),      # w1 decides, w0 against it
    ([P - 1, 6, 0, 0], [0, 7, 0, 0]),
    ([0, 0, P - 1, 0], [0, 0, 2**32, 0]),  # elements compare as integers, not u32 limbs
    ([0, 0, 2**32 - 1, 0], [0, 0, 2**32, 0]),
    ([P - 1, P - 1, P - 1, P - 1], [P - 1, P - 1, P - 1, P - 1]),
    ([0, 0, 0, 0], [P - 1, P - 1, P - 1, P - 1]),
    ([P - 1, 0, 0, 1], [0, P - 1, P - 1, 0]),
    ([0, 0, 0, 0], [0, 0, 0, 0]),
]


def key(w):
    return tuple(reversed(w))  # w3 most significant


MODEL = {
    "gt": lambda l, r: int(key(l) > key(r)),
    "gte": lambda l, r: int(key(l) >= key(r)),
    "lt": lambda l, r: int(key(l) < key(r)),
    "lte": lambda l, r: int(key(l) <= key(r)),
    "eq": lambda l, r: int(l == r),
}


def push(w):
    return "push." + ".".join(str(x) for x in w)


def write(name, comment, body, results):
    """results: the values the body leaves, in push order (the last one ends on top); the body
    ends by dropping as many of the initial zeros."""
    assert len(results) <= 15
    body += f"    repeat.{len(results)} movup.15 drop end\n"
    stack = [str(x) for x in reversed(results)] + ["0"] * (16 - len(results))
    with open(os.path.join(OUT, name), "w") as f:
        f.write(f"# RUN: %zkrun %s | FileCheck %s\n# CHECK: stack: {' '.join(stack)} (top first)\n")
        f.write(comment)
        f.write("use miden::core::word\n\nbegin\n" + body + "end\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    for proc, fn in MODEL.items():
        body = ""
        for l, r in PAIRS:
            body += f"    {push(l)} {push(r)} exec.word::{proc}\n"
        write(f"{proc}.masm", f"# word::{proc} on [RHS, LHS]; one result per pair, last pair on top.\n",
              body, [fn(l, r) for l, r in PAIRS])

    # test_eq keeps its inputs: one pair per line, results and inputs dropped down to the flag.
    body = ""
    for l, r in PAIRS:
        body += f"    {push(l)} {push(r)} exec.word::test_eq movdn.8 dropw dropw\n"
    write("test_eq.masm", "# word::test_eq: the flag; the kept words are checked in test_eq_keep.masm.\n",
          body, [MODEL["eq"](l, r) for l, r in PAIRS])
    write("test_eq_keep.masm", "# word::test_eq leaves [flag, RHS, LHS].\n",
          "    push.1.2.3.4 push.1.2.3.4 exec.word::test_eq movdn.8 dropw dropw\n"
          "    push.5.6.7.8 push.5.6.0.8 exec.word::test_eq\n",
          [1, 5, 6, 7, 8, 5, 6, 0, 8, 0])

    ws = [[0, 0, 0, 0], [0, 0, 0, 1], [1, 0, 0, 0], [0, 0, P - 1, 0], [0, 5, 0, 0], [3, 3, 3, 3]]
    body = ""
    for w in ws:
        body += f"    {push(w)} exec.word::eqz\n"
    write("eqz.masm", "# word::eqz consumes the word.\n", body, [int(w == [0] * 4) for w in ws])
    body = ""
    for w in ws:
        body += f"    {push(w)} exec.word::testz movdn.4 dropw\n"
    body += "    push.0.0.0.7 exec.word::testz\n"
    write("testz.masm", "# word::testz keeps the word (the last line keeps it on the stack).\n", body,
          [int(w == [0] * 4) for w in ws] + [0, 0, 0, 7, 0])

    write("reverse.masm", "# word::reverse.\n",
          "    push.1.2.3.4 exec.word::reverse push.5.6.7.8 exec.word::reverse\n",
          [4, 3, 2, 1, 8, 7, 6, 5])

    # store_word_u32s_le: read the eight limbs back with single-element loads.
    w = [0x0102030405060708, P - 1, 2**32, 0xFFFFFFFF]
    limbs = []
    for x in w:
        limbs += [x & 0xFFFFFFFF, x >> 32]
    body = f"    push.40 {push(w)} exec.word::store_word_u32s_le\n"
    body += "".join(f"    push.{40 + i} mem_load\n" for i in range(8))
    body += "    push.48 mem_load push.39 mem_load\n"
    write("store_word_u32s_le.masm", "# word::store_word_u32s_le writes [w0_lo, w0_hi, ..., w3_hi] at out_ptr.\n",
          body, limbs + [0, 0])


if __name__ == "__main__":
    main()
