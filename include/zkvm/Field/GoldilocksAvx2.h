//===- GoldilocksAvx2.h - 4-lane Goldilocks arithmetic (AVX2) -------------===//
//
// Include only from files compiled with AVX2 enabled (see lib/Field CMake),
// and call their functions only after a CPU check. add and sub take and
// return canonical values (< p); mul accepts any 64-bit inputs and returns a
// canonical value.
//
// AVX2 has neither unsigned 64-bit compares nor a 64x64 multiply. Unsigned
// a < b is the signed compare of a ^ 2^63 and b ^ 2^63 (the "shifted" values,
// written XSh below); the 128-bit product is put together from four 32x32-bit
// _mm256_mul_epu32 partial products.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_FIELD_GOLDILOCKSAVX2_H
#define ZKVM_FIELD_GOLDILOCKSAVX2_H

#include <immintrin.h>

#include <cstdint>

namespace zkvm {
namespace avx2 {

using Vec = __m256i;

static inline Vec splat(uint64_t X) { return _mm256_set1_epi64x((long long)X); }
static inline Vec epsilon() { return splat(0xFFFFFFFFULL); }
static inline Vec signBit() { return splat(0x8000000000000000ULL); }

/// X ^ 2^63: maps unsigned order onto signed order.
static inline Vec shifted(Vec X) { return _mm256_xor_si256(X, signBit()); }

/// Lanes of A + B; both canonical.
static inline Vec add(Vec A, Vec B) {
  // T = A + B + eps = A + B - p + 2^64 carries out of 64 bits exactly when
  // A + B >= p, and then T mod 2^64 is the sum mod p; otherwise the sum is
  // T - eps. B + eps cannot wrap since B < p.
  Vec ASh = shifted(A);
  Vec TSh = _mm256_add_epi64(ASh, _mm256_add_epi64(B, epsilon()));
  Vec Carry = _mm256_cmpgt_epi64(ASh, TSh); // T < A (unsigned)
  return shifted(_mm256_sub_epi64(TSh, _mm256_andnot_si256(Carry, epsilon())));
}

/// Lanes of A - B; both canonical.
static inline Vec sub(Vec A, Vec B) {
  Vec D = _mm256_sub_epi64(A, B);
  Vec Borrow = _mm256_cmpgt_epi64(shifted(B), shifted(A)); // A < B (unsigned)
  // Adding p is subtracting eps modulo 2^64.
  return _mm256_sub_epi64(D, _mm256_and_si256(Borrow, epsilon()));
}

/// The full 128-bit product Hi:Lo of two 64-bit lanes, schoolbook on 32-bit
/// halves with the carries kept inside 64-bit lanes.
static inline void mulWide(Vec A, Vec B, Vec &Hi, Vec &Lo) {
  const Vec Mask32 = epsilon();
  Vec AHi = _mm256_srli_epi64(A, 32);
  Vec BHi = _mm256_srli_epi64(B, 32);
  Vec LL = _mm256_mul_epu32(A, B);
  Vec LH = _mm256_mul_epu32(A, BHi);
  Vec HL = _mm256_mul_epu32(AHi, B);
  Vec HH = _mm256_mul_epu32(AHi, BHi);
  // (2^32 - 1)^2 + 2^32 - 1 < 2^64, so neither sum wraps.
  Vec T = _mm256_add_epi64(LH, _mm256_srli_epi64(LL, 32));
  Vec T2 = _mm256_add_epi64(_mm256_and_si256(T, Mask32), HL);
  // Lo = (T2 << 32) | (LL & Mask32): odd 32-bit elements from the shifted T2.
  Lo = _mm256_blend_epi32(LL, _mm256_slli_epi64(T2, 32), 0xAA);
  Hi = _mm256_add_epi64(HH, _mm256_add_epi64(_mm256_srli_epi64(T, 32), _mm256_srli_epi64(T2, 32)));
}

/// Reduces the 128-bit value Hi:Lo modulo p (see Felt::reduce128); any Hi
/// and Lo, canonical result.
static inline Vec reduce128(Vec Hi, Vec Lo) {
  const Vec Eps = epsilon();
  // T0 = Lo - Hi / 2^32, plus p on a borrow (Lo - HiHi + 2^64 > eps).
  Vec HiHi = _mm256_srli_epi64(Hi, 32);
  Vec LoSh = shifted(Lo);
  Vec T0Sh = _mm256_sub_epi64(LoSh, HiHi);
  Vec Borrow = _mm256_cmpgt_epi64(T0Sh, LoSh); // wrapped: T0 > Lo
  T0Sh = _mm256_sub_epi64(T0Sh, _mm256_and_si256(Borrow, Eps));
  // T1 = (Hi mod 2^32) * eps = HiLo * 2^32 - HiLo.
  Vec T1 = _mm256_sub_epi64(_mm256_slli_epi64(Hi, 32), _mm256_and_si256(Hi, Eps));
  Vec RSh = _mm256_add_epi64(T0Sh, T1);
  // Either R wrapped past 2^64 (then R < T1 < p) or R may be >= p; both are
  // fixed by adding eps modulo 2^64, and at most one of them holds.
  Vec Carry = _mm256_cmpgt_epi64(T0Sh, RSh);
  Vec Ge = _mm256_cmpgt_epi64(RSh, splat(0x7FFFFFFF00000000ULL)); // R >= p
  Vec Fix = _mm256_and_si256(_mm256_or_si256(Carry, Ge), Eps);
  return shifted(_mm256_add_epi64(RSh, Fix));
}

/// Lanes of A * B; any 64-bit inputs, canonical result.
static inline Vec mul(Vec A, Vec B) {
  Vec Hi, Lo;
  mulWide(A, B, Hi, Lo);
  return reduce128(Hi, Lo);
}

static inline Vec load(const void *P) { return _mm256_loadu_si256((const __m256i *)P); }
static inline void store(void *P, Vec V) { _mm256_storeu_si256((__m256i *)P, V); }

} // namespace avx2
} // namespace zkvm

#endif // ZKVM_FIELD_GOLDILOCKSAVX2_H
