//===- zkvm/Field/Goldilocks.h - The Goldilocks prime field ---------------===//
//
// p = 2^64 - 2^32 + 1. Elements are kept in canonical form (a uint64_t in
// [0, p)): the VM reads and writes stack values directly, comparisons and
// hashing need canonical values anyway, and on x86-64 the 64x64->128 multiply
// plus the special-form reduction below is as cheap as a Montgomery step.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_FIELD_GOLDILOCKS_H
#define ZKVM_FIELD_GOLDILOCKS_H

#include <cstdint>
#include <string>

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace llvm {
class raw_ostream;
}

namespace zkvm {

class Felt {
public:
  static constexpr uint64_t Modulus = 0xFFFFFFFF00000001ULL;
  /// 2^64 mod p = 2^32 - 1: adding it corrects a 64-bit wrap-around.
  static constexpr uint64_t Epsilon = 0xFFFFFFFFULL;

  constexpr Felt() = default;
  /// Reduces any 64-bit value into the field.
  constexpr explicit Felt(uint64_t V) : Val(V >= Modulus ? V - Modulus : V) {}

  /// Wraps a value the caller guarantees is already canonical.
  static constexpr Felt fromCanonical(uint64_t V) {
    Felt F;
    F.Val = V;
    return F;
  }
  static constexpr Felt zero() { return Felt(); }
  static constexpr Felt one() { return fromCanonical(1); }

  constexpr uint64_t value() const { return Val; }
  constexpr bool isZero() const { return Val == 0; }

  /// Reduces a 128-bit product: with x = lo + 2^64 (a + 2^32 b), 2^64 = 2^32 - 1
  /// and 2^96 = -1 (mod p), so x = lo - b + a (2^32 - 1).
  static constexpr uint64_t reduce128(unsigned __int128 X) {
    uint64_t Lo = static_cast<uint64_t>(X);
    uint64_t Hi = static_cast<uint64_t>(X >> 64);
    uint64_t HiHi = Hi >> 32;
    uint64_t HiLo = Hi & Epsilon;
    // Branch-free: the fix-ups multiply Epsilon by the borrow/carry bit, since
    // these bits are data-dependent and would mispredict.
    uint64_t T0 = Lo - HiHi;
    T0 -= Epsilon * uint64_t(Lo < HiHi); // borrow: 2^64 = Epsilon (mod p)
    uint64_t T1 = HiLo * Epsilon;
    uint64_t R = T0 + T1;
    R += Epsilon * uint64_t(R < T1); // carry out of 2^64
    return R - Modulus * uint64_t(R >= Modulus);
  }

  constexpr Felt operator+(Felt O) const {
    uint64_t S = Val + O.Val;
    // Overflow past 2^64 or past p: subtract p once (branch-free).
    return fromCanonical(S - Modulus * uint64_t((S < Val) | (S >= Modulus)));
  }
  constexpr Felt operator-(Felt O) const {
    uint64_t D = Val - O.Val;
    return fromCanonical(D + Modulus * uint64_t(Val < O.Val));
  }
  constexpr Felt operator-() const { return Val == 0 ? *this : fromCanonical(Modulus - Val); }
  constexpr Felt operator*(Felt O) const {
    return fromCanonical(reduce128(static_cast<unsigned __int128>(Val) * O.Val));
  }
  constexpr Felt &operator+=(Felt O) { return *this = *this + O; }
  constexpr Felt &operator-=(Felt O) { return *this = *this - O; }
  constexpr Felt &operator*=(Felt O) { return *this = *this * O; }
  constexpr bool operator==(Felt O) const { return Val == O.Val; }
  constexpr bool operator!=(Felt O) const { return Val != O.Val; }

  constexpr Felt square() const { return *this * *this; }
  constexpr Felt doubled() const { return *this + *this; }

  constexpr Felt exp(uint64_t E) const {
    Felt Base = *this, R = one();
    while (E) {
      if (E & 1)
        R *= Base;
      Base = Base.square();
      E >>= 1;
    }
    return R;
  }
  /// Multiplicative inverse; inverse(0) is defined as 0 (callers check).
  constexpr Felt inverse() const { return exp(Modulus - 2); }

  /// A square root when one exists (either one of the pair), else false.
  bool sqrt(Felt &Root) const;

  /// 7 generates the multiplicative group; it is also the coset offset of
  /// STARK evaluation domains.
  static constexpr Felt generator() { return fromCanonical(7); }
  /// A primitive 2^32-th root of unity (the one Winterfell uses, so domains
  /// line up with Miden's proofs).
  static constexpr uint64_t TwoAdicRoot = 7277203076849721926ULL;
  static constexpr unsigned TwoAdicity = 32;
  /// The primitive 2^LogN-th root of unity TwoAdicRoot^(2^(32-LogN)).
  static Felt rootOfUnity(unsigned LogN);

  /// Parses a decimal or 0x-hex integer that must be below the modulus.
  static llvm::Expected<Felt> parse(llvm::StringRef Text);
  std::string toString() const { return std::to_string(Val); }

private:
  uint64_t Val = 0;
};

/// Inverts every element in place with one field inversion (Montgomery's
/// trick). Zeros stay zero and do not poison the others.
void batchInverse(llvm::MutableArrayRef<Felt> Values);

llvm::raw_ostream &operator<<(llvm::raw_ostream &OS, Felt F);

} // namespace zkvm

#endif // ZKVM_FIELD_GOLDILOCKS_H
