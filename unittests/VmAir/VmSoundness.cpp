//===- VmSoundness.cpp - Single-cell mutations of honest VM traces ----------===//
//
// The soundness suite (ctest label `soundness`): for honest traces of several
// programs, every main-trace column that the design constrains is mutated at
// many execution rows, one cell at a time, and the AIR (transition
// constraints, assertions and buses, via checkTrace) must reject each one.
//
// Cells the design leaves free on purpose are listed in FreeColumns (whole
// columns) or freeDecoderCell (decoder cells on given rows, free as in
// Miden's decoder constraints) with the reason; a mutation there changes
// nothing a verifier relies on (for example, user-operation helper registers
// on rows whose operation does not read them). freeDecoderCell's cells are
// checked to be accepted, so the list cannot grow stale or hide a rejection.
//
//===----------------------------------------------------------------------===//

#include "AssembleForTest.h"

#include "zkvm/Air/Vm/Decoder.h"
#include "zkvm/Air/Vm/VmAir.h"
#include "zkvm/Asm/Assembler.h"
#include "zkvm/Crypto/Rpo256.h"
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
/// ACE 4 + 16, kernel ROM 5 + 5), or nothing for the padding rows. (Memory's
/// d1, d_inv, f_scw and f_ace: AceMemoryRowsAreBound, which knows where d_inv
/// and f_scw are free.)
std::optional<unsigned> lastChipletColumn(const TraceColumns &M, size_t Row) {
  switch (chipletOf(M, Row)) {
  case ChipletKind::Hasher:
    return ChipletsOffset + 16;
  case ChipletKind::Bitwise:
  case ChipletKind::Memory:
    return ChipletsOffset + 14;
  case ChipletKind::Ace:
    return ChipletsOffset + 19;
  case ChipletKind::KernelRom:
    return ChipletsOffset + 9;
  case ChipletKind::Padding:
    break;
  }
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
/// CRYPTOSTREAM (twice, around an HPERM), FRIE2F4 (with the overflow
/// table non-empty, then empty) and LOGPRECOMPILE (three calls chained
/// through the precompile transcript, around an HPERM and memory accesses).
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
    {"log_precompile", R"(
begin
  push.1.2.3.4 mem_storew_le.0 dropw
  push.1.2.3.4.5.6.7.8 padw movdnw.2
  log_precompile
  dropw dropw dropw
  push.9.10.11.12.13.14.15.16 padw movdnw.2
  log_precompile
  hperm
  log_precompile
  mem_loadw_le.0
  dropw dropw dropw
end)"},
};

/// Programs of the lit suites swept too (paths relative to the source tree):
/// long basic blocks (many RESPANs, immediates filling groups, 1-, 2-, 4- and
/// 8-group batches) around HORNERBASE, HORNEREXT and CRYPTOSTREAM, and
/// LOGPRECOMPILE in a repeat and in a called procedure.
const char *const FileCases[] = {
    "test/Prove/Inputs/horner_base_stream.masm", "test/Prove/Inputs/horner_ext_stream.masm",
    "test/Prove/Inputs/crypto_stream_loop.masm", "test/VM/crypto_stream.masm",
    "test/Prove/Inputs/log_precompile_ctx.masm", "test/VM/eval_circuit_sections.masm",
};

std::string readSource(const char *Rel) {
  std::string Path = std::string(ZKVM_SOURCE_DIR) + "/" + Rel;
  ErrorOr<std::unique_ptr<MemoryBuffer>> B = MemoryBuffer::getFile(Path);
  EXPECT_TRUE(bool(B)) << Path;
  return B ? (*B)->getBuffer().str() : std::string();
}

/// Every program the sweeps run: Cases, CryptoCases and FileCases.
std::vector<std::pair<std::string, std::string>> sweptPrograms() {
  std::vector<std::pair<std::string, std::string>> P;
  for (const Case &C : Cases)
    P.push_back({C.Name, C.Source});
  for (const Case &C : CryptoCases)
    P.push_back({C.Name, C.Source});
  for (const char *Path : FileCases)
    P.push_back({Path, readSource(Path)});
  return P;
}

unsigned opcodeAt(const TraceColumns &M, size_t Row) {
  unsigned Op = 0;
  for (unsigned I = 0; I < DecNumOpBits; ++I)
    Op |= unsigned(M[DecOpBitsCol + I][Row].value()) << I;
  return Op;
}

