//===- StarkSlowTest.cpp - Full-strength STARK runs (ctest label "slow") --===//

#include "zkvm/Air/Examples.h"
#include "zkvm/Prover/Prover.h"
#include "zkvm/Verifier/Verifier.h"

#include "gtest/gtest.h"

using namespace zkvm;

namespace {

std::string errorOf(llvm::Error E) { return E ? llvm::toString(std::move(E)) : std::string(); }

// RPO256 with the presets' full grinding (2^16 and 2^21 permutations).
TEST(StarkSlow, RpoFullGrinding) {
  for (ProofOptions O :
       {ProofOptions::security96(HashKind::Rpo256), ProofOptions::security128(HashKind::Rpo256)}) {
    TraceColumns T = PermutationAir::buildTrace(1 << 12, 5);
    PermutationAir A(1 << 12);
    auto P = prove(A, T, O);
    ASSERT_TRUE(bool(P)) << llvm::toString(P.takeError());
    EXPECT_EQ(errorOf(verify(A, *P, O.ExtensionDegree == 2 ? 96 : 128)), "");
  }
}

// Every byte of a proof matters: flip each one in turn.
TEST(StarkSlow, EveryByteFlipIsRejected) {
  TraceColumns T = CubeChainAir::buildTrace(64, Felt(2));
  CubeChainAir A(64, Felt(2), T[0].back());
  ProofOptions O = ProofOptions::security96();
  O.GrindingBits = 8;
  auto P = prove(A, T, O);
  ASSERT_TRUE(bool(P));
  std::vector<uint8_t> Bytes = P->serialize();
  for (size_t I = 0; I < Bytes.size(); ++I) {
    std::vector<uint8_t> Bad = Bytes;
    Bad[I] ^= 0x10;
    EXPECT_NE(errorOf(verify(A, Bad)), "") << "byte " << I;
  }
}

TEST(StarkSlow, Fibonacci2To18At128Bits) {
  TraceColumns T = FibonacciAir::buildTrace(1 << 18);
  FibonacciAir A(1 << 18, FibonacciAir::resultOf(T));
  auto P = prove(A, T, ProofOptions::security128());
  ASSERT_TRUE(bool(P));
  EXPECT_EQ(errorOf(verify(A, *P, 128)), "");
}

} // namespace
