//===- Rpo256Avx512.cpp - Eight RPO permutations at once (AVX-512) --------===//
//
// Lane k of vector i holds element i of state k, so every step of the
// permutation is a vertical operation; Merkle trees hash 8 nodes per call.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Crypto/Rpo256.h"
#include "zkvm/Field/GoldilocksAvx512.h"

using namespace zkvm::avx512;

namespace zkvm {
namespace {

#include "Rpo256Constants.inc"

void applyMds(Vec (&S)[12]) {
  const Vec Mask32 = epsilon();
  Vec Lo[12], Hi[12];
  for (unsigned I = 0; I < 12; ++I) {
    Lo[I] = _mm512_and_si512(S[I], Mask32);
    Hi[I] = _mm512_srli_epi64(S[I], 32);
  }
  for (unsigned R = 0; R < 12; ++R) {
    Vec SumLo = _mm512_setzero_si512(), SumHi = _mm512_setzero_si512();
    for (unsigned C = 0; C < 12; ++C) {
      Vec M = _mm512_set1_epi64((long long)MdsFirstRow[(C + 12 - R) % 12]);
      SumLo = _mm512_add_epi64(SumLo, _mm512_mul_epu32(Lo[C], M));
      SumHi = _mm512_add_epi64(SumHi, _mm512_mul_epu32(Hi[C], M));
    }
    // SumHi * 2^32 + SumLo as a 128-bit Hi:Lo pair (both sums < 2^41).
    Vec Low = _mm512_add_epi64(_mm512_slli_epi64(SumHi, 32), SumLo);
    __mmask8 Carry = _mm512_cmplt_epu64_mask(Low, SumLo);
    Vec High = _mm512_mask_add_epi64(_mm512_srli_epi64(SumHi, 32), Carry,
                                     _mm512_srli_epi64(SumHi, 32), _mm512_set1_epi64(1));
    S[R] = reduce128(High, Low);
  }
}

void addConstants(Vec (&S)[12], const uint64_t (&Ark)[12]) {
  for (unsigned I = 0; I < 12; ++I)
    S[I] = add(S[I], _mm512_set1_epi64((long long)Ark[I]));
}

void applySbox(Vec (&S)[12]) {
  for (Vec &X : S) {
    Vec X2 = mul(X, X);
    Vec X4 = mul(X2, X2);
    X = mul(mul(X4, X2), X);
  }
}

Vec cube3(Vec A) {
  A = mul(A, A);
  A = mul(A, A);
  return mul(A, A);
}

/// Same addition chain as the scalar code (see Rpo256.cpp).
void applyInvSbox(Vec (&S)[12]) {
  for (Vec &X : S) {
    Vec X2 = mul(X, X);
    Vec X3 = mul(X2, X);
    Vec X6 = mul(X3, X3);
    Vec X7 = mul(X6, X);
    Vec Acc = X;
    for (int I = 0; I < 9; ++I)
      Acc = mul(cube3(Acc), X);
    Acc = cube3(Acc);
    for (int I = 0; I < 10; ++I)
      Acc = mul(cube3(Acc), X6);
    X = mul(cube3(Acc), X7);
  }
}

} // namespace

bool detail::cpuHasAvx512ForRpo() {
  static const bool Has = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
  return Has;
}

void detail::rpoPermute8Avx512(Rpo256::State *States) {
  alignas(64) uint64_t Buf[8];
  Vec S[12];
  for (unsigned I = 0; I < 12; ++I) {
    for (unsigned K = 0; K < 8; ++K)
      Buf[K] = States[K][I].value();
    S[I] = load(Buf);
  }
  for (unsigned R = 0; R < Rpo256::NumRounds; ++R) {
    applyMds(S);
    addConstants(S, ArkFirst[R]);
    applySbox(S);
    applyMds(S);
    addConstants(S, ArkSecond[R]);
    applyInvSbox(S);
  }
  for (unsigned I = 0; I < 12; ++I) {
    store(Buf, S[I]);
    for (unsigned K = 0; K < 8; ++K)
      States[K][I] = Felt::fromCanonical(Buf[K]);
  }
}

} // namespace zkvm
