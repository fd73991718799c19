//===- VmAirTest.cpp - The whole VM's AIR ----------------------------------===//
//
// Real programs' full traces satisfy VmAir (every component's constraints and
// all seven bus columns); proofs verify; wrong public inputs and tampered
// cells of each component are rejected.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Air/Vm/VmAir.h"
#include "AssembleForTest.h"
#include "DegreeTestUtil.h"
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

#include <algorithm>
#include <memory>

using namespace zkvm;
using namespace zkvm::vmair;
using namespace llvm;

namespace {

std::string errorOf(Error E) { return E ? toString(std::move(E)) : std::string(); }

struct Run {
  std::unique_ptr<MastForest> Forest;
  ExecutionTrace Trace;
  VmTrace Vm;
  bool Ok = false;
};

std::unique_ptr<Run> run(StringRef Source, std::vector<Felt> Inputs = {}, StringRef Kernel = "") {
  auto R = std::make_unique<Run>();
  R->Forest = assembleForTest(Source, Kernel);
  if (!R->Forest)
    return R;
  DefaultHost H;
  Expected<ExecutionResult> Res = executeForTrace(*R->Forest, Inputs, {}, H, R->Trace);
  EXPECT_TRUE(bool(Res)) << (Res ? "" : toString(Res.takeError()));
  if (!Res)
    return R;
  Expected<VmTrace> T = buildVmTrace(R->Trace, *R->Forest, Inputs, Res->Stack);
  EXPECT_TRUE(bool(T)) << (T ? "" : toString(T.takeError()));
  if (!T)
    return R;
  R->Vm = std::move(*T);
  R->Ok = true;
  return R;
}

std::vector<QuadExt> debugAlphas() {
  std::vector<QuadExt> A;
  for (unsigned J = 0; J < VmNumRands; ++J)
    A.push_back(QuadExt(Felt(0x1234567 + 977 * J), Felt(31 + 5 * J)));
  return A;
}

/// The chiplets bus's unmatched factors, for messages.
std::string busReport(const TraceColumns &Main) {
  std::vector<BusRowFactors> Rows = chipletsBusRows(Main, debugAlphas());
  const QuadExt One(Felt::one());
  std::vector<std::pair<size_t, QuadExt>> Req, Resp;
  for (const BusRowFactors &R : Rows) {
    if (R.Request != One)
      Req.push_back({R.Row, R.Request});
    if (R.Response != One)
      Resp.push_back({R.Row, R.Response});
  }
  std::string Out;
  std::vector<bool> Used(Resp.size());
  for (auto &[Row, V] : Req) {
    bool Found = false;
    for (size_t K = 0; K < Resp.size() && !Found; ++K)
      if (!Used[K] && Resp[K].second == V)
        Used[K] = Found = true;
    if (!Found) {
      unsigned Op = 0;
      for (unsigned I = 0; I < 7; ++I)
        Op |= unsigned(Main[DecOpBitsCol + I][Row].value()) << I;
      Out += "unmatched request on row " + std::to_string(Row) + " (opcode " + std::to_string(Op) +
             ")\n";
    }
  }
  for (size_t K = 0; K < Resp.size(); ++K)
    if (!Used[K])
      Out += "unmatched response on row " + std::to_string(Resp[K].first) + "\n";
  return Out;
}

std::string check(const Run &R, const VmPublicInputs *Pub = nullptr) {
  VmAir A(R.Vm.Main[0].size(), Pub ? *Pub : R.Vm.Public);
  std::string E = errorOf(checkTrace(A, R.Vm.Main));
  if (!E.empty() && !Pub)
    E += "\n" + busReport(R.Vm.Main);
  return E;
}

const char *Arith = R"(
begin
  push.3 push.4 add push.5 mul
  dup.0 push.35 eq assert
  push.10 add swap drop
end)";

const char *ControlFlow = R"(
proc f push.1 drop end
proc g push.5 push.6 add drop call.f end
begin
  push.1 if.true push.2 drop else push.3 drop end
  push.0 if.true push.4 drop else push.5 drop push.6 drop end
  push.3 push.1
  while.true
    sub.1 dup neq.0
  end
  drop
  repeat.3 push.9 drop end
  call.f
  call.g
  exec.f
end)";

