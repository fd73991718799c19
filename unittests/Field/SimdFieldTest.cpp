//===- SimdFieldTest.cpp - Vector Goldilocks lanes against scalar Felt ----===//
//
// Every lane of the AVX2 (4 lanes) and AVX-512 (8 lanes) add, sub, mul and
// 128-bit reduction must equal the scalar result, on edge values around 0,
// 2^32, 2^63, p and 2^64 and on random values. Skipped where the CPU lacks
// the instruction set.
//
//===----------------------------------------------------------------------===//

#include "SimdLanes.h"

#include "zkvm/Field/Goldilocks.h"
#include "zkvm/Field/NTT.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <ostream>
#include <random>
#include <vector>

using namespace zkvm;
using namespace zkvm::simdtest;

namespace {

constexpr uint64_t P = Felt::Modulus;

/// Values where carries, borrows and the reduction's fix-ups change.
const uint64_t EdgeValues[] = {0,
                               1,
                               2,
                               0xFFFFFFFFULL,         // 2^32 - 1 = eps
                               0x100000000ULL,        // 2^32
                               0x100000001ULL,        // 2^32 + 1
                               0x7FFFFFFFFFFFFFFFULL, // 2^63 - 1
                               0x8000000000000000ULL, // 2^63
                               0x8000000000000001ULL, // 2^63 + 1
                               P / 2,
                               P / 2 + 1,
                               P - 0x100000000ULL, // 2^64 - 2^33 + 1
                               P - 2,
                               P - 1,
                               P, // non-canonical from here
                               P + 1,
                               0xFFFFFFFF80000000ULL,
                               0xFFFFFFFFFFFFFFFEULL,
                               0xFFFFFFFFFFFFFFFFULL}; // 2^64 - 1

bool isCanonical(uint64_t X) { return X < P; }

uint64_t scalarOp(LaneOp Op, uint64_t A, uint64_t B) {
  switch (Op) {
  case LaneOp::Add:
    return (Felt::fromCanonical(A) + Felt::fromCanonical(B)).value();
  case LaneOp::Sub:
    return (Felt::fromCanonical(A) - Felt::fromCanonical(B)).value();
  case LaneOp::Mul:
    // Reduce the full 128-bit product: A and B may be non-canonical.
    return Felt::reduce128(static_cast<unsigned __int128>(A) * B);
  case LaneOp::Reduce128:
    return Felt::reduce128((static_cast<unsigned __int128>(A) << 64) | B);
  }
  return 0;
}

const char *opName(LaneOp Op) {
  switch (Op) {
  case LaneOp::Add:
    return "add";
  case LaneOp::Sub:
    return "sub";
  case LaneOp::Mul:
    return "mul";
  case LaneOp::Reduce128:
    return "reduce128";
  }
  return "?";
}

using LaneFn = void (*)(LaneOp, const uint64_t *, const uint64_t *, uint64_t *);

struct Isa {
  const char *Name;
  unsigned Width;
  LaneFn Fn;
  bool (*Supported)();
};

void PrintTo(const Isa &K, std::ostream *OS) { *OS << K.Name; }

/// Feeds the pairs (A[I], B[I]) through Isa's kernel Width at a time (the
/// last batch padded with zeros) and checks every lane against scalarOp.
void checkLanes(const Isa &K, LaneOp Op, const std::vector<uint64_t> &A,
                const std::vector<uint64_t> &B) {
  ASSERT_EQ(A.size(), B.size());
  for (size_t Start = 0; Start < A.size(); Start += K.Width) {
    uint64_t X[8] = {}, Y[8] = {}, R[8] = {};
    size_t Count = std::min<size_t>(K.Width, A.size() - Start);
    for (size_t L = 0; L < Count; ++L) {
      X[L] = A[Start + L];
      Y[L] = B[Start + L];
    }
    K.Fn(Op, X, Y, R);
    for (size_t L = 0; L < K.Width; ++L) {
      uint64_t Want = scalarOp(Op, X[L], Y[L]);
      ASSERT_EQ(R[L], Want) << K.Name << ' ' << opName(Op) << '(' << X[L] << ", " << Y[L]
                            << ") in lane " << L;
    }
  }
}

/// checkLanes with every pair in every lane position: the inputs shifted by
/// 0 .. Width - 1 padding pairs.
void checkAllLanePositions(const Isa &K, LaneOp Op, const std::vector<uint64_t> &A,
                           const std::vector<uint64_t> &B) {
  for (unsigned Pad = 0; Pad < K.Width; ++Pad) {
    std::vector<uint64_t> PA(Pad, 0), PB(Pad, 0);
    PA.insert(PA.end(), A.begin(), A.end());
    PB.insert(PB.end(), B.begin(), B.end());
    checkLanes(K, Op, PA, PB);
  }
}

/// All ordered pairs of edge values (canonical ones only if asked).
void edgePairs(bool CanonicalOnly, std::vector<uint64_t> &A, std::vector<uint64_t> &B) {
  for (uint64_t X : EdgeValues)
    for (uint64_t Y : EdgeValues)
      if (!CanonicalOnly || (isCanonical(X) && isCanonical(Y))) {
        A.push_back(X);
        B.push_back(Y);
      }
}

class SimdField : public ::testing::TestWithParam<Isa> {
protected:
  void SetUp() override {
    if (!GetParam().Supported())
      GTEST_SKIP() << GetParam().Name << " not supported by this CPU";
  }
};

TEST_P(SimdField, AddSubOnCanonicalEdgeValues) {
  std::vector<uint64_t> A, B;
  edgePairs(/*CanonicalOnly=*/true, A, B);
  checkAllLanePositions(GetParam(), LaneOp::Add, A, B);
  checkAllLanePositions(GetParam(), LaneOp::Sub, A, B);
}

TEST_P(SimdField, MulOnEdgeValuesIncludingNonCanonical) {
  std::vector<uint64_t> A, B;
  edgePairs(/*CanonicalOnly=*/false, A, B);
  checkAllLanePositions(GetParam(), LaneOp::Mul, A, B);
}

TEST_P(SimdField, Reduce128OnEdgeValues) {
  // Hi:Lo from the edge values, which include 2^128 - 1 and 2^64 * p.
  std::vector<uint64_t> Hi, Lo;
  edgePairs(/*CanonicalOnly=*/false, Hi, Lo);
  checkAllLanePositions(GetParam(), LaneOp::Reduce128, Hi, Lo);
}

TEST_P(SimdField, RandomValues) {
  std::mt19937_64 Rng(2024);
  std::vector<uint64_t> CA, CB, RA, RB;
  for (int I = 0; I < 4096; ++I) {
    CA.push_back(Rng() % P);
    CB.push_back(Rng() % P);
    RA.push_back(Rng());
    RB.push_back(Rng());
  }
  // Values near p and 2^64 show up in random data far too rarely.
  for (int I = 0; I < 1024; ++I) {
    CA.push_back(P - 1 - (Rng() & 0xFFFFFFFF));
    CB.push_back(P - 1 - (Rng() & 0xFFFFFFFF));
    RA.push_back(~(Rng() & 0xFFFFFFFF));
    RB.push_back(Rng() | 0xFFFFFFFF00000000ULL);
  }
  checkLanes(GetParam(), LaneOp::Add, CA, CB);
  checkLanes(GetParam(), LaneOp::Sub, CA, CB);
  checkLanes(GetParam(), LaneOp::Mul, CA, CB);
  checkLanes(GetParam(), LaneOp::Mul, RA, RB);
  checkLanes(GetParam(), LaneOp::Reduce128, RA, RB);
}

TEST(SimdPowerOfTwo, Avx512MatchesScalar) {
  if (!detail::cpuHasAvx512())
    GTEST_SKIP() << "avx512 not supported by this CPU";
  std::mt19937_64 Rng(96);
  std::vector<uint64_t> X(std::begin(EdgeValues), std::end(EdgeValues));
  for (int I = 0; I < 45; ++I)
    X.push_back(Rng());
  X.resize((X.size() + 7) / 8 * 8, 0);
  for (unsigned T = 0; T < 96; ++T) {
    Felt Pow = Felt(2).exp(T);
    for (size_t Start = 0; Start < X.size(); Start += 8) {
      uint64_t R[8];
      avx512MulPowerOfTwo(&X[Start], T, R);
      for (size_t L = 0; L < 8; ++L)
        ASSERT_EQ(R[L], (Felt(X[Start + L]) * Pow).value()) << X[Start + L] << " * 2^" << T;
    }
  }
}

TEST(SimdLazyProducts, CongruentToTheProductForAnyInputs) {
  if (!detail::cpuHasAvx512())
    GTEST_SKIP() << "avx512 not supported by this CPU";
  // Edge values against each other (the carry and borrow corners of the
  // reduction), then random 64-bit inputs and inputs near 2^64.
  std::vector<uint64_t> A, B;
  edgePairs(/*CanonicalOnly=*/false, A, B);
  std::mt19937_64 Rng(7);
  for (int I = 0; I < 20000; ++I) {
    A.push_back(I % 4 == 0 ? ~(Rng() & 0xFFFFFFFF) : Rng());
    B.push_back(I % 3 == 0 ? Rng() | 0xFFFFFFFF00000000ULL : Rng());
  }
  A.resize((A.size() + 7) / 8 * 8, 0);
  B.resize(A.size(), 0);
  for (LazyMul Kind : {LazyMul::MulLazy, LazyMul::LowLatency512, LazyMul::LowLatency256})
    for (size_t Start = 0; Start < A.size(); Start += 8) {
      uint64_t R[8];
      avx512LazyProducts(Kind, &A[Start], &B[Start], R);
      for (size_t L = 0; L < 8; ++L) {
        uint64_t Want =
            Felt::reduce128(static_cast<unsigned __int128>(A[Start + L]) * B[Start + L]);
        ASSERT_EQ(R[L] % P, Want) << "kind " << int(Kind) << ": " << A[Start + L] << " * "
                                  << B[Start + L];
      }
    }
}

INSTANTIATE_TEST_SUITE_P(AllIsas, SimdField,
                         ::testing::Values(Isa{"avx2", 4, avx2Lanes, detail::cpuHasAvx2},
                                           Isa{"avx512", 8, avx512Lanes, detail::cpuHasAvx512}),
                         [](const ::testing::TestParamInfo<Isa> &Info) {
                           return std::string(Info.param.Name);
                         });

} // namespace
