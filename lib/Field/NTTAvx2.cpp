//===- NTTAvx2.cpp - AVX2 NTT kernels -------------------------------------===//
//
// Compiled with AVX2 enabled; called only after a run-time CPU check. The
// network is the scalar kernels' one, four lanes at a time, with every value
// kept canonical; the inverse folds the 1/N scaling into its last level.
// As in NTTAvx512.cpp, every pass over the data does one level (passes that
// chained levels in registers were slower), levels whose butterfly distance
// is >= 4 work on whole vectors with one broadcast twiddle per group, the two
// with distance 2 and 1 first permute each pair of registers so that the
// butterflies become lane-wise, and levels are processed depth-first once a
// butterfly group fits in a block.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Field/GoldilocksAvx2.h"
#include "zkvm/Field/NTT.h"

using namespace zkvm::avx2;

namespace zkvm {
namespace {

/// Elements per L2-resident block (256 KiB).
constexpr size_t BlockSize = size_t(1) << 15;

inline Vec broadcast(Felt F) { return splat(F.value()); }

/// (U, V) -> (U + W V, U - W V).
inline void forwardButterfly(Vec &U, Vec &V, Vec W) {
  Vec T = mul(V, W);
  V = sub(U, T);
  U = add(U, T);
}

/// (U, V) -> (U + V, U - V): a forward or inverse butterfly with twiddle 1.
inline void unitButterfly(Vec &U, Vec &V) {
  Vec D = sub(U, V);
  U = add(U, V);
  V = D;
}

/// (U, V) -> (U + V, (U - V) W).
inline void inverseButterfly(Vec &U, Vec &V, Vec W) {
  Vec D = sub(U, V);
  U = add(U, V);
  V = mul(D, W);
}

/// (U, V) -> ((U + V) S, (U - V) S): the last inverse level (twiddle 1),
/// scaled.
inline void lastButterfly(Vec &U, Vec &V, Vec S) {
  Vec D = sub(U, V);
  U = mul(add(U, V), S);
  V = mul(D, S);
}

/// Level (M, Len) over [Begin, End), Len >= 4, forward or inverse. Group 0's
/// twiddle is 1 in every level; the last inverse level (M = 1) multiplies by
/// Scale instead.
template <bool Forward>
void level(Felt *A, size_t Begin, size_t End, size_t M, size_t Len, const Felt *Tw, Vec Scale) {
  if (Begin == 0) {
    for (size_t J = 0; J < Len; J += 4) {
      Vec U = load(A + J), V = load(A + Len + J);
      if (!Forward && M == 1)
        lastButterfly(U, V, Scale);
      else
        unitButterfly(U, V);
      store(A + J, U);
      store(A + Len + J, V);
    }
    Begin = 2 * Len;
  }
  const Felt *T = Tw + M + Begin / (2 * Len);
  for (size_t Base = Begin; Base < End; Base += 2 * Len) {
    Felt *Lo = A + Base, *Hi = Lo + Len;
    Vec W = broadcast(*T++);
    for (size_t J = 0; J < Len; J += 4) {
      Vec U = load(Lo + J), V = load(Hi + J);
      if (Forward)
        forwardButterfly(U, V, W);
      else
        inverseButterfly(U, V, W);
      store(Lo + J, U);
      store(Hi + J, V);
    }
  }
}

/// The lane arrangement of the level with distance Dist (2 or 1): split()
/// turns a pair of registers V0 = a0..a3, V1 = a4..a7 into X, Y such that
/// lane i of X and lane i of Y are the inputs of one butterfly; merge()
/// undoes it:
///   distance 2: X = [a0 a1 a4 a5] (128-bit lane permutes), twiddles
///               [t0 t0 t1 t1];
///   distance 1: X = [a0 a4 a2 a6] (in-lane unpacks), twiddles [t0 t2 t1 t3].
template <unsigned Dist> struct ShortLevel {
  static_assert(Dist == 2 || Dist == 1, "not a short level");

  static void split(Vec V0, Vec V1, Vec &X, Vec &Y) {
    if (Dist == 2) {
      X = _mm256_permute2x128_si256(V0, V1, 0x20);
      Y = _mm256_permute2x128_si256(V0, V1, 0x31);
    } else {
      X = _mm256_unpacklo_epi64(V0, V1);
      Y = _mm256_unpackhi_epi64(V0, V1);
    }
  }

  /// split() is its own inverse for distance 2; for distance 1 the unpacks
  /// interleave X and Y back.
  static void merge(Vec X, Vec Y, Vec &V0, Vec &V1) { split(X, Y, V0, V1); }

  /// Twiddles of the pair at element Base of a transform of size N.
  static Vec twiddles(const Felt *Tw, size_t N, size_t Base) {
    const Felt *T = Tw + N / (2 * Dist) + Base / (2 * Dist);
    if (Dist == 2)
      return _mm256_permute4x64_epi64(_mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)T)),
                                      0x50);
    return _mm256_permute4x64_epi64(load(T), 0xD8);
  }
};

/// Level with distance Dist (2 or 1) over [Begin, End) of a transform of
/// size N, forward or inverse.
template <bool Forward, unsigned Dist>
void shortLevel(Felt *A, size_t Begin, size_t End, size_t N, const Felt *Tw) {
  using L = ShortLevel<Dist>;
  for (size_t Base = Begin; Base < End; Base += 8) {
    Vec X, Y;
    L::split(load(A + Base), load(A + Base + 4), X, Y);
    if (Forward)
      forwardButterfly(X, Y, L::twiddles(Tw, N, Base));
    else
      inverseButterfly(X, Y, L::twiddles(Tw, N, Base));
    Vec V0, V1;
    L::merge(X, Y, V0, V1);
    store(A + Base, V0);
    store(A + Base + 4, V1);
  }
}

} // namespace

void detail::forwardNTTAvx2(Felt *A, size_t N, const Felt *Tw) {
  const Vec None = splat(0);
  size_t M = 1, Len = N / 2;
  // Streaming levels: a group is larger than a block.
  for (; Len >= 4 && 2 * Len > BlockSize; M <<= 1, Len >>= 1)
    level<true>(A, 0, N, M, Len, Tw, None);
  // Depth-first: each block finishes all remaining levels while in cache.
  size_t Block = std::min(N, BlockSize);
  for (size_t Begin = 0; Begin < N; Begin += Block) {
    size_t End = Begin + Block;
    for (size_t BM = M, BLen = Len; BLen >= 4; BM <<= 1, BLen >>= 1)
      level<true>(A, Begin, End, BM, BLen, Tw, None);
    shortLevel<true, 2>(A, Begin, End, N, Tw);
    shortLevel<true, 1>(A, Begin, End, N, Tw);
  }
}

void detail::inverseNTTAvx2(Felt *A, size_t N, const Felt *Tw, Felt Scale) {
  Vec S = broadcast(Scale);
  size_t Block = std::min(N, BlockSize);
  for (size_t Begin = 0; Begin < N; Begin += Block) {
    size_t End = Begin + Block;
    shortLevel<false, 1>(A, Begin, End, N, Tw);
    shortLevel<false, 2>(A, Begin, End, N, Tw);
    for (size_t Len = 4; 2 * Len <= Block; Len <<= 1)
      level<false>(A, Begin, End, N / (2 * Len), Len, Tw, S);
  }
  for (size_t Len = Block; Len < N; Len <<= 1)
    level<false>(A, 0, N, N / (2 * Len), Len, Tw, S);
}

} // namespace zkvm
