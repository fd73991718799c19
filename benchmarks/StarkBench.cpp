//===- StarkBench.cpp - STARK prover and verifier benchmarks --------------===//
//
// BM_ProveFib/<log n>: prove the 2-column Fibonacci AIR over 2^n rows with the
// 96-bit preset (BLAKE3); BM_ProveFib128 the 128-bit preset; BM_ProveFibRpo
// RPO256 commitments; BM_ProveLogUp an AIR with an auxiliary LogUp column;
// BM_ProveRpoChain the RPO256 hash-chain AIR; BM_VerifyFib one verification.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Air/Examples.h"
#include "zkvm/Prover/Prover.h"
#include "zkvm/Verifier/Verifier.h"

#include <benchmark/benchmark.h>

using namespace zkvm;

static void proveFib(benchmark::State &State, const ProofOptions &O) {
  size_t Len = size_t(1) << State.range(0);
  TraceColumns T = FibonacciAir::buildTrace(Len);
  FibonacciAir A(Len, FibonacciAir::resultOf(T));
  size_t Bytes = 0;
  for (auto _ : State) {
    auto P = prove(A, T, O);
    if (!P) {
      State.SkipWithError(llvm::toString(P.takeError()).c_str());
      return;
    }
    Bytes = P->serialize().size();
    benchmark::DoNotOptimize(Bytes);
  }
  State.counters["proof_bytes"] = double(Bytes);
}

static void BM_ProveFib(benchmark::State &State) { proveFib(State, ProofOptions::security96()); }
BENCHMARK(BM_ProveFib)
    ->Arg(10)
    ->Arg(16)
    ->Arg(18)
    ->Arg(20)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

static void BM_ProveFib128(benchmark::State &State) {
  proveFib(State, ProofOptions::security128());
}
BENCHMARK(BM_ProveFib128)->Arg(16)->Arg(18)->Unit(benchmark::kMillisecond)->UseRealTime();

static void BM_ProveFibRpo(benchmark::State &State) {
  proveFib(State, ProofOptions::security96(HashKind::Rpo256));
}
BENCHMARK(BM_ProveFibRpo)->Arg(16)->Unit(benchmark::kMillisecond)->UseRealTime();

static void BM_ProveLogUp(benchmark::State &State) {
  size_t Len = size_t(1) << State.range(0);
  TraceColumns T = PermutationAir::buildTrace(Len, 1);
  PermutationAir A(Len);
  for (auto _ : State) {
    auto P = prove(A, T, ProofOptions::security96());
    if (!P) {
      State.SkipWithError(llvm::toString(P.takeError()).c_str());
      return;
    }
    benchmark::DoNotOptimize(P->PowNonce);
  }
}
BENCHMARK(BM_ProveLogUp)->Arg(16)->Unit(benchmark::kMillisecond)->UseRealTime();

// The RPO256 hash chain (12 columns, degree 8, one round per row): 2^16 rows are
// 8192 hashes. Compare ethSTARK's Rescue chain (issue 8).
static void BM_ProveRpoChain(benchmark::State &State) {
  size_t Len = size_t(1) << State.range(0);
  Digest Seed(Felt(1), Felt(2), Felt(3), Felt(4));
  TraceColumns T = RpoChainAir::buildTrace(Len, Seed);
  RpoChainAir A(Len, Seed, RpoChainAir::resultOf(T));
  for (auto _ : State) {
    auto P = prove(A, T, ProofOptions::security96());
    if (!P) {
      State.SkipWithError(llvm::toString(P.takeError()).c_str());
      return;
    }
    benchmark::DoNotOptimize(P->PowNonce);
  }
}
BENCHMARK(BM_ProveRpoChain)
    ->Arg(12)
    ->Arg(16)
    ->Arg(20)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

static void BM_VerifyFib(benchmark::State &State) {
  size_t Len = size_t(1) << State.range(0);
  TraceColumns T = FibonacciAir::buildTrace(Len);
  FibonacciAir A(Len, FibonacciAir::resultOf(T));
  auto P = prove(A, T, ProofOptions::security96());
  if (!P) {
    State.SkipWithError(llvm::toString(P.takeError()).c_str());
    return;
  }
  for (auto _ : State) {
    llvm::Error E = verify(A, *P);
    if (E) {
      State.SkipWithError(llvm::toString(std::move(E)).c_str());
      return;
    }
  }
}
BENCHMARK(BM_VerifyFib)->Arg(16)->Unit(benchmark::kMicrosecond);
