//===- ProcessorTest.cpp - The MAST interpreter ----------------------------===//
//
// Cycle accounting, stack and memory rules, contexts, hosts and the trace
// recorder, on hand-built forests (so expected values are computed here, not
// taken from the implementation) and on small assembled programs. Output
// stacks against Miden itself live in the lit suite test/VM.
//
//===----------------------------------------------------------------------===//

#include "zkvm/VM/Processor.h"
#include "zkvm/Asm/Assembler.h"
#include "zkvm/Asm/InstLowering.h"
#include "zkvm/Field/Extension.h"
#include "zkvm/Mast/Lowering.h"
#include "zkvm/Support/Diagnostics.h"
#include "zkvm/VM/ExecutionTrace.h"
#include "zkvm/VM/Profile.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace zkvm;
using namespace llvm;

namespace {

using O = OpCode;

/// A host with no handlers and no libraries.
struct EmptyHost : Host {
  Error onEvent(ProcessState &, Felt) override {
    return createStringError(inconvertibleErrorCode(), "no event handler registered");
  }
  const MastForest *findProcedure(const Digest &) const override { return nullptr; }
};

MastForest programOf(ArrayRef<Operation> Ops) {
  MastForest F;
  MastNodeId B = cantFail(F.addBlock(Ops));
  cantFail(F.setEntrypoint(B));
  return F;
}

ExecutionResult run(const MastForest &F, ArrayRef<Felt> Inputs = {}, AdviceInputs Advice = {}) {
  EmptyHost H;
  Expected<ExecutionResult> R = execute(F, Inputs, std::move(Advice), H);
  if (!R) {
    ADD_FAILURE() << toString(R.takeError());
    return {};
  }
  return std::move(*R);
}

std::string failure(const MastForest &F, ArrayRef<Felt> Inputs = {},
                    const ExecutionOptions &Opts = {}) {
  EmptyHost H;
  Expected<ExecutionResult> R = execute(F, Inputs, {}, H, Opts);
  if (R) {
    ADD_FAILURE() << "execution succeeded";
    return "";
  }
  return toString(R.takeError());
}

/// Assembles a program (no core library) into a forest.
MastForest assemble(StringRef Source) {
  SourceMgr SM;
  std::string Errors;
  raw_string_ostream ES(Errors);
  DiagnosticEngine Diags(SM, ES);
  unsigned Id = SM.AddNewSourceBuffer(MemoryBuffer::getMemBufferCopy(Source, "test.masm"), SMLoc());
  Assembler Asm(Diags, AssemblerOptions());
  std::unique_ptr<ir::Unit> U = Asm.assembleProgram(Id);
  EXPECT_TRUE(U && !Diags.hasErrors()) << ES.str();
  if (!U)
    return MastForest();
  return cantFail(lowerToMast(*U, &SM));
}

std::vector<uint64_t> values(ArrayRef<Felt> Stack, size_t N) {
  std::vector<uint64_t> V;
  for (size_t I = 0; I < N && I < Stack.size(); ++I)
    V.push_back(Stack[I].value());
  return V;
}

// --- Cycle accounting ------------------------------------------------------

TEST(ProcessorCycles, BasicBlockCountsSpanOpsAndEnd) {
  // One group of three ops: SPAN + 3 + END.
  MastForest F = programOf({O::Pad, O::Incr, O::Drop});
  EXPECT_EQ(run(F).Cycles, 5u);
}

TEST(ProcessorCycles, PaddingNoopsAndRespanExecute) {
  // 80 ops need 9 groups: two batches (8 + 1 groups), so one RESPAN; the first
  // batch holds 72 ops, the second 8. No padding: SPAN + 80 + RESPAN + END.
  std::vector<Operation> Ops;
  for (int I = 0; I < 40; ++I) {
    Ops.push_back(O::Pad);
    Ops.push_back(O::Drop);
  }
  MastForest F = programOf(Ops);
  const BasicBlock &BB = F.block(*F.entrypoint());
  ASSERT_EQ(BB.Batches.size(), 2u);
  EXPECT_EQ(run(F).Cycles, 1 + BB.numPaddedOps() + 1 + 1);
  // A PUSH takes a group for its immediate: push + 2 ops = 2 groups, a
  // power of two, no NOOPs; push + 9 ops = 3 groups, padded to 4 with one
  // NOOP group.
  MastForest G = programOf({Operation(O::Push, Felt(5)), O::Drop, O::Noop});
  EXPECT_EQ(run(G).Cycles, 1u + 3 + 1);
  std::vector<Operation> Long = {Operation(O::Push, Felt(5))};
  for (int I = 0; I < 9; ++I)
    Long.push_back(O::Noop);
  Long.push_back(O::Drop);
  MastForest H = programOf(Long);
  ASSERT_EQ(H.block(*H.entrypoint()).numPaddedOps(), 12u);
  EXPECT_EQ(run(H).Cycles, 1u + 12 + 1);
}

TEST(ProcessorCycles, ControlNodes) {
  MastForest F;
  MastNodeId A = cantFail(F.addBlock({O::Pad, O::Drop}));          // 4 cycles
  MastNodeId B = cantFail(F.addBlock({O::Pad, O::Incr, O::Drop})); // 5 cycles
  MastNodeId J = cantFail(F.addJoin(A, B));
  MastNodeId S = cantFail(F.addSplit(A, B));
  MastNodeId Top = cantFail(F.addJoin(J, S));
  cantFail(F.setEntrypoint(Top));
  // JOIN(JOIN(A,B), SPLIT(A,B)): 1 + [1 + 4 + 5 + 1] + [1 + branch + 1] + 1.
  EXPECT_EQ(run(F, {Felt(1)}).Cycles, 1 + 11 + 2 + 4 + 1u);
  EXPECT_EQ(run(F, {Felt(0)}).Cycles, 1 + 11 + 2 + 5 + 1u);
}

TEST(ProcessorCycles, LoopIterations) {
  // Body: decrement the counter in s1 and leave the flag (counter != 0).
  // [flag, n] -> LOOP pops the flag.
  MastForest F;
  MastNodeId Body =
      cantFail(F.addBlock({O::Pad, O::Incr, O::Neg, O::Add, O::Dup0, O::Eqz, O::Not}));
  MastNodeId L = cantFail(F.addLoop(Body));
  cantFail(F.setEntrypoint(L));
  const size_t BodyCycles = 2 + F.block(Body).numPaddedOps();
  // n = 3: LOOP + 3 bodies + 2 REPEATs + END.
  ExecutionResult R = run(F, {Felt(1), Felt(3)});
  EXPECT_EQ(R.Cycles, 1 + 3 * BodyCycles + 2 + 1);
  EXPECT_EQ(values(R.Stack, 2), (std::vector<uint64_t>{0, 0}));
  // A zero flag skips the body: LOOP + END.
  EXPECT_EQ(run(F, {Felt(0), Felt(3)}).Cycles, 2u);
  EXPECT_NE(failure(F, {Felt(2)}).find("loop condition must be a binary value, but got 2"),
            std::string::npos);
}

TEST(ProcessorCycles, ClkReportsTheCurrentCycle) {
  // SPAN is cycle 0, so the first op runs at cycle 1, CLK at cycle 3.
  MastForest F = programOf({O::Noop, O::Noop, O::Clk, O::Swap, O::Drop});
  EXPECT_EQ(run(F).Stack[0].value(), 3u);
}

// --- Stack ------------------------------------------------------------------

TEST(ProcessorStack, DropAtDepth16ShiftsInZero) {
  std::vector<Felt> In;
  for (uint64_t I = 1; I <= 16; ++I)
    In.push_back(Felt(I));
  MastForest F = programOf({O::Drop, O::Drop, O::SDepth, O::Drop});
  ExecutionResult R = run(F, In);
  ASSERT_EQ(R.Stack.size(), 16u);
  EXPECT_EQ(R.Stack[0].value(), 3u);
  EXPECT_EQ(R.Stack[13].value(), 16u);
  EXPECT_EQ(R.Stack[14].value(), 0u);
  EXPECT_EQ(R.Stack[15].value(), 0u);
}

TEST(ProcessorStack, DeepStackKeepsOverflowInOrder) {
  // Push 1..40 (depth 56), SDEPTH, then drop 30: 56 and 40..12 go.
  std::vector<Operation> Ops;
  for (uint64_t I = 1; I <= 40; ++I)
    Ops.push_back(Operation(O::Push, Felt(I)));
  Ops.push_back(O::SDepth);
  Ops.push_back(O::Dup0);
  Ops.push_back(Operation(O::Push, Felt(1000)));
  Ops.push_back(O::MStore);
  Ops.push_back(O::Drop);
  for (int I = 0; I < 30; ++I)
    Ops.push_back(O::Drop);
  Ops.push_back(Operation(O::Push, Felt(1000)));
  Ops.push_back(O::MLoad);
  EmptyHost H;
  ExecutionOptions Opts;
  Opts.AllowDeepOutputStack = true;
  Expected<ExecutionResult> R = execute(programOf(Ops), {}, {}, H, Opts);
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  ASSERT_EQ(R->Stack.size(), 28u);
  EXPECT_EQ(R->Stack[0].value(), 56u) << "SDEPTH saw 16 + 40";
  for (uint64_t I = 1; I <= 11; ++I)
    EXPECT_EQ(R->Stack[I].value(), 12 - I);
  for (size_t I = 12; I < 28; ++I)
    EXPECT_EQ(R->Stack[I].value(), 0u);
}

TEST(ProcessorStack, OutputDeeperThan16Fails) {
  MastForest F = programOf({O::Pad});
  EXPECT_EQ(failure(F), "stack should have at most 16 elements at the end of program execution, "
                        "but had 17 elements");
  ExecutionOptions Opts;
  Opts.AllowDeepOutputStack = true;
  EmptyHost H;
  Expected<ExecutionResult> R = execute(F, {}, {}, H, Opts);
  ASSERT_TRUE(bool(R));
  EXPECT_EQ(R->Stack.size(), 17u);
}

TEST(ProcessorStack, DepthLimit) {
  std::vector<Operation> Ops(100, Operation(O::Pad));
  MastForest F = programOf(Ops);
  ExecutionOptions Opts;
  Opts.MaxStackDepth = 50;
  EXPECT_NE(failure(F, {}, Opts).find("stack overflow"), std::string::npos);
}

TEST(ProcessorStack, MovUpMovDnAndWords) {
  std::vector<Felt> In;
  for (uint64_t I = 0; I < 16; ++I)
    In.push_back(Felt(I)); // s_i = i
  EXPECT_EQ(values(run(programOf({O::MovUp5}), In).Stack, 7),
            (std::vector<uint64_t>{5, 0, 1, 2, 3, 4, 6}));
  EXPECT_EQ(values(run(programOf({O::MovDn5}), In).Stack, 7),
            (std::vector<uint64_t>{1, 2, 3, 4, 5, 0, 6}));
  EXPECT_EQ(values(run(programOf({O::SwapW2}), In).Stack, 12),
            (std::vector<uint64_t>{8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3}));
  std::vector<uint64_t> DW = values(run(programOf({O::SwapDW}), In).Stack, 16);
  EXPECT_EQ(DW[0], 8u);
  EXPECT_EQ(DW[8], 0u);
  EXPECT_EQ(DW[15], 7u);
}

// --- Arithmetic failures ------------------------------------------------------

TEST(ProcessorOps, FailureMessages) {
  EXPECT_EQ(failure(programOf({O::Inv})), "division by zero at clock cycle 1");
  EXPECT_EQ(failure(programOf({O::Pad, O::Incr, O::Incr, O::Not})),
            "operation expected a binary value, but got 2");
  EXPECT_EQ(failure(programOf({O::U32Add}), {Felt(uint64_t(1) << 32)}),
            "operation expected u32 values, but got values: [4294967296] (error code: 0)");
  EXPECT_EQ(failure(programOf({Operation(O::Assert, Felt(77))})),
            "assertion failed at clock cycle 1 with error code: 77");
  EXPECT_EQ(failure(programOf({O::U32Div}), {Felt(0), Felt(5)}),
            "division by zero at clock cycle 1");
  EXPECT_EQ(failure(programOf({O::AdvPop})),
            "advice provider error at clock cycle 1: advice stack read failed");
  EXPECT_EQ(failure(programOf({O::MLoadW}), {Felt(6)}),
            "word memory access at address 6 in context 0 is unaligned at clock cycle 1");
  EXPECT_EQ(failure(programOf({O::MLoad}), {Felt(uint64_t(1) << 32)}),
            "memory address cannot exceed 2^32 but was 4294967296");
}

TEST(ProcessorOps, U32Results) {
  const uint64_t Max = 0xFFFFFFFF;
  // [b, a]: U32ADD -> [carry, sum], U32SUB -> [borrow, diff], U32MUL -> [hi, lo],
  // U32DIV -> [rem, quot], U32SPLIT -> [hi, lo].
  EXPECT_EQ(values(run(programOf({O::U32Add}), {Felt(Max), Felt(Max)}).Stack, 2),
            (std::vector<uint64_t>{1, Max - 1}));
  EXPECT_EQ(values(run(programOf({O::U32Sub}), {Felt(5), Felt(3)}).Stack, 2),
            (std::vector<uint64_t>{1, Max - 1}));
  EXPECT_EQ(values(run(programOf({O::U32Mul}), {Felt(Max), Felt(Max)}).Stack, 2),
            (std::vector<uint64_t>{Max - 1, 1}));
  EXPECT_EQ(values(run(programOf({O::U32Div}), {Felt(7), Felt(100)}).Stack, 2),
            (std::vector<uint64_t>{2, 14}));
  EXPECT_EQ(
      values(run(programOf({O::U32Split, O::MovUp2, O::Drop}), {Felt(0x1234567890ull)}).Stack, 2),
      (std::vector<uint64_t>{0x12, 0x34567890}));
}

TEST(ProcessorOps, Ext2MulMatchesTheExtensionField) {
  // [b1, b0, a1, a0] -> s2, s3 = product (s3 = c0, s2 = c1).
  QuadExt A(Felt(3), Felt(4)), B(Felt(5), Felt(6));
  QuadExt C = A * B;
  ExecutionResult R = run(programOf({O::Ext2Mul}), {B[1], B[0], A[1], A[0]});
  EXPECT_EQ(R.Stack[2], C[1]);
  EXPECT_EQ(R.Stack[3], C[0]);
}

// --- Memory and contexts ---------------------------------------------------------

TEST(ProcessorMemory, PagesAndContexts) {
  Memory M;
  M.write(0, 5, Felt(1));
  M.write(0, 0xFFFFFFFF, Felt(2));
  M.write(7, 5, Felt(3));
  M.writeWord(0, 1024, Word{Felt(4), Felt(5), Felt(6), Felt(7)});
  EXPECT_EQ(M.read(0, 5).value(), 1u);
  EXPECT_EQ(M.read(0, 0xFFFFFFFF).value(), 2u);
  EXPECT_EQ(M.read(7, 5).value(), 3u);
  EXPECT_EQ(M.read(1, 5).value(), 0u);
  EXPECT_EQ(M.read(0, 1026).value(), 6u);
  auto C = M.contents(0);
  ASSERT_EQ(C.size(), 6u);
  EXPECT_EQ(C.front().first, 5u);
  EXPECT_EQ(C.back().first, 0xFFFFFFFFu);
}

TEST(ProcessorMemory, CallGetsFreshMemoryAndHidesOverflow) {
  MastForest F = assemble(R"(
    proc callee
      mem_load.0 push.1 add    # 0 + 1: the caller's memory is not visible
      sdepth                   # 17: the callee started at depth 16
      mem_load.4294967294      # fmp initialised to 2^31
      movup.3 drop movup.3 drop movup.3 drop
    end
    begin
      push.9 mem_store.0
      push.100 push.200        # depth 18: two elements in the overflow
      call.callee
      mem_load.0
    end)");
  EmptyHost H;
  ExecutionOptions Opts;
  Opts.AllowDeepOutputStack = true;
  Expected<ExecutionResult> R = execute(F, {}, {}, H, Opts);
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  // The callee saw [200, 100, 0, ...] and returned [2^31, 17, 1, 0, ...];
  // the caller's two overflow elements came back below, and its memory
  // still holds 9.
  ASSERT_EQ(R->Stack.size(), 19u);
  EXPECT_EQ(R->Stack[0].value(), 9u);
  EXPECT_EQ(R->Stack[1].value(), 0x80000000u);
  EXPECT_EQ(R->Stack[2].value(), 17u);
  EXPECT_EQ(R->Stack[3].value(), 1u);
}

TEST(ProcessorMemory, ReturningWithDeepStackFails) {
  MastForest F = assemble("proc f push.1 end begin call.f end");
  EXPECT_EQ(failure(F),
            "when returning from a call or dyncall, stack depth must be 16, but was 17");
}

// --- Hosts and events ---------------------------------------------------------------

TEST(ProcessorHost, UserEventHandlers) {
  MastForest F = assemble(R"(begin emit.event("test::give_seven") adv_push.1 swap drop end)");
  DefaultHost H;
  ASSERT_FALSE(bool(H.addEventHandler("test::give_seven", [](ProcessState &S) {
    S.Advice.pushStack(Felt(7));
    return Error::success();
  })));
  Error Dup =
      H.addEventHandler("test::give_seven", [](ProcessState &) { return Error::success(); });
  EXPECT_TRUE(bool(Dup));
  consumeError(std::move(Dup));
  Expected<ExecutionResult> R = execute(F, {}, {}, H);
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  EXPECT_EQ(R->Stack[0].value(), 7u);

  DefaultHost Empty;
  Expected<ExecutionResult> Bad = execute(F, {}, {}, Empty);
  ASSERT_FALSE(bool(Bad));
  std::string Msg = toString(Bad.takeError());
  EXPECT_NE(Msg.find("error during processing of event with ID: " +
                     std::to_string(eventIdForName("test::give_seven").value())),
            std::string::npos);
  EXPECT_NE(Msg.find("no event handler registered"), std::string::npos);
}

TEST(ProcessorHost, SyscallTargetMustBeInTheKernel) {
  MastForest F;
  MastNodeId Body = cantFail(F.addBlock({O::Noop}));
  MastNodeId S = cantFail(F.addSysCall(Body));
  cantFail(F.setEntrypoint(S));
  EXPECT_EQ(failure(F), "syscall failed: procedure with root " + F.digest(Body).toHex().substr(2) +
                            " was not found in the kernel");
  F.kernelDigests().push_back(F.digest(Body));
  // SYSCALL + [SPAN NOOP END] + END.
  EXPECT_EQ(run(F).Cycles, 5u);
}

TEST(ProcessorHost, MaxCycles) {
  MastForest F = assemble("begin repeat.100 push.1 drop end end");
  ExecutionOptions Opts;
  Opts.MaxCycles = 50;
  EXPECT_EQ(failure(F, {}, Opts), "exceeded the allowed number of max cycles 50");
}

// --- Error locations -------------------------------------------------------------------

TEST(ProcessorErrors, LocationOfTheFailingInstruction) {
  MastForest F = assemble("begin\n  push.1 push.2\n  push.0 div\nend\n");
  EmptyHost H;
  Expected<ExecutionResult> R = execute(F, {}, {}, H);
  ASSERT_FALSE(bool(R));
  bool Seen = false;
  handleAllErrors(R.takeError(), [&](const ExecutionError &E) {
    Seen = true;
    ASSERT_TRUE(E.location().has_value());
    EXPECT_EQ(E.location()->File, "test.masm");
    EXPECT_EQ(E.location()->Line, 3u);
    EXPECT_EQ(E.location()->Col, 10u);
    EXPECT_EQ(E.text().rfind("division by zero at clock cycle ", 0), 0u);
  });
  EXPECT_TRUE(Seen);
}

// --- Trace recording -----------------------------------------------------------------

TEST(ProcessorTrace, RecordsOneRowPerCycleAndChipletRequests) {
  MastForest F = assemble(R"(
    begin
      push.3 push.5 u32and drop
      push.7 mem_store.12
      push.1.2.3.4 hash dropw
      push.1 if.true push.2 drop end
    end)");
  EmptyHost H;
  Expected<ExecutionResult> Fast = execute(F, {}, {}, H);
  ASSERT_TRUE(bool(Fast));
  ExecutionTrace T;
  Expected<ExecutionResult> Traced = executeForTrace(F, {}, {}, H, T);
  ASSERT_TRUE(bool(Traced));
  EXPECT_EQ(Fast->Stack, Traced->Stack);
  EXPECT_EQ(Fast->Cycles, Traced->Cycles);
  EXPECT_EQ(T.Cycles.size(), Traced->Cycles);
  ASSERT_EQ(T.Bitwise.size(), 1u);
  EXPECT_EQ(T.Bitwise[0].A, 3u);
  EXPECT_EQ(T.Bitwise[0].B, 5u);
  EXPECT_FALSE(T.Bitwise[0].IsXor);
  // The prologue's fmp store and mem_store.12.
  size_t Writes = 0;
  for (const MemoryRecord &M : T.MemoryAccesses)
    Writes += M.IsWrite && !M.IsWord;
  EXPECT_EQ(Writes, 2u);
  EXPECT_EQ(T.Hasher.size(), 1u);
  // The first row is the entry node's first control operation.
  EXPECT_TRUE(T.Cycles.front().IsControl);
  // Rows hold the state BEFORE their operation: the SPLIT row still has the
  // condition on top, and the row after it does not.
  bool SawSplit = false;
  for (size_t I = 0; I + 1 < T.Cycles.size(); ++I) {
    const CycleRecord &R = T.Cycles[I];
    if (R.IsControl && R.Opcode == uint8_t(ControlOpCode::Split)) {
      SawSplit = true;
      EXPECT_EQ(R.Stack[0].value(), 1u);
      EXPECT_EQ(T.Cycles[I + 1].Depth + 1, R.Depth);
      EXPECT_EQ(R.Forest, &F);
      EXPECT_EQ(F.node(R.Node).Kind, MastNodeKind::Split);
    }
    // Operations know their block, batch and index.
    if (!R.IsControl) {
      ASSERT_EQ(F.node(R.Node).Kind, MastNodeKind::Block);
      EXPECT_EQ(F.block(R.Node).Batches[R.Batch].Ops[R.OpIndex].opcode(), R.Opcode);
    }
  }
  EXPECT_TRUE(SawSplit);
  EXPECT_EQ(T.BlockHashes.size(), T.BlockHashClks.size());
}

TEST(ProcessorTrace, CallRowsShowTheCallersContext) {
  MastForest F = assemble("proc f push.1 drop end begin call.f end");
  EmptyHost H;
  ExecutionTrace T;
  ASSERT_TRUE(bool(executeForTrace(F, {}, {}, H, T)));
  for (size_t I = 0; I + 1 < T.Cycles.size(); ++I) {
    const CycleRecord &R = T.Cycles[I];
    if (R.IsControl && R.Opcode == uint8_t(ControlOpCode::Call)) {
      EXPECT_EQ(R.Ctx, 0u);
      EXPECT_EQ(T.Cycles[I + 1].Ctx, uint32_t(I + 1)) << "a call's context id is clk + 1";
    }
  }
  // The call's END row is still in the callee's context; the row after is not.
  const CycleRecord &Last = T.Cycles[T.Cycles.size() - 2];
  EXPECT_TRUE(Last.IsControl);
  EXPECT_NE(Last.Ctx, 0u);
  EXPECT_EQ(T.Cycles.back().Ctx, 0u);
}

// --- Profiling -----------------------------------------------------------------------

TEST(ProcessorProfile, ExclusiveCyclesAddUpAndOpsAreCounted) {
  MastForest F = assemble(R"(
    proc f
      repeat.40 push.1 drop end
      push.3 push.5 u32xor drop
    end
    begin
      call.f call.f
      push.1.2.3.4 hash dropw
    end)");
  EmptyHost H;
  ExecutionProfile P;
  Expected<ExecutionResult> R = executeWithProfile(F, {}, {}, H, P);
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  uint64_t Exclusive = 0, Ops = 0;
  for (const ProcedureProfile &PP : P.Procedures)
    Exclusive += PP.Exclusive;
  for (unsigned C = 0; C < 128; ++C)
    Ops += P.OpCycles[C] + P.ControlCycles[C];
  EXPECT_EQ(Exclusive, R->Cycles);
  EXPECT_EQ(Ops, R->Cycles);
  ASSERT_EQ(P.Procedures.size(), 2u);
  const ProcedureProfile &Fp = P.Procedures[0].Name == "f" ? P.Procedures[0] : P.Procedures[1];
  EXPECT_EQ(Fp.Name, "f");
  EXPECT_EQ(Fp.Calls, 2u);
  EXPECT_EQ(Fp.Inclusive, Fp.Exclusive);
  EXPECT_EQ(P.OpCycles[uint8_t(O::U32Xor)], 2u);
  EXPECT_EQ(P.BitwiseRows, 16u);
  EXPECT_EQ(P.ControlCycles[uint8_t(ControlOpCode::Call)], 2u);
}

} // namespace
