//===- zkvm/Air/Examples.h - Small AIRs for tests and benchmarks ----------===//
//
//  - FibonacciAir: two columns advancing two Fibonacci steps per row; linear
//    constraints (one composition column), public inputs (length, result).
//  - CubeChainAir: x' = x^3 + k(i) with k an 8-periodic round-constant column;
//    degree 3 (two composition columns).
//  - PermutationAir: columns a, b and a counter; an auxiliary LogUp running sum
//    s over the extension proves b is a permutation of a:
//    s' = s + 1/(alpha - a) - 1/(alpha - b), s starts and ends at 0 (the last
//    row has a = b, so it contributes nothing).
//  - RpoChainAir: an RPO256 hash chain x_(k+1) = hashElements(x_k), one
//    permutation round per row: rows 8k..8k+6 step a round, row 8k+7 holds the
//    permutation's output and sets up the next input. 12 columns, degree 8
//    (a round selector times x^7), 25 periodic columns (round constants and
//    the selector). The statement StarkWare's ethSTARK proves with Rescue.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_AIR_EXAMPLES_H
#define ZKVM_AIR_EXAMPLES_H

#include "zkvm/Air/Air.h"
#include "zkvm/Crypto/Digest.h"

#include <type_traits>

namespace zkvm {

class FibonacciAir : public AirBase<FibonacciAir> {
public:
  FibonacciAir(size_t Length, Felt Result) : AirBase(TraceInfo{2, 0, 0, Length}), Result(Result) {}

  /// The trace starting from (1, 1), and its last element.
  static TraceColumns buildTrace(size_t Length);
  static Felt resultOf(const TraceColumns &T) { return T[1].back(); }

  llvm::StringRef name() const override { return "fibonacci"; }
  std::vector<uint8_t> publicInputs() const override;
  std::vector<unsigned> mainConstraintDegrees() const override { return {1, 1}; }
  std::vector<Assertion> assertions() const override {
    return {{false, 0, 0, Felt::one()},
            {false, 1, 0, Felt::one()},
            {false, 1, traceLength() - 1, Result}};
  }

  template <class E>
  void evaluateMain(const EvalFrame<E> &F, llvm::ArrayRef<E>, llvm::MutableArrayRef<E> Out) const {
    // a' = a + b, b' = b + a'
    Out[0] = F.Next[0] - (F.Current[0] + F.Current[1]);
    Out[1] = F.Next[1] - (F.Current[1] + F.Next[0]);
  }

private:
  Felt Result;
};

class CubeChainAir : public AirBase<CubeChainAir> {
public:
  CubeChainAir(size_t Length, Felt Seed, Felt Result)
      : AirBase(TraceInfo{1, 0, 0, Length}), Seed(Seed), Result(Result) {}

  static std::vector<Felt> roundConstants();
  static TraceColumns buildTrace(size_t Length, Felt Seed);

  llvm::StringRef name() const override { return "cube-chain"; }
  std::vector<uint8_t> publicInputs() const override;
  std::vector<unsigned> mainConstraintDegrees() const override { return {3}; }
  std::vector<Assertion> assertions() const override {
    return {{false, 0, 0, Seed}, {false, 0, traceLength() - 1, Result}};
  }
  std::vector<std::vector<Felt>> periodicColumns() const override { return {roundConstants()}; }

  template <class E>
  void evaluateMain(const EvalFrame<E> &F, llvm::ArrayRef<E> Periodic,
                    llvm::MutableArrayRef<E> Out) const {
    E X = F.Current[0];
    Out[0] = F.Next[0] - (X * X * X + Periodic[0]);
  }

private:
  Felt Seed, Result;
};

class PermutationAir : public AirBase<PermutationAir> {
public:
  explicit PermutationAir(size_t Length) : AirBase(TraceInfo{3, 1, 1, Length}) {}

  /// a: pseudo-random values from Seed; b: a shuffled; the last row has a = b.
  static TraceColumns buildTrace(size_t Length, uint64_t Seed);

  llvm::StringRef name() const override { return "permutation"; }
  std::vector<uint8_t> publicInputs() const override;
  std::vector<unsigned> mainConstraintDegrees() const override { return {1}; }
  std::vector<unsigned> auxConstraintDegrees() const override { return {3}; }
  std::vector<Assertion> assertions() const override {
    return {{false, 2, 0, Felt::zero()},
            {true, 0, 0, Felt::zero()},
            {true, 0, traceLength() - 1, Felt::zero()}};
  }

