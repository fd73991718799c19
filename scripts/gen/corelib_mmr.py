#!/usr/bin/env python3
"""Test programs for miden::core::collections::mmr (stdlib/collections/mmr.masm).

Writes test/CoreLib/collections/mmr_*.masm and err_mmr_*.masm. Each program builds MMRs with
mmr::add (or writes one into memory), checks every leaf with mmr::get and the pack/unpack round
trip inside the program, and leaves the commitments and counts on the stack. The RUN/CHECK
headers come from Miden v0.20.6 afterwards:

    scripts/gen/corelib_mmr.py
    scripts/gen/vm_goldens.py ORACLE_DIR test/CoreLib/collections/*mmr*.masm

    scripts/gen/corelib_mmr.py --cycles ZKRUN [--oracle ORACLE_DIR]
        prints each procedure's cycles for `exec` in a program (zkrun, and Miden's)

Leaf c (c = 1, 2, ...) of a built MMR is the word [7c, 5c, 3c, c] (top first), at position c-1.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "..", "test", "CoreLib", "collections"))

PRELUDE = """use miden::core::collections::mmr
const MMR = 1000
const COPY = 4000
"""

# [c, ...] -> [c, ...]: appends leaf c to the MMR at ADDR
ADD_LEAF = "push.{addr} dup.1 dup.0 mul.3 dup.1 mul.5 dup.2 mul.7 exec.mmr::add"
# [p, ...] -> [p, ...]: asserts that leaf p of the MMR at ADDR is leaf c = p + 1
CHECK_LEAF = ("push.{addr} dup.1 exec.mmr::get "
              "dup.4 add.1 dup.0 mul.3 dup.1 mul.5 dup.2 mul.7 assert_eqw")


def built(n):
    """Adds n leaves, checks them all, packs, unpacks into COPY, checks the copy."""
    return f"""# mmr::add of {n} leaves, mmr::get of every leaf, mmr::pack, then mmr::unpack of the
# commitment into fresh memory: the copy has the same leaves and the same commitment.
{PRELUDE}begin
  push.0 repeat.{n} add.1 {ADD_LEAF.format(addr="MMR")} end drop
  push.0 repeat.{n} {CHECK_LEAF.format(addr="MMR")} add.1 end drop
  push.MMR exec.mmr::pack
  # => [HASH]
  dupw push.COPY movdn.4 exec.mmr::unpack
  push.0 repeat.{n} {CHECK_LEAF.format(addr="COPY")} add.1 end drop
  push.COPY exec.mmr::pack dupw.1 assert_eqw
  push.MMR mem_load push.COPY mem_load
  # the peaks in memory: the first one and the slot after the last
  padw push.MMR add.4 mem_loadw_be
  push.MMR mem_load exec.mmr::num_leaves_to_num_peaks mul.4 push.MMR add add.4 padw movup.4 mem_loadw_be
  # => [after_last, P0, n_copy, n, HASH]
  repeat.14 movup.15 drop end
end
"""


def fake(n, peaks, rest):
    """An MMR of n leaves written into memory with the given number of peaks [i, 0, 0, 0]."""
    stores = "\n".join(f"  push.{i + 1}.0.0.{i * 7 + 3} push.MMR add.{4 + 4 * i} mem_storew_be dropw"
                       for i in range(peaks))
    return f"""{PRELUDE}begin
  push.{n} push.MMR mem_store
{stores}
{rest}end
"""


def tests():
    t = {}
    for n in [1, 2, 3, 4, 5, 7, 8, 13, 16, 31, 32, 33]:
        t[f"mmr_add_get_{n}"] = built(n)

    t["mmr_empty"] = f"""# The empty MMR: pack commits to 16 zero peaks, unpack of that commitment gives an empty
# MMR, and a leaf added to the copy is its only peak.
{PRELUDE}begin
  push.MMR exec.mmr::pack
  dupw push.COPY movdn.4 exec.mmr::unpack
  push.COPY mem_load
  push.COPY push.1.2.3.4 exec.mmr::add
  push.COPY push.0 exec.mmr::get
  push.COPY mem_load
  # => [1, LEAF, 0, HASH]
  repeat.10 movup.15 drop end
end
"""

    t["mmr_num_peaks"] = """# mmr::num_leaves_to_num_peaks (any field element) and mmr::num_peaks_to_message_size
# (padding to at least 16 peaks and to an even count, 4 elements a peak).
use miden::core::collections::mmr
begin
  push.0 exec.mmr::num_leaves_to_num_peaks
  push.1 exec.mmr::num_leaves_to_num_peaks
  push.11 exec.mmr::num_leaves_to_num_peaks
  push.4294967295 exec.mmr::num_leaves_to_num_peaks
  push.4294967296 exec.mmr::num_leaves_to_num_peaks
  push.12884901891 exec.mmr::num_leaves_to_num_peaks
  push.18446744069414584320 exec.mmr::num_leaves_to_num_peaks
  push.0 exec.mmr::num_peaks_to_message_size
  push.1 exec.mmr::num_peaks_to_message_size
  push.16 exec.mmr::num_peaks_to_message_size
  push.17 exec.mmr::num_peaks_to_message_size
  push.18 exec.mmr::num_peaks_to_message_size
  push.33 exec.mmr::num_peaks_to_message_size
  push.4294967295 exec.mmr::num_peaks_to_message_size
  repeat.14 movup.15 drop end
