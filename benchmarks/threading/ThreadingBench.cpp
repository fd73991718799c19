//===- ThreadingBench.cpp - LLVM's parallel loops against OpenMP ----------===//
//
// The measurement behind docs/performance.md's choice of threading library:
// the prover's typical column-parallel work (a coset LDE of every column),
// run with llvm::parallelForEachN and with an OpenMP loop. Built into zkbench
// only when CMake finds OpenMP.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Field/NTT.h"

#include "llvm/Support/Parallel.h"

#include <benchmark/benchmark.h>

#include <random>

using namespace zkvm;

namespace {

std::vector<std::vector<Felt>> randomColumns(size_t Cols, size_t Rows) {
  std::mt19937_64 Rng(1);
  std::vector<std::vector<Felt>> C(Cols, std::vector<Felt>(Rows));
  for (auto &Col : C)
    for (Felt &F : Col)
      F = Felt(Rng());
  return C;
}

// 64 columns of 2^Arg rows, blowup 8.
void BM_LDEColumnsLLVM(benchmark::State &State) {
  auto C = randomColumns(64, size_t(1) << State.range(0));
  for (auto _ : State)
    benchmark::DoNotOptimize(cosetLDEColumns(C, 8, Felt(7)));
}
BENCHMARK(BM_LDEColumnsLLVM)->Arg(14)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_LDEColumnsOpenMP(benchmark::State &State) {
  auto C = randomColumns(64, size_t(1) << State.range(0));
  for (auto _ : State) {
    std::vector<std::vector<Felt>> Out(C.size());
#pragma omp parallel for schedule(dynamic, 1)
    for (size_t I = 0; I < C.size(); ++I)
      Out[I] = cosetLDE(C[I], 8, Felt(7));
    benchmark::DoNotOptimize(Out);
  }
}
BENCHMARK(BM_LDEColumnsOpenMP)->Arg(14)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace
