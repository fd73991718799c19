//===- System.cpp - The system columns (clk, ctx, fn_hash) -----------------===//

#include "zkvm/Air/Vm/System.h"

#include <algorithm>

namespace zkvm {
namespace vmair {

size_t systemRowsNeeded(const VmTraceInputs &In) { return In.Trace.Cycles.size() + 1; }

void buildSystemColumns(const VmTraceInputs &In, MainTrace &Main) {
  const std::vector<CycleRecord> &Cycles = In.Trace.Cycles;
  const size_t N = Cycles.size(), Len = Main.empty() ? 0 : Main[0].size();
  ExecutionReplay Rp = replayExecution(In.Trace);
  for (size_t Row = 0; Row < Len; ++Row) {
    size_t R = std::min(Row, N);
    Main[ClkCol][Row] = Felt(uint64_t(Row));
    Main[CtxCol][Row] = Felt(uint64_t(R < N ? Cycles[R].Ctx : Rp.FinalCtx));
    for (unsigned I = 0; I < 4; ++I)
      Main[FnHashCol + I][Row] = Rp.FnHash[R][I];
  }
}

std::vector<unsigned> systemConstraintDegrees() { return {1, 6, 5, 6, 6, 6, 6, 6}; }

std::vector<Assertion> systemAssertions() { return {{false, ClkCol, 0, Felt()}}; }

} // namespace vmair
} // namespace zkvm
