//===- Range.cpp - The range checker's table and LogUp bus ------------------===//

#include "zkvm/Air/Vm/Range.h"

#include <cassert>
#include <map>

using namespace llvm;

namespace zkvm {
namespace vmair {

namespace {

/// The table's (v, m) rows, from 0 to 65535 with bridge rows.
std::vector<std::pair<uint16_t, uint64_t>> rangeTable(const VmTraceInputs &In,
                                                      ArrayRef<uint16_t> Extra) {
  std::map<uint32_t, uint64_t> Mult;
  for (uint16_t V : stackRangeRequests(In))
    ++Mult[V];
  for (uint16_t V : Extra)
    ++Mult[V];
  Mult.emplace(0, 0);
  Mult.emplace(65535, 0);
  std::vector<std::pair<uint16_t, uint64_t>> Rows;
  uint32_t Cur = 0;
  for (auto [V, M] : Mult) {
    // Bridge with the largest power-of-3 steps (<= 3^7) that do not overshoot.
    while (Cur < V) {
      uint32_t Step = 2187;
      while (Cur + Step > V)
        Step /= 3;
      Cur += Step;
      if (Cur != V)
        Rows.push_back({uint16_t(Cur), 0});
    }
    Rows.push_back({uint16_t(V), M});
  }
  Rows.push_back({65535, 0}); // the bus's padding row
  return Rows;
}

} // namespace

std::vector<uint16_t> stackRangeRequests(const VmTraceInputs &In) {
  std::vector<uint16_t> Out;
  for (const CycleRecord &R : In.Trace.Cycles)
    if (isU32RangeCheckOp(R)) {
      Felt H[NumUserHelpers];
      userOpHelpers(R, H);
      for (unsigned J = 0; J < 4; ++J)
        Out.push_back(uint16_t(H[J].value()));
    }
  return Out;
}

size_t rangeRowsNeeded(const VmTraceInputs &In, ArrayRef<uint16_t> Extra) {
  return rangeTable(In, Extra).size();
}

void buildRangeColumns(const VmTraceInputs &In, MainTrace &Main, ArrayRef<uint16_t> Extra) {
  auto Rows = rangeTable(In, Extra);
  const size_t Len = Main.empty() ? 0 : Main[0].size();
  assert(Len >= Rows.size() && "trace too short for the range table");
  size_t Start = Len - Rows.size();
  for (size_t R = 0; R < Start; ++R) {
    Main[RangeValueCol][R] = Felt();
    Main[RangeMultCol][R] = Felt();
  }
  for (size_t I = 0; I < Rows.size(); ++I) {
    Main[RangeValueCol][Start + I] = Felt(uint64_t(Rows[I].first));
    Main[RangeMultCol][Start + I] = Felt(Rows[I].second);
  }
}

std::vector<unsigned> rangeConstraintDegrees() { return {9}; }

std::vector<Assertion> rangeAssertions(size_t LastRow) {
  return {{false, RangeValueCol, 0, Felt()}, {false, RangeValueCol, LastRow, Felt(65535)}};
}

template <class E>
std::vector<E> buildRangeBusColumn(const MainTrace &Main, const E &Alpha,
                                   const MemoryRangeRequests &Memory) {
  const size_t Len = Main.empty() ? 0 : Main[0].size();
  // Row R's terms: (sign, value) pairs; all denominators inverted at once.
  std::vector<E> Den;
  std::vector<std::pair<size_t, int>> Terms; // (row, +m or -1 marker)
  std::vector<Felt> Weight;
  Den.reserve(Len * 2);
  for (size_t R = 0; R + 1 < Len; ++R) {
    Felt M = Main[RangeMultCol][R];
    if (!M.isZero()) {
      Den.push_back(Alpha + E(Main[RangeValueCol][R]));
      Terms.push_back({R, 1});
      Weight.push_back(M);
    }
    bool U32 = Main[OpBitsCol + 6][R] == Felt::one() && Main[OpBitsCol + 5][R].isZero() &&
               Main[OpBitsCol + 4][R].isZero();
    if (U32)
      for (unsigned J = 0; J < 4; ++J) {
        Den.push_back(Alpha + E(Main[UserHelperCol + J][R]));
        Terms.push_back({R, -1});
        Weight.push_back(Felt::one());
      }
    Felt D0, D1;
    if (Memory && Memory(R, D0, D1))
      for (Felt D : {D0, D1}) {
        Den.push_back(Alpha + E(D));
        Terms.push_back({R, -1});
        Weight.push_back(Felt::one());
      }
  }
  std::vector<E> Prefix(Den.size());
  E Acc = E(Felt::one());
  for (size_t I = 0; I < Den.size(); ++I) {
    Prefix[I] = Acc;
    Acc *= Den[I];
  }
  Acc = Acc.inverse();
  for (size_t I = Den.size(); I-- > 0;) {
    E Inv = Acc * Prefix[I];
    Acc *= Den[I];
    Den[I] = Inv;
  }
  std::vector<E> Delta(Len, E(Felt()));
  for (size_t I = 0; I < Terms.size(); ++I) {
    E T = Den[I] * E(Weight[I]);
    if (Terms[I].second > 0)
      Delta[Terms[I].first] += T;
    else
      Delta[Terms[I].first] -= T;
  }
  std::vector<E> B(Len, E(Felt()));
  for (size_t R = 0; R + 1 < Len; ++R)
    B[R + 1] = B[R] + Delta[R];
  return B;
}

template std::vector<QuadExt> buildRangeBusColumn(const MainTrace &, const QuadExt &,
                                                  const MemoryRangeRequests &);
template std::vector<CubicExt> buildRangeBusColumn(const MainTrace &, const CubicExt &,
                                                   const MemoryRangeRequests &);

} // namespace vmair
} // namespace zkvm
