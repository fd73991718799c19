//===- NTTAvx512.cpp - AVX-512 NTT kernels --------------------------------===//
//
// Compiled with AVX-512 enabled; called only after a run-time CPU check.
// The forward network keeps intermediate values in [0, 2^64) (congruent mod
// p) and canonicalizes only in its last level; the inverse one keeps them
// canonical and folds the 1/N scaling into its last level.
//
// Every pass over the data does one level, so that consecutive butterflies
// are independent. A butterfly's latency (its compares into mask registers
// are slow) is several times its throughput cost, and on the AMD EPYC (Zen 5)
// machine measured, passes that chained two to six levels in registers ran
// 15-100% slower per level than single-level passes, even with the data in
// L1. Levels whose butterfly distance is >= 8 work on whole vectors with one
// broadcast twiddle per group, multiplying by shifts where the twiddle is a
// power of two (see PowerOfTwo). For distance 4, 2 and 1 each pair of
// registers is first permuted so that the butterflies become lane-wise (see
// ShortLevel). Levels are processed depth-first once a butterfly group fits
// in a block, so that the array streams through memory only for the first
// few levels.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Field/GoldilocksAvx512.h"
#include "zkvm/Field/NTT.h"

using namespace zkvm::avx512;

namespace zkvm {
namespace {

/// Elements per L2-resident block (256 KiB).
constexpr size_t BlockSize = size_t(1) << 15;

inline Vec broadcast(Felt F) { return _mm512_set1_epi64((long long)F.value()); }
inline Vec indices(long long I0, long long I1, long long I2, long long I3, long long I4,
                   long long I5, long long I6, long long I7) {
  return _mm512_setr_epi64(I0, I1, I2, I3, I4, I5, I6, I7);
}

/// Forward butterfly on lazily reduced values: (U, V) -> (U + W V, U - W V).
inline void forwardButterfly(Vec &U, Vec &V, Vec W) {
  Vec T = mul(V, W);
  V = subLazy(U, T);
  U = addLazy(U, T);
}

/// The first forward level (twiddle 1) on canonical inputs.
inline void firstButterfly(Vec &U, Vec &V) {
  Vec D = subLazy(U, V);
  U = addLazy(U, V);
  V = D;
}

/// Inverse butterfly on canonical values: (U, V) -> (U + V, (U - V) W).
inline void inverseButterfly(Vec &U, Vec &V, Vec W) {
  Vec D = sub(U, V);
  U = add(U, V);
  V = mul(D, W);
}

//===----------------------------------------------------------------------===//
// Twiddles that are powers of two
//===----------------------------------------------------------------------===//
//
// 2 has order 192 mod p (2^96 = -1), so the 64th roots of unity are values
// +-2^T with T < 96: all twiddles of the levels with M <= 32 and those of the
// first 32 groups of every other level. Multiplying by them takes shifts and
// one reduction (mulPowerOfTwo) instead of four 32x32-bit products and a
// reduction.

/// A twiddle (-1)^Neg * 2^T (mod p), T < 96, with its shift counts.
struct PowerOfTwo {
  bool Neg = false, High = false; // High: T >= 64
  unsigned T = 0;
  Vec ShL, ShR;
};

/// Recognizes W = +-2^T (mod p) with T < 96. Below 2^64, 2^T is a single bit;
/// for T = 64 + U, 2^T = 2^U * eps = 2^(U + 32) - 2^U.
bool asPowerOfTwo(uint64_t W, PowerOfTwo &P) {
  for (bool Neg : {false, true}) {
    uint64_t V = Neg ? Felt::Modulus - W : W;
    if (V == 0 || V >= Felt::Modulus)
      continue;
    unsigned B = __builtin_ctzll(V);
    unsigned T;
    if ((V & (V - 1)) == 0)
      T = B;
    else if (B < 32 && V == (uint64_t(1) << (B + 32)) - (uint64_t(1) << B))
      T = B + 64;
    else
      continue;
    P.Neg = Neg;
    P.High = T >= 64;
    P.T = T;
    P.ShL = _mm512_set1_epi64(T % 64);
    P.ShR = _mm512_set1_epi64(64 - T % 64); // a count of 64 shifts everything out
    return true;
  }
  return false;
}

/// One forward group, U = Lo[J] and V = Hi[J], with twiddle P.
template <bool High, bool Neg>
void forwardGroup(Felt *Lo, Felt *Hi, size_t Len, const PowerOfTwo &P) {
  for (size_t J = 0; J < Len; J += 8) {
    Vec U = load(Lo + J);
    Vec T = mulPowerOfTwo<High>(load(Hi + J), P.ShL, P.ShR);
    // U -+ 2^T V rather than U +- (-2^T) V.
    store(Lo + J, Neg ? subLazy(U, T) : addLazy(U, T));
    store(Hi + J, Neg ? addLazy(U, T) : subLazy(U, T));
  }
}

void forwardGroup(Felt *Lo, Felt *Hi, size_t Len, const PowerOfTwo &P) {
  if (P.T == 0 && !P.Neg) { // twiddle 1
    for (size_t J = 0; J < Len; J += 8) {
      Vec U = load(Lo + J), T = canonicalize(load(Hi + J));
      store(Lo + J, addLazy(U, T));
      store(Hi + J, subLazy(U, T));
    }
  } else if (P.High) {
    P.Neg ? forwardGroup<true, true>(Lo, Hi, Len, P) : forwardGroup<true, false>(Lo, Hi, Len, P);
  } else {
    P.Neg ? forwardGroup<false, true>(Lo, Hi, Len, P) : forwardGroup<false, false>(Lo, Hi, Len, P);
  }
}

/// One inverse group with twiddle P.
template <bool High, bool Neg>
void inverseGroup(Felt *Lo, Felt *Hi, size_t Len, const PowerOfTwo &P) {
  for (size_t J = 0; J < Len; J += 8) {
    Vec U = load(Lo + J), V = load(Hi + J);
    // (U - V) (-2^T) = (V - U) 2^T.
    Vec D = Neg ? sub(V, U) : sub(U, V);
    store(Lo + J, add(U, V));
    store(Hi + J, mulPowerOfTwo<High>(D, P.ShL, P.ShR));
  }
}

void inverseGroup(Felt *Lo, Felt *Hi, size_t Len, const PowerOfTwo &P) {
  if (P.T == 0 && !P.Neg) { // twiddle 1
    for (size_t J = 0; J < Len; J += 8) {
      Vec U = load(Lo + J), V = load(Hi + J);
      store(Lo + J, add(U, V));
      store(Hi + J, sub(U, V));
    }
  } else if (P.High) {
    P.Neg ? inverseGroup<true, true>(Lo, Hi, Len, P) : inverseGroup<true, false>(Lo, Hi, Len, P);
  } else {
    P.Neg ? inverseGroup<false, true>(Lo, Hi, Len, P) : inverseGroup<false, false>(Lo, Hi, Len, P);
  }
}

/// The inverse transform's 1/N, which its last level applies. For N = 2^k it
/// is 2^(192 - k) = -2^(96 - k), a power of two.
struct Scaling {
  Vec S;
  PowerOfTwo P;
  bool IsPowerOfTwo;

