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

#include <type_traits>

namespace zkvm {

namespace detail {
/// Whether the CPU has AVX-512 (F, DQ, VL and BW: the flags the AVX-512 files
/// are compiled with), and the eight products R = A * B with it
/// (lib/Field/FeltPackAvx512.cpp); call only when it is true.
extern const bool FeltPackAvx512;
void feltPackMulAvx512(const Felt *A, const Felt *B, Felt *R);

/// The instruction sets a BasicFeltPack's operations are written for.
/// ScalarIsa is what every file uses (portable code, with the product
/// dispatched at run time); Avx512Isa's operations are inline AVX-512 code,
/// defined only in zkvm/Air/FeltPackAvx512.h for the files compiled with
/// AVX-512 (being a different type, its code never mixes with the others').
struct ScalarIsa {};
struct Avx512Isa {};
template <class Isa> struct FeltPackOps;
} // namespace detail

template <class Isa> struct BasicFeltPack {
  static constexpr unsigned Lanes = 8;
  using Ops = detail::FeltPackOps<Isa>;
  Felt V[Lanes];

  BasicFeltPack() = default;
  BasicFeltPack(Felt X) {
    for (Felt &L : V)
      L = X;
  }

  BasicFeltPack operator+(const BasicFeltPack &O) const { return Ops::add(*this, O); }
  BasicFeltPack operator-(const BasicFeltPack &O) const { return Ops::sub(*this, O); }
  BasicFeltPack operator*(const BasicFeltPack &O) const { return Ops::mul(*this, O); }
  BasicFeltPack operator-() const { return Ops::neg(*this); }
  BasicFeltPack &operator+=(const BasicFeltPack &O) { return *this = *this + O; }
  BasicFeltPack &operator-=(const BasicFeltPack &O) { return *this = *this - O; }
  BasicFeltPack &operator*=(const BasicFeltPack &O) { return *this = *this * O; }
  BasicFeltPack square() const { return *this * *this; }
};

using FeltPack = BasicFeltPack<detail::ScalarIsa>;

/// Whether T is a BasicFeltPack (code that works on the lanes directly).
template <class T> struct IsFeltPack : std::false_type {};
template <class Isa> struct IsFeltPack<BasicFeltPack<Isa>> : std::true_type {};
template <class T> constexpr bool IsFeltPackV = IsFeltPack<T>::value;

namespace detail {
template <> struct FeltPackOps<ScalarIsa> {
  using P = BasicFeltPack<ScalarIsa>;
  static P add(const P &A, const P &B) {
    P R;
    for (unsigned I = 0; I < P::Lanes; ++I)
      R.V[I] = A.V[I] + B.V[I];
    return R;
  }
  static P sub(const P &A, const P &B) {
    P R;
    for (unsigned I = 0; I < P::Lanes; ++I)
      R.V[I] = A.V[I] - B.V[I];
    return R;
  }
  static P mul(const P &A, const P &B) {
    P R;
    if (FeltPackAvx512) {
      feltPackMulAvx512(A.V, B.V, R.V);
      return R;
    }
    for (unsigned I = 0; I < P::Lanes; ++I)
      R.V[I] = A.V[I] * B.V[I];
    return R;
  }
  static P neg(const P &A) {
    P R;
    for (unsigned I = 0; I < P::Lanes; ++I)
      R.V[I] = -A.V[I];
    return R;
  }
};
} // namespace detail

/// Eight extension elements in lockstep (one FeltPack per coefficient), for
/// evaluating the aux constraints eight rows at a time: the prover
/// instantiates evaluateAux with F = FeltPack, E = ExtPack<QuadExt> (or
/// CubicExt). Felt, FeltPack (a lift) and Ext (a broadcast) convert to it;
/// the default value is zero, as for the extensions. The products are the
/// extensions' own formulas, so every lane equals the scalar result. Pack is
/// the base pack (another instruction set's BasicFeltPack).
template <class Ext, class Pack = FeltPack> struct ExtPack {
  static constexpr unsigned Degree = Ext::Degree;
  static constexpr unsigned Lanes = Pack::Lanes;
  Pack C[Degree];

  ExtPack() {
    for (Pack &X : C)
      X = Pack(Felt());
  }
  ExtPack(Felt X) : ExtPack(Pack(X)) {}
  ExtPack(const Pack &X) {
    C[0] = X;
    for (unsigned I = 1; I < Degree; ++I)
      C[I] = Pack(Felt());
  }
  ExtPack(const Ext &X) {
    for (unsigned I = 0; I < Degree; ++I)
      C[I] = Pack(X[I]);
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
      Pack P00 = C[0] * O.C[0], P11 = C[1] * O.C[1];
      R.C[0] = P00 - (P11 + P11);
      R.C[1] = (C[0] + C[1]) * (O.C[0] + O.C[1]) - P00;
    } else {
      // CubicExt: x^3 = x + 1, x^4 = x^2 + x.
      Pack D0 = C[0] * O.C[0];
      Pack D1 = C[0] * O.C[1] + C[1] * O.C[0];
      Pack D2 = C[0] * O.C[2] + C[1] * O.C[1] + C[2] * O.C[0];
      Pack D3 = C[1] * O.C[2] + C[2] * O.C[1];
      Pack D4 = C[2] * O.C[2];
      R.C[0] = D0 + D3;
      R.C[1] = D1 + D3 + D4;
      R.C[2] = D2 + D4;
    }
    return R;
  }
  /// Times a base-field pack: one base product per coefficient (a lifted
  /// operand would cost a full extension product).
  ExtPack operator*(const Pack &S) const {
    ExtPack R(NoInit{});
    for (unsigned I = 0; I < Degree; ++I)
      R.C[I] = C[I] * S;
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
