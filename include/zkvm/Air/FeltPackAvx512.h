//===- zkvm/Air/FeltPackAvx512.h - FeltPack operations in AVX-512 ---------===//
//
// The operations of BasicFeltPack<detail::Avx512Isa>: each one AVX-512
// Goldilocks operation on the eight lanes, inline, so a constraint
// evaluation instantiated with that pack compiles into straight-line vector
// code. Include only from files compiled with AVX-512 enabled (see
// lib/Air/CMakeLists.txt), and run their code only when
// detail::FeltPackAvx512 is true. Every result is canonical, as in the
// scalar pack, so the lanes hold exactly the scalar values.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_AIR_FELTPACKAVX512_H
#define ZKVM_AIR_FELTPACKAVX512_H

#include "zkvm/Air/FeltPack.h"
#include "zkvm/Field/GoldilocksAvx512.h"

namespace zkvm {

using FeltPackAvx = BasicFeltPack<detail::Avx512Isa>;

namespace detail {
template <> struct FeltPackOps<Avx512Isa> {
  using P = BasicFeltPack<Avx512Isa>;
  static avx512::Vec get(const P &A) { return avx512::load(A.V); }
  static P put(avx512::Vec X) {
    P R;
    avx512::store(R.V, X);
    return R;
  }
  static P add(const P &A, const P &B) { return put(avx512::add(get(A), get(B))); }
  static P sub(const P &A, const P &B) { return put(avx512::sub(get(A), get(B))); }
  static P mul(const P &A, const P &B) { return put(avx512::mul(get(A), get(B))); }
  // 0 - A: p - A for A != 0 and 0 for A = 0, as Felt's negation.
  static P neg(const P &A) { return put(avx512::sub(_mm512_setzero_si512(), get(A))); }
};
} // namespace detail

} // namespace zkvm

#endif // ZKVM_AIR_FELTPACKAVX512_H