  explicit Scaling(Felt Scale)
      : S(broadcast(Scale)), IsPowerOfTwo(asPowerOfTwo(Scale.value(), P)) {}
};

/// The last inverse level (M = 1, twiddle 1) scaled by (-1)^Neg 2^T:
/// (U, V) -> ((U + V) S, (U - V) S).
template <bool High, bool Neg> void lastLevel(Felt *A, size_t Len, const PowerOfTwo &P) {
  const Vec Zero = _mm512_setzero_si512();
  for (size_t J = 0; J < Len; J += 8) {
    Vec U = load(A + J), V = load(A + Len + J);
    Vec Sum = mulPowerOfTwo<High>(add(U, V), P.ShL, P.ShR);
    // (U - V) (-2^T) = (V - U) 2^T.
    Vec Dif = mulPowerOfTwo<High>(Neg ? sub(V, U) : sub(U, V), P.ShL, P.ShR);
    store(A + J, Neg ? sub(Zero, Sum) : Sum);
    store(A + Len + J, Dif);
  }
}

void lastLevel(Felt *A, size_t Len, const Scaling &Scale) {
  const PowerOfTwo &P = Scale.P;
  if (!Scale.IsPowerOfTwo) {
    for (size_t J = 0; J < Len; J += 8) {
      Vec U = load(A + J), V = load(A + Len + J);
      store(A + J, mul(add(U, V), Scale.S));
      store(A + Len + J, mul(sub(U, V), Scale.S));
    }
  } else if (P.High) {
    P.Neg ? lastLevel<true, true>(A, Len, P) : lastLevel<true, false>(A, Len, P);
  } else {
    P.Neg ? lastLevel<false, true>(A, Len, P) : lastLevel<false, false>(A, Len, P);
  }
}

//===----------------------------------------------------------------------===//
// Levels with distance >= 8
//===----------------------------------------------------------------------===//

/// Forward level (M, Len) over [Begin, End); Len >= 8.
void forwardLevel(Felt *A, size_t Begin, size_t End, size_t M, size_t Len, const Felt *Tw) {
  if (M == 1) {
    for (size_t J = 0; J < Len; J += 8) {
      Vec U = load(A + J), V = load(A + Len + J);
      firstButterfly(U, V);
      store(A + J, U);
      store(A + Len + J, V);
    }
    return;
  }
  size_t B = Begin / (2 * Len);
  for (size_t Base = Begin; Base < End; Base += 2 * Len, ++B) {
    Felt *Lo = A + Base, *Hi = Lo + Len;
    PowerOfTwo P;
    if (B < 32 && asPowerOfTwo(Tw[M + B].value(), P)) {
      forwardGroup(Lo, Hi, Len, P);
      continue;
    }
    Vec W = broadcast(Tw[M + B]);
#pragma GCC unroll 2
    for (size_t J = 0; J < Len; J += 8) {
      Vec U = load(Lo + J), V = load(Hi + J);
      forwardButterfly(U, V, W);
      store(Lo + J, U);
      store(Hi + J, V);
    }
  }
}

/// Inverse level (M, Len) over [Begin, End); Len >= 8. The last level
/// (M = 1) multiplies by Scale instead of its twiddle 1.
void inverseLevel(Felt *A, size_t Begin, size_t End, size_t M, size_t Len, const Felt *Tw,
                  const Scaling &Scale) {
  if (M == 1) {
    lastLevel(A, Len, Scale);
    return;
  }
  size_t B = Begin / (2 * Len);
  for (size_t Base = Begin; Base < End; Base += 2 * Len, ++B) {
    Felt *Lo = A + Base, *Hi = Lo + Len;
    PowerOfTwo P;
    if (B < 32 && asPowerOfTwo(Tw[M + B].value(), P)) {
      inverseGroup(Lo, Hi, Len, P);
      continue;
    }
    Vec W = broadcast(Tw[M + B]);
#pragma GCC unroll 2
    for (size_t J = 0; J < Len; J += 8) {
      Vec U = load(Lo + J), V = load(Hi + J);
      inverseButterfly(U, V, W);
      store(Lo + J, U);
      store(Hi + J, V);
    }
  }
}

//===----------------------------------------------------------------------===//
// Distances 4, 2 and 1
//===----------------------------------------------------------------------===//

/// The lane arrangement of the level with distance Dist (4, 2 or 1). split()
/// turns a pair of registers V0 = a0..a7, V1 = a8..a15 into X, Y such that
/// lane i of X and lane i of Y are the inputs of one butterfly, in an order
/// where the groups' twiddles come from one (broadcast) load and at most one
/// in-register permutation; merge() undoes split():
///   distance 4: X = [a0 a8 a1 a9 a2 a10 a3 a11],  twiddles [t0 t1] x 4;
///   distance 2: X = [a0 a4 a8 a12 a1 a5 a9 a13], twiddles [t0 t1 t2 t3] x 2;
///   distance 1: X = [a0 a8 a2 a10 a4 a12 a6 a14] (in-lane unpacks, cheaper
///               than the two-source permutations above),
///               twiddles [t0 t4 t1 t5 t2 t6 t3 t7].
template <unsigned Dist> struct ShortLevel {
  static_assert(Dist == 4 || Dist == 2 || Dist == 1, "not a short level");
  Vec SplitLo, SplitHi, MergeLo, MergeHi, TwIdx;

  ShortLevel() {
    Vec Shuffle0 = indices(0, 8, 1, 9, 2, 10, 3, 11),
        Shuffle1 = indices(4, 12, 5, 13, 6, 14, 7, 15);
    Vec Unshuffle0 = indices(0, 2, 4, 6, 8, 10, 12, 14),
        Unshuffle1 = indices(1, 3, 5, 7, 9, 11, 13, 15);
    Vec Stride0 = indices(0, 4, 8, 12, 1, 5, 9, 13), Stride1 = indices(2, 6, 10, 14, 3, 7, 11, 15);
    SplitLo = Dist == 4 ? Shuffle0 : Stride0;
    SplitHi = Dist == 4 ? Shuffle1 : Stride1;
    MergeLo = Dist == 4 ? Unshuffle0 : Stride0; // the stride permutation is an involution
    MergeHi = Dist == 4 ? Unshuffle1 : Stride1;
    TwIdx = indices(0, 4, 1, 5, 2, 6, 3, 7);
  }

  void split(Vec V0, Vec V1, Vec &X, Vec &Y) const {
    if (Dist == 1) {
      X = _mm512_unpacklo_epi64(V0, V1);
      Y = _mm512_unpackhi_epi64(V0, V1);
    } else {
      X = _mm512_permutex2var_epi64(V0, SplitLo, V1);
      Y = _mm512_permutex2var_epi64(V0, SplitHi, V1);
    }
  }

  void merge(Vec X, Vec Y, Vec &V0, Vec &V1) const {
    if (Dist == 1) {
      V0 = _mm512_unpacklo_epi64(X, Y);
      V1 = _mm512_unpackhi_epi64(X, Y);
    } else {
      V0 = _mm512_permutex2var_epi64(X, MergeLo, Y);
      V1 = _mm512_permutex2var_epi64(X, MergeHi, Y);
    }
  }

  /// Twiddles of the pair at element Base of a transform of size N.
  Vec twiddles(const Felt *Tw, size_t N, size_t Base) const {
    const Felt *T = Tw + N / (2 * Dist) + Base / (2 * Dist);
    if (Dist == 4)
      return _mm512_broadcast_i64x2(_mm_loadu_si128((const __m128i *)T));
    if (Dist == 2)
      return _mm512_broadcast_i64x4(_mm256_loadu_si256((const __m256i *)T));
    return _mm512_permutexvar_epi64(TwIdx, load(T));
  }
};

/// Forward level with distance Dist (4, 2 or 1) over [Begin, End) of a
/// transform of size N. The last one (distance 1) leaves canonical values.
template <unsigned Dist>
void forwardShortLevel(Felt *A, size_t Begin, size_t End, size_t N, const Felt *Tw) {
  const ShortLevel<Dist> L;
#pragma GCC unroll 2
  for (size_t Base = Begin; Base < End; Base += 16) {
    Vec X, Y;
    L.split(load(A + Base), load(A + Base + 8), X, Y);
    forwardButterfly(X, Y, L.twiddles(Tw, N, Base));
    if (Dist == 1) {
      X = canonicalize(X);
      Y = canonicalize(Y);
    }
    Vec V0, V1;
    L.merge(X, Y, V0, V1);
    store(A + Base, V0);
    store(A + Base + 8, V1);
  }
}

/// Inverse level with distance Dist (4, 2 or 1) over [Begin, End).
template <unsigned Dist>
void inverseShortLevel(Felt *A, size_t Begin, size_t End, size_t N, const Felt *Tw) {
  const ShortLevel<Dist> L;
#pragma GCC unroll 2
  for (size_t Base = Begin; Base < End; Base += 16) {
    Vec X, Y;
    L.split(load(A + Base), load(A + Base + 8), X, Y);
    inverseButterfly(X, Y, L.twiddles(Tw, N, Base));
    Vec V0, V1;
    L.merge(X, Y, V0, V1);
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
  // Depth-first: each block finishes all remaining levels while in cache.
  size_t Block = std::min(N, BlockSize);
  for (size_t Begin = 0; Begin < N; Begin += Block) {
    size_t End = Begin + Block;
    for (size_t BM = M, BLen = Len; BLen >= 8; BM <<= 1, BLen >>= 1)
      forwardLevel(A, Begin, End, BM, BLen, Tw);
    forwardShortLevel<4>(A, Begin, End, N, Tw);
    forwardShortLevel<2>(A, Begin, End, N, Tw);
    forwardShortLevel<1>(A, Begin, End, N, Tw);
  }
}

void detail::multiplyPointwiseAvx512(const Felt *A, const Felt *B, Felt *Out, size_t N) {
  size_t I = 0;
  for (; I + 8 <= N; I += 8) {
    Vec Hi, Lo;
    mulWide(load(A + I), load(B + I), Hi, Lo);
    store(Out + I, reduce128(Hi, Lo));
  }
  for (; I < N; ++I)
    Out[I] = A[I] * B[I];
}

void detail::inverseNTTAvx512(Felt *A, size_t N, const Felt *Tw, Felt Scale) {
  const Scaling S(Scale);
  size_t Block = std::min(N, BlockSize);
  for (size_t Begin = 0; Begin < N; Begin += Block) {
    size_t End = Begin + Block;
    inverseShortLevel<1>(A, Begin, End, N, Tw);
    inverseShortLevel<2>(A, Begin, End, N, Tw);
    inverseShortLevel<4>(A, Begin, End, N, Tw);
    for (size_t Len = 8; 2 * Len <= Block; Len <<= 1)
      inverseLevel(A, Begin, End, N / (2 * Len), Len, Tw, S);
  }
  for (size_t Len = Block; Len < N; Len <<= 1)
    inverseLevel(A, 0, N, N / (2 * Len), Len, Tw, S);
}

} // namespace zkvm
