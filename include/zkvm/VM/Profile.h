//===- zkvm/VM/Profile.h - Where a run spends its cycles ----------*- C++ -*-===//
//
// executeWithProfile() runs a program like execute() and also counts:
//  - cycles per procedure, inclusive and exclusive, for every procedure that
//    is its own MAST node (small procedures that the assembler merged into
//    their caller's basic block count as the caller's);
//  - cycles per operation (basic-block opcodes and control operations);
//  - the chiplet work the run implies, in Miden v0.20.6's chiplet rows:
//    hasher (8 rows per permutation, per Merkle-path level, per program
//    block hashed), bitwise (8 rows per u32 AND/XOR), memory (one row per
//    element or word access) and 16-bit range checks.
// These are the numbers that decide proving cost.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_VM_PROFILE_H
#define ZKVM_VM_PROFILE_H

#include "zkvm/VM/Processor.h"

#include <array>
#include <string>
#include <vector>

namespace zkvm {

struct ProcedureProfile {
  std::string Name;
  Digest Root;
  uint64_t Calls = 0;
  uint64_t Inclusive = 0;
  uint64_t Exclusive = 0;
};

struct ExecutionProfile {
  /// Sorted by exclusive cycles, largest first.
  std::vector<ProcedureProfile> Procedures;
  /// Cycles per basic-block opcode (index = 7-bit opcode) and per control
  /// operation (index = ControlOpCode value).
  std::array<uint64_t, 128> OpCycles{};
  std::array<uint64_t, 128> ControlCycles{};
  uint64_t HasherRows = 0;
  uint64_t BitwiseRows = 0;
  uint64_t MemoryRows = 0;
  uint64_t RangeChecks = 0;
};

/// As execute(), filling Profile.
llvm::Expected<ExecutionResult>
executeWithProfile(const MastForest &Program, llvm::ArrayRef<Felt> StackInputs, AdviceInputs Advice,
                   Host &H, ExecutionProfile &Profile, const ExecutionOptions &Opts = {});

} // namespace zkvm

#endif // ZKVM_VM_PROFILE_H
