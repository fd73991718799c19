//===- SimdLanesAvx2.cpp - GoldilocksAvx2.h behind a scalar interface -----===//
//
// Compiled with AVX2 enabled (see CMakeLists.txt).
//
//===----------------------------------------------------------------------===//

#include "SimdLanes.h"

#include "zkvm/Field/GoldilocksAvx2.h"

using namespace zkvm::avx2;

void zkvm::simdtest::avx2Lanes(LaneOp Op, const uint64_t *A, const uint64_t *B, uint64_t *Out) {
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
