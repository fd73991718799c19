//===- ProveProgressTest.cpp - The prover reports its phases -----------------===//

#include "zkvm/Air/Examples.h"
#include "zkvm/Prover/Prover.h"
#include "zkvm/Verifier/Verifier.h"

#include "gtest/gtest.h"

#include <string>
#include <vector>

using namespace zkvm;

namespace {

TEST(ProveProgress, PhasesInOrderEndingAtOne) {
  TraceColumns T = FibonacciAir::buildTrace(1024);
  FibonacciAir A(1024, FibonacciAir::resultOf(T));
  std::vector<std::string> Phases;
  std::vector<double> Done;
  llvm::Expected<StarkProof> P =
      prove(A, T, ProofOptions::security96(), [&](llvm::StringRef Phase, double D) {
        Phases.push_back(Phase.str());
        Done.push_back(D);
      });
  ASSERT_TRUE(bool(P)) << llvm::toString(P.takeError());
  ASSERT_GE(Phases.size(), 6u);
  EXPECT_EQ(Phases.front(), "main LDE");
  EXPECT_EQ(Phases.back(), "queries");
  for (size_t I = 1; I < Done.size(); ++I)
    EXPECT_GE(Done[I], Done[I - 1]) << Phases[I];
  EXPECT_DOUBLE_EQ(Done.back(), 1.0);
  // The callback does not change the proof.
  llvm::Expected<StarkProof> Q = prove(A, T, ProofOptions::security96());
  ASSERT_TRUE(bool(Q));
  EXPECT_EQ(P->serialize(), Q->serialize());
  EXPECT_FALSE(bool(verify(A, *P)));
}

} // namespace