const char *MemoryBitwise = R"(
begin
  push.9 mem_store.100
  push.5 push.3 u32xor drop
  push.4042322160 push.1010580540 u32and drop
  mem_load.100 drop
  push.1.2.3.4 mem_storew_be.16 dropw mem_loadw_be.16 dropw
  push.7 push.8 u32wrapping_add push.3 u32overflowing_mul drop drop
  push.20 u32split drop drop
end)";

const char *Hashing = R"(
begin
  push.1.2.3.4.5.6.7.8.9.10.11.12 hperm
  dropw dropw dropw
  push.1.2.3.4 push.5.6.7.8 hmerge dropw
end)";

const char *KernelSource = R"(
pub proc get_secret
  push.4242 mem_store.7 mem_load.7 add
end
)";

const char *KernelProgram = R"(
begin
  push.1 syscall.get_secret
  push.2 syscall.get_secret
  drop drop
end)";

TEST(VmAir, ArithmeticTraceIsAccepted) {
  auto R = run(Arith);
  ASSERT_TRUE(R->Ok);
  EXPECT_EQ(check(*R), "");
}

TEST(VmAir, ControlFlowTraceIsAccepted) {
  auto R = run(ControlFlow);
  ASSERT_TRUE(R->Ok);
  EXPECT_EQ(check(*R), "");
}

TEST(VmAir, MemoryAndBitwiseTraceIsAccepted) {
  auto R = run(MemoryBitwise);
  ASSERT_TRUE(R->Ok);
  EXPECT_EQ(check(*R), "");
}

TEST(VmAir, HashingTraceIsAccepted) {
  auto R = run(Hashing);
  ASSERT_TRUE(R->Ok);
  EXPECT_EQ(check(*R), "");
}

TEST(VmAir, KernelTraceIsAccepted) {
  auto R = run(KernelProgram, {}, KernelSource);
  ASSERT_TRUE(R->Ok);
  EXPECT_EQ(R->Vm.Public.KernelDigests.size(), 1u);
  EXPECT_EQ(check(*R), "");
  // Another kernel digest set is rejected by the chiplets bus's last value.
  VmPublicInputs P = R->Vm.Public;
  P.KernelDigests[0] = Digest(Felt(1), Felt(2), Felt(3), Felt(4));
  EXPECT_NE(check(*R, &P), "");
  P.KernelDigests.clear();
  EXPECT_NE(check(*R, &P), "");
}

// test/VM/eval_circuit.masm: one READ row, four gates, then an MLOAD of the
// circuit's memory after it.
const char *AceProgram = R"(
begin
  push.3 mem_store.0 push.0 mem_store.1 push.5 mem_store.2 push.0 mem_store.3
  push.5368709125 mem_store.4
  push.1152921508901814277 mem_store.5
  push.2305843012434919426 mem_store.6
  push.2147483649 mem_store.7
  push.4 push.2 push.0 eval_circuit
  drop drop drop mem_load.2 drop
end)";

TEST(VmAir, AceTraceIsAccepted) {
  auto R = run(AceProgram);
  ASSERT_TRUE(R->Ok);
  EXPECT_EQ(check(*R), "");
}

// The memory rows answering the ACE chiplet's reads respond on the vtable
// column (f_ace = 1), the others on b_chip: moving an answer to the other
// column unbalances both, whichever way.
TEST(VmAir, AceReadsAreAnsweredOnTheVtable) {
  auto R = run(AceProgram);
  ASSERT_TRUE(R->Ok);
  const TraceColumns &Main = R->Vm.Main;
  unsigned Routed = 0, Direct = 0;
  for (size_t Row = 0; Row < Main[0].size(); ++Row) {
    if (chipletOf(Main, Row) != ChipletKind::Memory)
      continue;
    bool Ace = Main[chip::MAce][Row] == Felt::one();
    (Ace ? Routed : Direct) += 1;
    struct Run T;
    T.Vm.Main = Main;
    T.Vm.Public = R->Vm.Public;
    T.Vm.Main[chip::MAce][Row] = Ace ? Felt() : Felt::one();
    EXPECT_NE(check(T, &T.Vm.Public), "") << "row " << Row << " answered on the other column";
  }
  EXPECT_EQ(Routed, 5u);  // one word read, four gate reads
  EXPECT_EQ(Direct, 10u); // the fmp initialisation, eight stores and the load
}

