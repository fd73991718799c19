//===- SimdLanesAvx512.cpp - GoldilocksAvx512.h behind a scalar interface -===//
//
// Compiled with AVX-512 enabled (see CMakeLists.txt).
//
//===----------------------------------------------------------------------===//

#include "SimdLanes.h"

#include "zkvm/Field/GoldilocksAvx512.h"

using namespace zkvm::avx512;

void zkvm::simdtest::avx512Lanes(LaneOp Op, const uint64_t *A, const uint64_t *B, uint64_t *Out) {
  Vec X = load(A), Y = load(B);
  Vec R = X;
  switch (Op) {
  case LaneOp::Add:
    R = add(X, Y);
    break;
  case LaneOp::Sub:
    R = sub(X, Y);
    break;
  case LaneOp::Mul:
    R = mul(X, Y);
    break;
  case LaneOp::Reduce128:
    R = reduce128(X, Y);
    break;
  }
  store(Out, R);
}

void zkvm::simdtest::avx512MulPowerOfTwo(const uint64_t *X, unsigned T, uint64_t *Out) {
  Vec ShL = _mm512_set1_epi64(T % 64), ShR = _mm512_set1_epi64(64 - T % 64);
  store(Out,
        T >= 64 ? mulPowerOfTwo<true>(load(X), ShL, ShR) : mulPowerOfTwo<false>(load(X), ShL, ShR));
}

void zkvm::simdtest::avx512LazyProducts(LazyMul Kind, const uint64_t *A, const uint64_t *B,
                                        uint64_t *Out) {
  switch (Kind) {
  case LazyMul::MulLazy:
    store(Out, mulLazy(load(A), load(B)));
    return;
  case LazyMul::LowLatency512:
    store(Out, mulLazyLowLatency(load(A), load(B)));
    return;
  case LazyMul::LowLatency256:
    for (unsigned Half = 0; Half < 2; ++Half) {
      auto P = [](const uint64_t *Q) { return reinterpret_cast<const __m256i *>(Q); };
      __m256i R = mulLazyLowLatency(_mm256_loadu_si256(P(A + 4 * Half)),
                                    _mm256_loadu_si256(P(B + 4 * Half)));
      _mm256_storeu_si256(reinterpret_cast<__m256i *>(Out + 4 * Half), R);
    }
    return;
  }
}
