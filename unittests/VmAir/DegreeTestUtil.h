//===- DegreeTestUtil.h - Measuring constraint degrees in tests ---*- C++ -*-===//
//
// A constraint's degree, measured: every trace cell a random line a + b t,
// the constraint is a polynomial in t, and its degree is the number of
// finite differences over t = 0..10 that leave a nonzero sequence (a
// polynomial of degree d has a nonzero d-th difference and a zero (d+1)-th),
// so degrees up to 9 are measured exactly.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_UNITTESTS_VMAIR_DEGREETESTUTIL_H
#define ZKVM_UNITTESTS_VMAIR_DEGREETESTUTIL_H

#include "zkvm/Field/Goldilocks.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace zkvm {

/// Deterministic pseudo-random field elements (a 64-bit LCG).
struct TestFeltRng {
  uint64_t Seed;
  Felt next() {
    Seed = Seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return Felt(Seed >> 1);
  }
};

/// Random lines a_j + b_j t, Count of them; at(j, t) is line j at t.
struct RandomLines {
  std::vector<Felt> A, B;
  RandomLines(size_t Count, TestFeltRng &Rng) : A(Count), B(Count) {
    for (size_t J = 0; J < Count; ++J) {
      A[J] = Rng.next();
      B[J] = Rng.next();
    }
  }
  Felt at(size_t J, Felt T) const { return A[J] + B[J] * T; }
};

/// The degree in t of each of the NumOut values F(t) returns (0 for the zero
/// polynomial).
template <class Fn> std::vector<unsigned> measuredDegrees(unsigned NumOut, Fn F) {
  std::vector<std::vector<Felt>> Values;
  for (unsigned T = 0; T <= 10; ++T)
    Values.push_back(F(Felt(T)));
  std::vector<unsigned> Deg(NumOut);
  for (unsigned K = 0; K < NumOut; ++K) {
    std::vector<Felt> D;
    for (const std::vector<Felt> &V : Values)
      D.push_back(V[K]);
    unsigned Order = 0;
    while (!std::all_of(D.begin(), D.end(), [](Felt X) { return X.isZero(); })) {
      for (size_t I = 0; I + 1 < D.size(); ++I)
        D[I] = D[I + 1] - D[I];
      D.pop_back();
      ++Order;
    }
    Deg[K] = Order ? Order - 1 : 0;
  }
  return Deg;
}

} // namespace zkvm

#endif // ZKVM_UNITTESTS_VMAIR_DEGREETESTUTIL_H
