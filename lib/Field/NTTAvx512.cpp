//===- NTTAvx512.cpp - AVX-512 NTT kernels --------------------------------===//
//
// Compiled with AVX-512 enabled; called only after a run-time CPU check.
// The forward network keeps intermediate values in [0, 2^64) (congruent mod
// p) and canonicalizes only in its last level; the inverse one keeps them
// canonical and folds the 1/N scaling into its last level.
//
// The levels whose butterfly distance is >= 8 are done in stages of up to six
// levels whose twiddles are all powers of two (multiplied by shifts), with
// one general product per value between stages to move each block to its
// coset (see "Stages" below): a 2^20 transform does 2 general products per
// value there instead of 5.5, and streams through memory twice instead of
// five times. The last three levels (distances 4, 2 and 1) permute register
// pairs so that their butterflies become lane-wise (see "The tail").
//
// On Zen 4 (512-bit operations double-pumped) the kernel is issue-bound, and
// butterflies chained through registers or permutations are limited by
// latency: a pass keeps many independent butterflies in flight (one level
// of a strip at a time; the tail interleaves four chains). On Zen 5, passes
// that chained two to six levels in registers ran 15-100% slower per level
// than single-level passes.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Field/GoldilocksAvx512.h"
#include "zkvm/Field/NTT.h"

#include <algorithm>
#include <utility>

using namespace zkvm::avx512;