constexpr unsigned OpSpan = 86, OpRespan = 120, OpEnd = 112;

/// The decoder state of a row, for failure messages.
std::string rowSummary(const TraceColumns &M, size_t Row) {
  std::string S;
  raw_string_ostream OS(S);
  OS << "opcode " << opcodeAt(M, Row) << ", in_span " << M[DecInSpanCol][Row].value() << ", gc "
     << M[DecGroupCountCol][Row].value() << ", ox " << M[DecOpIndexCol][Row].value() << ", c "
     << M[DecBatchFlagsCol][Row].value() << M[DecBatchFlagsCol + 1][Row].value()
     << M[DecBatchFlagsCol + 2][Row].value();
  return OS.str();
}

/// Decoder cells that Miden v0.20.6's decoder constraints (docs/src/design/
/// decoder/constraints.md) leave free on some rows, and that nothing else
/// (no other constraint, table or bus message) reads there: a +1 on such a
/// cell of an honest trace gives an accepted trace proving the same
/// statement. Returns why Col at Row is one, or nullptr. Found by sweeping
/// every decoder cell of every execution row of sweptPrograms()
/// (DISABLED_EveryDecoderCellOnEveryRow); each case names its column and
/// the exact row condition, nothing wider.
const char *freeDecoderCell(const TraceColumns &M, unsigned Col, size_t Row) {
  const unsigned Op = opcodeAt(M, Row);
  const bool SpanOrRespan = Op == OpSpan || Op == OpRespan;
  const bool InSpan = M[DecInSpanCol][Row] == Felt::one();
  // Batch flags c1, c2 (0 -> 1) on a SPAN/RESPAN row of a full batch (c0 = 1).
  // The group flags are f_g8 = c0, f_g4 = (1 - c0) c1 (1 - c2),
  // f_g2 = (1 - c0) (1 - c1) c2, f_g1 = (1 - c0) c1 c2: with c0 = 1 they are
  // 1, 0, 0, 0 whatever c1 and c2 are, and the flag constraints ask of c1, c2
  // only that they be binary (and zero off SPAN/RESPAN). Nothing else reads
  // them, so 100 -> 110 / 101 leaves every constraint, the op group table
  // and the chiplets bus unchanged (the honest trace writes 100, as Miden's).
  // With c0 = 0 the same +1 changes the group count (001 -> 011) or breaks
  // binarity, and is rejected.
  if ((Col == DecBatchFlagsCol + 1 || Col == DecBatchFlagsCol + 2) && SpanOrRespan &&
      M[DecBatchFlagsCol][Row] == Felt::one() && M[Col][Row].isZero())
    return "batch flag c1/c2 on a SPAN/RESPAN row with c0 = 1";
  // Op index (ox < 8 -> ox + 1) on a row outside a basic block (in_span = 0:
  // SPAN, RESPAN, END and the other control-flow operations). The op index
  // constraints read ox only when in_span = 1 (sp ng ox' = 0,
  // sp sp' (1 - ng) (ox' - ox - 1) = 0) or as ox' after SPAN/RESPAN (a row
  // inside the block); the transition into such a row has sp' = 0. Only the
  // range check prod_{i=0..8} (ox - i) = 0 holds here, and no table or bus
  // reads ox. (Miden: "op index only inside spans".)
  if (Col == DecOpIndexCol && !InSpan && M[Col][Row].value() < 8)
    return "op index outside a basic block";
  // Group count on a control-flow row other than SPAN/RESPAN/END whose next
  // row is neither END nor RESPAN (JOIN, SPLIT, LOOP entering its body,
  // REPEAT, CALL, SYSCALL, DYN, DYNCALL). Its constraints are
  // sp dgc (dgc - 1), sp dgc (1 - f_push) h0 (sp = 0 here),
  // (f_span + f_respan + f_push) (dgc - 1), dgc (f_end' + f_respan') and
  // f_end gc, none of which applies; the op group table removes rows only
  // when sp = 1 and adds them only on SPAN/RESPAN. The next SPAN sets gc
  // afresh (non-deterministically, checked by the op group table).
  if (Col == DecGroupCountCol && !InSpan && !SpanOrRespan && Op != OpEnd) {
    unsigned Next = opcodeAt(M, Row + 1);
    if (Next != OpEnd && Next != OpRespan)
      return "group count on a control-flow row not followed by END/RESPAN";
  }
  return nullptr;
}

