//===- Rpo256Avx512.cpp - Eight RPO permutations at once (AVX-512) --------===//
//
// Lane k of vector i holds element i of state k, so every step of the
// permutation is a vertical operation; Merkle trees hash 8 nodes per call.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Crypto/Rpo256.h"
#include "zkvm/Field/GoldilocksAvx512.h"

#include "Rpo256InvSbox.h"

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
// the MDS step accepts such inputs, and the permutation canonicalizes its
// output once at the end.
void applySbox(Vec (&S)[12]) {
  for (Vec &X : S) {
    Vec X2 = mulLazy(X, X);
    X = mulLazy(mulLazy(X2, X2), mulLazy(X2, X));
  }
}

/// NumLanes state vectors raised together.
template <unsigned NumLanes> struct LaneGroup { Vec V[NumLanes]; };

/// The chain of Rpo256InvSbox.h, on W state vectors at a time: the chain keeps
/// five values per vector alive, so all 12 at once would not fit the 32
/// vector registers; W independent chains still keep the units busy.
template <unsigned W> void invSboxGroup(Vec *S) {
  LaneGroup<W> X;
  for (unsigned I = 0; I < W; ++I)
    X.V[I] = S[I];
  LaneGroup<W> R = rpo::powInvSeven(X, [](const LaneGroup<W> &A, const LaneGroup<W> &B) {
    LaneGroup<W> P;
    for (unsigned I = 0; I < W; ++I)
      P.V[I] = mulLazy(A.V[I], B.V[I]);
    return P;
  });
  for (unsigned I = 0; I < W; ++I)
    S[I] = R.V[I];
}

void applyInvSbox(Vec (&S)[12]) {
  invSboxGroup<6>(S);
  invSboxGroup<6>(S + 6);
}

/// One state in two vectors: elements 0..7 in A, 8..11 in B. B is a 256-bit
/// vector: the permutation of a single state is one long dependency chain,
/// and on Zen 4 256-bit operations take half the issue slots of 512-bit ones,
/// which keeps the chain latency-bound rather than issue-bound.
using Half = __m256i;
struct SplitState {
  Vec A;
  Half B;
};

/// MDS columns as lane vectors: ColA[c] lane r = M[(c - r) mod 12] for rows
/// 0..7, ColB[c] for rows 8..11.
struct MdsColumns {
  Vec ColA[12];
  Half ColB[12];
  MdsColumns() {
    alignas(64) uint64_t Buf[8];
    for (unsigned C = 0; C < 12; ++C) {
      for (unsigned R = 0; R < 8; ++R)
        Buf[R] = MdsFirstRow[(C + 12 - R) % 12];
      ColA[C] = load(Buf);
      for (unsigned R = 0; R < 4; ++R)
        Buf[R] = MdsFirstRow[(C + 12 - (R + 8)) % 12];
      ColB[C] = _mm256_loadu_si256(reinterpret_cast<const Half *>(Buf));
    }
  }
};

/// The round constants split like the MDS sums: Lo = c mod 2^32 and
/// Hi = c >> 32, rows 0..7 in the A vectors and 8..11 in the B vectors.
struct SplitConstants {
  Vec LoA, HiA;
  Half LoB, HiB;
};

struct SplitArk {
  SplitConstants First[Rpo256::NumRounds], Second[Rpo256::NumRounds];
  static SplitConstants split(const uint64_t (&Ark)[12]) {
    alignas(64) uint64_t Lo[12], Hi[12];
    for (unsigned I = 0; I < 12; ++I) {
      Lo[I] = Ark[I] & 0xFFFFFFFFULL;
      Hi[I] = Ark[I] >> 32;
    }
    return {load(Lo), load(Hi), _mm256_loadu_si256(reinterpret_cast<const Half *>(Lo + 8)),
            _mm256_loadu_si256(reinterpret_cast<const Half *>(Hi + 8))};
  }
  SplitArk() {
    for (unsigned R = 0; R < Rpo256::NumRounds; ++R) {
      First[R] = split(ArkFirst[R]);
      Second[R] = split(ArkSecond[R]);
    }
  }
};

/// SumHi 2^32 + SumLo modulo p for sums below 2^43, in [0, 2^64) but not
/// necessarily canonical. With SumHi = h 2^32 + l the value is
/// SumLo + h eps + l 2^32, where only the last addition can carry past 2^64
/// (worth +eps); the carry comes from ternary logic, off the mask registers
/// (see mulLazyLowLatency).
template <class V> inline V combineLazy(V SumLo, V SumHi) {
  using O = LaneOps<V>;
  V H = O::template shr<32>(SumHi);
  V L = O::template shl<32>(SumHi);
  V T = O::add(SumLo, O::sub(O::template shl<32>(H), H));
  V R = O::add(T, L);
  V CarryBit = O::template ternary<0xD4>(T, L, R);
  return O::add(R, O::bitAnd(O::template sar<63>(CarryBit), O::splat(0xFFFFFFFFULL)));
}

/// Pairwise sum of twelve terms plus Init: 4 additions deep instead of 12.
template <class V> inline V sumTerms(V (&T)[12], V Init) {
  using O = LaneOps<V>;
  for (unsigned I = 0; I < 6; ++I)
    T[I] = O::add(T[I], T[I + 6]);
  for (unsigned I = 0; I < 3; ++I)
    T[I] = O::add(T[I], T[I + 3]);
  return O::add(O::add(T[0], T[1]), O::add(T[2], Init));
}

