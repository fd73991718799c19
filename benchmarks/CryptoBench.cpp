//===- CryptoBench.cpp - Hash and Merkle-tree benchmarks ------------------===//

#include "zkvm/Crypto/Blake3.h"
#include "zkvm/Crypto/MerkleTree.h"
#include "zkvm/Crypto/Rpo256.h"

#include <benchmark/benchmark.h>

#include <random>

using namespace zkvm;

// One RPO256 permutation (scalar).
static void BM_RpoPermute(benchmark::State &State) {
  Rpo256::State S{};
  for (unsigned I = 0; I < 12; ++I)
    S[I] = Felt(I + 1);
  for (auto _ : State) {
    Rpo256::permute(S);
    benchmark::DoNotOptimize(S);
  }
}
BENCHMARK(BM_RpoPermute);

// Eight RPO256 permutations through the AVX-512 lanes (time per batch of 8).
static void BM_RpoPermute8(benchmark::State &State) {
  std::vector<Rpo256::State> S(8);
  for (auto _ : State) {
    Rpo256::permuteMany(S.data(), 8);
    benchmark::ClobberMemory();
  }
  State.SetItemsProcessed(State.iterations() * 8);
}
BENCHMARK(BM_RpoPermute8);

// One 2-to-1 merge of two 32-byte digests.
static void BM_Blake3Merge(benchmark::State &State) {
  Blake3Digest A{}, B{};
  A[0] = 1;
  for (auto _ : State) {
    A = Blake3::merge(A, B);
    benchmark::DoNotOptimize(A);
  }
}
BENCHMARK(BM_Blake3Merge);

// 1024 merges through the 16-lane path (items = merges).
static void BM_Blake3MergePairs(benchmark::State &State) {
  std::vector<Blake3Digest> In(2048), Out(1024);
  for (size_t I = 0; I < In.size(); ++I)
    In[I][0] = uint8_t(I);
  for (auto _ : State) {
    Blake3::mergePairs(In.data(), Out.data(), 1024);
    benchmark::ClobberMemory();
  }
  State.SetItemsProcessed(State.iterations() * 1024);
}
BENCHMARK(BM_Blake3MergePairs);

// A tree over 2^N leaves of 8 field elements each, BLAKE3 (the default hasher),
// all threads.
static void BM_MerkleCommit(benchmark::State &State) {
  size_t Rows = size_t(1) << State.range(0);
  std::vector<Felt> M(Rows * 8);
  std::mt19937_64 Rng(1);
  for (Felt &F : M)
    F = Felt(Rng());
  for (auto _ : State)
    benchmark::DoNotOptimize(MerkleTree<Blake3Hasher>::fromRows(M, 8).root());
}
BENCHMARK(BM_MerkleCommit)->Arg(20)->Unit(benchmark::kMillisecond)->UseRealTime();