// No transition constraint, main or aux, exceeds its declared degree (at
// most 9) when every main and aux cell is a random line in t (challenges and
// periodic values fixed, as they are degree 0 to the STARK), and the largest
// is exactly 9. The prover splits the composition by the largest declared
// degree only, so a declaration may be an upper bound (several main ones
// are, by one) but never below the expression's degree.
TEST(VmAir, ConstraintDegreesAreExact) {
  VmPublicInputs Pub;
  VmAir A(MinTraceLength, Pub);
  const unsigned NP = unsigned(chipletsPeriodicColumns().size());
  TestFeltRng Rng{0xde9};
  RandomLines Lines(2 * MainWidth + 2 * VmAuxWidth, Rng);
  std::vector<Felt> P(NP), Rands(VmNumRands);
  for (Felt &X : P)
    X = Rng.next();
  for (Felt &X : Rands)
    X = Rng.next();
  auto Frames = [&](Felt T, std::vector<Felt> &Cur, std::vector<Felt> &Nxt, std::vector<Felt> &ACur,
                    std::vector<Felt> &ANxt) {
    for (unsigned J = 0; J < MainWidth; ++J) {
      Cur[J] = Lines.at(J, T);
      Nxt[J] = Lines.at(MainWidth + J, T);
    }
    for (unsigned J = 0; J < VmAuxWidth; ++J) {
      ACur[J] = Lines.at(2 * MainWidth + J, T);
      ANxt[J] = Lines.at(2 * MainWidth + VmAuxWidth + J, T);
    }
  };
  std::vector<unsigned> MainDeg = A.mainConstraintDegrees(), AuxDeg = A.auxConstraintDegrees();
  std::vector<unsigned> Main = measuredDegrees(unsigned(MainDeg.size()), [&](Felt T) {
    std::vector<Felt> Cur(MainWidth), Nxt(MainWidth), ACur(VmAuxWidth), ANxt(VmAuxWidth),
        Out(MainDeg.size());
    Frames(T, Cur, Nxt, ACur, ANxt);
    A.evaluateMain<Felt>(EvalFrame<Felt>{Cur, Nxt}, P, Out);
    return Out;
  });
  std::vector<unsigned> Aux = measuredDegrees(unsigned(AuxDeg.size()), [&](Felt T) {
    std::vector<Felt> Cur(MainWidth), Nxt(MainWidth), ACur(VmAuxWidth), ANxt(VmAuxWidth),
        Out(AuxDeg.size());
    Frames(T, Cur, Nxt, ACur, ANxt);
    A.evaluateAux<Felt, Felt>(EvalFrame<Felt>{Cur, Nxt}, EvalFrame<Felt>{ACur, ANxt}, P, Rands,
                              Out);
    return Out;
  });
  unsigned Max = 0;
  for (size_t K = 0; K < MainDeg.size(); ++K) {
    EXPECT_LE(MainDeg[K], 9u) << "main constraint " << K;
    EXPECT_LE(Main[K], MainDeg[K]) << "main constraint " << K;
    Max = std::max(Max, Main[K]);
  }
  for (size_t K = 0; K < AuxDeg.size(); ++K) {
    EXPECT_LE(AuxDeg[K], 9u) << "aux constraint " << K;
    EXPECT_EQ(Aux[K], AuxDeg[K]) << "aux constraint " << K; // the buses' are exact
    Max = std::max(Max, Aux[K]);
  }
  EXPECT_EQ(Max, 9u);
}

TEST(VmAir, StackInputsAreBound) {
  auto R = run("begin add mul end", {Felt(2), Felt(3), Felt(4)});
  ASSERT_TRUE(R->Ok);
  EXPECT_EQ(R->Vm.Public.StackOutputs[0], Felt(20));
  EXPECT_EQ(check(*R), "");
}

TEST(VmAir, WrongPublicInputsAreRejected) {
  auto R = run(Arith);
  ASSERT_TRUE(R->Ok);
  VmPublicInputs P = R->Vm.Public;
  P.StackOutputs[0] += Felt::one();
  EXPECT_NE(check(*R, &P), "") << "wrong output";
  P = R->Vm.Public;
  P.StackInputs[3] = Felt(7);
  EXPECT_NE(check(*R, &P), "") << "wrong input";
  P = R->Vm.Public;
  P.ProgramHash =
      Digest(P.ProgramHash[0] + Felt::one(), P.ProgramHash[1], P.ProgramHash[2], P.ProgramHash[3]);
  EXPECT_NE(check(*R, &P), "") << "wrong program hash";
}

