//===- OpBatchTest.cpp - Basic-block batching layout ----------------------===//
//
// Digests only see group values, and a padding NOOP (opcode 0) does not
// change them, so the padded operation lists the VM executes are checked
// here: against the layouts Miden v0.20.6 records for its batch_ops tests
// (core/src/mast/node/basic_block_node snapshots), and against invariants
// on random blocks.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Mast/OpBatch.h"
#include "zkvm/Mast/MastForest.h"

#include "zkvm/Crypto/Rpo256.h"

#include "gtest/gtest.h"

#include <random>

using namespace zkvm;

namespace {

Operation push(uint64_t V) { return Operation(OpCode::Push, Felt(V)); }
const Operation Add(OpCode::Add), Mul(OpCode::Mul), Noop(OpCode::Noop), Pad(OpCode::Pad);

std::vector<uint64_t> groupValues(const OpBatch &B) {
  std::vector<uint64_t> V;
  for (Felt G : B.Groups)
    V.push_back(G.value());
  return V;
}

std::vector<unsigned> starts(const OpBatch &B) {
  return std::vector<unsigned>(B.GroupStart.begin(), B.GroupStart.begin() + B.NumGroups + 1);
}

std::vector<bool> padded(const OpBatch &B) {
  return std::vector<bool>(B.Padded.begin(), B.Padded.begin() + B.NumGroups);
}

TEST(OpBatch, Empty) { EXPECT_TRUE(batchOperations({}).empty()); }

TEST(OpBatch, SingleOp) {
  std::vector<OpBatch> Bs = batchOperations({Add});
  ASSERT_EQ(Bs.size(), 1u);
  EXPECT_EQ(Bs[0].Ops, std::vector<Operation>({Add}));
  EXPECT_EQ(Bs[0].NumGroups, 1u);
  EXPECT_EQ(groupValues(Bs[0]), std::vector<uint64_t>({34, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(hashBatches(Bs),
            Rpo256::hashElements(std::vector<Felt>{Felt(34), Felt(), Felt(), Felt(), Felt(), Felt(),
                                                   Felt(), Felt()}));
}

// Miden batch_ops_3: [ADD, PUSH(12345678)] -> ADD PUSH NOOP, groups 11682, imm.
TEST(OpBatch, PushThenPaddingNoop) {
  std::vector<OpBatch> Bs = batchOperations({Add, push(12345678)});
  ASSERT_EQ(Bs.size(), 1u);
  EXPECT_EQ(Bs[0].Ops, std::vector<Operation>({Add, push(12345678), Noop}));
  EXPECT_EQ(Bs[0].NumGroups, 2u);
  EXPECT_EQ(groupValues(Bs[0]), std::vector<uint64_t>({11682, 12345678, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(starts(Bs[0]), std::vector<unsigned>({0, 3, 3}));
  EXPECT_EQ(padded(Bs[0]), std::vector<bool>({true, false}));
  EXPECT_TRUE(Bs[0].isImmediateGroup(1));
}

// Miden batch_ops_5: the 7th push does not fit with its immediate; the first
// batch is rounded up to 8 groups with a lone NOOP group.
TEST(OpBatch, PushOverflowsToNextBatch) {
  std::vector<Operation> Ops = {Add,     Mul,     push(1), push(2), push(3),
                                push(4), push(5), push(6), Add,     push(7)};
  std::vector<OpBatch> Bs = batchOperations(Ops);
  ASSERT_EQ(Bs.size(), 2u);
  EXPECT_EQ(Bs[0].Ops, std::vector<Operation>({Add, Mul, push(1), push(2), push(3), push(4),
                                               push(5), push(6), Add, Noop}));
  EXPECT_EQ(starts(Bs[0]), std::vector<unsigned>({0, 9, 9, 9, 9, 9, 9, 9, 10}));
  EXPECT_EQ(padded(Bs[0]),
            std::vector<bool>({false, false, false, false, false, false, false, true}));
  EXPECT_EQ(groupValues(Bs[0]),
            std::vector<uint64_t>({2501590016639553954ULL, 1, 2, 3, 4, 5, 6, 0}));
  EXPECT_EQ(Bs[0].NumGroups, 8u);
  EXPECT_EQ(Bs[1].Ops, std::vector<Operation>({push(7), Noop}));
  EXPECT_EQ(groupValues(Bs[1]), std::vector<uint64_t>({91, 7, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(padded(Bs[1]), std::vector<bool>({true, false}));
  EXPECT_EQ(Bs[1].NumGroups, 2u);
}

// Miden batch_ops_7: a PUSH that would be the 9th op starts a new group.
TEST(OpBatch, PushInLastSlotMovesToNextGroup) {
  std::vector<Operation> Ops = {Add, Mul, Add, Add, Add, Mul, Mul, Add, push(11)};
  std::vector<OpBatch> Bs = batchOperations(Ops);
  ASSERT_EQ(Bs.size(), 1u);
  EXPECT_EQ(Bs[0].Ops,
            std::vector<Operation>({Add, Mul, Add, Add, Add, Mul, Mul, Add, push(11), Noop, Noop}));
  EXPECT_EQ(starts(Bs[0]), std::vector<unsigned>({0, 8, 10, 10, 11}));
  EXPECT_EQ(padded(Bs[0]), std::vector<bool>({false, true, false, true}));
  EXPECT_EQ(groupValues(Bs[0]),
            std::vector<uint64_t>({19295441833726370ULL, 91, 11, 0, 0, 0, 0, 0}));
  EXPECT_EQ(Bs[0].NumGroups, 4u);
  EXPECT_EQ(Bs[0].groupOps(1).size(), 2u);
  EXPECT_TRUE(Bs[0].isImmediateGroup(2));
}

// Miden batch_ops_9: a PUSH at the end of the 7th group overflows the batch.
TEST(OpBatch, PushAtEndOfSeventhGroup) {
  std::vector<Operation> Ops = {Add, Mul, push(1), push(2), push(3), push(4), push(5),
                                Add, Mul, Add,     Mul,     Add,     Mul,     Add,
                                Mul, Add, Mul,     push(6), Pad};
  std::vector<OpBatch> Bs = batchOperations(Ops);
  ASSERT_EQ(Bs.size(), 2u);
  EXPECT_EQ(starts(Bs[0]), std::vector<unsigned>({0, 9, 9, 9, 9, 9, 9, 17, 18}));
  EXPECT_EQ(groupValues(Bs[0]), std::vector<uint64_t>({2541559463332467106ULL, 1, 2, 3, 4, 5,
                                                       19853993742733730ULL, 0}));
  EXPECT_EQ(padded(Bs[0]).back(), true);
  EXPECT_EQ(Bs[1].Ops, std::vector<Operation>({push(6), Pad}));
  EXPECT_EQ(groupValues(Bs[1]), std::vector<uint64_t>({6235, 6, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(padded(Bs[1]), std::vector<bool>({false, false}));
}

// Eight pushes: 7 fit the first batch with their immediates.
TEST(OpBatch, EightPushes) {
  std::vector<Operation> Ops;
  for (uint64_t I = 1; I <= 8; ++I)
    Ops.push_back(push(100 + I));
  std::vector<OpBatch> Bs = batchOperations(Ops);
  ASSERT_EQ(Bs.size(), 2u);
  EXPECT_EQ(Bs[0].NumGroups, 8u);
  EXPECT_EQ(Bs[0].groupOps(0).size(), 8u); // 7 pushes + NOOP
  EXPECT_TRUE(Bs[0].Padded[0]);
  EXPECT_EQ(Bs[1].NumGroups, 2u);
  EXPECT_EQ(Bs[1].Groups[1], Felt(108));
}

//===----------------------------------------------------------------------===//
// Invariants on random blocks
//===----------------------------------------------------------------------===//

std::vector<Operation> randomOps(std::mt19937_64 &Rng, size_t N, double PushRate) {
  static const OpCode Plain[] = {OpCode::Noop, OpCode::Add,  OpCode::Swap,   OpCode::Drop,
                                 OpCode::Dup0, OpCode::Pad,  OpCode::MovUp8, OpCode::HPerm,
                                 OpCode::Eq,   OpCode::CSwap};
  std::uniform_real_distribution<double> U(0, 1);
  std::vector<Operation> Ops;
  for (size_t I = 0; I < N; ++I) {
    if (U(Rng) < PushRate)
      Ops.push_back(push(Rng() % Felt::Modulus));
    else
      Ops.emplace_back(Plain[Rng() % (sizeof(Plain) / sizeof(Plain[0]))]);
  }
  return Ops;
}

void checkInvariants(const std::vector<Operation> &Ops) {
  std::vector<OpBatch> Bs = batchOperations(Ops);
  std::vector<Operation> Raw;
  for (size_t BI = 0; BI < Bs.size(); ++BI) {
    const OpBatch &B = Bs[BI];
    bool Last = BI + 1 == Bs.size();
    ASSERT_TRUE(B.NumGroups == 1 || B.NumGroups == 2 || B.NumGroups == 4 || B.NumGroups == 8);
    if (!Last)
      ASSERT_EQ(B.NumGroups, 8u);
    ASSERT_EQ(B.GroupStart[0], 0u);
    ASSERT_EQ(B.GroupStart[B.NumGroups], B.Ops.size());
    std::vector<Felt> PendingImms;
    for (unsigned G = 0; G < B.NumGroups; ++G) {
      llvm::ArrayRef<Operation> GOps = B.groupOps(G);
      ASSERT_LE(GOps.size(), OpBatch::GroupSize);
      if (B.isImmediateGroup(G)) {
        ASSERT_FALSE(PendingImms.empty()) << "immediate group without a PUSH";
        ASSERT_EQ(B.Groups[G], PendingImms.front());
        PendingImms.erase(PendingImms.begin());
        continue;
      }
      ASSERT_TRUE(PendingImms.empty()) << "immediates must follow their op group";
      ASSERT_FALSE(GOps.back().hasHashedImmediate()) << "a group ends with PUSH";
      uint64_t Packed = 0;
      for (size_t I = 0; I < GOps.size(); ++I) {
        Packed |= uint64_t(GOps[I].opcode()) << (7 * I);
        if (GOps[I].hasHashedImmediate())
          PendingImms.push_back(GOps[I].Imm);
      }
      ASSERT_EQ(B.Groups[G], Felt(Packed));
      if (B.Padded[G])
        ASSERT_EQ(GOps.back(), Operation(OpCode::Noop));
      Raw.insert(Raw.end(), GOps.begin(), GOps.end() - (B.Padded[G] ? 1 : 0));
    }
    ASSERT_TRUE(PendingImms.empty());
    for (unsigned G = B.NumGroups; G < OpBatch::BatchSize; ++G)
      ASSERT_TRUE(B.Groups[G].isZero());
  }
  // Dropping the padding NOOPs gives back the block.
  ASSERT_EQ(Raw, Ops);
}

TEST(OpBatch, RandomBlockInvariants) {
  std::mt19937_64 Rng(7);
  for (int Iter = 0; Iter < 3000; ++Iter) {
    size_t N = 1 + Rng() % 300;
    double Rate = (Iter % 5) * 0.2;
    checkInvariants(randomOps(Rng, N, Rate));
    if (HasFatalFailure())
      return;
  }
}

TEST(BasicBlock, RawOpIndex) {
  MastForest F;
  std::vector<Operation> Ops = {Add, Mul, Add, Add, Add, Mul, Mul, Add, push(11)};
  MastNodeId Id = llvm::cantFail(F.addBlock(Ops));
  const BasicBlock &BB = F.block(Id);
  EXPECT_EQ(BB.numPaddedOps(), 11u);
  for (size_t I = 0; I < 9; ++I)
    EXPECT_EQ(BB.rawOpIndex(0, I), std::optional<size_t>(I));
  EXPECT_EQ(BB.rawOpIndex(0, 9), std::nullopt);
  EXPECT_EQ(BB.rawOpIndex(0, 10), std::nullopt);
  EXPECT_EQ(BB.rawOpIndex(0, 11), std::nullopt);
  EXPECT_EQ(BB.rawOpIndex(1, 0), std::nullopt);

  // Across batches: map every padded op back and compare.
  std::mt19937_64 Rng(11);
  std::vector<Operation> Long = randomOps(Rng, 250, 0.4);
  MastNodeId LongId = llvm::cantFail(F.addBlock(Long));
  const BasicBlock &LB = F.block(LongId);
  size_t Seen = 0;
  for (size_t BI = 0; BI < LB.Batches.size(); ++BI)
    for (size_t I = 0; I < LB.Batches[BI].Ops.size(); ++I)
      if (std::optional<size_t> R = LB.rawOpIndex(BI, I)) {
        EXPECT_EQ(*R, Seen);
        EXPECT_EQ(LB.Ops[*R], LB.Batches[BI].Ops[I]);
        ++Seen;
      }
  EXPECT_EQ(Seen, Long.size());
}

} // namespace
