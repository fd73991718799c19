//===- zkvm/Air/FeltPack.h - Eight base-field elements in lockstep --------===//
//
// The prover evaluates transition constraints on eight rows at once by
// instantiating the AIR's evaluateMain with E = FeltPack. Each operation runs
// eight independent Goldilocks operations, so the multiplications' latency
// chains overlap (a single row's constraint code is mostly one long chain).
// A Felt converts implicitly (broadcast), so AIR code written for E works
// unchanged: E(Felt(4)), X * Felt(c), X + Periodic[0].
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_AIR_FELTPACK_H
#define ZKVM_AIR_FELTPACK_H

#include "zkvm/Field/Goldilocks.h"

namespace zkvm {

struct FeltPack {
  static constexpr unsigned Lanes = 8;
  Felt V[Lanes];

  FeltPack() = default;
  FeltPack(Felt X) {
    for (Felt &L : V)
      L = X;
  }

  FeltPack operator+(const FeltPack &O) const {
    FeltPack R;
    for (unsigned I = 0; I < Lanes; ++I)
      R.V[I] = V[I] + O.V[I];
    return R;
  }
  FeltPack operator-(const FeltPack &O) const {
    FeltPack R;
    for (unsigned I = 0; I < Lanes; ++I)
      R.V[I] = V[I] - O.V[I];
    return R;
  }
  FeltPack operator*(const FeltPack &O) const {
    FeltPack R;
    for (unsigned I = 0; I < Lanes; ++I)
      R.V[I] = V[I] * O.V[I];
    return R;
  }
  FeltPack operator-() const {
    FeltPack R;
    for (unsigned I = 0; I < Lanes; ++I)
      R.V[I] = -V[I];
    return R;
  }
  FeltPack &operator+=(const FeltPack &O) { return *this = *this + O; }
  FeltPack &operator-=(const FeltPack &O) { return *this = *this - O; }
  FeltPack &operator*=(const FeltPack &O) { return *this = *this * O; }
  FeltPack square() const { return *this * *this; }
};

} // namespace zkvm

#endif // ZKVM_AIR_FELTPACK_H