end
"""

    t["mmr_get_past_end"] = """# mmr::get of a position past the last leaf: with 5 leaves (peaks of 4 and 1 leaves),
# position 6 is taken for the single-leaf peak and returns it (Miden 0.20.6 does the same);
# position 2 of 3 leaves, the single-leaf peak itself.
""" + PRELUDE + f"""begin
  push.0 repeat.5 add.1 {ADD_LEAF.format(addr="MMR")} end drop
  push.MMR push.6 exec.mmr::get
  push.MMR push.4 exec.mmr::get
  repeat.8 movup.15 drop end
end
"""

    # 20 peaks: pack pads them to an even count over 16; unpack reads the extra pairs
    t["mmr_many_peaks"] = "# An MMR of 2^20 - 1 leaves (20 peaks, written into memory): pack and unpack with\n" \
        "# 20 peaks, then add merges all 20 into one peak (the nodes are recorded on the way).\n" + fake(
            2**20 - 1, 20, """  push.MMR exec.mmr::pack
  dupw push.COPY movdn.4 exec.mmr::unpack
  push.COPY exec.mmr::pack dupw.1 assert_eqw
  # the last peak holds one leaf: get returns it without a Merkle path
  push.MMR push.1048574 exec.mmr::get
  push.MMR push.9.8.7.6 exec.mmr::add
  padw push.MMR add.8 mem_loadw_be padw assert_eqw
  push.MMR mem_load
  padw push.MMR add.4 mem_loadw_be
  # => [P0', n', LEAF, HASH]
  repeat.13 movup.15 drop end
""")

    # 21 peaks: the odd count is padded to 22
    t["mmr_odd_peaks"] = "# An MMR of 2^21 - 2 leaves (20 peaks) and one added leaf: 21 peaks, padded to 22\n" \
        "# for the commitment; unpack of the commitment into fresh memory.\n" + fake(
            2**21 - 2, 20, """  push.MMR push.5.5.5.5 exec.mmr::add
  push.MMR exec.mmr::pack
  dupw push.COPY movdn.4 exec.mmr::unpack
  push.COPY exec.mmr::pack dupw.1 assert_eqw
  push.COPY mem_load
  padw push.COPY add.84 mem_loadw_be
  padw push.COPY add.88 mem_loadw_be
  # => [slot 21 (zero), P20, n, HASH]
  repeat.13 movup.15 drop end
""")

    t["mmr_u64_leaves"] = "# Leaf counts over u32: 2^33 - 1 leaves (33 peaks, all merged by add, 32 of them\n" \
        "# through the low half of the count) and 2^32 leaves plus one.\n" + fake(
            2**33 - 1, 33, """  push.MMR push.1.2.3.4 exec.mmr::add
  padw push.MMR add.8 mem_loadw_be padw assert_eqw
  push.MMR mem_load
  padw push.MMR add.4 mem_loadw_be
  push.MMR exec.mmr::pack
  push.4294967296 push.COPY mem_store
  push.1.1.1.1 push.COPY add.4 mem_storew_be dropw
  push.COPY push.2.2.2.2 exec.mmr::add
  push.COPY mem_load
  push.COPY exec.mmr::pack
  # => [HASH2, n2, HASH1, P0, n]
  repeat.14 movup.15 drop end
""")

    t["mmr_unpack_advice"] = """# mmr::unpack of a commitment recorded with adv.insert_mem from memory written by hand
# (3 leaves: 2 peaks, 16 words of padded peaks), then mmr::get of its single-leaf peak.
use miden::core::collections::mmr
use miden::core::crypto::hashes::rpo256
begin
  push.3 mem_store.100
  push.11.12.13.14 mem_storew_be.104 dropw
  push.21.22.23.24 mem_storew_be.108 dropw
  push.168 push.104 exec.rpo256::hash_double_words
  # => [HASH]: the commitment, with the MMR's memory recorded under it
  push.168 push.100 movdn.5 movdn.5 adv.insert_mem movup.4 drop movup.4 drop
  dupw push.2000 movdn.4 exec.mmr::unpack
  push.2000 push.2 exec.mmr::get
  push.2000 mem_load
  padw mem_loadw_be.2004
  repeat.13 movup.15 drop end
end
"""

    # failures
    t["err_mmr_get_empty"] = """# mmr::get on an empty MMR: no peak owns position 0.
use miden::core::collections::mmr
begin
  push.1000 push.0 exec.mmr::get
  dropw
end
"""
    t["err_mmr_get_out_of_range"] = f"""# mmr::get of position 4 in an MMR of 4 leaves.
{PRELUDE}begin
  push.0 repeat.4 add.1 {ADD_LEAF.format(addr="MMR")} end drop
  push.MMR push.4 exec.mmr::get
  dropw
