//===- NTTAvx512.cpp - AVX-512 NTT kernels --------------------------------===//
//
// Compiled with AVX-512 enabled; called only after a run-time CPU check.
// The forward network keeps intermediate values in [0, 2^64) (congruent mod
// p) and canonicalizes only in its last level. Levels whose butterfly distance is >= 8 work on
// whole vectors with one broadcast twiddle per group; the three levels with distance 4, 2, 1 run
// fused on pairs of vectors with lane permutations. Levels are processed
// depth-first once a butterfly group fits in L1 so that the array streams
// through memory only for the first few levels.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Field/GoldilocksAvx512.h"
#include "zkvm/Field/NTT.h"

using namespace zkvm::avx512;

namespace zkvm {
namespace {

/// Elements per L1-resident block (32 KiB).
constexpr size_t BlockSize = size_t(1) << 16;

inline Vec broadcast(Felt F) { return _mm512_set1_epi64((long long)F.value()); }
inline Vec indices(long long I0, long long I1, long long I2, long long I3, long long I4,
                   long long I5, long long I6, long long I7) {
  return _mm512_setr_epi64(I0, I1, I2, I3, I4, I5, I6, I7);
}

/// One forward level (group distance Len >= 8) over elements [Begin, End).
void forwardLevel(Felt *A, size_t Begin, size_t End, size_t M, size_t Len, const Felt *Tw) {
  if (M == 1) {
    // The first level's twiddle is 1, and its inputs are still canonical.
    for (size_t J = 0; J < Len; J += 8) {
      Vec U = load(A + J), V = load(A + Len + J);
      store(A + J, addLazy(U, V));
      store(A + Len + J, subLazy(U, V));
    }
    return;
  }
  for (size_t Base = Begin; Base < End; Base += 2 * Len) {
    Vec W = broadcast(Tw[M + Base / (2 * Len)]);
    Felt *Lo = A + Base, *Hi = Lo + Len;
#pragma GCC unroll 4
    for (size_t J = 0; J < Len; J += 8) {
      Vec U = load(Lo + J), V = mul(load(Hi + J), W);
      store(Lo + J, addLazy(U, V));
      store(Hi + J, subLazy(U, V));
    }
  }
}

void inverseLevel(Felt *A, size_t Begin, size_t End, size_t M, size_t Len, const Felt *Tw) {
  for (size_t Base = Begin; Base < End; Base += 2 * Len) {
    Vec W = broadcast(Tw[M + Base / (2 * Len)]);
    Felt *Lo = A + Base, *Hi = Lo + Len;
    for (size_t J = 0; J < Len; J += 8) {
      Vec U = load(Lo + J), V = load(Hi + J);
      store(Lo + J, add(U, V));
      store(Hi + J, mul(sub(U, V), W));
    }
  }
}

/// Lane permutations for the three short levels. Split gathers the lower and
/// upper butterfly inputs of a pair of vectors; Merge undoes it on the
/// outputs; TwIdx spreads the groups' twiddles over the lanes.
struct ShortLevel {
  Vec SplitLo, SplitHi, MergeLo, MergeHi, TwIdx;
  __mmask8 TwLoad; // which of the 8 consecutive twiddles the pair uses
  unsigned Dist;
};

inline ShortLevel shortLevel(unsigned Dist) {
  if (Dist == 4)
    return {indices(0, 1, 2, 3, 8, 9, 10, 11),
            indices(4, 5, 6, 7, 12, 13, 14, 15),
            indices(0, 1, 2, 3, 8, 9, 10, 11),
            indices(4, 5, 6, 7, 12, 13, 14, 15),
            indices(0, 0, 0, 0, 1, 1, 1, 1),
            0x3,
            4};
  if (Dist == 2)
    return {indices(0, 1, 4, 5, 8, 9, 12, 13),
            indices(2, 3, 6, 7, 10, 11, 14, 15),
            indices(0, 1, 8, 9, 2, 3, 10, 11),
            indices(4, 5, 12, 13, 6, 7, 14, 15),
            indices(0, 0, 1, 1, 2, 2, 3, 3),
            0xF,
            2};
  return {indices(0, 2, 4, 6, 8, 10, 12, 14),
          indices(1, 3, 5, 7, 9, 11, 13, 15),
          indices(0, 8, 1, 9, 2, 10, 3, 11),
          indices(4, 12, 5, 13, 6, 14, 7, 15),
          indices(0, 1, 2, 3, 4, 5, 6, 7),
          0xFF,
          1};
}

/// Twiddles of the 16/(2*Dist) groups that the pair at element Base covers.
inline Vec shortTwiddles(const Felt *Tw, size_t N, size_t Base, const ShortLevel &L) {
  const Felt *T = Tw + N / (2 * L.Dist) + Base / (2 * L.Dist);
  return _mm512_permutexvar_epi64(L.TwIdx, _mm512_maskz_loadu_epi64(L.TwLoad, T));
}

inline void forwardShort(Vec &V0, Vec &V1, const ShortLevel &L, Vec W, bool Last) {
  Vec Lo = _mm512_permutex2var_epi64(V0, L.SplitLo, V1);
  Vec Hi = _mm512_permutex2var_epi64(V0, L.SplitHi, V1);
  Vec P = mul(Hi, W);
  Vec S = addLazy(Lo, P), D = subLazy(Lo, P);
  if (Last) { // leave canonical values
    S = canonicalize(S);
    D = canonicalize(D);
  }
  V0 = _mm512_permutex2var_epi64(S, L.MergeLo, D);
  V1 = _mm512_permutex2var_epi64(S, L.MergeHi, D);
}

inline void inverseShort(Vec &V0, Vec &V1, const ShortLevel &L, Vec W) {
  Vec Lo = _mm512_permutex2var_epi64(V0, L.SplitLo, V1);
  Vec Hi = _mm512_permutex2var_epi64(V0, L.SplitHi, V1);
  Vec S = add(Lo, Hi), D = mul(sub(Lo, Hi), W);
  V0 = _mm512_permutex2var_epi64(S, L.MergeLo, D);
  V1 = _mm512_permutex2var_epi64(S, L.MergeHi, D);
}

void forwardShortLevels(Felt *A, size_t Begin, size_t End, size_t N, const Felt *Tw) {
  const ShortLevel L4 = shortLevel(4), L2 = shortLevel(2), L1 = shortLevel(1);
  for (size_t Base = Begin; Base < End; Base += 16) {
    Vec V0 = load(A + Base), V1 = load(A + Base + 8);
    forwardShort(V0, V1, L4, shortTwiddles(Tw, N, Base, L4), false);
    forwardShort(V0, V1, L2, shortTwiddles(Tw, N, Base, L2), false);
    forwardShort(V0, V1, L1, shortTwiddles(Tw, N, Base, L1), true);
    store(A + Base, V0);
    store(A + Base + 8, V1);
  }
}

void inverseShortLevels(Felt *A, size_t Begin, size_t End, size_t N, const Felt *Tw) {
  const ShortLevel L4 = shortLevel(4), L2 = shortLevel(2), L1 = shortLevel(1);
  for (size_t Base = Begin; Base < End; Base += 16) {
    Vec V0 = load(A + Base), V1 = load(A + Base + 8);
    inverseShort(V0, V1, L1, shortTwiddles(Tw, N, Base, L1));
    inverseShort(V0, V1, L2, shortTwiddles(Tw, N, Base, L2));
    inverseShort(V0, V1, L4, shortTwiddles(Tw, N, Base, L4));
    store(A + Base, V0);
    store(A + Base + 8, V1);
  }
}

} // namespace

void detail::forwardNTTAvx512(Felt *A, size_t N, const Felt *Tw) {
  size_t M = 1, Len = N / 2;
  // Streaming levels: a group is larger than a block.
  for (; Len >= 8 && 2 * Len > BlockSize; M <<= 1, Len >>= 1)
    forwardLevel(A, 0, N, M, Len, Tw);
  // Depth-first: each block finishes all remaining levels while in L1.
  size_t Block = std::min(N, BlockSize);
  for (size_t Begin = 0; Begin < N; Begin += Block) {
    size_t BM = M, BLen = Len;
    for (; BLen >= 8; BM <<= 1, BLen >>= 1)
      forwardLevel(A, Begin, Begin + Block, BM, BLen, Tw);
    forwardShortLevels(A, Begin, Begin + Block, N, Tw);
  }
}

void detail::inverseNTTAvx512(Felt *A, size_t N, const Felt *Tw) {
  size_t Block = std::min(N, BlockSize);
  for (size_t Begin = 0; Begin < N; Begin += Block) {
    inverseShortLevels(A, Begin, Begin + Block, N, Tw);
    for (size_t Len = 8; 2 * Len <= Block; Len <<= 1)
      inverseLevel(A, Begin, Begin + Block, N / (2 * Len), Len, Tw);
  }
  for (size_t Len = Block; Len < N; Len <<= 1)
    inverseLevel(A, 0, N, N / (2 * Len), Len, Tw);
}

} // namespace zkvm
