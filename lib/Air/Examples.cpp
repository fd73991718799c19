//===- Examples.cpp - Small AIRs for tests and benchmarks -----------------===//

#include "zkvm/Air/Examples.h"

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

} // namespace zkvm
