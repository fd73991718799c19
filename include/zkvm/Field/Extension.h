//===- zkvm/Field/Extension.h - Extensions of the Goldilocks field --------===//
//
// The STARK draws its random challenges from an extension so that soundness
// does not stop at 64 bits:
//  - QuadExt: F_p[x] / (x^2 - x + 2), Miden v0.20's extension (96-bit target);
//  - CubicExt: F_p[x] / (x^3 - x - 1), Winterfell's cubic extension (128-bit).
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_FIELD_EXTENSION_H
#define ZKVM_FIELD_EXTENSION_H

#include "zkvm/Field/Goldilocks.h"

#include <array>

namespace zkvm {

/// a0 + a1 * x with x^2 = x - 2.
class QuadExt {
public:
  static constexpr unsigned Degree = 2;
  constexpr QuadExt() = default;
  constexpr QuadExt(Felt A0, Felt A1 = Felt()) : C{A0, A1} {}
  static constexpr QuadExt zero() { return QuadExt(); }
  static constexpr QuadExt one() { return QuadExt(Felt::one()); }

  constexpr Felt operator[](unsigned I) const { return C[I]; }
  constexpr bool isZero() const { return C[0].isZero() && C[1].isZero(); }
  constexpr bool isBase() const { return C[1].isZero(); }

  constexpr QuadExt operator+(QuadExt O) const { return QuadExt(C[0] + O.C[0], C[1] + O.C[1]); }
  constexpr QuadExt operator-(QuadExt O) const { return QuadExt(C[0] - O.C[0], C[1] - O.C[1]); }
  constexpr QuadExt operator-() const { return QuadExt(-C[0], -C[1]); }
  constexpr QuadExt operator*(Felt S) const { return QuadExt(C[0] * S, C[1] * S); }
  constexpr QuadExt operator*(QuadExt O) const {
    // (a0 + a1 x)(b0 + b1 x) = a0 b0 + (a0 b1 + a1 b0) x + a1 b1 (x - 2)
    Felt P00 = C[0] * O.C[0], P11 = C[1] * O.C[1];
    Felt Cross = (C[0] + C[1]) * (O.C[0] + O.C[1]) - P00; // a0 b1 + a1 b0 + a1 b1
    return QuadExt(P00 - P11.doubled(), Cross);
  }
  constexpr QuadExt &operator+=(QuadExt O) { return *this = *this + O; }
  constexpr QuadExt &operator-=(QuadExt O) { return *this = *this - O; }
  constexpr QuadExt &operator*=(QuadExt O) { return *this = *this * O; }
  constexpr bool operator==(QuadExt O) const { return C[0] == O.C[0] && C[1] == O.C[1]; }
  constexpr bool operator!=(QuadExt O) const { return !(*this == O); }

  constexpr QuadExt square() const { return *this * *this; }
  /// The conjugate: x maps to the other root 1 - x of x^2 - x + 2.
  constexpr QuadExt frobenius() const { return QuadExt(C[0] + C[1], -C[1]); }
  /// The norm a * conj(a), an element of the base field.
  constexpr Felt norm() const { return (*this * frobenius())[0]; }
  constexpr QuadExt inverse() const {
    Felt N = norm();
    return frobenius() * N.inverse();
  }
  constexpr QuadExt exp(uint64_t E) const {
    QuadExt Base = *this, R = one();
    while (E) {
      if (E & 1)
        R *= Base;
      Base = Base.square();
      E >>= 1;
    }
    return R;
  }

private:
  std::array<Felt, 2> C{};
};

/// a0 + a1 x + a2 x^2 with x^3 = x + 1.
class CubicExt {
public:
  static constexpr unsigned Degree = 3;
  constexpr CubicExt() = default;
  constexpr CubicExt(Felt A0, Felt A1 = Felt(), Felt A2 = Felt()) : C{A0, A1, A2} {}
  static constexpr CubicExt zero() { return CubicExt(); }
  static constexpr CubicExt one() { return CubicExt(Felt::one()); }

  constexpr Felt operator[](unsigned I) const { return C[I]; }
  constexpr bool isZero() const { return C[0].isZero() && C[1].isZero() && C[2].isZero(); }
  constexpr bool isBase() const { return C[1].isZero() && C[2].isZero(); }

  constexpr CubicExt operator+(CubicExt O) const {
    return CubicExt(C[0] + O.C[0], C[1] + O.C[1], C[2] + O.C[2]);
  }
  constexpr CubicExt operator-(CubicExt O) const {
    return CubicExt(C[0] - O.C[0], C[1] - O.C[1], C[2] - O.C[2]);
  }
  constexpr CubicExt operator-() const { return CubicExt(-C[0], -C[1], -C[2]); }
  constexpr CubicExt operator*(Felt S) const { return CubicExt(C[0] * S, C[1] * S, C[2] * S); }
  constexpr CubicExt operator*(CubicExt O) const {
    // Schoolbook product d0..d4, then x^3 = x + 1 and x^4 = x^2 + x.
    Felt D0 = C[0] * O.C[0];
    Felt D1 = C[0] * O.C[1] + C[1] * O.C[0];
    Felt D2 = C[0] * O.C[2] + C[1] * O.C[1] + C[2] * O.C[0];
    Felt D3 = C[1] * O.C[2] + C[2] * O.C[1];
    Felt D4 = C[2] * O.C[2];
    return CubicExt(D0 + D3, D1 + D3 + D4, D2 + D4);
  }
  constexpr CubicExt &operator+=(CubicExt O) { return *this = *this + O; }
  constexpr CubicExt &operator-=(CubicExt O) { return *this = *this - O; }
  constexpr CubicExt &operator*=(CubicExt O) { return *this = *this * O; }
  constexpr bool operator==(CubicExt O) const {
    return C[0] == O.C[0] && C[1] == O.C[1] && C[2] == O.C[2];
  }
  constexpr bool operator!=(CubicExt O) const { return !(*this == O); }

  constexpr CubicExt square() const { return *this * *this; }
  constexpr CubicExt exp(uint64_t E) const {
    CubicExt Base = *this, R = one();
    while (E) {
      if (E & 1)
        R *= Base;
      Base = Base.square();
      E >>= 1;
    }
    return R;
  }
  /// a^p: the Frobenius map, computed by exponentiation (not on hot paths).
  constexpr CubicExt frobenius() const { return exp(Felt::Modulus); }
  /// a^-1 = a^p * a^(p^2) / N(a), where N(a) = a^(1 + p + p^2) lies in the base field.
  constexpr CubicExt inverse() const {
    CubicExt F1 = frobenius();
    CubicExt F2 = F1.frobenius();
    CubicExt Conj = F1 * F2;
    Felt N = (*this * Conj)[0];
    return Conj * N.inverse();
  }

private:
  std::array<Felt, 3> C{};
};

} // namespace zkvm

#endif // ZKVM_FIELD_EXTENSION_H
