//===- zkvm/Air/Vm/Range.h - The range checker's columns and bus -*- C++ -*-===//
//
// Columns 49..50 of the VM trace (VmLayout.h), Miden v0.20.6's range checker
// (docs/src/design/range.md): v runs from 0 to 65535 in steps of 0 or a power
// of 3 up to 3^7 (bridge rows carry multiplicity 0), m is how many times v
// is range-checked. The table sits at the END of the trace; the rows above it
// are (v, m) = (0, 0). Its last two rows hold 65535, the last with m = 0.
//
// The range bus (aux column b, LogUp, starts and ends at 0):
//
//   b' = b + m / (alpha + v) - f_u32 * sum_j 1 / (alpha + h_j)
//          - f_mem * (1 / (alpha + d0) + 1 / (alpha + d1))
//
// with f_u32 = b6 (1 - b5) (1 - b4) (the u32 operations; h_j the decoder's
// user-op helpers 0..3, the stack's 16-bit limbs) and f_mem, d0, d1 the
// memory chiplet's flag and delta limbs, which the chiplets component
// provides: as 16-bit values for the multiplicities (buildRangeColumns'
// Extra argument) and per row for the bus (MemoryRangeRequests below; the
// VM AIR passes its flag and columns to evaluateRangeBus).
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_AIR_VM_RANGE_H
#define ZKVM_AIR_VM_RANGE_H

#include "zkvm/Air/Vm/Stack.h"

#include <functional>

namespace zkvm {
namespace vmair {

constexpr unsigned RangeValueCol = RangeOffset;    // v
constexpr unsigned RangeMultCol = RangeOffset + 1; // m

/// The 16-bit values the stack's u32 operations send to the range checker
/// (four per u32 operation, in cycle order).
std::vector<uint16_t> stackRangeRequests(const VmTraceInputs &In);

/// Rows of the range table for the stack's requests plus Extra ones.
size_t rangeRowsNeeded(const VmTraceInputs &In, llvm::ArrayRef<uint16_t> Extra = {});
/// Fills columns 49..50 only: multiplicities of the stack's requests plus
/// Extra (the memory chiplet's delta limbs, one entry per request).
void buildRangeColumns(const VmTraceInputs &In, MainTrace &Main,
                       llvm::ArrayRef<uint16_t> Extra = {});
/// {9}
std::vector<unsigned> rangeConstraintDegrees();
inline std::vector<std::vector<Felt>> rangePeriodicColumns() { return {}; }
/// v = 0 on the first row, 65535 on the last.
std::vector<Assertion> rangeAssertions(size_t LastRow);

/// v' - v is 0 or 3^k, k <= 7 (degree 9).
template <class E>
void evaluateRange(const EvalFrame<E> &M, llvm::ArrayRef<E>, llvm::MutableArrayRef<E> Out) {
  E D = M.Next[RangeValueCol] - M.Current[RangeValueCol];
  E P = D;
  for (uint64_t Step : {1, 3, 9, 27, 81, 243, 729, 2187})
    P *= D - E(Felt(Step));
  Out[0] = P;
}

/// Per-row memory requests for the bus: returns true and sets D0, D1 when
/// the row's memory flag is set.
using MemoryRangeRequests = std::function<bool(size_t Row, Felt &D0, Felt &D1)>;

/// The range bus constraint (degree 9 with a degree-3 memory flag); B, BNext
/// the aux column, MemFlag/Mem0/Mem1 the memory chiplet's (zero without it).
template <class F, class E>
E evaluateRangeBus(const EvalFrame<F> &M, const E &B, const E &BNext, const E &Alpha,
                   const F &MemFlag, const F &Mem0, const F &Mem1) {
  const F One = F(Felt::one());
  F U32 = M.Current[OpBitsCol + 6] * (One - M.Current[OpBitsCol + 5]) *
          (One - M.Current[OpBitsCol + 4]);
  E Rc = Alpha + E(M.Current[RangeValueCol]);
  E Sv[4];
  for (unsigned J = 0; J < 4; ++J)
    Sv[J] = Alpha + E(M.Current[UserHelperCol + J]);
  E Mv0 = Alpha + E(Mem0), Mv1 = Alpha + E(Mem1);
  E P01 = Sv[0] * Sv[1], P23 = Sv[2] * Sv[3];
  E Stack = P01 * P23, Mem = Mv0 * Mv1;
  E Lookups = Rc * Stack * Mem;
  E SFlag = Rc * Mem * U32, MFlag = Rc * Stack * MemFlag; // extension * base
  // The sum of the four products of three: P01 (s2 + s3) + P23 (s0 + s1).
  E SSum = P01 * (Sv[2] + Sv[3]) + P23 * (Sv[0] + Sv[1]);
  return B * Lookups + (Stack * Mem) * M.Current[RangeMultCol] - SFlag * SSum -
         MFlag * (Mv0 + Mv1) - BNext * Lookups;
}

/// Builds b (0 on the first row; 0 on the last when requests and
/// multiplicities balance).
template <class E>
std::vector<E> buildRangeBusColumn(const MainTrace &Main, const E &Alpha,
                                   const MemoryRangeRequests &Memory = nullptr);

extern template std::vector<QuadExt> buildRangeBusColumn(const MainTrace &, const QuadExt &,
                                                         const MemoryRangeRequests &);
extern template std::vector<CubicExt> buildRangeBusColumn(const MainTrace &, const CubicExt &,
                                                          const MemoryRangeRequests &);

} // namespace vmair
} // namespace zkvm

#endif // ZKVM_AIR_VM_RANGE_H