namespace zkvm {
namespace {

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
// Stages of up to six levels with power-of-two twiddles
//===----------------------------------------------------------------------===//
//
// A block of n = R m values at level S holds a residue mod x^n - zeta; the
// Q = log R levels from S split it into R residues mod x^m - zeta_j. With
// x^m = z and rows t < R of m values (row t = coefficients t m .. t m + m - 1),
// those levels evaluate, for each column r, the polynomial A_r(z) whose
// coefficients are column r, at the R-th roots of zeta. Multiplying row t by
// tau^t first (tau^R = zeta: the block's coset factor, see
// detail::stageTwiddles) turns them into an R-point transform over the R-th
// roots of unity, whose twiddles Tw[2^j + d] are all powers of two. The
// outputs are the same values in the same places, so results stay
// bit-identical. A 2^20 transform is three stages (6 + 6 + 5 levels, the last
// two with coset factors: two general products per value instead of 5.5),
// then the tail of three levels with distances 4, 2 and 1. The inverse is the
// mirror: the levels back to front, then the inverse coset factors.
//
// w_64 = 2^3 here, so the stage twiddles are 2^E with E known at compile
// time (pureExponent), and each group of butterflies is compiled with its
// own shift counts: 2^E for 1 <= E <= 32 (Up) and 2^-K = -2^(96-K) for
// 1 <= K <= 32 (Down) take 6-7 operations, 33 <= E < 64 (Wide) a 128-bit
// reduction. pureTwiddlesAreShifts() checks the premise at run time.

/// Values one stage works on at once (128 KiB, in L2); larger blocks are cut
/// into column strips of this size. Measured on Zen 4: 2^12 (L1-sized) strips
/// were 8% slower, 2^13 3%, 2^15 1%.
constexpr size_t StripElems = size_t(1) << 14;

/// The exponent E of Tw[2^J + D] = w_{2^(J+1)}^bitrev_J(D) = 2^E when
/// w_64 = 2^3: E = bitrev_J(D) 96 / 2^J.
constexpr unsigned pureExponent(unsigned J, unsigned D) {
  unsigned R = 0;
  for (unsigned B = 0; B < J; ++B)
    R |= ((D >> B) & 1) << (J - 1 - B);
  return R * (96 >> J);
}

bool pureTwiddlesAreShifts() {
  static const bool Holds = [] {
    const Felt *Tw = detail::forwardTwiddles(64);
    for (unsigned J = 0; J < 6; ++J)
      for (unsigned D = 0; D < (1u << J); ++D)
        if (Tw[(1u << J) + D] != Felt(2).exp(pureExponent(J, D)))
          return false;
    return true;
  }();
  return Holds;
}

enum class ShiftKind { One, Up, Down, Wide };

/// How to multiply by 2^E (E < 192): by (-1)^Neg times 1 (One), 2^A (Up:
/// A <= 32, B = 64 - A), 2^-B (Down: B <= 32, A = 32 - B) or 2^A (Wide:
/// 33 <= A < 64, B = 64 - A).
struct ShiftSpec {
  ShiftKind Kind;
  bool Neg;
  unsigned A, B;
};

constexpr ShiftSpec specOf(unsigned E) {
  bool Neg = E >= 96; // 2^96 = -1
  unsigned T = E % 96;
  if (T == 0)
    return {ShiftKind::One, Neg, 0, 0};
  if (T <= 32)
    return {ShiftKind::Up, Neg, T, 64 - T};
  if (T < 64)
    return {ShiftKind::Wide, Neg, T, 64 - T};
  return {ShiftKind::Down, !Neg, T - 64, 96 - T}; // 2^T = -2^-(96-T)
}

/// X 2^-K mod p, canonical, for any 64-bit X and 1 <= K <= 32 (ShL = 32 - K
/// and ShR = K, as shift counts or vectors of them). With X = Q 2^K + r and
/// r' = r 2^(32-K) < 2^32: 2^K (Q - r' eps) = X - r (2^64 - 2^32) = X
/// (mod p), and r' is the low half of X << (32 - K), which is all vpmuludq
/// reads. Q < 2^63, so only a borrow needs a fix (+p).
inline Vec mulShiftDownTail(Vec Shifted, Vec Q) {
  Vec R = _mm512_mul_epu32(Shifted, epsilon()); // r' eps
  Vec D = _mm512_sub_epi64(Q, R);
  __mmask8 Borrow = _mm512_cmplt_epu64_mask(Q, R);
  return _mm512_mask_sub_epi64(D, Borrow, D, epsilon());
}

/// X times the power of two of Spec (not its sign), canonical; One needs a
/// canonical X. Up: X 2^A = H 2^64 + L with H < 2^32 and 2^64 = eps
/// (mod p); Down: see mulShiftDownTail.
template <ShiftKind K, unsigned A, unsigned B> inline Vec shiftMul(Vec X) {
  if constexpr (K == ShiftKind::Up) {
    Vec L = _mm512_slli_epi64(X, A), H = _mm512_srli_epi64(X, B);
    Vec HE = _mm512_mul_epu32(H, epsilon()); // H eps < 2^64
    Vec S = _mm512_add_epi64(L, HE);
    // S + eps is right after a carry out of L + HE (it is then below p) and,
    // without one, exactly when S >= p, i.e. when it is the smaller of the
    // two.
    Vec S2 = _mm512_add_epi64(S, epsilon());
    __mmask8 NoCarry = _mm512_cmpge_epu64_mask(S, HE);
    return _mm512_mask_min_epu64(S2, NoCarry, S, S2);
  } else if constexpr (K == ShiftKind::Down) {
    return mulShiftDownTail(_mm512_slli_epi64(X, A), _mm512_srli_epi64(X, B));
  } else if constexpr (K == ShiftKind::Wide) {
    return reduce128(_mm512_srli_epi64(X, B), _mm512_slli_epi64(X, A));
  } else {
    return X;
  }
}

/// The rows of one stage that are worked on together: row t starts at
/// Base + t * Stride and is Width values (a multiple of 8) wide.
struct Strip {
  Felt *Base;
  size_t Stride, Width;
  unsigned Q;
};

/// Calls Body(Lo, Hi, I) for each vector of the rows I (RowBegin <= I <
/// RowEnd) and I + Half from Group.
template <class F>
inline __attribute__((always_inline)) void forEachPair(const Strip &S, Felt *Group, size_t Half,
                                                       size_t RowBegin, size_t RowEnd, F Body) {
  const size_t Stride = S.Stride, HalfOff = Half * Stride, Width = S.Width;
  for (size_t I = RowBegin; I < RowEnd; ++I) {
    Felt *Lo = Group + I * Stride;
#pragma GCC unroll 2
    for (size_t C = 0; C < Width; C += 8)
      Body(Lo + C, Lo + HalfOff + C, I);
  }
}

/// Prefetches the strip Ahead values to the right of S.
void prefetchStrip(const Strip &S, size_t Ahead) {
  for (size_t I = 0; I < (size_t(1) << S.Q); ++I)
    for (size_t C = 0; C < S.Width; C += 8)
      _mm_prefetch((const char *)(S.Base + I * S.Stride + Ahead + C), _MM_HINT_T0);
}

/// The first level of a forward stage (twiddle 1). It multiplies row t by
/// its coset factor Pre[t] first (Pre null: none; CanonicalIn: the inputs
/// are canonical) and prefetches the strip Ahead values further (0: none).
void forwardFirstLevel(const Strip &S, const Felt *Pre, bool CanonicalIn, size_t Ahead) {
  size_t Half = (size_t(1) << S.Q) / 2;
  if (Ahead)
    prefetchStrip(S, Ahead);
  if (!Pre) {
    forEachPair(S, S.Base, Half, 0, Half, [=](Felt *Lo, Felt *Hi, size_t) {
      Vec U = load(Lo), V = load(Hi);
      if (!CanonicalIn)
        V = canonicalMin(V);
      store(Lo, addLazy(U, V));
      store(Hi, subLazy(U, V));
    });
    return;
  }
  // Row 0 (Pre[0] = 1), then the others.
  forEachPair(S, S.Base, Half, 0, 1, [=](Felt *Lo, Felt *Hi, size_t) {
    Vec U = load(Lo), V = mul(load(Hi), broadcast(Pre[Half]));
    store(Lo, addLazy(U, V));
    store(Hi, subLazy(U, V));
  });
  forEachPair(S, S.Base, Half, 1, Half, [=](Felt *Lo, Felt *Hi, size_t I) {
    Vec U = mulLazy(load(Lo), broadcast(Pre[I])), V = mul(load(Hi), broadcast(Pre[I + Half]));
    store(Lo, addLazy(U, V));
    store(Hi, subLazy(U, V));
  });
}

/// The last level of an inverse stage (twiddle 1). It then multiplies row t
/// by its inverse coset factor Post[t], or, in the transform's last level
/// (ScaleK nonzero), everything by 1/N = 2^-ScaleK.
void inverseLastLevel(const Strip &S, const Felt *Post, unsigned ScaleK) {
  size_t Half = (size_t(1) << S.Q) / 2;
  if (ScaleK) {
    const Vec ShL = _mm512_set1_epi64(32 - ScaleK), ShR = _mm512_set1_epi64(ScaleK);
    auto Scale = [=](Vec X) {
      return mulShiftDownTail(_mm512_sllv_epi64(X, ShL), _mm512_srlv_epi64(X, ShR));
    };
    forEachPair(S, S.Base, Half, 0, Half, [=](Felt *Lo, Felt *Hi, size_t) {
      Vec U = load(Lo), V = load(Hi);
      store(Lo, Scale(add(U, V)));
      store(Hi, Scale(sub(U, V)));
    });
  } else if (!Post) {
    forEachPair(S, S.Base, Half, 0, Half, [=](Felt *Lo, Felt *Hi, size_t) {
      Vec U = load(Lo), V = load(Hi);
      store(Lo, add(U, V));
      store(Hi, sub(U, V));
    });
  } else {
    forEachPair(S, S.Base, Half, 0, 1, [=](Felt *Lo, Felt *Hi, size_t) {
      Vec U = load(Lo), V = load(Hi);
      store(Lo, add(U, V));
      store(Hi, mul(sub(U, V), broadcast(Post[Half])));
    });
    forEachPair(S, S.Base, Half, 1, Half, [=](Felt *Lo, Felt *Hi, size_t I) {
      Vec U = load(Lo), V = load(Hi);
      store(Lo, mul(add(U, V), broadcast(Post[I])));
      store(Hi, mul(sub(U, V), broadcast(Post[I + Half])));
    });
  }
}

/// Group D of level J of a Q-level stage: rows (2 D h + i, 2 D h + i + h),
/// h = 2^Q / 2^(J+1), forward on lazily reduced values.
template <unsigned Q, unsigned J, unsigned D>
inline __attribute__((always_inline)) void forwardStageGroup(Felt *Base, size_t Stride,
                                                             size_t Width) {
  constexpr size_t Half = (size_t(1) << Q) >> (J + 1);
  constexpr ShiftSpec W = specOf(pureExponent(J, D));
  for (size_t I = 0; I < Half; ++I) {
    Felt *Lo = Base + (2 * D * Half + I) * Stride, *Hi = Lo + Half * Stride;
    for (size_t C = 0; C < Width; C += 8) {
      Vec U = load(Lo + C), V = load(Hi + C);
      Vec T = W.Kind == ShiftKind::One ? canonicalMin(V) : shiftMul<W.Kind, W.A, W.B>(V);
      // U -+ 2^E V rather than U +- (-2^E) V.
      store(Lo + C, W.Neg ? subLazy(U, T) : addLazy(U, T));
      store(Hi + C, W.Neg ? addLazy(U, T) : subLazy(U, T));
    }
  }
}

/// The same group in the inverse stage (twiddle 2^-E), canonical values.
template <unsigned Q, unsigned J, unsigned D>
inline __attribute__((always_inline)) void inverseStageGroup(Felt *Base, size_t Stride,
                                                             size_t Width) {
  constexpr size_t Half = (size_t(1) << Q) >> (J + 1);
  constexpr ShiftSpec W = specOf((192 - pureExponent(J, D)) % 192);
  for (size_t I = 0; I < Half; ++I) {
    Felt *Lo = Base + (2 * D * Half + I) * Stride, *Hi = Lo + Half * Stride;
    for (size_t C = 0; C < Width; C += 8) {
      Vec U = load(Lo + C), V = load(Hi + C);
      // (U - V) (-2^E) = (V - U) 2^E.
      Vec Dif = W.Neg ? sub(V, U) : sub(U, V);
      store(Lo + C, add(U, V));
      store(Hi + C, shiftMul<W.Kind, W.A, W.B>(Dif));
    }
  }
}

template <unsigned Q, unsigned J, size_t... Ds>
void forwardStageLevel(Felt *Base, size_t Stride, size_t Width, std::index_sequence<Ds...>) {
  (forwardStageGroup<Q, J, Ds>(Base, Stride, Width), ...);
}

template <unsigned Q, unsigned J, size_t... Ds>
void inverseStageLevel(Felt *Base, size_t Stride, size_t Width, std::index_sequence<Ds...>) {
  (inverseStageGroup<Q, J, Ds>(Base, Stride, Width), ...);
}

/// Levels 1 .. Q - 1 of a forward stage.
template <unsigned Q, size_t... Js>
void forwardStageLevels(Felt *Base, size_t Stride, size_t Width, std::index_sequence<Js...>) {
  (forwardStageLevel<Q, Js + 1>(Base, Stride, Width,
                                std::make_index_sequence<(size_t(1) << (Js + 1))>()),
   ...);
}

/// Levels Q - 1 .. 1 of an inverse stage.
template <unsigned Q, size_t... Js>
void inverseStageLevels(Felt *Base, size_t Stride, size_t Width, std::index_sequence<Js...>) {
  (inverseStageLevel<Q, Q - 1 - Js>(Base, Stride, Width,
                                    std::make_index_sequence<(size_t(1) << (Q - 1 - Js))>()),
   ...);
}

/// A forward stage on a strip.
void forwardStage(const Strip &S, const Felt *Pre, bool CanonicalIn, size_t Ahead) {
  forwardFirstLevel(S, Pre, CanonicalIn, Ahead);
  Felt *B = S.Base;
  switch (S.Q) {
  case 2:
    return forwardStageLevels<2>(B, S.Stride, S.Width, std::make_index_sequence<1>());
  case 3:
    return forwardStageLevels<3>(B, S.Stride, S.Width, std::make_index_sequence<2>());
  case 4:
    return forwardStageLevels<4>(B, S.Stride, S.Width, std::make_index_sequence<3>());
  case 5:
    return forwardStageLevels<5>(B, S.Stride, S.Width, std::make_index_sequence<4>());
  case 6:
    return forwardStageLevels<6>(B, S.Stride, S.Width, std::make_index_sequence<5>());
  default:
    return;
  }
}

/// An inverse stage on a strip.
void inverseStage(const Strip &S, const Felt *Post, unsigned ScaleK, size_t Ahead) {
  if (Ahead)
    prefetchStrip(S, Ahead);
  Felt *B = S.Base;
  switch (S.Q) {
  case 2:
    inverseStageLevels<2>(B, S.Stride, S.Width, std::make_index_sequence<1>());
    break;
  case 3:
    inverseStageLevels<3>(B, S.Stride, S.Width, std::make_index_sequence<2>());
    break;
  case 4:
    inverseStageLevels<4>(B, S.Stride, S.Width, std::make_index_sequence<3>());
    break;
  case 5:
    inverseStageLevels<5>(B, S.Stride, S.Width, std::make_index_sequence<4>());
    break;
  case 6:
    inverseStageLevels<6>(B, S.Stride, S.Width, std::make_index_sequence<5>());
    break;
  default:
    break;
  }
  inverseLastLevel(S, Post, ScaleK);
}

//===----------------------------------------------------------------------===//
// The tail: distances 4, 2 and 1 in one pass
//===----------------------------------------------------------------------===//
//
// 16 values (two registers) at a time, labelled 0..15. With the lanes of
// X = [0 8 1 9 2 10 3 11] and Y = [4 12 5 13 6 14 7 15] the distance-4
// butterflies are lane-wise and their twiddles [t0 t1] repeat (a 128-bit
// broadcast); the same interleave of the results gives [0 4 8 12 1 5 9 13]
// and [2 6 10 14 3 7 11 15] (distance 2, twiddles [t0..t3] repeated: a
// 256-bit broadcast), and once more [0 2 4 .. 14] and [1 3 .. 15] (distance 1,
// twiddles in order); a fourth interleave restores the order. The inverse
// deinterleaves instead. Eight two-source permutations for three levels
// instead of thirteen in three passes; as the three levels are one long
// dependency chain, TailWays independent chains are interleaved (one chain
// at a time ran 9% slower than three passes, four 3% faster).

constexpr size_t TailWays = 4;

struct Interleave {
  Vec Lo, Hi;
  Interleave(bool Inverse)
      : Lo(Inverse ? indices(0, 2, 4, 6, 8, 10, 12, 14) : indices(0, 8, 1, 9, 2, 10, 3, 11)),
        Hi(Inverse ? indices(1, 3, 5, 7, 9, 11, 13, 15) : indices(4, 12, 5, 13, 6, 14, 7, 15)) {}
  void apply(Vec &X, Vec &Y) const {
    Vec A = _mm512_permutex2var_epi64(X, Lo, Y), B = _mm512_permutex2var_epi64(X, Hi, Y);
    X = A;
    Y = B;
  }
};

inline Vec twiddlePairs(const Felt *T) {
  return _mm512_broadcast_i64x2(_mm_loadu_si128((const __m128i *)T));
}
inline Vec twiddleQuads(const Felt *T) {
  return _mm512_broadcast_i64x4(_mm256_loadu_si256((const __m256i *)T));
}

/// The levels with distances 4, 2 and 1 over [Begin, End) of a transform of
/// size N: forward in that order, leaving canonical values; inverse in the
/// opposite order.
template <bool Inverse> void tail(Felt *A, size_t Begin, size_t End, size_t N, const Felt *Tw) {
  const Interleave P(Inverse);
  // Step L's twiddles for the 16 values at Off: distance 4 has one per
  // pair of lanes, 2 one per quad, 1 one per lane.
  auto Twiddles = [&](unsigned L, size_t Off) {
    unsigned Dist = Inverse ? 1u << L : 4u >> L;
    return Dist == 4   ? twiddlePairs(Tw + N / 8 + Off / 8)
           : Dist == 2 ? twiddleQuads(Tw + N / 4 + Off / 4)
                       : load(Tw + N / 2 + Off / 2);
  };
  size_t Step = std::min(16 * TailWays, End - Begin), Ways = Step / 16;
  for (size_t Base = Begin; Base < End; Base += Step) {
    Vec X[TailWays], Y[TailWays];
    for (size_t K = 0; K < Ways; ++K) {
      X[K] = load(A + Base + 16 * K);
      Y[K] = load(A + Base + 16 * K + 8);
      P.apply(X[K], Y[K]);
    }
    for (unsigned L = 0; L < 3; ++L) {
      if (L)
        for (size_t K = 0; K < Ways; ++K)
          P.apply(X[K], Y[K]);
      for (size_t K = 0; K < Ways; ++K) {
        Vec W = Twiddles(L, Base + 16 * K);
        Inverse ? inverseButterfly(X[K], Y[K], W) : forwardButterfly(X[K], Y[K], W);
      }
    }
    for (size_t K = 0; K < Ways; ++K) {
      if (!Inverse) {
        X[K] = canonicalMin(X[K]);
        Y[K] = canonicalMin(Y[K]);
      }
      P.apply(X[K], Y[K]);
      store(A + Base + 16 * K, X[K]);
      store(A + Base + 16 * K + 8, Y[K]);
    }
  }
}

//===----------------------------------------------------------------------===//
// The transforms
//===----------------------------------------------------------------------===//

/// How a transform of size 2^LogN is cut: stages of up to six levels over
/// the levels with distance >= 8 (the first has no coset factors), then up to
/// two leftover levels done the general way (a stage of one or two levels
/// would cost more in coset factors than it saves), then the tail.
struct Plan {
  unsigned NumStages = 0;
  unsigned First[6], Q[6];
  const Felt *Coset[6] = {};
  unsigned GeneralBegin, GeneralEnd; // leftover levels [GeneralBegin, GeneralEnd)

