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

#include "zkvm/Field/Extension.h"
#include "zkvm/Field/Goldilocks.h"

namespace zkvm {

namespace detail {
/// Whether the CPU has AVX-512 (F and DQ), and the eight products R = A * B
/// with it (lib/Field/FeltPackAvx512.cpp); call only when it is true.
extern const bool FeltPackAvx512;
void feltPackMulAvx512(const Felt *A, const Felt *B, Felt *R);
} // namespace detail

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
    if (detail::FeltPackAvx512) {
      detail::feltPackMulAvx512(V, O.V, R.V);
      return R;
    }
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

/// Eight extension elements in lockstep (one FeltPack per coefficient), for
/// evaluating the aux constraints eight rows at a time: the prover
/// instantiates evaluateAux with F = FeltPack, E = ExtPack<QuadExt> (or
/// CubicExt). Felt, FeltPack (a lift) and Ext (a broadcast) convert to it;
/// the default value is zero, as for the extensions. The products are the
/// extensions' own formulas, so every lane equals the scalar result.
template <class Ext> struct ExtPack {
  static constexpr unsigned Degree = Ext::Degree;
  static constexpr unsigned Lanes = FeltPack::Lanes;
  FeltPack C[Degree];

  ExtPack() {
    for (FeltPack &X : C)
      X = FeltPack(Felt());
  }
  ExtPack(Felt X) : ExtPack(FeltPack(X)) {}
  ExtPack(const FeltPack &X) {
    C[0] = X;
    for (unsigned I = 1; I < Degree; ++I)
      C[I] = FeltPack(Felt());
  }
  ExtPack(const Ext &X) {
    for (unsigned I = 0; I < Degree; ++I)
      C[I] = FeltPack(X[I]);
  }

  /// Lane L as an extension element, and setting it.
  Ext lane(unsigned L) const {
    if constexpr (Degree == 2)
      return Ext(C[0].V[L], C[1].V[L]);
    else
      return Ext(C[0].V[L], C[1].V[L], C[2].V[L]);
  }
  void setLane(unsigned L, const Ext &X) {
    for (unsigned I = 0; I < Degree; ++I)
      C[I].V[L] = X[I];
  }

  ExtPack operator+(const ExtPack &O) const {
    ExtPack R(NoInit{});
    for (unsigned I = 0; I < Degree; ++I)
      R.C[I] = C[I] + O.C[I];
    return R;
  }
  ExtPack operator-(const ExtPack &O) const {
    ExtPack R(NoInit{});
    for (unsigned I = 0; I < Degree; ++I)
      R.C[I] = C[I] - O.C[I];
    return R;
  }
  ExtPack operator-() const {
    ExtPack R(NoInit{});
    for (unsigned I = 0; I < Degree; ++I)
      R.C[I] = -C[I];
    return R;
  }
  ExtPack operator*(const ExtPack &O) const {
    ExtPack R(NoInit{});
    if constexpr (Degree == 2) {
      // QuadExt: x^2 = x - 2, three base products (Karatsuba).
      FeltPack P00 = C[0] * O.C[0], P11 = C[1] * O.C[1];
      R.C[0] = P00 - (P11 + P11);
      R.C[1] = (C[0] + C[1]) * (O.C[0] + O.C[1]) - P00;
    } else {
      // CubicExt: x^3 = x + 1, x^4 = x^2 + x.
      FeltPack D0 = C[0] * O.C[0];
      FeltPack D1 = C[0] * O.C[1] + C[1] * O.C[0];
      FeltPack D2 = C[0] * O.C[2] + C[1] * O.C[1] + C[2] * O.C[0];
      FeltPack D3 = C[1] * O.C[2] + C[2] * O.C[1];
      FeltPack D4 = C[2] * O.C[2];
      R.C[0] = D0 + D3;
      R.C[1] = D1 + D3 + D4;
      R.C[2] = D2 + D4;
    }
    return R;
  }
  ExtPack &operator+=(const ExtPack &O) { return *this = *this + O; }
  ExtPack &operator-=(const ExtPack &O) { return *this = *this - O; }
  ExtPack &operator*=(const ExtPack &O) { return *this = *this * O; }
  ExtPack square() const { return *this * *this; }

private:
  struct NoInit {};
  explicit ExtPack(NoInit) {}
};

using QuadExtPack = ExtPack<QuadExt>;
using CubicExtPack = ExtPack<CubicExt>;

} // namespace zkvm

#endif // ZKVM_AIR_FELTPACK_H
