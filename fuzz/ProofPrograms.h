//===- ProofPrograms.h - The programs the proof fuzzer's seeds prove ------===//
//
// Shared by ProofFuzzer.cpp and ProofSeeds.cpp. The seeds in
// fuzz/corpus/proof/ are proofs of these programs on these inputs, made with
// cheap options (few queries, no grinding) so that each input verifies in
// milliseconds. The fuzzer knows the programs: a proof it accepts must be of
// one of them, and must state the outputs the program really computes.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_FUZZ_PROOFPROGRAMS_H
#define ZKVM_FUZZ_PROOFPROGRAMS_H

#include "zkvm/Air/Options.h"

#include <cstdint>
#include <vector>

namespace zkvm {
namespace fuzz {

struct ProofProgram {
  const char *Name;
  const char *Source;
  std::vector<uint64_t> StackInputs; // top first
};

inline const std::vector<ProofProgram> &proofPrograms() {
  static const std::vector<ProofProgram> Programs = {
      {"add", "begin\n  add swap drop\nend\n", {3, 4}},
      {"fib",
       "begin\n  push.0 push.1\n  repeat.8\n    swap dup.1 add\n  end\n"
       "  swap drop swap drop\nend\n",
       {}},
      {"u32-mem",
       "begin\n  u32wrapping_mul push.5 mem_store.8 mem_load.8 u32xor push.1 u32and\n"
       "  if.true push.1 else push.2 end\n  swap drop\nend\n",
       {7, 9}},
  };
  return Programs;
}

/// Cheap options: a few queries, no grinding. The fuzzer verifies with a
/// minimum security of 0 bits, so these are accepted.
inline std::vector<ProofOptions> proofSeedOptions() {
  ProofOptions A;
  A.NumQueries = 2;
  A.GrindingBits = 0;
  A.RemainderMaxDegree = 7;
  ProofOptions B = A;
  B.Hash = HashKind::Rpo256;
  B.FoldingFactor = 2;
  ProofOptions C = A;
  C.ExtensionDegree = 3;
  C.FoldingFactor = 8;
  C.Blowup = 16;
  return {A, B, C};
}

} // namespace fuzz
} // namespace zkvm

#endif // ZKVM_FUZZ_PROOFPROGRAMS_H
