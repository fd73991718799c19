//===- StackTest.cpp - System, stack and range-checker AIR components ------===//
//
// Traces of the lit suite's programs (test/VM/*.masm, which cover every
// operation class) through the system, stack and range components, with the
// decoder columns they read filled by the stand-in builders: checkTrace
// accepts them, single-cell tampering is rejected, and a standalone AIR made
// of these components proves and verifies.
//
//===----------------------------------------------------------------------===//

#include "StackRangeTestUtil.h"

#include "zkvm/Prover/Prover.h"
#include "zkvm/Verifier/Verifier.h"

#include "gtest/gtest.h"

using namespace zkvm;
using namespace zkvm::vmair;
using namespace llvm;

namespace {

using namespace zkvm::vmair::testutil;

/// Operations the lit programs do not reach, on a stack deep enough to use
/// the overflow table (FRIE2F4 with poe = 5: its x = poe tau^-d_seg g must be
/// invertible).
const char *const ExtraOps = R"(begin
  push.1 push.2 push.3 movdn.5 movup.6 clk drop drop
  horner_eval_base horner_eval_ext push.5 movdn.10 fri_ext2fold4 log_precompile
  dropw dropw dropw dropw
end)";

const std::vector<LitProgram> &programs() {
  static const std::vector<LitProgram> P = [] {
    std::vector<LitProgram> V = loadLitPrograms();
    LitProgram X;
    if (runProgram("extra_ops", ExtraOps, {}, {}, X))
      V.push_back(std::move(X));
    else
      ADD_FAILURE() << "extra_ops does not run";
    return V;
  }();
  return P;
}

TEST(VmAirStack, DegreesMatchConstraintCounts) {
  EXPECT_EQ(stackConstraintDegrees().size(), NumStackConstraints);
  EXPECT_EQ(systemConstraintDegrees().size(), NumSystemConstraints);
  EXPECT_EQ(rangeConstraintDegrees().size(), 1u);
  for (unsigned D : stackConstraintDegrees())
    EXPECT_LE(D, 9u);
}

TEST(VmAirStack, LitProgramsSatisfyConstraints) {
  ASSERT_GE(programs().size(), 40u) << "lit programs not found or not runnable";
  size_t Cycles = 0;
  std::set<unsigned> Seen;
  for (const LitProgram &P : programs()) {
    SCOPED_TRACE(P.Name);
    for (const CycleRecord &R : P.Trace.Cycles)
      Seen.insert(R.Opcode);
    Cycles += P.Trace.Cycles.size();
    VmTrace T = buildTrace(P);
    ComponentsAir A(T);
    EXPECT_EQ(errorOf(checkTrace(A, T.Main)), "");
  }
  RecordProperty("programs", int(programs().size()));
  RecordProperty("cycles", int(Cycles));
  // Every basic operation and control operation the VM records appears
  // (SYSCALL: see the kernel test).
  for (unsigned Op :
       {0,  1,  2,  3,  4,  5,  7,   8,   9,   10,  11,  12, 13, 14, 15, 16, 17, 18, 19,
        20, 21, 22, 23, 24, 25, 26,  27,  28,  29,  30,  31, 32, 33, 34, 35, 36, 37, 38,
        39, 41, 42, 43, 44, 45, 46,  48,  49,  50,  51,  52, 53, 54, 55, 56, 57, 58, 59,
        60, 61, 62, 63, 64, 66, 68,  70,  72,  74,  76,  78, 80, 81, 82, 83, 84, 85, 86,
        87, 88, 91, 92, 93, 96, 100, 108, 112, 116, 120, 40, 89, 90, 94})
    EXPECT_TRUE(Seen.count(Op)) << "opcode " << Op << " not exercised";
}

const LitProgram &program(StringRef Name) {
  for (const LitProgram &P : programs())
    if (P.Name == Name)
      return P;
  ADD_FAILURE() << "no program " << Name.str();
  return programs().front();
}