/// ACE cells that nothing reads: on a READ row, op (the gate's, read on EVAL
/// rows only, by the gate constraints and the instruction's memory request)
/// and column 13 (v2's first cell on EVAL rows; READ rows have no third wire,
/// and its e2 is 0 there). Returns why, or nullptr.
const char *freeAceCell(const TraceColumns &M, unsigned Col, size_t Row) {
  if (chipletOf(M, Row) != ChipletKind::Ace || !M[AceCol + ace::SBlock][Row].isZero())
    return nullptr;
  if (Col == AceCol + ace::Op)
    return "ACE op on a READ row";
  if (Col == AceCol + ace::V2)
    return "ACE column 13 on a READ row";
  return nullptr;
}

/// Mutates (Col, Row) of the honest trace Main by +1 and checks the AIR's
/// verdict: rejected, or accepted exactly when freeDecoderCell or
/// freeAceCell says so (so an exemption cannot hide anything but the
/// documented freedom).
void checkCellMutation(const VmAir &A, const TraceColumns &Main, unsigned Col, size_t Row) {
  const char *Free = freeDecoderCell(Main, Col, Row);
  if (!Free)
    Free = freeAceCell(Main, Col, Row);
  TraceColumns M = Main;
  M[Col][Row] += Felt::one();
  Error E = checkTrace(A, M);
  if (Free)
    EXPECT_FALSE(bool(E)) << "column " << Col << ", row " << Row << " (" << rowSummary(Main, Row)
                          << "): documented free (" << Free << ") but rejected";
  else
    EXPECT_TRUE(bool(E)) << "column " << Col << ", row " << Row << " (" << rowSummary(Main, Row)
                         << "): mutation accepted";
  consumeError(std::move(E));
}

struct HonestTrace {
  std::unique_ptr<MastForest> Forest;
  ExecutionTrace T;
  std::optional<VmTrace> V;
};

/// Assembles, runs and builds the trace of Source; checks it passes.
void honestTrace(StringRef Source, HonestTrace &H) {
  H.Forest = assembleForTest(Source);
  ASSERT_TRUE(H.Forest);
  DefaultHost Host;
  Expected<ExecutionResult> R = executeForTrace(*H.Forest, {}, {}, Host, H.T);
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  Expected<VmTrace> V = buildVmTrace(H.T, *H.Forest, {}, R->Stack);
  ASSERT_TRUE(bool(V)) << toString(V.takeError());
  H.V = std::move(*V);
  VmAir A(H.V->Main[0].size(), H.V->Public);
  ASSERT_FALSE(bool(checkTrace(A, H.V->Main))) << "the honest trace must pass";
}

// Every constrained column at 12 rows per column (execution rows for the
// decoder, stack and system, the chiplets' own rows for the chiplets); and
// the decoder's block-structure columns (in_span, group count, op index,
// batch flags) on every control-flow row and the row after it, where their
// constraints change with the operation.
TEST(VmSoundness, EveryConstrainedCellMutationIsRejected) {
  for (const auto &[Name, Source] : sweptPrograms()) {
    SCOPED_TRACE(Name);
    HonestTrace H;
    honestTrace(Source, H);
    if (!H.V)
      continue;
    const TraceColumns &Main = H.V->Main;
    const size_t Cycles = H.T.Cycles.size();
    VmAir A(Main[0].size(), H.V->Public);
    unsigned Tried = 0;
    for (unsigned Col = 0; Col < MainWidth; ++Col) {
      if (FreeColumns.count(Col))
        continue;
      size_t Rows = Col >= ChipletsOffset ? H.V->ChipletsRows - 1 : Cycles - 1;
      for (unsigned K = 0; K < 12; ++K) {
        size_t Row = (K * 37 + Col * 5) % Rows;
        if (Col >= ChipletsOffset) {
          std::optional<unsigned> Last = lastChipletColumn(Main, Row);
          if (!Last || Col > *Last)
            continue; // a column this chiplet does not use
          // The hasher's first internal selector is fixed only on the rows
          // of a cycle that use it.
          if (Col == ChipletsOffset + 1 && Main[ChipletsOffset][Row].isZero())
            continue;
        }
        ++Tried;
        checkCellMutation(A, Main, Col, Row);
      }
    }
    EXPECT_GT(Tried, 500u);
    for (size_t Row = 0; Row + 1 < Cycles; ++Row) {
      if (Main[DecInSpanCol][Row] == Felt::one() &&
          (Row == 0 || Main[DecInSpanCol][Row - 1] == Felt::one()))
        continue;
      for (unsigned Col : {DecInSpanCol, DecGroupCountCol, DecOpIndexCol, DecBatchFlagsCol,
                           DecBatchFlagsCol + 1, DecBatchFlagsCol + 2})
        checkCellMutation(A, Main, Col, Row);
    }
  }
}

