#!/usr/bin/env python3
"""Writes the test programs of test/CoreLib/crypto/rpo256_*.masm (miden::core::crypto::hashes::rpo256).
Their expected stacks come from Miden v0.20.6: run scripts/gen/vm_goldens.py /work/oracle on the
written files afterwards (it adds the RUN/CHECK header).

usage: scripts/gen/corelib_rpo256.py
"""
import os

P = 2**64 - 2**32 + 1
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "CoreLib", "crypto")


def elements(n):
    # distinct values spread over the field, some above 2^32 and one at p - 1
    return [(i * 0x9E3779B97F4A7C15 + 7) % P if i != 5 else P - 1 for i in range(n)]


def fill(n_words, base=0):
    """MASM lines storing 4 * n_words elements at base (mem[base + i] = elements()[i])."""
    e = elements(4 * n_words)
    out = []
    for w in range(n_words):
        vals = e[4 * w:4 * w + 4]  # mem_storew_be: deepest pushed value at the lowest address
        out.append(f"    push.{'.'.join(map(str, vals))} mem_storew_be.{base + 4 * w} dropw")
    return "\n".join(out) + "\n"


def write(name, comment, body, words_left):
    """words_left: how many words the body leaves above the 16 initial zeros (at most 3)."""
    drops = 4 * words_left
    if drops:
        body += f"    repeat.{drops} movup.15 drop end\n"
    with open(os.path.join(OUT, name), "w") as f:
        f.write(comment + "use miden::core::crypto::hashes::rpo256\n\nbegin\n" + body + "end\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    # hash_elements / pad_and_hash_elements over 0..24 elements, three lengths per program
    groups = [[0, 1, 3], [4, 7, 8], [9, 12, 15], [16, 17, 24]]
    for proc in ["hash_elements", "pad_and_hash_elements"]:
        for g in groups:
            body = fill(8)
            for n in g:
                body += f"    push.{n} push.0 exec.rpo256::{proc}\n"
            write(f"rpo256_{proc}_{'_'.join(map(str, g))}.masm",
                  f"# rpo256::{proc} of the first {', '.join(map(str, g))} elements at address 0 (last on top).\n",
                  body, len(g))
    # a start address other than 0
    body = fill(4, 64) + "    push.13 push.64 exec.rpo256::hash_elements\n    push.13 push.64 exec.rpo256::pad_and_hash_elements\n"
    write("rpo256_hash_elements_offset.masm",
          "# rpo256::hash_elements and pad_and_hash_elements of 13 elements at address 64.\n", body, 2)

    # hash_words: 0..6 words
    for g in [[0, 1, 2], [3, 4, 5], [6]]:
        body = fill(8, 16)
        for n in g:
            body += f"    push.{16 + 4 * n} push.16 exec.rpo256::hash_words\n"
        write(f"rpo256_hash_words_{'_'.join(map(str, g))}.masm",
              f"# rpo256::hash_words of {', '.join(map(str, g))} words from address 16 (last on top).\n",
              body, len(g))
    # hash_double_words: 0, 2, 6 words
    body = fill(8, 8)
    for n in [0, 2, 6]:
        body += f"    push.{8 + 4 * n} push.8 exec.rpo256::hash_double_words\n"
    write("rpo256_hash_double_words.masm",
          "# rpo256::hash_double_words of 0, 2 and 6 words from address 8 (last on top).\n", body, 3)

    # absorb_double_words_from_memory from a non-zero state; keeps the state and addresses
    body = fill(4, 0)
    body += "    push.32 push.0 push.1.2.3.4 push.5.6.7.8 push.9.10.11.12\n"
    body += "    exec.rpo256::absorb_double_words_from_memory\n    movup.12 drop\n"
    with open(os.path.join(OUT, "rpo256_absorb_double_words_from_memory.masm"), "w") as f:
        f.write("# rpo256::absorb_double_words_from_memory: [C, B, A, start, end] -> [C', B', A', end, end];\n"
                "# one end_addr dropped so that 16 elements are left.\n"
                "use miden::core::crypto::hashes::rpo256\n\nbegin\n" + body +
                "    repeat.16 movup.15 drop end\nend\n")

    # prepare_hasher_state: both flags
    for flag, n in [(0, 21), (1, 21), (0, 16)]:
        with open(os.path.join(OUT, f"rpo256_prepare_hasher_state_{flag}_{n}.masm"), "w") as f:
            f.write(f"# rpo256::prepare_hasher_state with ptr 40, {n} elements, pad flag {flag}.\n"
                    "use miden::core::crypto::hashes::rpo256\n\nbegin\n"
                    f"    push.{flag} push.{n} push.40 exec.rpo256::prepare_hasher_state\n"
                    "    repeat.15 movup.15 drop end\nend\n")

    # hash_elements_with_state from a non-zero state (capacity and rate), 10 elements
    body = fill(4, 0)
    body += "    push.2 push.8 push.0 push.7.0.0.3 push.1.2.3.4 push.5.6.7.8\n"
    body += "    exec.rpo256::hash_elements_with_state\n"
    body += "    push.0 push.16 push.16 push.0.0.0.0 push.11.12.13.14 push.15.16.17.18\n"
    body += "    exec.rpo256::hash_elements_with_state\n"
    write("rpo256_hash_elements_with_state.masm",
          "# rpo256::hash_elements_with_state from non-zero states: 10 elements (8 + 2), then none.\n",
          body, 2)

    # the one-instruction procedures and the state helpers
    write("rpo256_hash_merge.masm", "# rpo256::hash and rpo256::merge.\n",
          "    push.1.2.3.4 exec.rpo256::hash\n"
          f"    push.{P - 1}.0.5.6 push.9.8.7.6 exec.rpo256::merge\n"
          "    push.0.0.0.0 exec.rpo256::hash\n", 3)
    write("rpo256_state_helpers.masm",
          "# rpo256::init_no_padding + permute + squeeze_digest (the digest of the permuted zero state);\n"
          "# copy_digest leaves [B, C, B, A]: moving the copy under the state and squeezing gives B twice.\n",
          "    exec.rpo256::init_no_padding exec.rpo256::permute exec.rpo256::squeeze_digest\n"
          "    push.1.2.3.4 push.5.6.7.8 push.9.10.11.12 exec.rpo256::permute\n"
          "    exec.rpo256::copy_digest movdnw.3 exec.rpo256::squeeze_digest\n", 3)

    # failures
    with open(os.path.join(OUT, "rpo256_err_hash_double_words_order.masm"), "w") as f:
        f.write("# rpo256::hash_double_words rejects start_addr > end_addr.\n"
                "use miden::core::crypto::hashes::rpo256\n\nbegin\n"
                "    push.8 push.16 exec.rpo256::hash_double_words\nend\n")
    with open(os.path.join(OUT, "rpo256_err_hash_words_order.masm"), "w") as f:
        f.write("# rpo256::hash_words rejects start_addr > end_addr.\n"
                "use miden::core::crypto::hashes::rpo256\n\nbegin\n"
                "    push.4 push.8 exec.rpo256::hash_words\nend\n")
    with open(os.path.join(OUT, "rpo256_err_hash_words_u32.masm"), "w") as f:
        f.write("# rpo256::hash_words: addresses must be u32 values.\n"
                "use miden::core::crypto::hashes::rpo256\n\nbegin\n"
                "    push.4294967296 push.0 exec.rpo256::hash_words\nend\n")


if __name__ == "__main__":
    main()
