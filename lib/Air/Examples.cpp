//===- Examples.cpp - Small AIRs for tests and benchmarks -----------------===//

#include "zkvm/Air/Examples.h"
#include "zkvm/Crypto/Rpo256.h"

#include <random>

namespace zkvm {

static void putU64(std::vector<uint8_t> &Out, uint64_t V) {
  for (unsigned I = 0; I < 8; ++I)
    Out.push_back(uint8_t(V >> (8 * I)));
}

TraceColumns FibonacciAir::buildTrace(size_t Length) {
  TraceColumns T(2, std::vector<Felt>(Length));
  Felt A = Felt::one(), B = Felt::one();
  for (size_t I = 0; I < Length; ++I) {
    T[0][I] = A;
    T[1][I] = B;
    A = A + B;
    B = B + A;
  }
  return T;
}

std::vector<uint8_t> FibonacciAir::publicInputs() const {
  std::vector<uint8_t> Out;
  putU64(Out, traceLength());
  putU64(Out, Result.value());
  return Out;
}

std::vector<Felt> CubeChainAir::roundConstants() {
  std::vector<Felt> K;
  for (uint64_t I = 0; I < 8; ++I)
    K.push_back(Felt(0x9E3779B97F4A7C15ULL * (I + 1)));
  return K;
}

TraceColumns CubeChainAir::buildTrace(size_t Length, Felt Seed) {
  TraceColumns T(1, std::vector<Felt>(Length));
  std::vector<Felt> K = roundConstants();
  Felt X = Seed;
  for (size_t I = 0; I < Length; ++I) {
    T[0][I] = X;
    X = X * X * X + K[I % K.size()];
  }
  return T;
}

std::vector<uint8_t> CubeChainAir::publicInputs() const {
  std::vector<uint8_t> Out;
  putU64(Out, traceLength());
  putU64(Out, Seed.value());
  putU64(Out, Result.value());
  return Out;
}

TraceColumns PermutationAir::buildTrace(size_t Length, uint64_t Seed) {
  std::mt19937_64 Rng(Seed);
  TraceColumns T(3, std::vector<Felt>(Length));
  for (size_t I = 0; I < Length; ++I) {
    T[0][I] = Felt(Rng() % 1000); // repeats on purpose: a multiset
    T[2][I] = Felt(I);
  }
  T[1] = T[0];
  std::shuffle(T[1].begin(), T[1].end() - 1, Rng);
  // The last row must hold the same value in both columns.
  return T;
}

std::vector<uint8_t> PermutationAir::publicInputs() const {
  std::vector<uint8_t> Out;
  putU64(Out, traceLength());
  return Out;
}

const uint64_t *RpoChainAir::mdsRow() { return Rpo256::mdsFirstRow(); }

static Rpo256::State chainInput(const Digest &D) {
  Rpo256::State S{};
  S[0] = Felt(4); // hashElements of 4 elements: capacity[0] = 4, one block
  for (unsigned I = 0; I < 4; ++I)
    S[4 + I] = D[I];
  return S;
}

TraceColumns RpoChainAir::buildTrace(size_t Length, const Digest &Seed) {
  TraceColumns T(12, std::vector<Felt>(Length));
  Rpo256::State S = chainInput(Seed);
  for (size_t Row = 0; Row < Length; ++Row) {
    for (unsigned I = 0; I < 12; ++I)
      T[I][Row] = S[I];
    unsigned R = Row % 8;
    if (R < 7)
      Rpo256::applyRound(S, R);
    else
      S = chainInput(Rpo256::digestOf(S));
  }
  return T;
}

Digest RpoChainAir::resultOf(const TraceColumns &T) {
  size_t Last = T[0].size() - 1;
  return Digest(T[4][Last], T[5][Last], T[6][Last], T[7][Last]);
}

std::vector<uint8_t> RpoChainAir::publicInputs() const {
  std::vector<uint8_t> Out;
  putU64(Out, traceLength());
  for (unsigned I = 0; I < 4; ++I)
    putU64(Out, Seed[I].value());
  for (unsigned I = 0; I < 4; ++I)
    putU64(Out, Result[I].value());
  return Out;
}

std::vector<Assertion> RpoChainAir::assertions() const {
  std::vector<Assertion> A;
  Rpo256::State In = chainInput(Seed);
  for (unsigned I = 0; I < 12; ++I)
    A.push_back({false, I, 0, In[I]});
  for (unsigned I = 0; I < 4; ++I)
    A.push_back({false, 4 + I, traceLength() - 1, Result[I]});
  return A;
}

std::vector<std::vector<Felt>> RpoChainAir::periodicColumns() const {
  std::vector<std::vector<Felt>> P(25, std::vector<Felt>(8));
  for (unsigned R = 0; R < 7; ++R) {
    for (unsigned I = 0; I < 12; ++I) {
      P[I][R] = Felt(Rpo256::arkFirst(R)[I]);
      P[12 + I][R] = Felt(Rpo256::arkSecond(R)[I]);
    }
    P[24][R] = Felt::one();
  }
  return P;
}

} // namespace zkvm
