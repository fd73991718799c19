//===- NTT.cpp - Number-theoretic transforms over Goldilocks --------------===//

#include "zkvm/Field/NTT.h"

#include "llvm/Support/Parallel.h"

#include <atomic>
#include <cassert>
#include <memory>
#include <mutex>

using namespace llvm;

namespace zkvm {

static std::atomic<SimdLevel> ActiveLevel{SimdLevel::Auto};

static SimdLevel resolve(SimdLevel Level) {
  if ((Level == SimdLevel::Auto || Level == SimdLevel::Avx512) && detail::cpuHasAvx512())
    return SimdLevel::Avx512;
  if (Level != SimdLevel::Scalar && detail::cpuHasAvx2())
    return SimdLevel::Avx2;
  return SimdLevel::Scalar;
}

SimdLevel setSimdLevel(SimdLevel Level) {
  SimdLevel Resolved = resolve(Level);
  ActiveLevel = Resolved;
  return Resolved;
}

SimdLevel getSimdLevel() {
  SimdLevel L = ActiveLevel.load();
  if (L == SimdLevel::Auto) {
    L = resolve(L);
    ActiveLevel = L;
  }
  return L;
}

bool detail::cpuHasAvx2() {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
  static const bool Has = __builtin_cpu_supports("avx2");
  return Has;
#else
  return false;
#endif
}

bool detail::cpuHasAvx512() {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
  static const bool Has = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
  return Has;
#else
  return false;
#endif
}

static unsigned log2Exact(size_t N) {
  assert(N && (N & (N - 1)) == 0 && "NTT sizes are powers of two");
  unsigned L = 0;
  while ((size_t(1) << L) < N)
    ++L;
  return L;
}

namespace {
/// Twiddle tables are built once per size and never freed, so pointers
/// handed out stay valid while other threads request larger tables.
struct TwiddleCache {
  std::mutex Lock;
  std::unique_ptr<Felt[]> Forward[Felt::TwoAdicity + 1];
  std::unique_ptr<Felt[]> Inverse[Felt::TwoAdicity + 1];

  const Felt *get(size_t N, bool Inv) {
    unsigned LogN = log2Exact(N < 2 ? 2 : N);
    std::lock_guard<std::mutex> Guard(Lock);
    if (!Forward[LogN])
      build(LogN);
    return Inv ? Inverse[LogN].get() : Forward[LogN].get();
  }

  void build(unsigned LogN) {
    size_t N = size_t(1) << LogN;
    auto Fwd = std::make_unique<Felt[]>(N);
    Fwd[0] = Felt::zero(); // unused slot
    // Level with m = 2^k groups: w_{2m}^{bitrev_k(b)}.
    for (unsigned K = 0; (size_t(1) << K) < N; ++K) {
      size_t M = size_t(1) << K;
      Felt W = Felt::rootOfUnity(K + 1);
      // Powers of W in natural order, then scatter to bit-reversed slots.
      Felt P = Felt::one();
      for (size_t B = 0; B < M; ++B) {
        size_t R = 0;
        for (unsigned Bit = 0; Bit < K; ++Bit)
          R |= ((B >> Bit) & 1) << (K - 1 - Bit);
        Fwd[M + R] = P;
        P *= W;
      }
    }
    auto InvT = std::make_unique<Felt[]>(N);
    for (size_t I = 0; I < N; ++I)
      InvT[I] = Fwd[I];
    batchInverse(MutableArrayRef<Felt>(InvT.get(), N));
    Forward[LogN] = std::move(Fwd);
    Inverse[LogN] = std::move(InvT);
  }
};
} // namespace

static TwiddleCache &twiddleCache() {
  static TwiddleCache Cache;
  return Cache;
}

const Felt *detail::forwardTwiddles(size_t N) { return twiddleCache().get(N, false); }
const Felt *detail::inverseTwiddles(size_t N) { return twiddleCache().get(N, true); }

namespace {
/// Coset factors of the stages of the AVX-512 kernel, built once per (S, Q)
/// and never freed, like TwiddleCache.
struct StageTwiddleCache {
  static constexpr unsigned MaxQ = 6;
  std::mutex Lock;
  std::unique_ptr<Felt[]> Forward[Felt::TwoAdicity + 1][MaxQ + 1];
  std::unique_ptr<Felt[]> Inverse[Felt::TwoAdicity + 1][MaxQ + 1];