  Plan(unsigned LogN, bool Inverse) {
    unsigned Long = LogN - 3; // levels with distance >= 8
    unsigned S = 0;
    while (S < Long) {
      unsigned Q = std::min(6u, Long - S);
      if (S > 0 && Q <= 2)
        break;
      First[NumStages] = S;
      this->Q[NumStages] = Q;
      if (S > 0)
        Coset[NumStages] = detail::stageTwiddles(S, Q, Inverse);
      ++NumStages;
      S += Q;
    }
    GeneralBegin = S;
    GeneralEnd = Long;
  }
};

/// Calls Fn(Strip, Ahead) for the strips of a stage with Q levels on the
/// block [Begin, Begin + Size): the whole block if it is small, else column
/// strips, each prefetching the next (Ahead values further; 0 for the last).
template <class F> void forEachStrip(Felt *A, size_t Begin, size_t Size, unsigned Q, F &&Fn) {
  size_t M = Size >> Q;
  if (Size <= StripElems) {
    Fn(Strip{A + Begin, M, M, Q}, size_t(0));
    return;
  }
  size_t Width = std::max<size_t>(8, StripElems >> Q);
  for (size_t C = 0; C < M; C += Width)
    Fn(Strip{A + Begin + C, M, Width, Q}, C + Width < M ? Width : size_t(0));
}

/// Blocks of Size values taken together after a stage: up to a strip's worth.
inline size_t groupSize(size_t Size, size_t Count) {
  return std::min(Count, std::max<size_t>(1, StripElems / Size));
}

struct ForwardRun {
  Felt *A;
  size_t N;
  const Felt *Tw;
  const Plan &P;

