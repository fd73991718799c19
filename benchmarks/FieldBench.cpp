//===- FieldBench.cpp - Goldilocks field benchmarks -----------------------===//

#include "zkvm/Field/Goldilocks.h"

#include <benchmark/benchmark.h>

using namespace zkvm;

// A dependent multiply chain: the latency of one field multiplication.
static void BM_FeltMulLatency(benchmark::State &State) {
  Felt X(0x123456789abcdefULL), Y(0xfedcba987654321ULL);
  for (auto _ : State) {
    for (int I = 0; I < 1000; ++I)
      X = X * Y;
    benchmark::DoNotOptimize(X);
  }
  State.SetItemsProcessed(State.iterations() * 1000);
}
BENCHMARK(BM_FeltMulLatency);