  const Felt *get(unsigned S, unsigned Q, bool Inv) {
    assert(Q >= 1 && Q <= MaxQ && S + Q <= Felt::TwoAdicity && "no such stage");
    std::lock_guard<std::mutex> Guard(Lock);
    if (!Forward[S][Q]) {
      size_t Blocks = size_t(1) << S, Rows = size_t(1) << Q;
      auto Fwd = std::make_unique<Felt[]>(Blocks * Rows);
      auto InvT = std::make_unique<Felt[]>(Blocks * Rows);
      Felt W = Felt::rootOfUnity(S + Q), WInv = W.inverse();
      for (size_t C = 0; C < Blocks; ++C) {
        size_t R = 0;
        for (unsigned Bit = 0; Bit < S; ++Bit)
          R |= ((C >> Bit) & 1) << (S - 1 - Bit);
        Felt Tau = W.exp(R), TauInv = WInv.exp(R);
        Felt P = Felt::one(), PInv = Felt::one();
        for (size_t J = 0; J < Rows; ++J) {
          Fwd[C * Rows + J] = P;
          InvT[C * Rows + J] = PInv;
          P *= Tau;
          PInv *= TauInv;
        }
      }
      Forward[S][Q] = std::move(Fwd);
      Inverse[S][Q] = std::move(InvT);
    }
    return Inv ? Inverse[S][Q].get() : Forward[S][Q].get();
  }
};
} // namespace

const Felt *detail::stageTwiddles(unsigned S, unsigned Q, bool Inverse) {
  static StageTwiddleCache Cache;
  return Cache.get(S, Q, Inverse);
}

void detail::forwardNTTScalar(Felt *A, size_t N, const Felt *Tw) {
  for (size_t M = 1, Len = N / 2; Len >= 1; M <<= 1, Len >>= 1) {
    for (size_t B = 0; B < M; ++B) {
      Felt W = Tw[M + B];
      Felt *Lo = A + 2 * Len * B, *Hi = Lo + Len;
      for (size_t J = 0; J < Len; ++J) {
        Felt T = Hi[J] * W;
        Hi[J] = Lo[J] - T;
        Lo[J] = Lo[J] + T;
      }
    }
  }
}

void detail::inverseNTTScalar(Felt *A, size_t N, const Felt *InvTw, Felt Scale) {
  for (size_t M = N / 2, Len = 1; M > 1; M >>= 1, Len <<= 1) {
    for (size_t B = 0; B < M; ++B) {
      Felt W = InvTw[M + B];
      Felt *Lo = A + 2 * Len * B, *Hi = Lo + Len;
      for (size_t J = 0; J < Len; ++J) {
        Felt U = Lo[J], V = Hi[J];
        Lo[J] = U + V;
        Hi[J] = (U - V) * W;
      }
    }
  }
  // The last level's twiddle is 1; it applies Scale instead.
  Felt *Lo = A, *Hi = A + N / 2;
  for (size_t J = 0; J < N / 2; ++J) {
    Felt U = Lo[J], V = Hi[J];
    Lo[J] = (U + V) * Scale;
    Hi[J] = (U - V) * Scale;
  }
}

void bitReverse(MutableArrayRef<Felt> Values) {
  size_t N = Values.size();
  if (N <= 2)
    return;
  unsigned LogN = log2Exact(N);
  for (size_t I = 0; I < N; ++I) {
    size_t R = 0;
    for (unsigned Bit = 0; Bit < LogN; ++Bit)
      R |= ((I >> Bit) & 1) << (LogN - 1 - Bit);
    if (I < R)
      std::swap(Values[I], Values[R]);
  }
}

void forwardNTT(MutableArrayRef<Felt> Values) {
  size_t N = Values.size();
  if (N <= 1)
    return;
  log2Exact(N);
  const Felt *Tw = detail::forwardTwiddles(N);
  SimdLevel Level = getSimdLevel();
  if (Level == SimdLevel::Avx512 && N >= detail::MinSizeAvx512)
    detail::forwardNTTAvx512(Values.data(), N, Tw);
  else if (Level >= SimdLevel::Avx2 && N >= detail::MinSizeAvx2)
    detail::forwardNTTAvx2(Values.data(), N, Tw);
  else
    detail::forwardNTTScalar(Values.data(), N, Tw);
}

void inverseNTT(MutableArrayRef<Felt> Values) {
  size_t N = Values.size();
  if (N <= 1)
    return;
  log2Exact(N);
  const Felt *InvTw = detail::inverseTwiddles(N);
  // Each level doubled the values: the kernels divide by N on the way.
  Felt Scale = Felt(N).inverse();
  SimdLevel Level = getSimdLevel();
  if (Level == SimdLevel::Avx512 && N >= detail::MinSizeAvx512)
    detail::inverseNTTAvx512(Values.data(), N, InvTw, Scale);
  else if (Level >= SimdLevel::Avx2 && N >= detail::MinSizeAvx2)
    detail::inverseNTTAvx2(Values.data(), N, InvTw, Scale);
  else
    detail::inverseNTTScalar(Values.data(), N, InvTw, Scale);
}

void multiplyPointwise(const Felt *A, const Felt *B, Felt *Out, size_t N) {
  if (getSimdLevel() == SimdLevel::Avx512) {
    detail::multiplyPointwiseAvx512(A, B, Out, N);
    return;
  }
  for (size_t I = 0; I < N; ++I)
    Out[I] = A[I] * B[I];
}

void interpolate(MutableArrayRef<Felt> Values) {
  bitReverse(Values);
  inverseNTT(Values);
}

void evaluateOnCoset(MutableArrayRef<Felt> Values, Felt Offset) {
  if (Offset != Felt::one()) {
    Felt P = Felt::one();
    for (Felt &C : Values) {
      C *= P;
      P *= Offset;
    }
  }
  forwardNTT(Values);
  bitReverse(Values);
}

std::vector<Felt> cosetLDE(ArrayRef<Felt> Evals, unsigned Blowup, Felt Offset) {
  assert(Blowup && (Blowup & (Blowup - 1)) == 0 && "blowup must be a power of two");
  std::vector<Felt> Coeffs(Evals.begin(), Evals.end());
  interpolate(Coeffs);
  Coeffs.resize(Evals.size() * Blowup, Felt::zero());
  evaluateOnCoset(Coeffs, Offset);
  return Coeffs;
}

std::vector<std::vector<Felt>> cosetLDEColumns(ArrayRef<std::vector<Felt>> Columns, unsigned Blowup,
                                               Felt Offset) {
  std::vector<std::vector<Felt>> Out(Columns.size());
  parallelForEachN(0, Columns.size(),
                   [&](size_t I) { Out[I] = cosetLDE(Columns[I], Blowup, Offset); });
  return Out;
}

Felt evaluatePolynomial(ArrayRef<Felt> Coeffs, Felt X) {
  Felt Acc = Felt::zero();
  for (size_t I = Coeffs.size(); I-- > 0;)
    Acc = Acc * X + Coeffs[I];
  return Acc;
}

} // namespace zkvm