/// The first row (from Start) whose cycle runs basic opcode Op.
size_t rowOf(const LitProgram &P, unsigned Op, size_t Start = 0) {
  for (size_t I = Start; I < P.Trace.Cycles.size(); ++I)
    if (!P.Trace.Cycles[I].IsControl && P.Trace.Cycles[I].Opcode == Op)
      return I;
  ADD_FAILURE() << "opcode " << Op << " not in " << P.Name;
  return 0;
}

std::string tamper(const LitProgram &P, unsigned Col, size_t Row, Felt Delta = Felt::one()) {
  VmTrace T = buildTrace(P);
  T.Main[Col][Row] += Delta;
  ComponentsAir A(T);
  return errorOf(checkTrace(A, T.Main));
}

TEST(VmAirStack, TamperedStackValueAfterAddIsRejected) {
  const LitProgram &P = program("field_arith");
  size_t R = rowOf(P, 34);
  EXPECT_NE(tamper(P, StackTopCol, R + 1), "");
  // A value below the operation's result is kept by the general constraints.
  EXPECT_NE(tamper(P, StackTopCol + 5, R + 1), "");
}

TEST(VmAirStack, TamperedDepthIsRejected) {
  const LitProgram &P = program("stack_deep");
  for (size_t Row : {size_t(3), P.Trace.Cycles.size() / 2, P.Trace.Cycles.size() - 1})
    EXPECT_NE(tamper(P, StackDepthCol, Row), "") << "row " << Row;
}

TEST(VmAirStack, TamperedOverflowAddressIsRejected) {
  const LitProgram &P = program("stack_deep");
  // The row after a right shift holds the shift's clock cycle.
  size_t R = 0;
  while (!(P.Trace.Cycles[R].Opcode >= 48 && P.Trace.Cycles[R].Opcode <= 63 &&
           !P.Trace.Cycles[R].IsControl))
    ++R;
  EXPECT_NE(tamper(P, StackOverflowCol, R + 1), "");
  // A left shift with overflow removes the row its b1 names.
  VmTrace T = buildTrace(P);
  for (size_t I = 0; I + 1 < P.Trace.Cycles.size(); ++I) {
    const CycleRecord &C = P.Trace.Cycles[I];
    if (!C.IsControl && C.Opcode == 41 && C.Depth > 17) {
      EXPECT_NE(tamper(P, StackOverflowCol, I + 1), "") << "row " << I + 1;
      EXPECT_NE(tamper(P, StackTopCol + 15, I + 1), "") << "row " << I + 1;
      break;
    }
  }
}

TEST(VmAirStack, TamperedHelpersAreRejected) {
  const LitProgram &P = program("u32_arith");
  size_t R = rowOf(P, 68); // U32MUL: its limbs
  EXPECT_NE(tamper(P, UserHelperCol + 1, R), "");
  // h0 is free at depth 16 but must be 1 / (b0 - 16) above it.
  EXPECT_EQ(tamper(P, StackHelperCol, 0, Felt(5)), "");
  const LitProgram &D = program("stack_deep");
  for (size_t I = 0; I < D.Trace.Cycles.size(); ++I)
    if (D.Trace.Cycles[I].Depth > 16) {
      EXPECT_NE(tamper(D, StackHelperCol, I), "");
      break;
    }
}

TEST(VmAirStack, TamperedSystemColumnsAreRejected) {
  const LitProgram &P = program("call_ctx");
  EXPECT_NE(tamper(P, ClkCol, 7), "");
  EXPECT_NE(tamper(P, CtxCol, 7), "");
  EXPECT_NE(tamper(P, FnHashCol + 2, 3), "");
}

