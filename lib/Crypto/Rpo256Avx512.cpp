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

// Intermediate products stay unreduced (mulLazy: congruent, in [0, 2^64));
// each S-box's last product is canonical.
void applySbox(Vec (&S)[12]) {
  for (Vec &X : S) {
    Vec X2 = mulLazy(X, X);
    Vec X4 = mulLazy(X2, X2);
    X = mul(mulLazy(X4, X2), X);
  }
}

inline void squareAll(Vec (&A)[12], unsigned Times) {
  for (unsigned T = 0; T < Times; ++T)
    for (Vec &X : A)
      X = mulLazy(X, X);
}

inline void mulAll(Vec (&A)[12], const Vec (&B)[12]) {
  for (unsigned I = 0; I < 12; ++I)
    A[I] = mulLazy(A[I], B[I]);
}

/// Same addition chain as the scalar code (see Rpo256.cpp), all 12 state
/// vectors in lockstep.
void applyInvSbox(Vec (&S)[12]) {
  Vec X6[12], X7[12], Acc[12];
  for (unsigned I = 0; I < 12; ++I) {
    Vec X3 = mulLazy(mulLazy(S[I], S[I]), S[I]);
    X6[I] = mulLazy(X3, X3);
    X7[I] = mulLazy(X6[I], S[I]);
    Acc[I] = S[I];
  }
  for (int I = 0; I < 9; ++I) {
    squareAll(Acc, 3);
    mulAll(Acc, S);
  }
  squareAll(Acc, 3);
  for (int I = 0; I < 10; ++I) {
    squareAll(Acc, 3);
    mulAll(Acc, X6);
  }
  squareAll(Acc, 3);
  for (unsigned I = 0; I < 12; ++I)
    S[I] = mul(Acc[I], X7[I]);
}

/// One state in two vectors: elements 0..7 in A, 8..11 in lanes 0..3 of B.
struct SplitState {
  Vec A, B;
};

/// MDS columns as lane vectors: ColA[c] lane r = M[(c - r) mod 12] for rows
/// 0..7, ColB[c] for rows 8..11.
struct MdsColumns {
  Vec ColA[12], ColB[12];
  MdsColumns() {
    alignas(64) uint64_t Buf[8];
    for (unsigned C = 0; C < 12; ++C) {
      for (unsigned R = 0; R < 8; ++R)
        Buf[R] = MdsFirstRow[(C + 12 - R) % 12];
      ColA[C] = load(Buf);
      for (unsigned R = 0; R < 8; ++R)
        Buf[R] = R < 4 ? MdsFirstRow[(C + 12 - (R + 8)) % 12] : 0;
      ColB[C] = load(Buf);
    }
  }
};

inline Vec combine(Vec SumLo, Vec SumHi) {
  Vec Low = _mm512_add_epi64(_mm512_slli_epi64(SumHi, 32), SumLo);
  __mmask8 Carry = _mm512_cmplt_epu64_mask(Low, SumLo);
  Vec High = _mm512_srli_epi64(SumHi, 32);
  High = _mm512_mask_add_epi64(High, Carry, High, _mm512_set1_epi64(1));
  return reduce128(High, Low);
}

void applyMdsSplit(SplitState &S, const MdsColumns &M) {
  const Vec Mask32 = epsilon();
  Vec LoA = _mm512_setzero_si512(), HiA = LoA, LoB = LoA, HiB = LoA;
  for (unsigned C = 0; C < 12; ++C) {
    Vec Src = C < 8 ? S.A : S.B;
    Vec X = _mm512_permutexvar_epi64(_mm512_set1_epi64(C % 8), Src);
    Vec XLo = _mm512_and_si512(X, Mask32), XHi = _mm512_srli_epi64(X, 32);
    LoA = _mm512_add_epi64(LoA, _mm512_mul_epu32(XLo, M.ColA[C]));
    HiA = _mm512_add_epi64(HiA, _mm512_mul_epu32(XHi, M.ColA[C]));
    LoB = _mm512_add_epi64(LoB, _mm512_mul_epu32(XLo, M.ColB[C]));
    HiB = _mm512_add_epi64(HiB, _mm512_mul_epu32(XHi, M.ColB[C]));
  }
  S.A = combine(LoA, HiA);
  S.B = combine(LoB, HiB);
}

inline Vec pow7(Vec X) {
  Vec X2 = mul(X, X);
  Vec X4 = mul(X2, X2);
  return mul(mul(X4, X2), X);
}

/// x^(1/7) by the chain of Rpo256.cpp, on both halves at once. The chain is
/// latency-bound, so intermediate values stay unreduced (mulLazy) and only
/// the last product is canonical.
inline void invPow7(Vec &A, Vec &B) {
  Vec A6 = mulLazy(mulLazy(A, A), A), B6 = mulLazy(mulLazy(B, B), B);
  A6 = mulLazy(A6, A6);
  B6 = mulLazy(B6, B6);
  Vec A7 = mulLazy(A6, A), B7 = mulLazy(B6, B);
  Vec AccA = A, AccB = B;
  auto Cube3 = [](Vec &X, Vec &Y) {
    for (int I = 0; I < 3; ++I) {
      X = mulLazy(X, X);
      Y = mulLazy(Y, Y);
    }
  };
  for (int I = 0; I < 9; ++I) {
    Cube3(AccA, AccB);
    AccA = mulLazy(AccA, A);
    AccB = mulLazy(AccB, B);
  }
  Cube3(AccA, AccB);
  for (int I = 0; I < 10; ++I) {
    Cube3(AccA, AccB);
    AccA = mulLazy(AccA, A6);
    AccB = mulLazy(AccB, B6);
  }
  Cube3(AccA, AccB);
  A = mul(AccA, A7);
  B = mul(AccB, B7);
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

void detail::rpoPermute1Avx512(Rpo256::State &State) {
  static const MdsColumns Mds;
  SplitState S;
  S.A = load(State.data());
  S.B = _mm512_maskz_loadu_epi64(0x0F, State.data() + 8);
  for (unsigned R = 0; R < Rpo256::NumRounds; ++R) {
    applyMdsSplit(S, Mds);
    S.A = pow7(add(S.A, load(ArkFirst[R])));
    S.B = pow7(add(S.B, _mm512_maskz_loadu_epi64(0x0F, ArkFirst[R] + 8)));
    applyMdsSplit(S, Mds);
    S.A = add(S.A, load(ArkSecond[R]));
    S.B = add(S.B, _mm512_maskz_loadu_epi64(0x0F, ArkSecond[R] + 8));
    invPow7(S.A, S.B);
  }
  store(State.data(), S.A);
  _mm512_mask_storeu_epi64(State.data() + 8, 0x0F, S.B);
}

} // namespace zkvm