  template <class E>
  void evaluateMain(const EvalFrame<E> &F, llvm::ArrayRef<E>, llvm::MutableArrayRef<E> Out) const {
    Out[0] = F.Next[2] - (F.Current[2] + E(Felt::one())); // the counter
  }
  template <class F, class E>
  void evaluateAux(const EvalFrame<F> &M, const EvalFrame<E> &A, llvm::ArrayRef<F>,
                   llvm::ArrayRef<E> Rands, llvm::MutableArrayRef<E> Out) const {
    E Alpha = Rands[0];
    E DA = Alpha - E(M.Current[0]), DB = Alpha - E(M.Current[1]);
    Out[0] = (A.Next[0] - A.Current[0]) * DA * DB - E(M.Current[0] - M.Current[1]);
  }
  template <class E>
  std::vector<std::vector<E>> buildAux(const TraceColumns &T, llvm::ArrayRef<E> Rands) const {
    size_t N = T[0].size();
    std::vector<E> Inv(2 * N), Scratch(2 * N);
    for (size_t I = 0; I < N; ++I) {
      Inv[2 * I] = Rands[0] - E(T[0][I]);
      Inv[2 * I + 1] = Rands[0] - E(T[1][I]);
    }
    // Montgomery's trick over all 2N denominators.
    E Acc = E::one();
    for (size_t I = 0; I < 2 * N; ++I) {
      Scratch[I] = Acc;
      Acc *= Inv[I];
    }
    Acc = Acc.inverse();
    for (size_t I = 2 * N; I-- > 0;) {
      E V = Acc * Scratch[I];
      Acc *= Inv[I];
      Inv[I] = V;
    }
    std::vector<std::vector<E>> S(1, std::vector<E>(N));
    for (size_t I = 0; I + 1 < N; ++I)
      S[0][I + 1] = S[0][I] + Inv[2 * I] - Inv[2 * I + 1];
    return S;
  }
};

class RpoChainAir : public AirBase<RpoChainAir> {
public:
  /// Length is 8 per hash (a power of two >= 8).
  RpoChainAir(size_t Length, const Digest &Seed, const Digest &Result)
      : AirBase(TraceInfo{12, 0, 0, Length}), Seed(Seed), Result(Result) {}

  static TraceColumns buildTrace(size_t Length, const Digest &Seed);
  static Digest resultOf(const TraceColumns &T);

  llvm::StringRef name() const override { return "rpo-chain"; }
  std::vector<uint8_t> publicInputs() const override;
  std::vector<unsigned> mainConstraintDegrees() const override {
    return std::vector<unsigned>(12, 8);
  }
  std::vector<Assertion> assertions() const override;
  std::vector<std::vector<Felt>> periodicColumns() const override;

  template <class E>
  void evaluateMain(const EvalFrame<E> &F, llvm::ArrayRef<E> P,
                    llvm::MutableArrayRef<E> Out) const {
    // P[0..11]: first round constants, P[12..23]: second, P[24]: 1 on round rows.
    E T[12], U[12];
    mds(F.Current.data(), T);
    for (unsigned I = 0; I < 12; ++I) {
      E X = T[I] + P[I];
      E X2 = X * X, X4 = X2 * X2;
      T[I] = X4 * X2 * X;
    }
    mds(T, U);
    E IsRound = P[24], IsCopy = E(Felt::one()) - IsRound;
    for (unsigned I = 0; I < 12; ++I) {
      E N = F.Next[I], N2 = N * N, N4 = N2 * N2;
      E Round = N4 * N2 * N - (U[I] + P[12 + I]);
      // The output row: capacity (4, 0, 0, 0), the digest kept, the rest 0.
      E Copy = I == 0 ? N - E(Felt(4)) : (I >= 4 && I < 8) ? N - F.Current[I] : N;
      Out[I] = IsRound * Round + IsCopy * Copy;
    }
  }

private:
  template <class E> static void mds(const E *In, E *Out) {
    const uint64_t *M = mdsRow();
    if constexpr (std::is_same_v<E, Felt>) {
      // The entries are below 2^5: accumulate exactly, reduce once per output.
      for (unsigned R = 0; R < 12; ++R) {
        unsigned __int128 Sum = 0;
        for (unsigned C = 0; C < 12; ++C)
          Sum += (unsigned __int128)M[(C + 12 - R) % 12] * In[C].value();
        Out[R] = Felt::fromCanonical(Felt::reduce128(Sum));
      }
      return;
    } else if constexpr (IsFeltPackV<E>) {
      for (unsigned R = 0; R < 12; ++R)
        for (unsigned L = 0; L < E::Lanes; ++L) {
          unsigned __int128 Sum = 0;
          for (unsigned C = 0; C < 12; ++C)
            Sum += (unsigned __int128)M[(C + 12 - R) % 12] * In[C].V[L].value();
          Out[R].V[L] = Felt::fromCanonical(Felt::reduce128(Sum));
        }
      return;
    }
    for (unsigned R = 0; R < 12; ++R) {
      E Sum = In[0] * Felt(M[(12 - R) % 12]);
      for (unsigned C = 1; C < 12; ++C)
        Sum += In[C] * Felt(M[(C + 12 - R) % 12]);
      Out[R] = Sum;
    }
  }
  static const uint64_t *mdsRow();

  Digest Seed, Result;
};

} // namespace zkvm

#endif // ZKVM_AIR_EXAMPLES_H
