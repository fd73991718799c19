//===- FeltPackAvx512.cpp - Eight Goldilocks products in one AVX-512 op ---===//
//
// FeltPack (include/zkvm/Air/FeltPack.h) multiplies through here when the
// CPU has AVX-512 (this file alone is compiled with AVX-512 enabled).
//
//===----------------------------------------------------------------------===//

#include "zkvm/Field/Goldilocks.h"
#include "zkvm/Field/GoldilocksAvx512.h"

namespace zkvm {
namespace detail {

static bool cpuHasAvx512() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw");
}

extern const bool FeltPackAvx512;
const bool FeltPackAvx512 = cpuHasAvx512();

void feltPackMulAvx512(const Felt *A, const Felt *B, Felt *R) {
  avx512::store(R, avx512::mul(avx512::load(A), avx512::load(B)));
}

} // namespace detail
} // namespace zkvm