// The op index's range check binds it outside basic blocks too: 9 on a
// SPAN/RESPAN row is rejected (the +1 of the sweep stays in 0..8).
TEST(VmSoundness, OpIndexOutsideBlocksIsRangeChecked) {
  HonestTrace H;
  honestTrace(CryptoCases[1].Source, H);
  ASSERT_TRUE(H.V);
  VmAir A(H.V->Main[0].size(), H.V->Public);
  unsigned Tried = 0;
  for (size_t Row = 0; Row + 1 < H.T.Cycles.size(); ++Row) {
    unsigned Op = opcodeAt(H.V->Main, Row);
    if (Op != OpSpan && Op != OpRespan)
      continue;
    TraceColumns M = H.V->Main;
    M[DecOpIndexCol][Row] = Felt(9);
    ++Tried;
    Error E = checkTrace(A, M);
    EXPECT_TRUE(bool(E)) << "row " << Row << ": op index 9 accepted";
    consumeError(std::move(E));
  }
  EXPECT_GT(Tried, 3u);
}

// Every decoder cell on every execution row of every swept program (about
// three CPU minutes; run with --gtest_also_run_disabled_tests): what the 12-row
// sample of EveryConstrainedCellMutationIsRejected can miss. The only
// survivors are freeDecoderCell's.
TEST(VmSoundness, DISABLED_EveryDecoderCellOnEveryRow) {
  for (const auto &[Name, Source] : sweptPrograms()) {
    SCOPED_TRACE(Name);
    HonestTrace H;
    honestTrace(Source, H);
    if (!H.V)
      continue;
    VmAir A(H.V->Main[0].size(), H.V->Public);
    for (unsigned Col = DecoderOffset; Col < DecoderOffset + DecoderWidth; ++Col)
      if (!FreeColumns.count(Col))
        for (size_t Row = 0; Row + 1 < H.T.Cycles.size(); ++Row)
          checkCellMutation(A, H.V->Main, Col, Row);
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
  return {Req, vmChipletsResponse<Felt, QuadExt>(
                   F, P, A, memoryResponseMessage<Felt, QuadExt>(F.Current.data(), A))};
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
// from the overflow table: its bus), not CRYPTOSTREAM's helpers (unused) and
// not LOGPRECOMPILE's h5 (unused; h0 is its hasher address, h1..h4 CAP_PREV)
// nor the PAD word s8..s11 before it (overwritten by CAP_NEXT, read by
// nothing: Miden's [COMM, TAG, PAD] layout).
TEST(VmSoundness, CryptoOperationCellsAreBound) {
  const unsigned Ops[] = {89, 90, 100, 40, 94};
  std::set<unsigned> Seen;
  for (const Case &C : CryptoCases) {
    SCOPED_TRACE(C.Name);
    std::unique_ptr<MastForest> Forest = assembleForTest(C.Source);
    ASSERT_TRUE(Forest);
    DefaultHost H;
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
        if (!(Cy.Opcode == 94 && I >= 8 && I < 12)) // LOGPRECOMPILE's PAD: overwritten, unread
          Cells.push_back({StackTopCol + I, Row});
        if (!(Cy.Opcode == 40 && I == 15))
          Cells.push_back({StackTopCol + I, Row + 1});
      }
      if (Cy.Opcode != 100)
        for (unsigned I = 0; I < (Cy.Opcode == 94 ? 5u : NumUserHelpers); ++I)
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
    DefaultHost H;
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

// --- The precompile transcript -------------------------------------------------

const char *const TranscriptProgram = R"(
begin
  push.1.2.3.4.5.6.7.8 padw movdnw.2
  log_precompile
  dropw dropw dropw
  push.9.10.11.12.13.14.15.16 padw movdnw.2
  log_precompile
  dropw dropw dropw
end)";

/// Index in T.Hasher of the K-th LOGPRECOMPILE's permutation (clock order).
size_t logPrecompileRecord(const ExecutionTrace &T, unsigned K) {
  for (size_t I = 0; I < T.Hasher.size(); ++I) {
    const CycleRecord &C = T.Cycles[T.Hasher[I].Clk];
    if (!C.IsControl && C.Opcode == 94 && K-- == 0)
      return I;
  }
  ADD_FAILURE() << "no such LOGPRECOMPILE";
  return 0;
}

/// Reruns the K-th LOGPRECOMPILE of T from capacity Cap instead of the
/// running transcript state: its hasher record (input and permuted output)
/// and the stack rows after it until the program has dropped its 12 outputs
/// (one DROP at a time: dropw dropw dropw). The permutation stays genuine and
/// every stack transition stays valid, so only the transcript chain can tell.
void rerunLogPrecompile(ExecutionTrace &T, unsigned K, const std::array<Felt, 4> &Cap) {
  HasherRecord &R = T.Hasher[logPrecompileRecord(T, K)];
  Rpo256::State St;
  for (unsigned J = 0; J < 12; ++J)
    St[J] = J < 4 ? Cap[J] : R.In[J];
  std::copy(St.begin(), St.end(), R.In.begin());
  Rpo256::permute(St);
  std::copy(St.begin(), St.end(), R.Out.begin());
  unsigned Dropped = 0;
  for (size_t Row = R.Clk + 1; Row < T.Cycles.size() && Dropped < 12; ++Row) {
    CycleRecord &C = T.Cycles[Row];
    for (unsigned I = 0; I + Dropped < 12; ++I)
      C.Stack[I] = St[11 - I - Dropped]; // s'_i = out_(11-i)
    if (!C.IsControl && C.Opcode == 41)  // DROP
      ++Dropped;
  }
  ASSERT_EQ(Dropped, 12u);
}

struct TranscriptRun {
  std::unique_ptr<MastForest> Forest;
  ExecutionTrace T;
  std::vector<Felt> Outputs;
};

void runTranscriptProgram(TranscriptRun &R) {
  R.Forest = assembleForTest(TranscriptProgram);
  ASSERT_TRUE(R.Forest);
  DefaultHost H;
  Expected<ExecutionResult> Res = executeForTrace(*R.Forest, {}, {}, H, R.T);
  ASSERT_TRUE(bool(Res)) << toString(Res.takeError());
  R.Outputs = Res->Stack;
}

/// checkTrace's verdict on the trace built from T, "" when it passes.
std::string transcriptVerdict(const TranscriptRun &R, const ExecutionTrace &T,
                              const Digest *Claim = nullptr) {
  Expected<VmTrace> V = buildVmTrace(T, *R.Forest, {}, R.Outputs);
  if (!V)
    return "build: " + toString(V.takeError());
  VmPublicInputs P = V->Public;
  if (Claim)
    P.PrecompileTranscript = *Claim;
  Error E = checkTrace(VmAir(V->Main[0].size(), P), V->Main);
  return E ? toString(std::move(E)) : std::string();
}

// The public inputs carry the honest final state; any other claim (a changed
// element, the empty state) is rejected by the transcript column's first
// value; a run without LOGPRECOMPILE states the empty transcript.
TEST(VmSoundness, TranscriptFinalStateIsBound) {
  TranscriptRun R;
  runTranscriptProgram(R);
  ASSERT_TRUE(R.Forest);
  Expected<VmTrace> V = buildVmTrace(R.T, *R.Forest, {}, R.Outputs);
  ASSERT_TRUE(bool(V)) << toString(V.takeError());
  const HasherRecord &Last = R.T.Hasher[logPrecompileRecord(R.T, 1)];
  EXPECT_EQ(V->Public.PrecompileTranscript,
            Digest(Last.Out[0], Last.Out[1], Last.Out[2], Last.Out[3]));
  EXPECT_EQ(transcriptVerdict(R, R.T), "");
  // Serialized last, after the kernel digests (docs/formats.md).
  std::vector<uint8_t> Bytes = V->Public.serialize();
  EXPECT_EQ(Bytes.size(), 5u + 32 + 256 + 4 + 32);
  Expected<VmPublicInputs> Back = VmPublicInputs::deserialize(Bytes);
  ASSERT_TRUE(bool(Back)) << toString(Back.takeError());
  EXPECT_TRUE(*Back == V->Public);
  for (unsigned J = 0; J < 4; ++J) {
    Digest Claim = V->Public.PrecompileTranscript;
    Felt E[4] = {Claim[0], Claim[1], Claim[2], Claim[3]};
    E[J] += Felt::one();
    Digest Bad(E[0], E[1], E[2], E[3]);
    EXPECT_NE(transcriptVerdict(R, R.T, &Bad), "") << "element " << J;
  }
  const Digest Empty;
  EXPECT_NE(transcriptVerdict(R, R.T, &Empty), "");
  // The intermediate state is no final state either.
  const HasherRecord &First = R.T.Hasher[logPrecompileRecord(R.T, 0)];
  const Digest Mid(First.Out[0], First.Out[1], First.Out[2], First.Out[3]);
  EXPECT_NE(transcriptVerdict(R, R.T, &Mid), "");

  HonestTrace H;
  honestTrace(Cases[0].Source, H);
  ASSERT_TRUE(H.V);
  EXPECT_EQ(H.V->Public.PrecompileTranscript, Digest());
  VmPublicInputs P = H.V->Public;
  P.PrecompileTranscript = Digest(Felt(1), Felt(), Felt(), Felt());
  Error E = checkTrace(VmAir(H.V->Main[0].size(), P), H.V->Main);
  EXPECT_TRUE(bool(E)) << "a transcript claimed by a run without LOGPRECOMPILE";
  consumeError(std::move(E));
}

// A LOGPRECOMPILE that does not continue the transcript, with a genuine
// permutation and valid stack rows (so every main constraint and the chiplets
// bus hold), is caught by the transcript column alone: restarting the chain
// at the empty state, or starting it anywhere but the empty state. Rerunning
// from the honest previous state gives back an accepted trace (the forgery
// itself is sound).
TEST(VmSoundness, TranscriptChainIsBound) {
  TranscriptRun R;
  runTranscriptProgram(R);
  ASSERT_TRUE(R.Forest);
  const std::string ByTranscript = "column " + std::to_string(TranscriptAuxCol) + " does not hold";
  {
    ExecutionTrace T = R.T;
    const HasherRecord &Prev = T.Hasher[logPrecompileRecord(T, 0)];
    rerunLogPrecompile(T, 1, {Prev.Out[0], Prev.Out[1], Prev.Out[2], Prev.Out[3]});
    EXPECT_EQ(transcriptVerdict(R, T), "") << "the honest previous state";
  }
  {
    ExecutionTrace T = R.T;
    rerunLogPrecompile(T, 1, {}); // the second call restarts from the empty state
    std::string V = transcriptVerdict(R, T);
    EXPECT_NE(V.find("aux assertion fails"), std::string::npos) << V;
    EXPECT_NE(V.find(ByTranscript), std::string::npos) << V;
  }
  {
    ExecutionTrace T = R.T;
    rerunLogPrecompile(T, 0, {Felt(1), Felt(2), Felt(3), Felt(4)}); // not from the empty state
    std::string V = transcriptVerdict(R, T);
    EXPECT_NE(V.find("aux assertion fails"), std::string::npos) << V;
    EXPECT_NE(V.find(ByTranscript), std::string::npos) << V;
  }
  {
    // Both calls from the empty state: two chains 0 -> C1, 0 -> C2.
    ExecutionTrace T = R.T;
    rerunLogPrecompile(T, 1, {});
    rerunLogPrecompile(T, 0, {});
    EXPECT_NE(transcriptVerdict(R, T).find(ByTranscript), std::string::npos);
  }
}

// The transcript column's factors change with every cell they read on a
// LOGPRECOMPILE row (CAP_PREV in h1..h4, CAP_NEXT in s8'..s11') and are 1 on
// other rows.
TEST(VmSoundness, TranscriptFactorsReadTheirCells) {
  TranscriptRun R;
  runTranscriptProgram(R);
  ASSERT_TRUE(R.Forest);
  Expected<VmTrace> V = buildVmTrace(R.T, *R.Forest, {}, R.Outputs);
  ASSERT_TRUE(bool(V)) << toString(V.takeError());
  std::vector<QuadExt> Alphas;
  for (uint64_t I = 0; I < VmNumRands; ++I)
    Alphas.push_back(QuadExt(Felt(0x9E3779B97F4A7C15ull * (I + 1) >> 5), Felt(131 * I + 7)));
  auto Factors = [&](const TraceColumns &M, size_t Row) {
    std::vector<Felt> Cur(MainWidth), Nxt(MainWidth);
    for (unsigned C = 0; C < MainWidth; ++C) {
      Cur[C] = M[C][Row];
      Nxt[C] = M[C][Row + 1];
    }
    EvalFrame<Felt> F{Cur, Nxt};
    QuadExt U, W;
    vmTranscriptFactors<Felt, QuadExt>(OpFlags<Felt>(F.Current), F, Alphas, U, W);
    return std::make_pair(U, W);
  };
  const QuadExt One(Felt::one());
  unsigned Seen = 0;
  for (size_t Row = 0; Row + 1 < R.T.Cycles.size(); ++Row) {
    const CycleRecord &C = R.T.Cycles[Row];
    auto Honest = Factors(V->Main, Row);
    if (C.IsControl || C.Opcode != 94) {
      EXPECT_EQ(Honest.first, One) << "row " << Row;
      EXPECT_EQ(Honest.second, One) << "row " << Row;
      continue;
    }
    ++Seen;
    for (unsigned J = 0; J < 4; ++J) {
      TraceColumns M = V->Main;
      M[UserHelperCol + 1 + J][Row] += Felt::one();
      EXPECT_NE(Factors(M, Row).first, Honest.first) << "CAP_PREV " << J << ", row " << Row;
      M = V->Main;
      M[StackTopCol + 8 + J][Row + 1] += Felt::one();
      EXPECT_NE(Factors(M, Row).second, Honest.second) << "CAP_NEXT s" << 8 + J << ", row " << Row;
    }
  }
  EXPECT_EQ(Seen, 2u);
}

// --- The ACE chiplet ------------------------------------------------------------

const char *const AcePrograms[] = {"test/VM/eval_circuit.masm",
                                   "test/VM/eval_circuit_sections.masm"};

// Every cell of every ACE row (its selectors and its 16 columns) is bound by
// the ACE constraints, the wiring bus, the chiplets bus (a section's first
// row answers EVALCIRCUIT) or the vtable (each row's memory read), except the
// two documented free cells of READ rows (freeAceCell, checked accepted).
TEST(VmSoundness, EveryAceCellIsBound) {
  for (const char *Path : AcePrograms) {
    SCOPED_TRACE(Path);
    HonestTrace H;
    honestTrace(readSource(Path), H);
    ASSERT_TRUE(H.V);
    const TraceColumns &Main = H.V->Main;
    VmAir A(Main[0].size(), H.V->Public);
    unsigned Rows = 0, Free = 0;
    for (size_t Row = 0; Row + 1 < Main[0].size(); ++Row) {
      if (chipletOf(Main, Row) != ChipletKind::Ace)
        continue;
      ++Rows;
      for (unsigned Col = ChipletsOffset; Col < ChipletsOffset + ChipletsWidth; ++Col) {
        Free += freeAceCell(Main, Col, Row) != nullptr;
        checkCellMutation(A, Main, Col, Row);
      }
    }
    EXPECT_GE(Rows, 5u);
    EXPECT_GT(Free, 0u);
  }
}

// Every memory row of the same programs, with the columns the general sweep
// leaves out: d1, d_inv and f_scw (where they are read; as in Miden, d_inv
// is free where the context and word are kept, unless both accesses are
// writes, and both are free on the segment's first row) and f_ace. f_ace
// says which column a row answers on; answering on the other one leaves a
// read unanswered on both, and a +1 on a non-ACE row's 0 routes its answer
// to the vtable.
TEST(VmSoundness, AceMemoryRowsAreBound) {
  for (const char *Path : AcePrograms) {
    SCOPED_TRACE(Path);
    HonestTrace H;
    honestTrace(readSource(Path), H);
    ASSERT_TRUE(H.V);
    const TraceColumns &Main = H.V->Main;
    VmAir A(Main[0].size(), H.V->Public);
    auto IsMem = [&](size_t Row) { return chipletOf(Main, Row) == ChipletKind::Memory; };
    unsigned Routed = 0, Direct = 0;
    for (size_t Row = 0; Row + 1 < Main[0].size(); ++Row) {
      if (!IsMem(Row))
        continue;
      (Main[chip::MAce][Row] == Felt::one() ? Routed : Direct) += 1;
      // The segment's first row: its values are checked against zero
      // (unwritten memory), which reads neither d_inv nor f_scw. Later rows:
      // d_inv makes n0 = dctx d_inv and n1 = daddr d_inv, which are 0
      // whatever d_inv is when the context and word are kept, and then only
      // the "no two writes at one clock" constraint reads it.
      const bool First = Row == 0 || !IsMem(Row - 1);
      const bool DInvFree =
          First || (Main[chip::MFscw][Row] == Felt::one() &&
                    !(Main[chip::MRw][Row].isZero() && Main[chip::MRw][Row - 1].isZero()));
      for (unsigned Col = ChipletsOffset + 3; Col <= chip::MAce; ++Col) {
        if ((Col == chip::MDInv && DInvFree) || (Col == chip::MFscw && First))
          continue;
        TraceColumns M = Main;
        M[Col][Row] += Felt::one();
        Error E = checkTrace(A, M);
        EXPECT_TRUE(bool(E)) << "memory column " << Col << ", row " << Row << ": accepted";
        consumeError(std::move(E));
      }
    }
    EXPECT_GT(Routed, 0u);
    EXPECT_GT(Direct, 0u);
  }
}

// The ACE chiplet's messages change with each cell they carry: the response
// to EVALCIRCUIT on b_chip (ctx, ptr, clk, n_read from id0 and n_eval) and
// each row's memory request on the vtable (READ: the word; EVAL: the encoded
// gate from op, id1 and id2), so a section cannot answer another request or
// read other memory than the one the VM read.
TEST(VmSoundness, AceMessagesReadTheirCells) {
  HonestTrace H;
  honestTrace(readSource(AcePrograms[1]), H);
  ASSERT_TRUE(H.V);
  const TraceColumns &Main = H.V->Main;
  std::vector<QuadExt> Alphas;
  for (uint64_t I = 0; I < VmNumRands; ++I)
    Alphas.push_back(QuadExt(Felt(0x9E3779B97F4A7C15ull * (I + 1) >> 7), Felt(977 * I + 3)));
  const std::vector<std::vector<Felt>> Periodic = chipletsPeriodicColumns();
  auto Factors = [&](const TraceColumns &M, size_t Row) {
    std::vector<Felt> Cur(MainWidth), Nxt(MainWidth), P;
    for (unsigned C = 0; C < MainWidth; ++C) {
      Cur[C] = M[C][Row];
      Nxt[C] = M[C][Row + 1];
    }
    for (const std::vector<Felt> &Col : Periodic)
      P.push_back(Col[Row % Col.size()]);
    EvalFrame<Felt> F{Cur, Nxt};
    QuadExt U, V;
    QuadExt Mem = memoryResponseMessage<Felt, QuadExt>(F.Current.data(), Alphas);
    vmVtableFactors<Felt, QuadExt>(F, P, Alphas, Mem, U, V);
    return std::array<QuadExt, 2>{U, vmChipletsResponse<Felt, QuadExt>(F, P, Alphas, Mem)};
  };
  const QuadExt One(Felt::one());
  unsigned Starts = 0, Reads = 0, Evals = 0;
  for (size_t Row = 0; Row + 1 < Main[0].size(); ++Row) {
    if (chipletOf(Main, Row) != ChipletKind::Ace)
      continue;
    const bool Start = Main[AceCol + ace::SStart][Row] == Felt::one();
    const bool Eval = Main[AceCol + ace::SBlock][Row] == Felt::one();
    std::array<QuadExt, 2> Honest = Factors(Main, Row);
    EXPECT_NE(Honest[0], One) << "row " << Row << ": no memory request";
    EXPECT_EQ(Honest[1] != One, Start) << "row " << Row << ": response on first rows only";
    Starts += Start;
    (Eval ? Evals : Reads) += 1;
    std::vector<unsigned> Request = {ace::Ctx, ace::Ptr, ace::Clk};
    if (Eval)
      Request.insert(Request.end(), {ace::Op, ace::Id1, ace::NEvalOrId2});
    else
      Request.insert(Request.end(), {ace::V0, ace::V0 + 1, ace::V1, ace::V1 + 1});
    for (unsigned J : Request) {
      TraceColumns M = Main;
      M[AceCol + J][Row] += Felt::one();
      EXPECT_NE(Factors(M, Row)[0], Honest[0]) << "ACE column " << J << ", row " << Row;
    }
    if (!Start)
      continue;
    for (unsigned J : {ace::Ctx, ace::Ptr, ace::Clk, ace::Id0, ace::NEvalOrId2}) {
      TraceColumns M = Main;
      M[AceCol + J][Row] += Felt::one();
      EXPECT_NE(Factors(M, Row)[1], Honest[1]) << "ACE column " << J << ", row " << Row;
    }
  }
  EXPECT_EQ(Starts, 3u);
  EXPECT_GT(Reads, 0u);
  EXPECT_GT(Evals, 0u);
}

} // namespace