/// S = M S + Ark. The 32-bit halves of each input element times the small
/// MDS entries accumulate exactly in 64-bit lanes (sums below 2^41); the
/// constant's halves join the sums, so the addition costs nothing.
void applyMdsSplit(SplitState &S, const MdsColumns &M, const SplitConstants &Ark) {
  const Vec Mask32 = epsilon();
  Vec LoA[12], HiA[12];
  Half LoB[12], HiB[12];
  for (unsigned C = 0; C < 12; ++C) {
    Vec Src = C < 8 ? S.A : _mm512_castsi256_si512(S.B);
    Vec X = _mm512_permutexvar_epi64(_mm512_set1_epi64(C % 8), Src);
    Vec XLo = _mm512_and_si512(X, Mask32), XHi = _mm512_srli_epi64(X, 32);
    LoA[C] = _mm512_mul_epu32(XLo, M.ColA[C]);
    HiA[C] = _mm512_mul_epu32(XHi, M.ColA[C]);
    LoB[C] = _mm256_mul_epu32(_mm512_castsi512_si256(XLo), M.ColB[C]);
    HiB[C] = _mm256_mul_epu32(_mm512_castsi512_si256(XHi), M.ColB[C]);
  }
  S.A = combineLazy(sumTerms(LoA, Ark.LoA), sumTerms(HiA, Ark.HiA));
  S.B = combineLazy(sumTerms(LoB, Ark.LoB), sumTerms(HiB, Ark.HiB));
}

inline SplitState mulState(const SplitState &X, const SplitState &Y) {
  return SplitState{mulLazyLowLatency(X.A, Y.A), mulLazyLowLatency(X.B, Y.B)};
}

inline void pow7(SplitState &S) {
  SplitState S2 = mulState(S, S);
  S = mulState(mulState(S2, S2), mulState(S2, S));
}

/// A * B modulo p for any 64-bit inputs, in [0, 2^64) (congruent, maybe
/// >= p): the scalar counterpart of mulLazyLowLatency.
inline uint64_t mulLazyScalar(uint64_t A, uint64_t B) {
  unsigned __int128 X = (unsigned __int128)A * B;
  uint64_t Lo = (uint64_t)X, Hi = (uint64_t)(X >> 64);
  uint64_t HiHi = Hi >> 32, HiLo = Hi & 0xFFFFFFFFULL;
  uint64_t T0, R;
  if (__builtin_sub_overflow(Lo, HiHi, &T0))
    T0 -= 0xFFFFFFFFULL; // a borrow past 0 is worth -2^64 = -eps
  if (__builtin_add_overflow(T0, (HiLo << 32) - HiLo, &R))
    R += 0xFFFFFFFFULL; // a carry past 2^64 is worth +eps
  return R;
}

/// The state during x^(1/7): elements 0..7 in a 512-bit vector and 8..11 in
/// general registers. A lone 512-bit chain of products runs at ~23 cycles a
/// step on Zen 4, and four scalar chains fit beside it almost for free
/// (integer units), whereas a second vector chain slows both down (~30).
struct ChainState {
  Vec A;
  uint64_t B0, B1, B2, B3;
};

inline ChainState mulChain(const ChainState &X, const ChainState &Y) {
  return ChainState{mulLazyLowLatency(X.A, Y.A), mulLazyScalar(X.B0, Y.B0),
                    mulLazyScalar(X.B1, Y.B1), mulLazyScalar(X.B2, Y.B2),
                    mulLazyScalar(X.B3, Y.B3)};
}

inline void invPow7(SplitState &S) {
  alignas(32) uint64_t B[4];
  _mm256_store_si256(reinterpret_cast<Half *>(B), S.B);
  ChainState C =
      rpo::powInvSeven(ChainState{S.A, B[0], B[1], B[2], B[3]},
                       [](const ChainState &X, const ChainState &Y) { return mulChain(X, Y); });
  S.A = C.A;
  S.B = _mm256_set_epi64x((long long)C.B3, (long long)C.B2, (long long)C.B1, (long long)C.B0);
}

} // namespace

bool detail::cpuHasAvx512ForRpo() {
  static const bool Has = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
                          __builtin_cpu_supports("avx512vl");
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
    store(Buf, canonicalize(S[I]));
    for (unsigned K = 0; K < 8; ++K)
      States[K][I] = Felt::fromCanonical(Buf[K]);
  }
}

void detail::rpoPermute1Avx512(Rpo256::State &State) {
  static const MdsColumns Mds;
  static const SplitArk Ark;
  SplitState S;
  S.A = load(State.data());
  S.B = _mm256_loadu_si256(reinterpret_cast<const Half *>(State.data() + 8));
  for (unsigned R = 0; R < Rpo256::NumRounds; ++R) {
    applyMdsSplit(S, Mds, Ark.First[R]);
    pow7(S);
    applyMdsSplit(S, Mds, Ark.Second[R]);
    invPow7(S);
  }
  store(State.data(), canonicalize(S.A));
  // canonicalize for 4 lanes: subtract p where the lane is >= p.
  Half P = _mm256_set1_epi64x((long long)0xFFFFFFFF00000001ULL);
  __mmask8 Ge = _mm256_cmpge_epu64_mask(S.B, P);
  _mm256_storeu_si256(reinterpret_cast<Half *>(State.data() + 8),
                      _mm256_mask_sub_epi64(S.B, Ge, S.B, P));
}

} // namespace zkvm
