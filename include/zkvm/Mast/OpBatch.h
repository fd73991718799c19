//===- zkvm/Mast/OpBatch.h - Basic-block operation batches -----*- C++ -*-===//
//
// The decoder reads a basic block as a sequence of operation batches: 8 field
// elements ("groups") per batch, each group either up to 9 opcodes packed 7
// bits apiece or the immediate of a PUSH in an earlier slot of the batch. The
// layout is consensus-critical: the block digest hashes these groups, so it
// must match Miden v0.20.6 exactly, padding NOOPs included (and they execute).
//
// The rules, in the order they are applied to each operation:
//  - a new batch starts when the current one has no room for the operation,
//    plus, for PUSH, a group for its immediate;
//  - a full group (9 ops) is closed before the next operation;
//  - PUSH may not be the last op of a group: one that would land in slot 8
//    closes the group first; its immediate takes the next free group;
//  - a closed group that ends with PUSH (or is empty) gets a NOOP appended;
//  - the last batch's group count is rounded up to a power of two with groups
//    holding a single NOOP.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_MAST_OPBATCH_H
#define ZKVM_MAST_OPBATCH_H

#include "zkvm/Crypto/Digest.h"
#include "zkvm/IR/Operation.h"

#include "llvm/ADT/ArrayRef.h"

#include <array>
#include <cstdint>
#include <vector>

namespace zkvm {

struct OpBatch {
  /// Opcodes per group.
  static constexpr unsigned GroupSize = 9;
  /// Groups per batch.
  static constexpr unsigned BatchSize = 8;
  /// Bits per opcode inside a group.
  static constexpr unsigned OpBits = 7;

  /// The operations in execution order, padding NOOPs included.
  std::vector<Operation> Ops;
  /// Group G holds Ops[GroupStart[G], GroupStart[G + 1]); an immediate group
  /// has an empty range. Entries past NumGroups equal Ops.size().
  std::array<uint8_t, BatchSize + 1> GroupStart{};
  /// Whether group G ends with a padding NOOP the assembler did not ask for.
  std::array<bool, BatchSize> Padded{};
  /// The group values: packed opcodes (op K at bits 7K..7K+6) or immediates.
  /// Unused groups are zero; all eight enter the block digest.
  std::array<Felt, BatchSize> Groups{};
  /// Groups in use: 8 in all but the last batch, a power of two in the last.
  unsigned NumGroups = 0;

  llvm::ArrayRef<Operation> groupOps(unsigned G) const {
    return llvm::ArrayRef<Operation>(Ops).slice(GroupStart[G], GroupStart[G + 1] - GroupStart[G]);
  }
  /// True for groups that carry a PUSH immediate rather than opcodes.
  bool isImmediateGroup(unsigned G) const { return GroupStart[G] == GroupStart[G + 1]; }
};

/// Splits a basic block's operations into batches (Miden v0.20.6's layout).
/// An empty list gives no batches.
std::vector<OpBatch> batchOperations(llvm::ArrayRef<Operation> Ops);

/// The digest of a basic block: RPO256 hash_elements over every batch's eight
/// group values.
Digest hashBatches(llvm::ArrayRef<OpBatch> Batches);

} // namespace zkvm

#endif // ZKVM_MAST_OPBATCH_H
