//===- NTTTest.cpp - NTT and LDE tests against naive evaluation -----------===//

#include "zkvm/Field/NTT.h"

#include "gtest/gtest.h"

#include <random>

using namespace zkvm;

namespace {

std::vector<Felt> randomVector(size_t N, uint64_t Seed) {
  std::mt19937_64 Rng(Seed);
  std::vector<Felt> V(N);
  for (Felt &F : V)
    F = Felt(Rng());
  return V;
}

size_t bitReversed(size_t I, unsigned LogN) {
  size_t R = 0;
  for (unsigned B = 0; B < LogN; ++B)
    R |= ((I >> B) & 1) << (LogN - 1 - B);
  return R;
}

/// Runs the test body once per available kernel.
class NTTKernels : public ::testing::TestWithParam<SimdLevel> {
protected:
  void SetUp() override {
    if (setSimdLevel(GetParam()) != GetParam())
      GTEST_SKIP() << "kernel not supported by this CPU";
  }
  void TearDown() override { setSimdLevel(SimdLevel::Auto); }
};

TEST_P(NTTKernels, ForwardEqualsNaiveEvaluationInBitReversedOrder) {
  for (unsigned LogN = 0; LogN <= 10; ++LogN) {
    size_t N = size_t(1) << LogN;
    std::vector<Felt> Coeffs = randomVector(N, LogN);
    std::vector<Felt> Evals = Coeffs;
    forwardNTT(Evals);
    Felt W = Felt::rootOfUnity(LogN);
    for (size_t K = 0; K < N; ++K)
      ASSERT_EQ(Evals[bitReversed(K, LogN)], evaluatePolynomial(Coeffs, W.exp(K)))
          << "N=" << N << " k=" << K;
  }
}

TEST_P(NTTKernels, InverseUndoesForward) {
  for (unsigned LogN : {1u, 2u, 3u, 4u, 5u, 6u, 7u, 12u, 13u, 16u, 17u}) {
    size_t N = size_t(1) << LogN;
    std::vector<Felt> Orig = randomVector(N, 100 + LogN);
    std::vector<Felt> V = Orig;
    forwardNTT(V);
    ASSERT_NE(V, Orig);
    inverseNTT(V);
    ASSERT_EQ(V, Orig) << "N=" << N;
  }
}

/// Runs F with the scalar kernel selected, then restores the kernel.
template <typename Fn> void withScalarKernel(Fn F) {
  SimdLevel Saved = getSimdLevel();
  setSimdLevel(SimdLevel::Scalar);
  F();
  setSimdLevel(Saved);
}

/// Both directions of the selected kernel against the scalar one on a
/// random input of size 2^LogN.
void expectAgreesWithScalarKernel(unsigned LogN, uint64_t Seed) {
  size_t N = size_t(1) << LogN;
  std::vector<Felt> In = randomVector(N, Seed);
  std::vector<Felt> Fwd = In, Inv = In, RefFwd = In, RefInv = In;
  forwardNTT(Fwd);
  inverseNTT(Inv);
  withScalarKernel([&] {
    forwardNTT(RefFwd);
    inverseNTT(RefInv);
  });
  ASSERT_EQ(Fwd, RefFwd) << "forward, N=" << N;
  ASSERT_EQ(Inv, RefInv) << "inverse, N=" << N;
}

TEST_P(NTTKernels, LargeTransformAgreesWithScalarKernel) {
  // 2^14 exercises the streaming levels above the L1 block size.
  std::vector<Felt> A = randomVector(1 << 14, 7);
  std::vector<Felt> B = A;
  forwardNTT(A);
  withScalarKernel([&] { forwardNTT(B); });
  EXPECT_EQ(A, B);
}

TEST_P(NTTKernels, AgreesWithScalarKernelOnAllSizes) {
  // From below the vector kernels' minimum sizes (scalar fallback) to three
  // levels past their block size (2^15 elements), on random inputs.
  for (unsigned LogN = 0; LogN <= 18; ++LogN) {
    expectAgreesWithScalarKernel(LogN, 300 + LogN);
    if (HasFatalFailure())
      return;
  }
}

TEST_P(NTTKernels, AgreesWithScalarKernelOnLargeSizes) {
  // Past AgreesWithScalarKernelOnAllSizes. The AVX-512 kernel cuts the levels
  // with distance >= 8 into stages of up to six, with coset factors between
  // them, and leaves one or two levels to the general code (2^10, 2^11, 2^16,
  // 2^17 above): 2^19 is 6 + 6 + 4 levels, 2^20 6 + 6 + 5, 2^21 6 + 6 + 6.
  if (GetParam() == SimdLevel::Scalar)
    GTEST_SKIP() << "the reference itself";
  for (unsigned LogN = 19; LogN <= 21; ++LogN) {
    expectAgreesWithScalarKernel(LogN, 500 + LogN);
    if (HasFatalFailure())
      return;
  }
}

TEST_P(NTTKernels, LargeForwardEqualsNaiveEvaluationAtSamples) {
  // Sizes whose last stage is short (2^12: 6 + 3 levels, 2^13: 6 + 4,
  // 2^16: 6 + 6 and a general level, 2^20: 6 + 6 + 5), against the
  // definition at a few points spread over the output; then back.
  for (unsigned LogN : {12u, 13u, 16u, 20u}) {
    size_t N = size_t(1) << LogN;
    std::vector<Felt> Coeffs = randomVector(N, 700 + LogN);
    std::vector<Felt> Evals = Coeffs;
    forwardNTT(Evals);
    Felt W = Felt::rootOfUnity(LogN);
    std::mt19937_64 Rng(LogN);
    for (int Sample = 0; Sample < 12; ++Sample) {
      size_t K = Sample < 4 ? size_t(Sample) * (N / 4 + 1) % N : Rng() % N;
      ASSERT_EQ(Evals[bitReversed(K, LogN)], evaluatePolynomial(Coeffs, W.exp(K)))
          << "N=" << N << " k=" << K;
    }
    inverseNTT(Evals);
    ASSERT_EQ(Evals, Coeffs) << "N=" << N;
  }
}

TEST_P(NTTKernels, AgreesWithScalarKernelOnExtremeInputs) {
  // All p - 1, alternating 0 / p - 1, and values just below p: the largest
  // intermediate sums, where lazily reduced kernels would go wrong first.
  const Felt Max = Felt::fromCanonical(Felt::Modulus - 1);
  for (unsigned LogN : {4u, 5u, 6u, 7u, 10u, 16u, 17u, 20u}) {
    size_t N = size_t(1) << LogN;
    std::vector<std::vector<Felt>> Inputs(3, std::vector<Felt>(N, Max));
    for (size_t I = 0; I < N; ++I) {
      Inputs[1][I] = I % 2 ? Max : Felt::zero();
      Inputs[2][I] = Felt::fromCanonical(Felt::Modulus - 1 - I % 3);
    }
    for (const std::vector<Felt> &In : Inputs) {
      std::vector<Felt> Fwd = In, Inv = In, RefFwd = In, RefInv = In;
      forwardNTT(Fwd);
      inverseNTT(Inv);
      withScalarKernel([&] {
        forwardNTT(RefFwd);
        inverseNTT(RefInv);
      });
      ASSERT_EQ(Fwd, RefFwd) << "forward, N=" << N;
      ASSERT_EQ(Inv, RefInv) << "inverse, N=" << N;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllKernels, NTTKernels,
                         ::testing::Values(SimdLevel::Scalar, SimdLevel::Avx2, SimdLevel::Avx512),
                         [](const ::testing::TestParamInfo<SimdLevel> &Info) {
                           switch (Info.param) {
                           case SimdLevel::Scalar:
                             return "Scalar";
                           case SimdLevel::Avx2:
                             return "Avx2";
                           case SimdLevel::Avx512:
                             return "Avx512";
                           default:
                             return "Auto";
                           }
                         });

TEST(NTT, AutoPicksTheWidestSupportedKernel) {
  SimdLevel Want = detail::cpuHasAvx512() ? SimdLevel::Avx512
                   : detail::cpuHasAvx2() ? SimdLevel::Avx2
                                          : SimdLevel::Scalar;
  EXPECT_EQ(setSimdLevel(SimdLevel::Auto), Want);
  EXPECT_EQ(getSimdLevel(), Want);
  EXPECT_EQ(setSimdLevel(SimdLevel::Scalar), SimdLevel::Scalar);
  setSimdLevel(SimdLevel::Auto);
}

TEST(NTT, InterpolateThenEvaluateRoundTrips) {
  std::vector<Felt> Evals = randomVector(64, 9);
  std::vector<Felt> V = Evals;
  interpolate(V);
  Felt W = Felt::rootOfUnity(6);
  for (size_t I = 0; I < 64; ++I)
    EXPECT_EQ(evaluatePolynomial(V, W.exp(I)), Evals[I]);
  evaluateOnCoset(V, Felt::one());
  EXPECT_EQ(V, Evals);
}

TEST(NTT, CosetLDEEqualsNaiveEvaluation) {
  for (unsigned Blowup : {2u, 4u, 8u, 16u, 32u}) {
    std::vector<Felt> Evals = randomVector(16, Blowup);
    std::vector<Felt> Coeffs = Evals;
    interpolate(Coeffs);
    std::vector<Felt> LDE = cosetLDE(Evals, Blowup, Felt::generator());
    ASSERT_EQ(LDE.size(), 16u * Blowup);
    Felt W = Felt::rootOfUnity(4 + __builtin_ctz(Blowup));
    for (size_t I = 0; I < LDE.size(); ++I)
      ASSERT_EQ(LDE[I], evaluatePolynomial(Coeffs, Felt::generator() * W.exp(I)))
          << "blowup " << Blowup << " i=" << I;
  }
}

TEST(NTT, LDEColumnsMatchesSingleColumn) {
  std::vector<std::vector<Felt>> Cols;
  for (int I = 0; I < 5; ++I)
    Cols.push_back(randomVector(256, 50 + I));
  auto All = cosetLDEColumns(Cols, 8, Felt::generator());
  ASSERT_EQ(All.size(), 5u);
  for (int I = 0; I < 5; ++I)
    EXPECT_EQ(All[I], cosetLDE(Cols[I], 8, Felt::generator()));
}

TEST(NTT, StageTwiddlesAreCosetPowers) {
  // The AVX-512 stages multiply by shifts because w_64 = 2^3.
  EXPECT_EQ(Felt::rootOfUnity(6), Felt(8));
  for (auto [S, Q] : {std::pair<unsigned, unsigned>{6, 6}, {12, 5}, {3, 3}, {1, 4}}) {
    const Felt *Fwd = detail::stageTwiddles(S, Q, false);
    const Felt *Inv = detail::stageTwiddles(S, Q, true);
    Felt W = Felt::rootOfUnity(S + Q);
    for (size_t C = 0; C < (size_t(1) << S); C += (size_t(1) << S) / 4 + 1) {
      Felt Tau = W.exp(bitReversed(C, S));
      for (size_t J = 0; J < (size_t(1) << Q); ++J) {
        ASSERT_EQ(Fwd[(C << Q) + J], Tau.exp(J)) << S << " " << Q << " " << C << " " << J;
        ASSERT_EQ(Fwd[(C << Q) + J] * Inv[(C << Q) + J], Felt::one());
      }
    }
  }
}

TEST(NTT, CosetLDEIsTheSameWithEveryKernel) {
  std::vector<Felt> Evals = randomVector(1 << 14, 17);
  std::vector<Felt> Fast = cosetLDE(Evals, 8, Felt::generator());
  SimdLevel Saved = getSimdLevel();
  setSimdLevel(SimdLevel::Scalar);
  std::vector<Felt> Ref = cosetLDE(Evals, 8, Felt::generator());
  setSimdLevel(Saved);
  EXPECT_EQ(Fast, Ref);
}

TEST(NTT, BitReverseIsAnInvolution) {
  std::vector<Felt> V = randomVector(32, 11), W = V;
  bitReverse(W);
  EXPECT_EQ(W[1], V[16]);
  EXPECT_EQ(W[3], V[24]);
  bitReverse(W);
  EXPECT_EQ(V, W);
}

} // namespace