TEST(VmAirStack, EverySingleCellTamperIsCaught) {
  // Every cell of the system, stack and range columns on every execution row
  // is pinned by these components, except the ones other components pin: h0
  // at depth 16 (free), the value PUSH pushes (decoder's op group table) and
  // HPERM's output (hasher chiplet bus).
  for (StringRef Name : {"stack_deep", "call_ctx", "u32_arith"}) {
    const LitProgram &P = program(Name);
    VmTrace T = buildTrace(P);
    const size_t N = P.Trace.Cycles.size();
    std::vector<unsigned> Cols;
    for (unsigned C = SysOffset; C < SysOffset + SysWidth; ++C)
      Cols.push_back(C);
    for (unsigned C = StackOffset; C < RangeOffset + RangeWidth; ++C)
      Cols.push_back(C);
    for (unsigned C : Cols)
      for (size_t R = 0; R <= N; ++R) {
        if (C == StackHelperCol && (R == N || P.Trace.Cycles[R].Depth == 16))
          continue;
        if (C == StackTopCol && R > 0 && !P.Trace.Cycles[R - 1].IsControl &&
            (P.Trace.Cycles[R - 1].Opcode == 91 || P.Trace.Cycles[R - 1].Opcode == 80))
          continue;
        Felt Old = T.Main[C][R];
        T.Main[C][R] += Felt(3);
        ComponentsAir A(T);
        EXPECT_NE(errorOf(checkTrace(A, T.Main)), "")
            << Name.str() << " column " << C << " row " << R;
        T.Main[C][R] = Old;
      }
  }
}

TEST(VmAirStack, TamperedRangeMultiplicityIsRejected) {
  const LitProgram &P = program("u32_arith");
  VmTrace T = buildTrace(P);
  size_t Len = T.Main[0].size();
  for (size_t R = 0; R < Len; ++R)
    if (!T.Main[RangeMultCol][R].isZero()) {
      EXPECT_NE(tamper(P, RangeMultCol, R), "");
      EXPECT_NE(tamper(P, RangeValueCol, R), "");
      return;
    }
  ADD_FAILURE() << "no range check";
}

TEST(VmAirStack, RangeRequestsMatchTheRecord) {
  // The limbs the stack sends are the 16-bit values the VM recorded.
  for (const LitProgram &P : programs()) {
    std::vector<uint16_t> A = stackRangeRequests({P.Trace, P.Program});
    std::vector<uint16_t> B = P.Trace.RangeChecks;
    std::sort(A.begin(), A.end());
    std::sort(B.begin(), B.end());
    EXPECT_EQ(A, B) << P.Name;
  }
}

TEST(VmAirStack, ExtraRangeRequestsEnterTheTable) {
  const LitProgram &P = program("u32_arith");
  VmTraceInputs In{P.Trace, P.Program};
  std::vector<uint16_t> Extra = {7, 7, 40000, 65535};
  size_t Rows = rangeRowsNeeded(In, Extra);
  MainTrace M(MainWidth, std::vector<Felt>(std::max<size_t>(64, PowerOf2Ceil(Rows))));
  buildRangeColumns(In, M, Extra);
  uint64_t Count7 = 0, Count40000 = 0;
  for (size_t R = 0; R < M[0].size(); ++R) {
    if (M[RangeValueCol][R] == Felt(7))
      Count7 += M[RangeMultCol][R].value();
    if (M[RangeValueCol][R] == Felt(40000))
      Count40000 += M[RangeMultCol][R].value();
  }
  EXPECT_GE(Count7, 2u);
  EXPECT_GE(Count40000, 1u);
}

TEST(VmAirStack, ProveAndVerify96Blake3) {
  const LitProgram &P = program("u32_arith");
  VmTrace T = buildTrace(P);
  ComponentsAir A(T);
  ProofOptions O = ProofOptions::security96(HashKind::Blake3);
  Expected<StarkProof> Proof = prove(A, T.Main, O);
  ASSERT_TRUE(bool(Proof)) << toString(Proof.takeError());
  EXPECT_EQ(errorOf(verify(A, *Proof)), "");
  // Claiming another output stack fails.
  VmTrace Wrong = T;
  Wrong.Outputs[0] += Felt::one();
  ComponentsAir B(Wrong);
  EXPECT_NE(errorOf(verify(B, *Proof)), "");
}

} // namespace
