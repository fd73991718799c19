//===- FieldBench.cpp - Goldilocks field and NTT benchmarks ---------------===//

#include "zkvm/Field/Goldilocks.h"
#include "zkvm/Field/NTT.h"

#include <benchmark/benchmark.h>

#include <random>
#include <string>

using namespace zkvm;

static std::vector<Felt> randomFelts(size_t N) {
  std::mt19937_64 Rng(42);
  std::vector<Felt> V(N);
  for (Felt &F : V)
    F = Felt(Rng());
  return V;
}

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

static void BM_BatchInverse(benchmark::State &State) {
  std::vector<Felt> V = randomFelts(State.range(0));
  for (auto _ : State) {
    batchInverse(V);
    benchmark::ClobberMemory();
  }
  State.SetItemsProcessed(State.iterations() * State.range(0));
}
BENCHMARK(BM_BatchInverse)->Arg(1 << 16);

// One forward NTT of 2^N elements on the calling thread.
static void BM_NTT(benchmark::State &State) {
  std::vector<Felt> V = randomFelts(size_t(1) << State.range(0));
  forwardNTT(V); // builds the twiddle table outside the timed loop
  for (auto _ : State) {
    forwardNTT(V);
    benchmark::ClobberMemory();
  }
  State.SetItemsProcessed(State.iterations() * V.size());
}
BENCHMARK(BM_NTT)->Arg(16)->Arg(20)->Unit(benchmark::kMillisecond);

static void BM_InverseNTT(benchmark::State &State) {
  std::vector<Felt> V = randomFelts(size_t(1) << State.range(0));
  inverseNTT(V);
  for (auto _ : State) {
    inverseNTT(V);
    benchmark::ClobberMemory();
  }
  State.SetItemsProcessed(State.iterations() * V.size());
}
BENCHMARK(BM_InverseNTT)->Arg(20)->Unit(benchmark::kMillisecond);

// Forward (Direction 0) or inverse (1) NTT of 2^N elements with one kernel
// forced (BM_NTTKernel/N/Direction/SimdLevel), to compare the kernels that
// Auto would not pick on this CPU.
static void BM_NTTKernel(benchmark::State &State) {
  auto Level = static_cast<SimdLevel>(State.range(2));
  if (setSimdLevel(Level) != Level) {
    setSimdLevel(SimdLevel::Auto);
    State.SkipWithError("kernel not supported by this CPU");
    return;
  }
  bool Inverse = State.range(1) != 0;
  static const char *const Names[] = {"auto", "scalar", "avx2", "avx512"};
  State.SetLabel(std::string(Names[State.range(2)]) + (Inverse ? " inverse" : " forward"));
  std::vector<Felt> V = randomFelts(size_t(1) << State.range(0));
  forwardNTT(V);
  inverseNTT(V);
  for (auto _ : State) {
    if (Inverse)
      inverseNTT(V);
    else
      forwardNTT(V);
    benchmark::ClobberMemory();
  }
  State.SetItemsProcessed(State.iterations() * V.size());
  setSimdLevel(SimdLevel::Auto);
}
BENCHMARK(BM_NTTKernel)
    ->ArgsProduct({{16},
                   {0, 1},
                   {int(SimdLevel::Scalar), int(SimdLevel::Avx2), int(SimdLevel::Avx512)}})
    ->Args({20, 0, int(SimdLevel::Avx2)})
    ->Args({20, 1, int(SimdLevel::Avx2)})
    ->Unit(benchmark::kMillisecond);

// Blowup-8 coset LDE of one 2^N column (interpolate + evaluate 8x larger).
static void BM_LDE(benchmark::State &State) {
  std::vector<Felt> V = randomFelts(size_t(1) << State.range(0));
  for (auto _ : State)
    benchmark::DoNotOptimize(cosetLDE(V, 8, Felt::generator()));
}
BENCHMARK(BM_LDE)->Arg(16)->Unit(benchmark::kMillisecond);
