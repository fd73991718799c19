//===- GoldilocksAvx512.h - 8-lane Goldilocks arithmetic (AVX-512) --------===//
//
// Include only from files compiled with AVX-512 enabled (see lib/Field and
// lib/Crypto CMake), and call their functions only after a CPU check.
// add/sub/mul take and return canonical values (< p); mul also accepts any
// 64-bit inputs, which the lazy forms below rely on.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_FIELD_GOLDILOCKSAVX512_H
#define ZKVM_FIELD_GOLDILOCKSAVX512_H

#include <immintrin.h>

#include <cstdint>

namespace zkvm {
namespace avx512 {

using Vec = __m512i;

static inline Vec modulus() { return _mm512_set1_epi64((long long)0xFFFFFFFF00000001ULL); }
static inline Vec epsilon() { return _mm512_set1_epi64(0xFFFFFFFFLL); }

static inline Vec add(Vec A, Vec B) {
  // A + (B + eps) = A + B - p + 2^64 carries out of 64 bits exactly when
  // A + B >= p, and then its low 64 bits are the sum mod p; otherwise the sum
  // is those bits - eps. B + eps does not wrap since B < p.
  Vec S = _mm512_add_epi64(A, _mm512_add_epi64(B, epsilon()));
  __mmask8 NoCarry = _mm512_cmpge_epu64_mask(S, A);
  return _mm512_mask_sub_epi64(S, NoCarry, S, epsilon());
}

/// A + B for any 64-bit A and canonical B; the result is congruent mod p but
/// may exceed p (one carry fix-up instead of two). Used inside the forward NTT.
static inline Vec addLazy(Vec A, Vec B) {
  Vec S = _mm512_add_epi64(A, B);
  __mmask8 Carry = _mm512_cmplt_epu64_mask(S, A);
  return _mm512_mask_add_epi64(S, Carry, S, epsilon());
}

/// A - B for any 64-bit A and canonical B; may exceed p, like addLazy.
static inline Vec subLazy(Vec A, Vec B) {
  Vec D = _mm512_sub_epi64(A, B);
  __mmask8 Borrow = _mm512_cmplt_epu64_mask(A, B);
  return _mm512_mask_sub_epi64(D, Borrow, D, epsilon());
}

/// Brings a value below 2^64 into [0, p).
static inline Vec canonicalize(Vec A) {
  __mmask8 Ge = _mm512_cmpge_epu64_mask(A, modulus());
  return _mm512_mask_sub_epi64(A, Ge, A, modulus());
}

/// canonicalize without a compare into a mask register on the dependency
/// chain: the result is the smaller of X and X + eps mod 2^64 (which wraps
/// exactly when X >= p, to X - p).
static inline Vec canonicalMin(Vec X) {
  return _mm512_min_epu64(X, _mm512_add_epi64(X, epsilon()));
}

static inline Vec sub(Vec A, Vec B) {
  Vec D = _mm512_sub_epi64(A, B);
  __mmask8 Borrow = _mm512_cmplt_epu64_mask(A, B);
  return _mm512_mask_add_epi64(D, Borrow, D, modulus());
}

/// Hi:Lo modulo p, but left in [0, 2^64) (congruent, maybe >= p): enough for
/// the input of another mul, one compare shorter on dependency chains.
static inline Vec reduce128Lazy(Vec Hi, Vec Lo) {
  const Vec Eps = epsilon();
  Vec HiHi = _mm512_srli_epi64(Hi, 32);
  Vec T0 = _mm512_sub_epi64(Lo, HiHi);
  __mmask8 Borrow = _mm512_cmplt_epu64_mask(Lo, HiHi);
  T0 = _mm512_mask_sub_epi64(T0, Borrow, T0, Eps);
  Vec T1 = _mm512_mul_epu32(Hi, Eps); // HiLo * eps: one vpmuludq, not three ops
  Vec R = _mm512_add_epi64(T0, T1);
  __mmask8 Carry = _mm512_cmplt_epu64_mask(R, T1);
  return _mm512_mask_add_epi64(R, Carry, R, Eps);
}

/// Reduces the 128-bit value Hi:Lo modulo p (see Felt::reduce128).
static inline Vec reduce128(Vec Hi, Vec Lo) {
  const Vec Eps = epsilon();
  // x = Lo + HiLo * eps - HiHi (mod p). S = Lo + HiLo * eps may carry past
  // 2^64 (worth +eps) and S - HiHi may borrow (worth -eps); both flags come
  // from S, so the two compares run in parallel, and when both are set they
  // cancel. Either fix-up stays inside [0, 2^64): a carry leaves S < HiLo * eps
  // <= 2^64 - 2^33 + 1, a borrow leaves S - HiHi + 2^64 >= 2^64 - 2^32.
  Vec HiHi = _mm512_srli_epi64(Hi, 32);
  Vec T1 = _mm512_mul_epu32(Hi, Eps); // HiLo * eps: one vpmuludq, not three ops
  Vec S = _mm512_add_epi64(Lo, T1);
  __mmask8 Carry = _mm512_cmplt_epu64_mask(S, T1);
  __mmask8 Borrow = _mm512_cmplt_epu64_mask(S, HiHi);
  Vec R = _mm512_sub_epi64(S, HiHi);
  R = _mm512_mask_add_epi64(R, Carry, R, Eps);
  R = _mm512_mask_sub_epi64(R, Borrow, R, Eps);
  return canonicalMin(R);
}

/// The full 128-bit product of two 64-bit lanes.
static inline void mulWide(Vec A, Vec B, Vec &Hi, Vec &Lo) {
  const Vec Mask32 = epsilon();
  Vec AHi = _mm512_srli_epi64(A, 32);
  Vec BHi = _mm512_srli_epi64(B, 32);
  Vec LL = _mm512_mul_epu32(A, B);
  Vec LH = _mm512_mul_epu32(A, BHi);
  Vec HL = _mm512_mul_epu32(AHi, B);
  Vec HH = _mm512_mul_epu32(AHi, BHi);
  // Schoolbook with the carries folded into 64-bit lanes (no lane overflows).
  Vec T = _mm512_add_epi64(LH, _mm512_srli_epi64(LL, 32));
  Vec T2 = _mm512_add_epi64(_mm512_and_si512(T, Mask32), HL);
  // Lo = (T2 << 32) | (LL & Mask32) in one ternary-logic op (table 0xF8).
  Lo = _mm512_ternarylogic_epi64(_mm512_slli_epi64(T2, 32), LL, Mask32, 0xF8);
  Hi = _mm512_add_epi64(HH, _mm512_add_epi64(_mm512_srli_epi64(T, 32), _mm512_srli_epi64(T2, 32)));
}

/// A * B for any 64-bit lanes, result in [0, 2^64) (see reduce128Lazy).
static inline Vec mulLazy(Vec A, Vec B) {
  Vec Hi, Lo;
  mulWide(A, B, Hi, Lo);
  return reduce128Lazy(Hi, Lo);
}

/// The 64-bit lane operations of 512-bit and 256-bit (AVX-512VL) vectors
/// under one set of names, for code written once for both widths.
template <class V> struct LaneOps;
template <> struct LaneOps<__m512i> {
  static __m512i splat(uint64_t X) { return _mm512_set1_epi64((long long)X); }
  static __m512i add(__m512i A, __m512i B) { return _mm512_add_epi64(A, B); }
  static __m512i sub(__m512i A, __m512i B) { return _mm512_sub_epi64(A, B); }
  static __m512i bitAnd(__m512i A, __m512i B) { return _mm512_and_si512(A, B); }
  static __m512i mul32(__m512i A, __m512i B) { return _mm512_mul_epu32(A, B); }
  template <int N> static __m512i shl(__m512i A) { return _mm512_slli_epi64(A, N); }
  template <int N> static __m512i shr(__m512i A) { return _mm512_srli_epi64(A, N); }
  template <int N> static __m512i sar(__m512i A) { return _mm512_srai_epi64(A, N); }
  template <int Imm> static __m512i ternary(__m512i A, __m512i B, __m512i C) {
    return _mm512_ternarylogic_epi64(A, B, C, Imm);
  }
};
template <> struct LaneOps<__m256i> {
  static __m256i splat(uint64_t X) { return _mm256_set1_epi64x((long long)X); }
  static __m256i add(__m256i A, __m256i B) { return _mm256_add_epi64(A, B); }
  static __m256i sub(__m256i A, __m256i B) { return _mm256_sub_epi64(A, B); }
  static __m256i bitAnd(__m256i A, __m256i B) { return _mm256_and_si256(A, B); }
  static __m256i mul32(__m256i A, __m256i B) { return _mm256_mul_epu32(A, B); }
  template <int N> static __m256i shl(__m256i A) { return _mm256_slli_epi64(A, N); }
  template <int N> static __m256i shr(__m256i A) { return _mm256_srli_epi64(A, N); }
  template <int N> static __m256i sar(__m256i A) { return _mm256_srai_epi64(A, N); }
  template <int Imm> static __m256i ternary(__m256i A, __m256i B, __m256i C) {
    return _mm256_ternarylogic_epi64(A, B, C, Imm);
  }
};

/// mulLazy for dependency chains (RPO's x^(1/7)), in 512-bit or 256-bit
/// vectors: the carries come from ternary logic and shifts instead of
/// compares into mask registers. That is three more instructions, but on
/// Zen 4 a compare feeding a masked add costs ~7 cycles of latency against 3
/// for this: ~23 cycles a product instead of ~30. Throughput-bound loops
/// should keep mulLazy.
template <class V> static inline V mulLazyLowLatency(V A, V B) {
  using O = LaneOps<V>;
  const V Eps = O::splat(0xFFFFFFFFULL);
  // The 128-bit product Hi:Lo, as in mulWide.
  V AHi = O::template shr<32>(A), BHi = O::template shr<32>(B);
  V LL = O::mul32(A, B), LH = O::mul32(A, BHi), HL = O::mul32(AHi, B), HH = O::mul32(AHi, BHi);
  V T = O::add(LH, O::template shr<32>(LL));
  V T2 = O::add(O::bitAnd(T, Eps), HL);
  V Lo = O::template ternary<0xF8>(O::template shl<32>(T2), LL, Eps);
  V Hi = O::add(HH, O::add(O::template shr<32>(T), O::template shr<32>(T2)));
  // x = Lo + HiLo * eps - HiHi (mod p), as in reduce128: S = Lo + HiLo * eps
  // and R = S - HiHi, then +eps for a carry out of S and -eps (= +p modulo
  // 2^64) for a borrow out of R; with both they cancel, since eps + p = 2^64.
  V HiHi = O::template shr<32>(Hi);
  V T1 = O::sub(O::template shl<32>(Hi), O::bitAnd(Hi, Eps));
  V S = O::add(Lo, T1);
  V R = O::sub(S, HiHi);
  // Bit 63 of (Lo & T1) | ((Lo | T1) & ~S) is the carry out of Lo + T1, and
  // bit 63 of (~S & HiHi) | (~(S ^ HiHi) & R) the borrow out of S - HiHi.
  V CarryBit = O::template ternary<0xD4>(Lo, T1, S);
  V BorrowBit = O::template ternary<0x8E>(S, HiHi, R);
  V CarryEps = O::bitAnd(O::template sar<63>(CarryBit), Eps);
  V BorrowP = O::bitAnd(O::template sar<63>(BorrowBit), O::splat(0xFFFFFFFF00000001ULL));
  return O::add(O::add(R, CarryEps), BorrowP);
}

/// A * B mod p, canonical, for any 64-bit lanes.
static inline Vec mul(Vec A, Vec B) {
  Vec Hi, Lo;
  mulWide(A, B, Hi, Lo);
  return reduce128(Hi, Lo);
}

/// X * 2^T mod p for any 64-bit X and T < 96, canonical, with shifts in
/// place of multiplies. ShL holds T mod 64 and ShR 64 - (T mod 64) in every
/// lane (a count of 64 shifts everything out); High says T >= 64.
template <bool High> static inline Vec mulPowerOfTwo(Vec X, Vec ShL, Vec ShR) {
  Vec L = _mm512_sllv_epi64(X, ShL), H = _mm512_srlv_epi64(X, ShR);
  if (!High) // X 2^T = H 2^64 + L.
    return reduce128(H, L);
  // T = 64 + U: X 2^U = H 2^64 + L with H < 2^31, so X 2^T = H 2^128 + L 2^64,
  // and 2^128 = 2^96 2^32 = -2^32 (mod p).
  return sub(reduce128(L, _mm512_setzero_si512()), _mm512_slli_epi64(H, 32));
}

static inline Vec load(const void *P) { return _mm512_loadu_si512(P); }
static inline void store(void *P, Vec V) { _mm512_storeu_si512(P, V); }

} // namespace avx512
} // namespace zkvm

#endif // ZKVM_FIELD_GOLDILOCKSAVX512_H
