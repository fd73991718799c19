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

#include <algorithm>
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

/// Programs running HORNERBASE (alpha in one word and across two), HORNEREXT,
/// CRYPTOSTREAM (twice, around an HPERM) and FRIE2F4 (with the overflow
/// table non-empty, then empty).
const Case CryptoCases[] = {
    {"horner", R"(
begin
  push.3 mem_store.100 push.5 mem_store.101 push.7 mem_store.102 push.9 mem_store.103
  push.13 mem_store.104
  push.17 push.19 push.100 push.0.0.0.0.0 push.1.2.3.4.5.6.7.8
  horner_eval_base
  horner_eval_ext
  movup.13 drop push.103 movdn.13
  horner_eval_base
  movup.15 movup.15
  repeat.16 movup.2 drop end
end)"},
    {"crypto_stream", R"(
begin
  push.1.2.3.4 mem_storew_le.0 dropw push.5.6.7.8 mem_storew_le.4 dropw
  push.9.10.11.12 mem_storew_le.8 dropw push.13.14.15.16 mem_storew_le.12 dropw
  push.40 push.0 padw push.10.20.30.40.50.60.70.80
  crypto_stream hperm crypto_stream
  dropw dropw dropw drop drop
end)"},
    {"frie2f4", R"(
begin
  push.999 push.64 push.5 push.9 push.15 push.16 push.1234567 push.2 push.3
  push.11.12.13.14.15.16.17.18
  fri_ext2fold4
  dropw dropw dropw dropw
  push.72 push.18446744069414584320 push.4 push.101 push.102 push.987654321 push.0 push.7
  push.101.102.103.104.105.106.107.108
  movup.15 drop
  fri_ext2fold4
  dropw dropw dropw dropw
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

/// The chiplets bus's factors on one row (request, response) with fixed
/// challenges.
std::pair<QuadExt, QuadExt> busFactors(const TraceColumns &M, size_t Row) {
  static const std::vector<QuadExt> Alphas = [] {
    std::vector<QuadExt> A;
    for (uint64_t I = 0; I < VmNumRands; ++I)
      A.push_back(QuadExt(Felt(0x9E3779B97F4A7C15ull * (I + 1) >> 3), Felt(977 * I + 31)));
    return A;
  }();
  std::vector<Felt> Cur(MainWidth), Nxt(MainWidth);
  for (unsigned C = 0; C < MainWidth; ++C) {
    Cur[C] = M[C][Row];
    Nxt[C] = M[C][Row + 1];
  }
  std::vector<std::vector<Felt>> Periodic = chipletsPeriodicColumns();
  std::vector<Felt> P;
  for (const auto &Col : Periodic)
    P.push_back(Col[Row % Col.size()]);
  EvalFrame<Felt> F{Cur, Nxt};
  ArrayRef<QuadExt> A(Alphas);
  QuadExt Req = decoderChipletsRequest<Felt, QuadExt>(F, A) +
                vmStackChipletsRequest<Felt, QuadExt>(F, A) - QuadExt(Felt::one());
  return {Req, vmChipletsResponse<Felt, QuadExt>(F, P, A)};
}

/// Whether a main transition constraint is violated between Row and Row + 1.
bool transitionFails(const VmAir &A, const TraceColumns &M, size_t Row) {
  std::vector<Felt> Cur(MainWidth), Nxt(MainWidth), Out(A.mainConstraintDegrees().size());
  for (unsigned C = 0; C < MainWidth; ++C) {
    Cur[C] = M[C][Row];
    Nxt[C] = M[C][Row + 1];
  }
  std::vector<std::vector<Felt>> Periodic = A.periodicColumns();
  std::vector<Felt> P;
  for (const auto &Col : Periodic)
    P.push_back(Col[Row % Col.size()]);
  A.evaluateMain<Felt>(EvalFrame<Felt>{Cur, Nxt}, P, Out);
  for (const Felt &V : Out)
    if (!V.isZero())
      return true;
  return false;
}

// Every cell an operation of CryptoCases reads or defines, mutated on its
// rows: the operation's own transition constraints or its chiplets-bus
// request must change (so the bus no longer balances against the memory
// chiplet), and checkTrace must reject the trace. Cells: s0..s15 before and
// after, the user-op helpers h0..h5; not s15 after FRIE2F4 (shifted in
// from the overflow table: its bus) and not CRYPTOSTREAM's helpers (unused).
TEST(VmSoundness, CryptoOperationCellsAreBound) {
  const unsigned Ops[] = {89, 90, 100, 40};
  std::set<unsigned> Seen;
  for (const Case &C : CryptoCases) {
    SCOPED_TRACE(C.Name);
    std::unique_ptr<MastForest> Forest = assembleForTest(C.Source);
    ASSERT_TRUE(Forest);
    NoHost H;
    ExecutionTrace T;
    Expected<ExecutionResult> R = executeForTrace(*Forest, {}, {}, H, T);
    ASSERT_TRUE(bool(R)) << toString(R.takeError());
    Expected<VmTrace> V = buildVmTrace(T, *Forest, {}, R->Stack);
    ASSERT_TRUE(bool(V)) << toString(V.takeError());
    VmAir A(V->Main[0].size(), V->Public);
    ASSERT_FALSE(bool(checkTrace(A, V->Main))) << "the honest trace must pass";
    for (size_t Row = 0; Row + 1 < T.Cycles.size(); ++Row) {
      const CycleRecord &Cy = T.Cycles[Row];
      if (Cy.IsControl || std::find(std::begin(Ops), std::end(Ops), Cy.Opcode) == std::end(Ops))
        continue;
      Seen.insert(Cy.Opcode);
      std::vector<std::pair<unsigned, size_t>> Cells;
      for (unsigned I = 0; I < 16; ++I) {
        Cells.push_back({StackTopCol + I, Row});
        if (!(Cy.Opcode == 40 && I == 15))
          Cells.push_back({StackTopCol + I, Row + 1});
      }
      if (Cy.Opcode != 100)
        for (unsigned I = 0; I < NumUserHelpers; ++I)
          Cells.push_back({UserHelperCol + I, Row});
      const std::pair<QuadExt, QuadExt> Honest = busFactors(V->Main, Row);
      for (auto [Col, At] : Cells) {
        TraceColumns M = V->Main;
        M[Col][At] += Felt(3);
        bool Local = transitionFails(A, M, Row) || busFactors(M, Row) != Honest;
        EXPECT_TRUE(Local) << "opcode " << unsigned(Cy.Opcode) << ", column " << Col << ", row "
                           << At << ": not caught by the operation's constraints or request";
        Error E = checkTrace(A, M);
        EXPECT_TRUE(bool(E)) << "opcode " << unsigned(Cy.Opcode) << ", column " << Col << ", row "
                             << At << ": mutation accepted";
        consumeError(std::move(E));
      }
    }
  }
  for (unsigned Op : Ops)
    EXPECT_TRUE(Seen.count(Op)) << "opcode " << Op << " not exercised";
}

// Every memory chiplet row of the same programs (the alpha reads, the
// stream's reads and writes): each of its cells is bound.
TEST(VmSoundness, CryptoProgramsMemoryRows) {
  for (const Case &C : CryptoCases) {
    SCOPED_TRACE(C.Name);
    std::unique_ptr<MastForest> Forest = assembleForTest(C.Source);
    ASSERT_TRUE(Forest);
    NoHost H;
    ExecutionTrace T;
    Expected<ExecutionResult> R = executeForTrace(*Forest, {}, {}, H, T);
    ASSERT_TRUE(bool(R)) << toString(R.takeError());
    Expected<VmTrace> V = buildVmTrace(T, *Forest, {}, R->Stack);
    ASSERT_TRUE(bool(V)) << toString(V.takeError());
    VmAir A(V->Main[0].size(), V->Public);
    ASSERT_FALSE(bool(checkTrace(A, V->Main)));
    // Every memory chiplet row: its value, address and clock cells.
    unsigned Tried = 0;
    for (size_t Row = 0; Row + 1 < V->ChipletsRows; ++Row) {
      if (!(V->Main[ChipletsOffset][Row] == Felt::one() &&
            V->Main[ChipletsOffset + 1][Row] == Felt::one() &&
            V->Main[ChipletsOffset + 2][Row].isZero()))
        continue;
      for (unsigned Col = ChipletsOffset + 3; Col <= ChipletsOffset + 14; ++Col) {
        TraceColumns M = V->Main;
        M[Col][Row] += Felt::one();
        ++Tried;
        Error E = checkTrace(A, M);
        EXPECT_TRUE(bool(E)) << "memory column " << Col << ", row " << Row << ": accepted";
        consumeError(std::move(E));
      }
    }
    EXPECT_GT(Tried, 0u);
  }
}

} // namespace
