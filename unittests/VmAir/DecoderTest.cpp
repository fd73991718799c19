//===- DecoderTest.cpp - The VM AIR's program decoder ---------------------===//
//
// Decoder columns and tables built from real runs (assembled programs) must
// satisfy a decoder-only AIR (the decoder's constraints and its three aux
// columns over the full 71-column layout) whose block-hash table is bound to
// the program's MAST root; tampered traces must not.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Air/Vm/Decoder.h"
#include "AssembleForTest.h"
#include "zkvm/Asm/Assembler.h"
#include "zkvm/Mast/Lowering.h"
#include "zkvm/Prover/Prover.h"
#include "zkvm/Support/Diagnostics.h"
#include "zkvm/VM/Processor.h"
#include "zkvm/Verifier/Verifier.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <memory>

using namespace zkvm;
using namespace zkvm::vmair;
using namespace llvm;

namespace {

std::string errorOf(Error E) { return E ? toString(std::move(E)) : std::string(); }

/// The decoder's constraints and tables alone, with the MAST root as the
/// public input the block-hash table's first value is checked against.
class DecoderTestAir : public AirBase<DecoderTestAir> {
public:
  DecoderTestAir(size_t Len, const Digest &Root)
      : AirBase(TraceInfo{MainWidth, DecoderAuxWidth, DecoderNumRands, Len}), Root(Root) {}
  StringRef name() const override { return "decoder-test"; }
  std::vector<uint8_t> publicInputs() const override {
    std::vector<uint8_t> Out;
    for (unsigned I = 0; I < 4; ++I)
      for (unsigned B = 0; B < 8; ++B)
        Out.push_back(uint8_t(Root[I].value() >> (8 * B)));
    return Out;
  }
  std::vector<unsigned> mainConstraintDegrees() const override {
    return decoderConstraintDegrees();
  }
  std::vector<unsigned> auxConstraintDegrees() const override {
    return decoderAuxConstraintDegrees();
  }
  std::vector<Assertion> assertions() const override {
    std::vector<Assertion> A = decoderAssertions(traceLength());
    for (const Assertion &X : decoderAuxAssertions(traceLength()))
      A.push_back(X);
    return A;
  }
  template <class E>
  void evaluateMain(const EvalFrame<E> &M, ArrayRef<E> P, MutableArrayRef<E> Out) const {
    evaluateDecoder<E>(M, P, Out);
  }
  template <class F, class E>
  void evaluateAux(const EvalFrame<F> &M, const EvalFrame<E> &A, ArrayRef<F>, ArrayRef<E> R,
                   MutableArrayRef<E> Out) const {
    evaluateDecoderAux<F, E>(M, A, R, Out);
  }
  template <class E>
  std::vector<std::vector<E>> buildAux(const TraceColumns &T, ArrayRef<E> R) const {
    return buildDecoderAux<E>(T, Root, R);
  }
  template <class E> std::vector<E> auxAssertionValues(ArrayRef<E> R) const {
    return decoderAuxAssertionValues<E>(Root, R);
  }

private:
  Digest Root;
};

struct DecRun {
  std::unique_ptr<MastForest> Program;
  ExecutionTrace Trace;
  TraceColumns Main;
  Digest Root;
};

size_t traceLength(size_t Rows) {
  size_t Len = MinTraceLength;
  while (Len < Rows)
    Len *= 2;
  return Len;
}

/// Assembles and runs Source (with an optional kernel), then builds the
/// decoder's columns plus the few system/stack cells its constraints read
/// (clk, ctx, s0..s15, depth; fn_hash and the overflow address stay zero,
/// which keeps CALL/END rows of the block stack consistent).
DecRun runProgram(StringRef Source, StringRef Kernel = "") {
  DecRun R;
  R.Program = assembleForTest(Source, Kernel);
  if (!R.Program)
    return R;
  R.Root = R.Program->digest(*R.Program->entrypoint());
  DefaultHost H;
  Expected<ExecutionResult> Res = executeForTrace(*R.Program, {}, {}, H, R.Trace);
  EXPECT_TRUE(bool(Res)) << (Res ? "" : toString(Res.takeError()));
  if (!Res)
    return R;
  VmTraceInputs In{R.Trace, *R.Program};
  size_t Len = traceLength(decoderRowsNeeded(In));
  R.Main.assign(MainWidth, std::vector<Felt>(Len));
  buildDecoderColumns(In, R.Main);
  const auto &Cycles = R.Trace.Cycles;
  for (size_t Row = 0; Row < Len; ++Row) {
    R.Main[ClkCol][Row] = Felt(Row);
    if (Row < Cycles.size()) {
      R.Main[CtxCol][Row] = Felt(Cycles[Row].Ctx);
      R.Main[DecStackDepthCol][Row] = Felt(Cycles[Row].Depth);
      for (unsigned I = 0; I < 16; ++I)
        R.Main[StackOffset + I][Row] = Cycles[Row].Stack[I];
    } else {
      R.Main[DecStackDepthCol][Row] = Felt(16);
      for (unsigned I = 0; I < 16 && I < Res->Stack.size(); ++I)
        R.Main[StackOffset + I][Row] = Res->Stack[I];
    }
  }
  return R;
}

std::string check(const DecRun &R) {
  return errorOf(checkTrace(DecoderTestAir(R.Main[0].size(), R.Root), R.Main));
}

size_t findRow(const DecRun &R, bool IsControl, unsigned Opcode, size_t From = 0) {
  for (size_t I = From; I < R.Trace.Cycles.size(); ++I)
    if (R.Trace.Cycles[I].IsControl == IsControl && R.Trace.Cycles[I].Opcode == Opcode)
      return I;
  ADD_FAILURE() << "no row with opcode " << Opcode;
  return 0;
}

std::string manyPushes(unsigned N) {
  std::string S = "begin\n";
  for (unsigned I = 0; I < N; ++I)
    S += "  push." + std::to_string(1000 + I * 7919) + " drop\n";
  S += "  push.1 push.2 add drop\nend\n";
  return S;
}

const char *JoinSplit = R"(
  begin
    push.1 if.true push.2 drop else push.3 drop end
    push.0 if.true push.4 drop else push.5 drop push.6 drop end
  end)";

