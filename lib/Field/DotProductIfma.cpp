//===- DotProductIfma.cpp - Sums of products with AVX-512 IFMA ----------===//
//
// Compiled with AVX-512 IFMA enabled; called only after a run-time check.
// A felt x < 2^64 is x0 + x1 2^52 with x0 < 2^52, x1 < 2^12, so a product
// is a0 b0 + (a0 b1 + a1 b0) 2^52 + a1 b1 2^104. vpmadd52luq / vpmadd52huq
// add the low / high 52 bits of a 52 x 52-bit product to a 64-bit lane, so
// the three weights accumulate as W0 += lo(a0 b0), W52 += hi(a0 b0) +
// lo(a0 b1) + lo(a1 b0), W104 += hi(a0 b1) + hi(a1 b0) + lo(a1 b1) (a1 b1 <
// 2^24 has no high part). Each add is below 2^52, so 1024 terms cannot
// overflow a lane; the sum W0 + W52 2^52 + W104 2^104 is reduced once.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Field/DotProduct.h"

#include <immintrin.h>

#include <algorithm>

namespace zkvm {
namespace {

using Vec = __m512i;
constexpr uint64_t Mask52 = (uint64_t(1) << 52) - 1;

/// 2^104 mod p.
constexpr uint64_t Pow104 = Felt::reduce128((unsigned __int128)1 << 104);

/// W0 + W52 2^52 + W104 2^104 (mod p) for one lane's accumulators (sums of
/// several lanes' accumulators fit too: W0, W52 < 2^67, W104 < 2^40).
Felt finish(unsigned __int128 W0, unsigned __int128 W52, unsigned __int128 W104) {
  Felt Low = Felt::fromCanonical(Felt::reduce128(W0 + (W52 << 52)));
  Felt High = Felt::fromCanonical(Felt::reduce128(W104 * Pow104));
  return Low + High;
}

struct Acc {
  Vec W0 = _mm512_setzero_si512(), W52 = _mm512_setzero_si512(), W52b = _mm512_setzero_si512(),
      W104 = _mm512_setzero_si512(), W104b = _mm512_setzero_si512();

  void add(Vec A0, Vec A1, Vec B0, Vec B1) {
    W0 = _mm512_madd52lo_epu64(W0, A0, B0);
    W52 = _mm512_madd52hi_epu64(W52, A0, B0);
    W52b = _mm512_madd52lo_epu64(W52b, A0, B1);
    W52 = _mm512_madd52lo_epu64(W52, A1, B0);
    W104 = _mm512_madd52hi_epu64(W104, A0, B1);
    W104b = _mm512_madd52hi_epu64(W104b, A1, B0);
    W104 = _mm512_madd52lo_epu64(W104, A1, B1);
  }
  void lanes(uint64_t *L0, uint64_t *L52, uint64_t *L104) const {
    _mm512_storeu_si512(L0, W0);
    _mm512_storeu_si512(L52, _mm512_add_epi64(W52, W52b));
    _mm512_storeu_si512(L104, _mm512_add_epi64(W104, W104b));
  }
};

} // namespace

void detail::splitLimbsIfma(const Felt *X, uint64_t *Lo, uint64_t *Hi, size_t N) {
  const Vec M = _mm512_set1_epi64((long long)Mask52);
  size_t I = 0;
  for (; I + 8 <= N; I += 8) {
    Vec V = _mm512_loadu_si512(X + I);
    _mm512_storeu_si512(Lo + I, _mm512_and_si512(V, M));
    _mm512_storeu_si512(Hi + I, _mm512_srli_epi64(V, 52));
  }
  for (; I < N; ++I) {
    Lo[I] = X[I].value() & Mask52;
    Hi[I] = X[I].value() >> 52;
  }
}

Felt detail::dotProductLimbsIfma(const uint64_t *A0, const uint64_t *A1, const uint64_t *B0,
                                 const uint64_t *B1, size_t N) {
  Acc S;
  for (size_t I = 0; I < N; I += 8)
    S.add(_mm512_loadu_si512(A0 + I), _mm512_loadu_si512(A1 + I), _mm512_loadu_si512(B0 + I),
          _mm512_loadu_si512(B1 + I));
  uint64_t L0[8], L52[8], L104[8];
  S.lanes(L0, L52, L104);
  unsigned __int128 W0 = 0, W52 = 0, W104 = 0;
  for (unsigned L = 0; L < 8; ++L) {
    W0 += L0[L];
    W52 += L52[L];
    W104 += L104[L];
  }
  return finish(W0, W52, W104);
}

void detail::combineLanesIfma(const uint64_t *CoefLo, const uint64_t *CoefHi, unsigned NumForms,
                              size_t Count, const Felt *Packs, Felt *Out) {
  const Vec M = _mm512_set1_epi64((long long)Mask52);
  for (size_t Begin = 0; Begin < Count; Begin += 1024) {
    size_t End = std::min(Count, Begin + 1024);
    Acc S[3];
    for (size_t I = Begin; I < End; ++I) {
      Vec V = _mm512_loadu_si512(Packs + 8 * I);
      Vec B0 = _mm512_and_si512(V, M), B1 = _mm512_srli_epi64(V, 52);
      for (unsigned K = 0; K < NumForms; ++K)
        S[K].add(_mm512_set1_epi64((long long)CoefLo[K * Count + I]),
                 _mm512_set1_epi64((long long)CoefHi[K * Count + I]), B0, B1);
    }
    for (unsigned K = 0; K < NumForms; ++K) {
      uint64_t L0[8], L52[8], L104[8];
      S[K].lanes(L0, L52, L104);
      for (unsigned L = 0; L < 8; ++L) {
        Felt V = finish(L0[L], L52[L], L104[L]);
        Out[K * 8 + L] = Begin ? Out[K * 8 + L] + V : V;
      }
    }
  }
}

} // namespace zkvm
