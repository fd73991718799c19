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
  /// Out[r] = sum_c Row[(c + 12 - r) % 12] In[c], a circulant 12 x 12 matrix
  /// whose entries are below 2^32 / 12 (RPO's MDS: all below 2^5): each lane
  /// splits into 32-bit halves whose products with an entry sum without
  /// overflow (below 2^41), so a row is 24 32 x 32-bit products and one
  /// reduction instead of 12 full products.
  static void circulant12Small(const P *In, P *Out, const uint64_t *Row) {
    avx512::Vec Lo[12], Hi[12];
    for (unsigned C = 0; C < 12; ++C) {
      Lo[C] = get(In[C]);
      Hi[C] = _mm512_srli_epi64(Lo[C], 32);
    }
    for (unsigned R = 0; R < 12; ++R) {
      avx512::Vec SumLo = _mm512_setzero_si512(), SumHi = _mm512_setzero_si512();
      for (unsigned C = 0; C < 12; ++C) {
        avx512::Vec M = _mm512_set1_epi64((long long)Row[(C + 12 - R) % 12]);
        SumLo = _mm512_add_epi64(SumLo, _mm512_mul_epu32(Lo[C], M));
        SumHi = _mm512_add_epi64(SumHi, _mm512_mul_epu32(Hi[C], M));
      }
      // SumLo + SumHi 2^32 as Hi:Lo 64-bit halves.
      avx512::Vec Shifted = _mm512_slli_epi64(SumHi, 32);
      avx512::Vec L = _mm512_add_epi64(SumLo, Shifted);
      __mmask8 Carry = _mm512_cmplt_epu64_mask(L, Shifted);
      avx512::Vec H = _mm512_srli_epi64(SumHi, 32);
      H = _mm512_mask_add_epi64(H, Carry, H, _mm512_set1_epi64(1));
      Out[R] = put(avx512::reduce128(H, L));
    }
  }
};
} // namespace detail

} // namespace zkvm

#endif // ZKVM_AIR_FELTPACKAVX512_H