const char *Loops = R"(
  begin
    push.0 while.true push.7 push.0 end
    push.3 push.1
    while.true
      sub.1 dup neq.0
    end
    drop
    repeat.3 push.9 drop end
  end)";

const char *Calls = R"(
  proc f push.1 drop end
  proc g push.5 push.6 add drop call.f end
  begin
    call.f
    call.g
    push.8 drop
  end)";

const char *Dyns = R"(
  proc target
    push.42 add
  end
  begin
    procref.target mem_storew_be.100 dropw
    push.1 push.100 dynexec drop
    procref.target mem_storew_be.104 dropw
    push.104 dyncall
    swap drop
  end)";

const char *KernelSrc = R"(
  pub proc get_secret
    push.4242 add
  end)";
const char *KernelProg = R"(
  proc inner
    push.5 syscall.get_secret drop
  end
  begin
    push.1 syscall.get_secret drop
    call.inner
  end)";

const char *Helpers = R"(
  begin
    push.5 push.5 eq drop push.3 eq.0 drop
    push.7 push.9 u32wrapping_add drop u32split drop drop
    push.10 push.3 u32div drop drop
    push.1.2.3.4.5.6.7.8.9.10.11.12 hperm dropw dropw dropw
  end)";

// --- Valid traces ---------------------------------------------------------------

TEST(DecoderAir, AcceptsRealPrograms) {
  struct Case {
    const char *Name;
    std::string Src;
    const char *Kernel;
  };
  std::vector<Case> Cases = {{"join/split", JoinSplit, ""},
                             {"loops", Loops, ""},
                             {"calls", Calls, ""},
                             {"dyn/dyncall", Dyns, ""},
                             {"syscall", KernelProg, KernelSrc},
                             {"multi-batch", manyPushes(60), ""},
                             {"helpers", Helpers, ""}};
  for (const Case &C : Cases) {
    SCOPED_TRACE(C.Name);
    DecRun R = runProgram(C.Src, C.Kernel);
    ASSERT_FALSE(R.Main.empty());
    EXPECT_EQ(check(R), "");
    // The padding rows carry the program hash in h0..h3.
    size_t Last = R.Main[0].size() - 1;
    for (unsigned I = 0; I < 4; ++I)
      EXPECT_EQ(R.Main[DecHasherCol + I][Last], R.Root[I]);
  }
}

