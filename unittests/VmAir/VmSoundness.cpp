//===- VmSoundness.cpp - Single-cell mutations of honest VM traces ----------===//
//
// The soundness suite (ctest label `soundness`): for honest traces of several
// programs, every main-trace column that the design constrains is mutated at
// many execution rows, one cell at a time, and the AIR (transition
// constraints, assertions and buses, via checkTrace) must reject each one.
//
// Cells the design leaves free on purpose are listed in FreeColumns with the
// reason; a mutation there changes nothing a verifier relies on (for
// example, user-operation helper registers on rows whose operation does not
// read them).
//
//===----------------------------------------------------------------------===//

#include "AssembleForTest.h"

#include "zkvm/Air/Vm/VmAir.h"
#include "zkvm/Asm/Assembler.h"
#include "zkvm/Mast/Lowering.h"
#include "zkvm/Prover/Prover.h"
#include "zkvm/Support/Diagnostics.h"
#include "zkvm/VM/ExecutionTrace.h"
#include "zkvm/VM/Processor.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <optional>
#include <set>

using namespace zkvm;
using namespace zkvm::vmair;
using namespace llvm;

namespace {

struct NoHost : Host {
  Error onEvent(ProcessState &, Felt) override {
    return createStringError(inconvertibleErrorCode(), "no handler");
  }
  const MastForest *findProcedure(const Digest &) const override { return nullptr; }
};

/// Columns whose values the design leaves free on some execution rows.
const std::set<unsigned> FreeColumns = {
    DecoderOffset + 1, // op bit b0: "don't care" for the 11xxx-- operations (END, CALL...)
    DecoderOffset + 2, // op bit b1: likewise
    // Decoder h1..h7: user-operation helper registers, read only by the
    // operations that define them (EQ, U32 ops, EXPACC, HPERM...).
    DecoderOffset + 9, DecoderOffset + 10, DecoderOffset + 11, DecoderOffset + 12,
    DecoderOffset + 13, DecoderOffset + 14, DecoderOffset + 15,
    StackOffset + 18, // h0 = 1 / (depth - 16): free at depth 16, as in Miden
};

/// The last chiplet column the chiplet on Row uses (Miden v0.20.6's widths:
/// hasher 17 columns with its selector, bitwise 2 + 13, memory 3 + 12,
/// kernel ROM 5 + 5), or nothing for the padding rows.
std::optional<unsigned> lastChipletColumn(const TraceColumns &M, size_t Row) {
  auto Sel = [&](unsigned K) { return M[ChipletsOffset + K][Row] == Felt::one(); };
  if (!Sel(0))
    return ChipletsOffset + 16;
  if (!Sel(1))
    return ChipletsOffset + 14;
  if (!Sel(2))
    return ChipletsOffset + 14;
  if (!Sel(3))
    return std::nullopt; // ACE: not built
  if (!Sel(4))
    return ChipletsOffset + 9;
  return std::nullopt;
}

struct Case {
  const char *Name;
  const char *Source;
};

const Case Cases[] = {
    {"arithmetic, memory, bitwise, hashing, control flow, call", R"(
proc f push.1 drop end
begin
  push.3 push.4 add push.5 mul dup.0 push.35 eq assert
  push.7 mem_store.12 mem_load.12 push.5 u32and drop
  push.1.2.3.4 hperm dropw dropw dropw
  push.1 if.true push.2 drop else push.3 drop end
  push.3 push.1 while.true sub.1 dup neq.0 end drop
  call.f
  push.10 add swap drop
end)"},
    {"u32 arithmetic, deep stack, locals", R"(
@locals(4)
proc g
  loc_store.0 loc_load.0 push.9 u32wrapping_mul loc_store.1 loc_load.1
end
begin
  push.100 push.7 u32divmod u32overflowing_add drop
  repeat.20 push.2 end repeat.20 drop end
  push.5 exec.g push.4294967295 u32split drop drop drop drop
end)"},
};

TEST(VmSoundness, EveryConstrainedCellMutationIsRejected) {
  for (const Case &C : Cases) {
    SCOPED_TRACE(C.Name);
    std::unique_ptr<MastForest> Forest = assembleForTest(C.Source);
    ASSERT_TRUE(Forest);
    const MastForest &F = *Forest;
    NoHost H;
    ExecutionTrace T;
    Expected<ExecutionResult> R = executeForTrace(F, {}, {}, H, T);
    ASSERT_TRUE(bool(R)) << toString(R.takeError());
    Expected<VmTrace> V = buildVmTrace(T, F, {}, R->Stack);
    ASSERT_TRUE(bool(V)) << toString(V.takeError());
    const size_t Len = V->Main[0].size(), Cycles = T.Cycles.size();
    VmAir A(Len, V->Public);
    ASSERT_FALSE(bool(checkTrace(A, V->Main))) << "the honest trace must pass";
    unsigned Tried = 0;
    for (unsigned Col = 0; Col < MainWidth; ++Col) {
      if (FreeColumns.count(Col))
        continue;
      // Execution rows for the decoder, stack and system; the chiplets'
      // own rows (not their zero padding, which no constraint reads) for
      // the chiplet columns.
      size_t Rows = Col >= ChipletsOffset ? V->ChipletsRows - 1 : Cycles - 1;
      for (unsigned K = 0; K < 12; ++K) {
        size_t Row = (K * 37 + Col * 5) % Rows;
        if (Col >= ChipletsOffset) {
          std::optional<unsigned> Last = lastChipletColumn(V->Main, Row);
          if (!Last || Col > *Last)
            continue; // a column this chiplet does not use
          // The hasher's first internal selector is fixed only on the rows
          // of a cycle that use it.
          if (Col == ChipletsOffset + 1 && V->Main[ChipletsOffset][Row].isZero())
            continue;
        }
        TraceColumns M = V->Main;
        M[Col][Row] += Felt::one();
        ++Tried;
        Error E = checkTrace(A, M);
        EXPECT_TRUE(bool(E)) << "column " << Col << ", row " << Row << ": mutation accepted";
        consumeError(std::move(E));
      }
    }
    EXPECT_GT(Tried, 500u);
  }
}

} // namespace
