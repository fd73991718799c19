//===- RangeTest.cpp - The range checker's table and bus -------------------===//

#include "StackRangeTestUtil.h"

#include "zkvm/Prover/Prover.h"

#include "gtest/gtest.h"

using namespace zkvm;
using namespace zkvm::vmair;
using namespace zkvm::vmair::testutil;
using namespace llvm;

namespace {

LitProgram u32Program() {
  LitProgram P;
  bool Ok = runProgram("u32",
                       "begin u32split u32overflowing_mul u32assert2 u32divmod.7 "
                       "push.65535 push.65535 u32overflowing_add3 dropw end",
                       {Felt(0xFFFFFFFF00000000ull), Felt(12345)}, {}, P);
  EXPECT_TRUE(Ok);
  return P;
}

TEST(VmAirRange, TableRunsFromZeroTo65535InPowerOf3Steps) {
  LitProgram P = u32Program();
  VmTrace T = buildTrace(P);
  const auto &V = T.Main[RangeValueCol], &M = T.Main[RangeMultCol];
  size_t Len = V.size();
  EXPECT_EQ(V[0], Felt());
  EXPECT_EQ(V[Len - 1], Felt(65535));
  EXPECT_EQ(V[Len - 2], Felt(65535));
  EXPECT_EQ(M[Len - 1], Felt());
  uint64_t Total = 0;
  for (size_t R = 0; R + 1 < Len; ++R) {
    uint64_t D = V[R + 1].value() - V[R].value();
    EXPECT_TRUE(D == 0 || D == 1 || D == 3 || D == 9 || D == 27 || D == 81 || D == 243 ||
                D == 729 || D == 2187)
        << "row " << R;
    Total += M[R].value();
  }
  EXPECT_EQ(Total, P.Trace.RangeChecks.size());
  ComponentsAir A(T);
  EXPECT_EQ(errorOf(checkTrace(A, T.Main)), "");
}

TEST(VmAirRange, TamperingIsRejected) {
  LitProgram P = u32Program();
  VmTrace Honest = buildTrace(P);
  size_t Len = Honest.Main[0].size();
  size_t Start = 0;
  while (Honest.Main[RangeMultCol][Start].isZero())
    ++Start;
  auto Check = [&](unsigned Col, size_t Row, Felt Delta) {
    VmTrace T = Honest;
    T.Main[Col][Row] += Delta;
    ComponentsAir A(T);
    return errorOf(checkTrace(A, T.Main));
  };
  EXPECT_NE(Check(RangeMultCol, Start, Felt::one()), "") << "multiplicity";
  EXPECT_NE(Check(RangeValueCol, Start, Felt::one()), "") << "value";
  EXPECT_NE(Check(RangeValueCol, Len - 1, -Felt::one()), "") << "last value";
  // A helper limb the range checker never saw.
  size_t U = 0;
  while (!isU32RangeCheckOp(P.Trace.Cycles[U]))
    ++U;
  EXPECT_NE(Check(UserHelperCol, U, Felt(1u << 16)), "") << "limb";
}

TEST(VmAirRange, ExtraRequestsMustBeMatchedOnTheBus) {
  // Memory requests counted in m but absent from the bus unbalance it; fed
  // through the bus as well, they balance again.
  LitProgram P = u32Program();
  std::vector<uint16_t> Extra = {3, 60000};
  VmTrace T = buildTrace(P, Extra);
  ComponentsAir A(T);
  EXPECT_NE(errorOf(checkTrace(A, T.Main)), "");
  std::vector<QuadExt> Alpha = {QuadExt(Felt(12345), Felt(678))};
  MemoryRangeRequests Mem = [&](size_t Row, Felt &D0, Felt &D1) {
    if (Row != 1)
      return false;
    D0 = Felt(3);
    D1 = Felt(60000);
    return true;
  };
  std::vector<QuadExt> B = buildRangeBusColumn<QuadExt>(T.Main, Alpha[0], Mem);
  EXPECT_TRUE(B.back().isZero());
  std::vector<QuadExt> B0 = buildRangeBusColumn<QuadExt>(T.Main, Alpha[0]);
  EXPECT_FALSE(B0.back().isZero());
}

} // namespace
