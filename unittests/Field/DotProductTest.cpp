//===- DotProductTest.cpp - Sums of products against one-at-a-time Felt ---===//
//
// evaluateAtPoints and LaneCombiner, with and without the AVX-512 IFMA
// kernels, must equal Horner evaluation and term-by-term Felt arithmetic:
// on the largest values (p - 1, whose high limb is the largest), random
// values, lengths that are not multiples of the kernels' 8 lanes or 512-term
// blocks, and forms longer than the 1024-term accumulation limit.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Field/DotProduct.h"
#include "zkvm/Field/NTT.h"

#include "gtest/gtest.h"

#include <random>
#include <vector>

using namespace zkvm;

namespace {

std::vector<Felt> randomFelts(std::mt19937_64 &Rng, size_t N, bool Extreme) {
  std::vector<Felt> V(N);
  for (size_t I = 0; I < N; ++I)
    V[I] = Extreme && I % 3 != 2 ? Felt(Felt::Modulus - 1 - (I % 5)) : Felt(Rng());
  return V;
}

/// Runs Body with the IFMA kernels on (where the CPU has them) and off.
template <class Fn> void bothPaths(Fn &&Body) {
  for (bool Ifma : {true, false}) {
    setDotProductIfma(Ifma);
    SCOPED_TRACE(Ifma && dotProductUsesIfma() ? "IFMA" : "portable");
    Body();
  }
  setDotProductIfma(true);
}

TEST(DotProduct, PolynomialsAtPointsMatchHorner) {
  std::mt19937_64 Rng(7);
  for (size_t Len : {1, 7, 8, 513, 1500}) {
    for (bool Extreme : {false, true}) {
      std::vector<std::vector<Felt>> Polys;
      for (int C = 0; C < 5; ++C)
        Polys.push_back(randomFelts(Rng, Len, Extreme));
      std::vector<Felt> Points = randomFelts(Rng, 4, Extreme);
      Points.push_back(Felt::zero());
      Points.push_back(Felt::one());
      std::vector<const Felt *> Ptrs;
      for (const auto &P : Polys)
        Ptrs.push_back(P.data());
      bothPaths([&] {
        std::vector<Felt> Out(Points.size() * Polys.size());
        evaluateAtPoints(Ptrs, Len, Points, Out);
        for (size_t Q = 0; Q < Points.size(); ++Q)
          for (size_t C = 0; C < Polys.size(); ++C)
            EXPECT_EQ(Out[Q * Polys.size() + C], evaluatePolynomial(Polys[C], Points[Q]))
                << "length " << Len << ", point " << Q << ", polynomial " << C;
      });
    }
  }
}

TEST(DotProduct, LaneCombinerMatchesTermByTerm) {
  std::mt19937_64 Rng(11);
  for (size_t Count : {1, 9, 320, 2100}) {
    for (bool Extreme : {false, true}) {
      std::vector<std::vector<Felt>> Forms;
      for (int K = 0; K < 3; ++K)
        Forms.push_back(randomFelts(Rng, Count, Extreme));
      std::vector<Felt> Packs = randomFelts(Rng, Count * 8, Extreme);
      LaneCombiner Comb(Forms);
      bothPaths([&] {
        std::vector<Felt> Out(3 * 8);
        Comb.apply(Packs.data(), Out.data());
        for (unsigned K = 0; K < 3; ++K)
          for (unsigned L = 0; L < 8; ++L) {
            Felt Want;
            for (size_t I = 0; I < Count; ++I)
              Want += Forms[K][I] * Packs[I * 8 + L];
            EXPECT_EQ(Out[K * 8 + L], Want)
                << "count " << Count << ", form " << K << ", lane " << L;
          }
      });
    }
  }
}

} // namespace