  /// Stage I on the Count blocks of its level from Begin, then what follows
  /// on their sub-blocks, depth-first.
  void blocks(unsigned I, size_t Begin, size_t Count) const {
    unsigned S = P.First[I], Q = P.Q[I];
    size_t Size = N >> S, End = Begin + Count * Size;
    for (size_t B = Begin; B < End; B += Size) {
      const Felt *Pre = S > 0 ? P.Coset[I] + ((B / Size) << Q) : nullptr;
      forEachStrip(A, B, Size, Q,
                   [&](const Strip &St, size_t Ahead) { forwardStage(St, Pre, S == 0, Ahead); });
    }
    if (I + 1 < P.NumStages) {
      size_t Sub = Size >> Q, Group = groupSize(Sub, Count << Q);
      for (size_t B = Begin; B < End; B += Group * Sub)
        blocks(I + 1, B, Group);
      return;
    }
    for (unsigned K = P.GeneralBegin; K < P.GeneralEnd; ++K)
      forwardLevel(A, Begin, End, size_t(1) << K, N >> (K + 1), Tw);
    tail<false>(A, Begin, End, N, Tw);
  }
};

struct InverseRun {
  Felt *A;
  size_t N;
  const Felt *Tw;
  const Plan &P;
  unsigned LogN;
  const Scaling &Scale; // for inverseLevel, which never reaches its last level here

