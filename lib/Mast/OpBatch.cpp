//===- OpBatch.cpp - Basic-block operation batches ------------------------===//
//
// A direct model of the layout rules in OpBatch.h. Groups are allocated in
// order: the open op group, then the immediates of its PUSHes, then the next
// op group, so "the next free group" is a single counter.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Mast/OpBatch.h"

#include "zkvm/Crypto/Rpo256.h"

#include <cassert>

using namespace llvm;

namespace zkvm {

namespace {

constexpr unsigned GroupSize = OpBatch::GroupSize;
constexpr unsigned BatchSize = OpBatch::BatchSize;

class BatchBuilder {
public:
  BatchBuilder() { B.GroupStart.fill(0); }

  bool empty() const { return B.Ops.empty(); }

  bool canAccept(const Operation &Op) const {
    if (Op.hasHashedImmediate()) {
      // A PUSH in the last slot moves to a fresh group, which then also needs
      // a group for the immediate after it.
      if (OpsInGroup < GroupSize - 1)
        return NextFree < BatchSize;
      return NextFree + 1 < BatchSize;
    }
    return OpsInGroup < GroupSize || NextFree < BatchSize;
  }

  void add(const Operation &Op) {
    assert(canAccept(Op) && "batch is out of room");
    if (OpsInGroup == GroupSize)
      closeGroup();
    if (Op.hasHashedImmediate()) {
      if (OpsInGroup == GroupSize - 1)
        closeGroup();
      B.Groups[NextFree++] = Op.Imm;
    }
    append(Op);
  }

  OpBatch finish() {
    // Round the group count up to a power of two; each extra group is a
    // lone NOOP (closeGroup pads the empty group it opens).
    unsigned Target = 1;
    while (Target < NextFree)
      Target *= 2;
    while (NextFree < Target)
      closeGroup();
    sealGroup();
    B.NumGroups = NextFree;
    for (unsigned G = Cur + 1; G <= BatchSize; ++G)
      B.GroupStart[G] = uint8_t(B.Ops.size());
    return std::move(B);
  }

private:
  void append(const Operation &Op) {
    Bits |= uint64_t(Op.opcode()) << (OpBatch::OpBits * OpsInGroup);
    B.Ops.push_back(Op);
    ++OpsInGroup;
  }

  /// Finishes the open group: an empty group or one ending in PUSH gets a
  /// NOOP, since the decoder must not end a group on an op whose immediate
  /// it still has to read.
  void sealGroup() {
    if (OpsInGroup == 0 || B.Ops.back().hasHashedImmediate()) {
      assert(OpsInGroup < GroupSize && "a PUSH cannot end a full group");
      append(Operation(OpCode::Noop));
      B.Padded[Cur] = true;
    }
    B.Groups[Cur] = Felt(Bits);
  }

  /// Seals the open group and opens the next free one. The immediate groups
  /// in between get an empty op range where the new group starts.
  void closeGroup() {
    sealGroup();
    for (unsigned G = Cur + 1; G <= NextFree; ++G)
      B.GroupStart[G] = uint8_t(B.Ops.size());
    Cur = NextFree++;
    OpsInGroup = 0;
    Bits = 0;
  }

  OpBatch B;
  unsigned Cur = 0;        ///< the open op group
  unsigned NextFree = 1;   ///< the next unallocated group
  unsigned OpsInGroup = 0; ///< ops in the open group
  uint64_t Bits = 0;       ///< the open group's packed opcodes
};

} // namespace

std::vector<OpBatch> batchOperations(ArrayRef<Operation> Ops) {
  std::vector<OpBatch> Batches;
  BatchBuilder Builder;
  for (const Operation &Op : Ops) {
    if (!Builder.canAccept(Op)) {
      Batches.push_back(Builder.finish());
      Builder = BatchBuilder();
    }
    Builder.add(Op);
  }
  if (!Builder.empty())
    Batches.push_back(Builder.finish());
  return Batches;
}

Digest hashBatches(ArrayRef<OpBatch> Batches) {
  std::vector<Felt> Elements;
  Elements.reserve(Batches.size() * BatchSize);
  for (const OpBatch &B : Batches)
    Elements.insert(Elements.end(), B.Groups.begin(), B.Groups.end());
  return Rpo256::hashElements(Elements);
}

} // namespace zkvm
