//===- CoreLibMathTest.cpp - Handlers of miden::core::math ----------------===//
//
// The host side of u64::div/mod/divmod (event miden::core::math::u64::u64_div),
// called the way the VM calls it: the event id in s0, [b_hi, b_lo, a_hi, a_lo]
// below it. Expected quotients and remainders are computed here with uint64_t.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Asm/InstLowering.h"
#include "zkvm/VM/CoreLibrary.h"

#include "gtest/gtest.h"

#include <random>

using namespace zkvm;
using namespace llvm;

namespace {

const char *U64Div = "miden::core::math::u64::u64_div";

ProcessState stateWith(std::vector<uint64_t> TopFirst) {
  std::vector<Felt> S{eventIdForName(U64Div)};
  for (uint64_t V : TopFirst)
    S.push_back(Felt(V));
  return ProcessState{OperandStack(S), Memory(), AdviceProvider(), 0, 0, Digest()};
}

struct Math : ::testing::Test {
  DefaultHost H;
  void SetUp() override { ASSERT_FALSE(bool(corelib::registerMathHandlers(H))); }
  Error fire(ProcessState &S) { return H.onEvent(S, S.Stack.get(0)); }

  /// Runs the handler on a / b; returns the advice stack in pop order.
  std::vector<uint64_t> divide(uint64_t A, uint64_t B) {
    ProcessState S = stateWith({B >> 32, B & 0xFFFFFFFF, A >> 32, A & 0xFFFFFFFF});
    Error E = fire(S);
    EXPECT_FALSE(bool(E)) << toString(std::move(E));
    std::vector<uint64_t> Out;
    for (Felt F : S.Advice.stackInPopOrder())
      Out.push_back(F.value());
    // The handler leaves the operand stack alone.
    EXPECT_EQ(S.Stack.get(1).value(), B >> 32);
    EXPECT_EQ(S.Stack.get(4).value(), A & 0xFFFFFFFF);
    return Out;
  }

  std::string failure(std::vector<uint64_t> TopFirst) {
    ProcessState S = stateWith(TopFirst);
    Error E = fire(S);
    EXPECT_TRUE(S.Advice.stackInPopOrder().empty());
    return E ? toString(std::move(E)) : "(no error)";
  }
};

/// [q_lo, q_hi, r_lo, r_hi]: two adv_push.2 leave [q_hi, q_lo] then [r_hi, r_lo].
std::vector<uint64_t> expected(uint64_t A, uint64_t B) {
  uint64_t Q = A / B, R = A % B;
  return {Q & 0xFFFFFFFF, Q >> 32, R & 0xFFFFFFFF, R >> 32};
}

TEST_F(Math, U64DivPopOrder) {
  // 0x1_00000005 / 3 = 0x55555557 rem 0
  EXPECT_EQ(divide(0x100000005ull, 3), (std::vector<uint64_t>{0x55555557, 0, 0, 0}));
  // 2^64-1 / 2^32 = 2^32-1 rem 2^32-1
  EXPECT_EQ(divide(~0ull, 1ull << 32), (std::vector<uint64_t>{0xFFFFFFFF, 0, 0xFFFFFFFF, 0}));
  // 7 / (2^63) = 0 rem 7
  EXPECT_EQ(divide(7, 1ull << 63), (std::vector<uint64_t>{0, 0, 7, 0}));
}

TEST_F(Math, U64DivEdgesAndRandom) {
  const uint64_t Edges[] = {0,
                            1,
                            2,
                            3,
                            0xFFFFFFFFull,
                            1ull << 32,
                            (1ull << 32) + 1,
                            1ull << 63,
                            ~0ull - 1,
                            ~0ull,
                            0x123456789ABCDEF0ull};
  for (uint64_t A : Edges)
    for (uint64_t B : Edges)
      if (B != 0)
        EXPECT_EQ(divide(A, B), expected(A, B)) << A << " / " << B;
  std::mt19937_64 Rng(42);
  for (int I = 0; I < 200; ++I) {
    uint64_t A = Rng() >> (Rng() % 64), B = Rng() >> (Rng() % 64);
    if (B == 0)
      B = 1;
    EXPECT_EQ(divide(A, B), expected(A, B)) << A << " / " << B;
  }
}

TEST_F(Math, U64DivAppendsToTheAdviceStack) {
  ProcessState S = stateWith({0, 10, 0, 75});
  S.Advice.pushStack(Felt(99)); // popped after the handler's four values
  ASSERT_FALSE(bool(fire(S)));
  std::vector<uint64_t> Out;
  for (Felt F : S.Advice.stackInPopOrder())
    Out.push_back(F.value());
  EXPECT_EQ(Out, (std::vector<uint64_t>{7, 0, 5, 0, 99}));
}

TEST_F(Math, U64DivErrors) {
  // The messages are Miden's (U64DivError); DefaultHost adds the event id.
  EXPECT_NE(failure({0, 0, 1, 2}).find("division by zero"), std::string::npos);
  EXPECT_NE(failure({0, 0, 0, 0}).find("division by zero"), std::string::npos);
  EXPECT_NE(
      failure({1ull << 32, 0, 1, 2}).find("value 4294967296 at divisor_hi is not a valid u32"),
      std::string::npos);
  EXPECT_NE(
      failure({0, 1ull << 33, 1, 2}).find("value 8589934592 at divisor_lo is not a valid u32"),
      std::string::npos);
  EXPECT_NE(
      failure({0, 1, 1ull << 32, 2}).find("value 4294967296 at dividend_hi is not a valid u32"),
      std::string::npos);
  EXPECT_NE(failure({0, 1, 2, ~0ull >> 1}).find("at dividend_lo is not a valid u32"),
            std::string::npos);
}

TEST_F(Math, U64DivRegisteredOnce) {
  // A second registration of the same event is refused.
  Error E = corelib::registerMathHandlers(H);
  EXPECT_TRUE(bool(E));
  consumeError(std::move(E));
}

} // namespace