  void blocks(unsigned I, size_t Begin, size_t Count) const {
    unsigned S = P.First[I], Q = P.Q[I];
    size_t Size = N >> S, End = Begin + Count * Size;
    if (I + 1 < P.NumStages) {
      size_t Sub = Size >> Q, Group = groupSize(Sub, Count << Q);
      for (size_t B = Begin; B < End; B += Group * Sub)
        blocks(I + 1, B, Group);
    } else {
      tail<true>(A, Begin, End, N, Tw);
      for (unsigned K = P.GeneralEnd; K-- > P.GeneralBegin;)
        inverseLevel(A, Begin, End, size_t(1) << K, N >> (K + 1), Tw, Scale);
    }
    for (size_t B = Begin; B < End; B += Size) {
      const Felt *Post = S > 0 ? P.Coset[I] + ((B / Size) << Q) : nullptr;
      unsigned ScaleK = S == 0 ? LogN : 0; // 1/N = 2^-LogN
      forEachStrip(A, B, Size, Q,
                   [&](const Strip &St, size_t Ahead) { inverseStage(St, Post, ScaleK, Ahead); });
    }
  }
};

} // namespace

void detail::forwardNTTAvx512(Felt *A, size_t N, const Felt *Tw) {
  unsigned LogN = __builtin_ctzll(N);
  if (!pureTwiddlesAreShifts()) { // not this field; one level per pass
    for (unsigned K = 0; K + 3 < LogN; ++K)
      forwardLevel(A, 0, N, size_t(1) << K, N >> (K + 1), Tw);
    tail<false>(A, 0, N, N, Tw);
    return;
  }
  const Plan P(LogN, /*Inverse=*/false);
  ForwardRun{A, N, Tw, P}.blocks(0, 0, 1);
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
  unsigned LogN = __builtin_ctzll(N);
  const Scaling S(Scale);
  if (!pureTwiddlesAreShifts()) { // not this field; one level per pass
    tail<true>(A, 0, N, N, Tw);
    for (unsigned K = LogN - 3; K-- > 0;)
      inverseLevel(A, 0, N, size_t(1) << K, N >> (K + 1), Tw, S);
    return;
  }
  const Plan P(LogN, /*Inverse=*/true);
  InverseRun{A, N, Tw, P, LogN, S}.blocks(0, 0, 1);
}

} // namespace zkvm