TEST(VmAir, PublicInputsRoundTrip) {
  auto R = run(KernelProgram, {}, KernelSource);
  ASSERT_TRUE(R->Ok);
  std::vector<uint8_t> B = R->Vm.Public.serialize();
  Expected<VmPublicInputs> P = VmPublicInputs::deserialize(B);
  ASSERT_TRUE(bool(P)) << toString(P.takeError());
  EXPECT_TRUE(*P == R->Vm.Public);
  B.pop_back();
  EXPECT_FALSE(bool(VmPublicInputs::deserialize(B)));
  consumeError(VmPublicInputs::deserialize(B).takeError());
}

/// One cell per component, on a row where it matters.
TEST(VmAir, TamperedCellsAreRejected) {
  auto R = run(MemoryBitwise);
  ASSERT_TRUE(R->Ok);
  ASSERT_EQ(check(*R), "");
  const size_t N = R->Trace.Cycles.size();
  struct Cell {
    unsigned Col;
    size_t Row;
    const char *What;
  };
  size_t MemRow = 0;
  for (size_t Row = 0; Row < R->Vm.Main[0].size(); ++Row)
    if (R->Vm.Main[chip::Sel][Row] == Felt::one() &&
        R->Vm.Main[chip::Sel + 1][Row] == Felt::one() && R->Vm.Main[chip::Sel + 2][Row].isZero()) {
      MemRow = Row;
      break;
    }
  ASSERT_NE(MemRow, 0u);
  std::vector<Cell> Cells = {
      {ClkCol, 5, "clk"},
      {CtxCol, 6, "ctx"},
      {DecAddrCol, 3, "decoder addr"},
      {DecOpBitsCol, 4, "op bit"},
      {DecHasherCol, 0, "decoder h0"},
      {DecGroupCountCol, 2, "group count"},
      {StackTopCol, 4, "stack s0"},
      {StackTopCol + 7, N / 2, "stack s7"},
      {StackDepthCol, 3, "stack depth"},
      {RangeMultCol, R->Vm.Main[0].size() - 3, "range multiplicity"},
      {RangeValueCol, R->Vm.Main[0].size() - 5, "range value"},
      {chip::HState + 5, 2, "hasher state"},
      {chip::HIndex, 0, "hasher index"},
      {chip::MV, MemRow, "memory value"},
      {chip::MClk, MemRow, "memory clk"},
      {chip::MCtx, MemRow, "memory ctx"},
  };
  for (const Cell &C : Cells) {
    struct Run T;
    T.Vm.Main = R->Vm.Main;
    T.Vm.Public = R->Vm.Public;
    T.Vm.Main[C.Col][C.Row] += Felt::one();
    EXPECT_NE(check(T, &T.Vm.Public), "") << "tampering with " << C.What << " went unnoticed";
  }
}

TEST(VmAir, ProvesAndVerifies) {
  auto R = run(ControlFlow);
  ASSERT_TRUE(R->Ok);
  VmAir A(R->Vm.Main[0].size(), R->Vm.Public);
  ProofOptions Opts = ProofOptions::security96();
  Expected<StarkProof> P = prove(A, R->Vm.Main, Opts);
  ASSERT_TRUE(bool(P)) << toString(P.takeError());
  EXPECT_EQ(errorOf(verify(A, *P, 90)), "");
  // The same proof against other public inputs fails.
  VmPublicInputs Bad = R->Vm.Public;
  Bad.StackOutputs[1] = Felt(99);
  EXPECT_NE(errorOf(verify(VmAir(A.traceLength(), Bad), *P)), "");
  // A proof of a tampered trace fails.
  TraceColumns M = R->Vm.Main;
  M[StackTopCol + 2][7] += Felt::one();
  Expected<StarkProof> PT = prove(A, M, Opts);
  ASSERT_TRUE(bool(PT));
  EXPECT_NE(errorOf(verify(A, *PT)), "");
}

} // namespace
