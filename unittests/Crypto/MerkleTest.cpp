//===- MerkleTest.cpp - Merkle trees and the random coin ------------------===//

#include "zkvm/Crypto/MerkleTree.h"
#include "zkvm/Crypto/RandomCoin.h"

#include "gtest/gtest.h"

#include <random>

using namespace zkvm;

namespace {

template <class H> std::vector<Felt> randomRows(size_t Rows, size_t Width, uint64_t Seed) {
  std::mt19937_64 Rng(Seed);
  std::vector<Felt> M(Rows * Width);
  for (Felt &F : M)
    F = Felt(Rng());
  return M;
}

template <class H> class MerkleTyped : public ::testing::Test {};
using Hashers = ::testing::Types<Blake3Hasher, RpoHasher>;
TYPED_TEST_SUITE(MerkleTyped, Hashers);

TYPED_TEST(MerkleTyped, RootIsTheRecursiveHash) {
  using H = TypeParam;
  auto Rows = randomRows<H>(4, 3, 1);
  auto Tree = MerkleTree<H>::fromRows(Rows, 3);
  auto L = [&](size_t I) { return H::hashRow(llvm::ArrayRef<Felt>(Rows).slice(3 * I, 3)); };
  EXPECT_EQ(Tree.root(), H::merge(H::merge(L(0), L(1)), H::merge(L(2), L(3))));
  EXPECT_EQ(Tree.depth(), 2u);
}

TYPED_TEST(MerkleTyped, LargeTreeUsesBatchedMergesConsistently) {
  // 2^12 leaves: the upper levels go through the parallel, 16-lane paths.
  using H = TypeParam;
  auto Rows = randomRows<H>(1 << 12, 2, 2);
  auto Tree = MerkleTree<H>::fromRows(Rows, 2);
  for (size_t I : {size_t(0), size_t(1), size_t(777), size_t(4095)}) {
    auto Path = Tree.path(I);
    ASSERT_EQ(Path.size(), 12u);
    EXPECT_TRUE(MerkleTree<H>::verifyPath(Tree.root(), I, Tree.leaf(I), Path));
    EXPECT_FALSE(MerkleTree<H>::verifyPath(Tree.root(), I ^ 1, Tree.leaf(I), Path));
    auto Bad = Path;
    Bad[5] = Bad[4];
    EXPECT_FALSE(MerkleTree<H>::verifyPath(Tree.root(), I, Tree.leaf(I), Bad));
  }
}

TYPED_TEST(MerkleTyped, BatchOpeningsDeduplicateAndVerify) {
  using H = TypeParam;
  auto Rows = randomRows<H>(64, 4, 3);
  auto Tree = MerkleTree<H>::fromRows(Rows, 4);
  std::vector<size_t> Idx = {9, 3, 8, 63, 3, 40};
  auto Proof = Tree.openBatch(Idx);
  // Opening 5 distinct leaves separately would take 30 siblings.
  EXPECT_LT(Proof.size(), 30u);
  std::vector<typename H::DigestType> Leaves;
  for (size_t I : Idx)
    Leaves.push_back(Tree.leaf(I));
  EXPECT_TRUE(MerkleTree<H>::verifyBatch(Tree.root(), 6, Idx, Leaves, Proof));

  // Tampering anywhere is caught.
  auto BadLeaves = Leaves;
  BadLeaves[2] = Tree.leaf(10);
  EXPECT_FALSE(MerkleTree<H>::verifyBatch(Tree.root(), 6, Idx, BadLeaves, Proof));
  for (size_t K = 0; K < Proof.size(); ++K) {
    auto BadProof = Proof;
    BadProof[K] = Tree.leaf(0);
    EXPECT_FALSE(MerkleTree<H>::verifyBatch(Tree.root(), 6, Idx, Leaves, BadProof)) << K;
  }
  auto Short = Proof;
  Short.pop_back();
  EXPECT_FALSE(MerkleTree<H>::verifyBatch(Tree.root(), 6, Idx, Leaves, Short));
  auto Long = Proof;
  Long.push_back(Tree.leaf(0));
  EXPECT_FALSE(MerkleTree<H>::verifyBatch(Tree.root(), 6, Idx, Leaves, Long));
  std::vector<size_t> OutOfRange = {64};
  EXPECT_FALSE(MerkleTree<H>::verifyBatch(Tree.root(), 6, OutOfRange, {Leaves[0]}, Proof));
}

TYPED_TEST(MerkleTyped, SingleLeafTreeRootIsTheLeaf) {
  using H = TypeParam;
  auto Rows = randomRows<H>(1, 5, 4);
  auto Tree = MerkleTree<H>::fromRows(Rows, 5);
  EXPECT_EQ(Tree.root(), H::hashRow(Rows));
  EXPECT_TRUE(Tree.openBatch({0}).empty());
}

TYPED_TEST(MerkleTyped, CoinIsDeterministicAndSeedSensitive) {
  using H = TypeParam;
  const uint8_t SeedA[] = {1, 2, 3}, SeedB[] = {1, 2, 4};
  RandomCoin<H> A(SeedA), A2(SeedA), B(SeedB);
  Felt FA = A.drawFelt();
  EXPECT_EQ(FA, A2.drawFelt());
  EXPECT_NE(FA, B.drawFelt());
  EXPECT_NE(A.drawFelt(), FA); // the counter advances
  auto Pos = A.drawPositions(27, 1 << 10);
  ASSERT_EQ(Pos.size(), 27u);
  std::sort(Pos.begin(), Pos.end());
  EXPECT_TRUE(std::adjacent_find(Pos.begin(), Pos.end()) == Pos.end());
  for (size_t P : Pos)
    EXPECT_LT(P, size_t(1 << 10));
  EXPECT_EQ(A.drawPositions(10, 4).size(), 4u); // domain exhausted
}

TYPED_TEST(MerkleTyped, GrindingFindsTheFirstValidNonce) {
  using H = TypeParam;
  const uint8_t Seed[] = {7};
  RandomCoin<H> Coin(Seed);
  uint64_t Nonce = Coin.grind(8);
  EXPECT_TRUE(Coin.checkGrinding(Nonce, 8));
  for (uint64_t N = 0; N < Nonce; ++N)
    EXPECT_FALSE(Coin.checkGrinding(N, 8)) << N;
  uint64_t Low = H::lowU64(H::mergeWithInt(Coin.seed(), Nonce));
  EXPECT_EQ(Low & 0xFF, 0u);
}

TEST(RpoHasher, MergeWithIntMatchesMidenLayout) {
  // Seed in rate[0..4), value at rate[4], capacity[0] = 5.
  Digest Seed(Felt(1), Felt(2), Felt(3), Felt(4));
  Rpo256::State S{};
  S[0] = Felt(5);
  for (unsigned I = 0; I < 4; ++I)
    S[4 + I] = Seed[I];
  S[8] = Felt(99);
  Rpo256::permute(S);
  EXPECT_EQ(RpoHasher::mergeWithInt(Seed, 99), Rpo256::digestOf(S));
}

} // namespace

namespace {
// The batched RPO leaf hashing is the single-row sponge, for every width.
TEST(RpoHashRows, MatchesHashRow) {
  for (size_t Width : {0, 1, 3, 7, 8, 9, 12, 16, 17, 24}) {
    size_t Count = 70;
    std::vector<Felt> Rows = randomRows<RpoHasher>(Count, Width, Width + 5);
    std::vector<Digest> Out(Count);
    RpoHasher::hashRows(Rows.data(), Width, Count, Out.data());
    for (size_t I = 0; I < Count; ++I)
      EXPECT_EQ(Out[I], RpoHasher::hashRow(llvm::ArrayRef<Felt>(Rows).slice(I * Width, Width)))
          << "width " << Width << " row " << I;
  }
}
} // namespace