end
"""
    t["err_mmr_get_not_u32"] = f"""# mmr::get of a position that is not a u32.
{PRELUDE}begin
  push.0 repeat.3 add.1 {ADD_LEAF.format(addr="MMR")} end drop
  push.MMR push.4294967296 exec.mmr::get
  dropw
end
"""
    t["err_mmr_get_unknown_tree"] = """# mmr::get of a leaf under a peak that is not in the Merkle store (written into memory).
use miden::core::collections::mmr
begin
  push.2 mem_store.1000
  push.1.2.3.4 mem_storew_be.1004 dropw
  push.1000 push.1 exec.mmr::get
  dropw
end
"""
    t["err_mmr_unpack_unknown"] = """# mmr::unpack of a commitment that is not a key of the advice map.
use miden::core::collections::mmr
begin
  push.1000 push.1.2.3.4 exec.mmr::unpack
end
"""
    t["err_mmr_unpack_bad_hash"] = """# mmr::unpack of an advice map entry whose peaks do not hash to its key.
use miden::core::collections::mmr
begin
  push.1 mem_store.100
  push.11.12.13.14 mem_storew_be.104 dropw
  push.168 push.100 push.5.6.7.8 adv.insert_mem dropw drop drop
  push.2000 push.5.6.7.8 exec.mmr::unpack
end
"""
    return t


def cycle_cases():
    """(name, setup, with the call, without it): the cycles are the difference."""
    def build(n):
        return f"push.0 repeat.{n} add.1 {ADD_LEAF.format(addr=1000)} end drop" if n else ""

    def fake(n, k):
        return f"push.{n} push.1000 mem_store " + " ".join(
            f"push.{i + 1}.0.0.0 push.{1004 + 4 * i} mem_storew_be dropw" for i in range(k))
    cases = []
    for n in [0, 1, 3, 7]:
        cases.append((f"add, {bin(n).count('1')} merges", build(n),
                      "push.1000 push.1.2.3.4 exec.mmr::add", "push.1000 push.1.2.3.4 dropw drop"))
    cases.append(("get, depth 2", build(7), "push.1000 push.0 exec.mmr::get dropw",
                  "push.1000 push.0 drop drop"))
    cases.append(("get, single-leaf peak", build(7), "push.1000 push.6 exec.mmr::get dropw",
                  "push.1000 push.6 drop drop"))
    for setup, what in [(build(7), "3 peaks"), (fake(2**20 - 1, 20), "20 peaks")]:
        cases.append((f"pack, {what}", setup, "push.1000 exec.mmr::pack dropw", "push.1000 drop"))
        cases.append((f"unpack, {what}", setup + " push.1000 exec.mmr::pack",
                      "push.2000 movdn.4 exec.mmr::unpack", "push.2000 movdn.4 dropw drop"))
    for n in [11, 2**33 + 1]:
        cases.append((f"num_leaves_to_num_peaks({n})", "",
                      f"push.{n} exec.mmr::num_leaves_to_num_peaks drop", f"push.{n} drop"))
    cases.append(("num_peaks_to_message_size(3)", "",
                  "push.3 exec.mmr::num_peaks_to_message_size drop", "push.3 drop"))
    return cases


def run_cycles(zkrun, oracle):
    def run(cmd, body):
        with tempfile.NamedTemporaryFile("w", suffix=".masm", delete=False) as f:
            f.write(f"use miden::core::collections::mmr\nbegin\n{body}\nend\n")
        try:
            out = subprocess.run(cmd + [f.name], capture_output=True, text=True).stdout
            # zkrun prints one JSON object over several lines, the oracle one line after its log
            return json.loads(out[out.index("{"):] if cmd[0] == zkrun else out.splitlines()[-1])
        finally:
            os.unlink(f.name)
    for name, setup, with_call, without in cycle_cases():
        zk = [int(run([zkrun, "--json"], f"{setup}\n{b}")["cycles"]) for b in (with_call, without)]
        line = f"{name}: {zk[0] - zk[1]}"
        if oracle:
            mi = [int(run(["node", os.path.join(oracle, "oracle.mjs"), "--json"],
                          f"{setup}\n{b}")["clk_delta"]) for b in (with_call, without)]
            line += f" (Miden: {mi[0] - mi[1]})"
        print(line)


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "--cycles":
        oracle = sys.argv[4] if len(sys.argv) >= 5 and sys.argv[3] == "--oracle" else None
        return run_cycles(sys.argv[2], oracle)
    header_prefixes = ("# RUN:", "# CHECK", "# Golden ")
    for name, body in tests().items():
        path = os.path.join(OUT, name + ".masm")
        # a test whose program is unchanged keeps its recorded goldens
        if os.path.exists(path):
            with open(path) as f:
                lines = f.read().splitlines(keepends=True)
            old = "".join(l for l in lines if not l.startswith(header_prefixes))
            if old == body:
                continue
        with open(path, "w") as f:
            f.write(body)
        print(path)


if __name__ == "__main__":
    main()