TEST(DecoderAir, MultiBatchBlockHasRespansAndImmediates) {
  DecRun R = runProgram(manyPushes(60));
  size_t Respans = 0;
  for (const CycleRecord &C : R.Trace.Cycles)
    Respans += C.IsControl && C.Opcode == uint8_t(ControlOpCode::Respan);
  EXPECT_GE(Respans, 2u);
  // A RESPAN moves the batch address 8 hasher rows on.
  size_t Row = findRow(R, true, uint8_t(ControlOpCode::Respan));
  EXPECT_EQ(R.Main[DecAddrCol][Row + 1].value(), R.Main[DecAddrCol][Row].value() + 8);
}

TEST(DecoderAir, HasherAddressesFollowRequestOrder) {
  DecRun R = runProgram(Helpers);
  HasherAddresses A = computeHasherAddresses(R.Trace);
  ASSERT_EQ(A.Block.size(), 1u);
  ASSERT_EQ(A.Record.size(), 1u);
  EXPECT_EQ(A.Block[0], 1u);
  const BasicBlock &BB = R.Program->block(*R.Program->entrypoint());
  EXPECT_EQ(A.Record[0], 1 + 8 * BB.Batches.size());
  size_t HPerm = findRow(R, false, uint8_t(OpCode::HPerm));
  EXPECT_EQ(R.Main[DecUserHelperCol][HPerm].value(), A.Record[0]);
  // The first operation row of the block sits at the block's address.
  EXPECT_EQ(R.Main[DecAddrCol][1].value(), A.Block[0]);
}

TEST(DecoderAir, ProgramHashIsBound) {
  DecRun R = runProgram(JoinSplit);
  Digest Wrong = R.Root;
  Wrong[2] += Felt::one();
  EXPECT_NE(errorOf(checkTrace(DecoderTestAir(R.Main[0].size(), Wrong), R.Main)), "");
}

// --- Tampering ----------------------------------------------------------------------

TEST(DecoderAir, RejectsFlippedOpBit) {
  DecRun R = runProgram(JoinSplit);
  size_t Row = findRow(R, false, uint8_t(OpCode::Push));
  R.Main[DecOpBitsCol + 2][Row] = Felt::one() - R.Main[DecOpBitsCol + 2][Row];
  EXPECT_NE(check(R), "");
}

TEST(DecoderAir, RejectsWrongGroupCount) {
  DecRun R = runProgram(manyPushes(20));
  size_t Row = findRow(R, true, uint8_t(ControlOpCode::Span));
  R.Main[DecGroupCountCol][Row] += Felt::one();
  EXPECT_NE(check(R), "");
}

TEST(DecoderAir, RejectsWrongChildDigest) {
  DecRun R = runProgram(JoinSplit);
  size_t Row = findRow(R, true, uint8_t(ControlOpCode::Join));
  R.Main[DecHasherCol + 5][Row] += Felt::one();
  EXPECT_NE(check(R), "");
}

TEST(DecoderAir, RejectsSkippedOperation) {
  DecRun R = runProgram(JoinSplit);
  // Drop the row of the second operation of the first basic block: every
  // later row moves up one, and the trace ends with one more HALT.
  size_t Row = findRow(R, false, uint8_t(OpCode::Push)) + 1;
  for (auto &Col : R.Main) {
    Col.erase(Col.begin() + Row);
    Col.push_back(Col.back());
  }
  EXPECT_NE(check(R), "");
}

TEST(DecoderAir, RejectsEndWithGroupsLeft) {
  DecRun R = runProgram(Loops);
  // Claim the loop body's block ended with a group left over.
  size_t End = findRow(R, true, uint8_t(ControlOpCode::End));
  R.Main[DecGroupCountCol][End] = Felt::one();
  EXPECT_NE(check(R), "");
}

// --- Proof ----------------------------------------------------------------------------

TEST(DecoderAir, ProvesAndVerifies96Blake3) {
  DecRun R = runProgram(Calls);
  DecoderTestAir A(R.Main[0].size(), R.Root);
  Expected<StarkProof> P = prove(A, R.Main, ProofOptions::security96(HashKind::Blake3));
  ASSERT_TRUE(bool(P)) << toString(P.takeError());
  EXPECT_EQ(errorOf(verify(A, *P)), "");
  Digest Wrong = R.Root;
  Wrong[0] += Felt::one();
  EXPECT_NE(errorOf(verify(DecoderTestAir(R.Main[0].size(), Wrong), *P)), "");
}

} // namespace
