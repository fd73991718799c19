//===- SimdLanes.h - Scalar entry points to the vector field kernels ------===//
//
// The lane kernels are compiled with AVX2 / AVX-512 enabled in files of their
// own (SimdLanesAvx2.cpp, SimdLanesAvx512.cpp) that include nothing shared
// with the rest of the test binary, so no inline function compiled for those
// instruction sets can be picked by the linker for the tests themselves. Call
// them only after a CPU check.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_UNITTESTS_FIELD_SIMDLANES_H
#define ZKVM_UNITTESTS_FIELD_SIMDLANES_H

#include <cstdint>

namespace zkvm {
namespace simdtest {

enum class LaneOp {
  Add,       ///< canonical A + B
  Sub,       ///< canonical A - B
  Mul,       ///< A * B, any 64-bit A and B
  Reduce128, ///< the 128-bit value A:B (A high) modulo p
};

/// Out[I] = Op(A[I], B[I]) for I < 4, with GoldilocksAvx2.h.
void avx2Lanes(LaneOp Op, const uint64_t *A, const uint64_t *B, uint64_t *Out);
/// Out[I] = Op(A[I], B[I]) for I < 8, with GoldilocksAvx512.h.
void avx512Lanes(LaneOp Op, const uint64_t *A, const uint64_t *B, uint64_t *Out);
/// The products that may leave a non-canonical result in [0, 2^64).
enum class LazyMul {
  MulLazy,       ///< mulLazy
  LowLatency512, ///< mulLazyLowLatency on 512-bit vectors
  LowLatency256, ///< mulLazyLowLatency on 256-bit vectors (AVX-512VL)
};
/// Out[I] = A[I] * B[I] mod p, maybe >= p, for I < 8.
void avx512LazyProducts(LazyMul Kind, const uint64_t *A, const uint64_t *B, uint64_t *Out);
/// Out[I] = X[I] * 2^T mod p for I < 8 and T < 96, with GoldilocksAvx512.h's
/// mulPowerOfTwo.
void avx512MulPowerOfTwo(const uint64_t *X, unsigned T, uint64_t *Out);

} // namespace simdtest
} // namespace zkvm

#endif // ZKVM_UNITTESTS_FIELD_SIMDLANES_H
