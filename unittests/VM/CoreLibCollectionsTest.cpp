//===- CoreLibCollectionsTest.cpp - Handlers of miden::core::collections ---------===//
//
// The host side of smt::peek and the sorted_array lower bounds, called the way
// the VM calls them: the event id in s0, the procedure's inputs below it.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Asm/InstLowering.h"
#include "zkvm/VM/CoreLibrary.h"

#include "gtest/gtest.h"

using namespace zkvm;
using namespace llvm;

namespace {

/// A state whose stack is Event followed by TopFirst.
ProcessState stateWith(StringRef Event, std::vector<uint64_t> TopFirst) {
  std::vector<Felt> S{eventIdForName(Event)};
  for (uint64_t V : TopFirst)
    S.push_back(Felt(V));
  ProcessState P{OperandStack(S), Memory(), AdviceProvider(), 0, 0, Digest()};
  return P;
}

struct Collections : ::testing::Test {
  DefaultHost H;
  void SetUp() override { ASSERT_FALSE(bool(corelib::registerCollectionsHandlers(H))); }
  Error fire(ProcessState &S) { return H.onEvent(S, S.Stack.get(0)); }
  std::vector<uint64_t> popAll(ProcessState &S) {
    std::vector<uint64_t> Out;
    for (Felt F : S.Advice.stackInPopOrder())
      Out.push_back(F.value());
    return Out;
  }
};

const char *Array = "miden::core::collections::sorted_array::lowerbound_array";
const char *KeyValue = "miden::core::collections::sorted_array::lowerbound_key_value";
const char *Peek = "miden::core::collections::smt::smt_peek";

// Words [w0, w1, w2, w3] stored big-endian: w[i] at addr + i.
void store(ProcessState &S, uint32_t Addr, Word W) { S.Mem.writeWord(0, Addr, W); }

TEST_F(Collections, LowerBoundArray) {
  // KEY on the stack: top element is the most significant (word[3]).
  auto Run = [&](std::vector<uint64_t> KeyTopFirst, uint64_t Start, uint64_t End) {
    std::vector<uint64_t> Args = KeyTopFirst;
    Args.push_back(Start);
    Args.push_back(End);
    ProcessState S = stateWith(Array, Args);
    store(S, 100, {Felt(1), Felt(2), Felt(3), Felt(4)});
    store(S, 104, {Felt(0), Felt(0), Felt(9), Felt(4)});
    store(S, 108, {Felt(0), Felt(0), Felt(0), Felt(5)});
    EXPECT_FALSE(bool(fire(S)));
    return popAll(S); // [ptr, found]
  };
  EXPECT_EQ(Run({4, 3, 2, 1}, 100, 112), (std::vector<uint64_t>{100, 1}));
  EXPECT_EQ(Run({4, 9, 0, 0}, 100, 112), (std::vector<uint64_t>{104, 1}));
  EXPECT_EQ(Run({4, 5, 0, 0}, 100, 112), (std::vector<uint64_t>{104, 0}));
  EXPECT_EQ(Run({3, 0, 0, 0}, 100, 112), (std::vector<uint64_t>{100, 0}));
  EXPECT_EQ(Run({6, 0, 0, 0}, 100, 112), (std::vector<uint64_t>{112, 0}));
  EXPECT_EQ(Run({6, 0, 0, 0}, 100, 100), (std::vector<uint64_t>{100, 0}));
}

TEST_F(Collections, LowerBoundArrayErrors) {
  ProcessState S = stateWith(Array, {0, 0, 0, 0, 100, 112});
  store(S, 100, {Felt(0), Felt(0), Felt(0), Felt(5)});
  store(S, 104, {Felt(9), Felt(9), Felt(9), Felt(4)});
  Error E = fire(S);
  ASSERT_TRUE(bool(E));
  EXPECT_NE(toString(std::move(E)).find("smaller than the predecessor"), std::string::npos);

  ProcessState U = stateWith(Array, {0, 0, 0, 0, 102, 110});
  Error E2 = fire(U);
  ASSERT_TRUE(bool(E2));
  EXPECT_NE(toString(std::move(E2)).find("unaligned"), std::string::npos);
}

TEST_F(Collections, LowerBoundKeyValue) {
  auto Run = [&](std::vector<uint64_t> Args) {
    ProcessState S = stateWith(KeyValue, Args);
    store(S, 100, {Felt(1), Felt(2), Felt(3), Felt(4)});
    store(S, 104, {Felt(99), Felt(99), Felt(99), Felt(99)}); // values are not keys
    store(S, 108, {Felt(7), Felt(8), Felt(6), Felt(4)});
    store(S, 112, {Felt(0), Felt(0), Felt(0), Felt(0)});
    EXPECT_FALSE(bool(fire(S)));
    return popAll(S);
  };
  EXPECT_EQ(Run({4, 6, 8, 7, 100, 116, 1}), (std::vector<uint64_t>{108, 1}));
  EXPECT_EQ(Run({99, 99, 99, 99, 100, 116, 1}), (std::vector<uint64_t>{116, 0}));
  // Half keys: only word[3] and word[2] count.
  EXPECT_EQ(Run({4, 6, 0, 0, 100, 116, 0}), (std::vector<uint64_t>{108, 1}));
  EXPECT_EQ(Run({4, 5, 0, 0, 100, 116, 0}), (std::vector<uint64_t>{108, 0}));
  ProcessState Bad = stateWith(KeyValue, {0, 0, 0, 0, 100, 116, 2});
  Error E = fire(Bad);
  ASSERT_TRUE(bool(E));
  EXPECT_NE(toString(std::move(E)).find("use_full_key"), std::string::npos);
  ProcessState Odd = stateWith(KeyValue, {0, 0, 0, 0, 100, 112, 1});
  Error E2 = fire(Odd);
  ASSERT_TRUE(bool(E2));
  consumeError(std::move(E2));
}

TEST_F(Collections, SmtPeek) {
  // A depth-64 tree whose leaf at index 4 holds the pairs (K1, V1), (K2, V2).
  Word K1{Felt(1), Felt(2), Felt(3), Felt(4)}, V1{Felt(10), Felt(20), Felt(30), Felt(40)};
  Word K2{Felt(9), Felt(2), Felt(3), Felt(4)}, V2{Felt(11), Felt(21), Felt(31), Felt(41)};
  Digest Leaf(Felt(123), Felt(456), Felt(789), Felt(1011)); // any nonzero node will do
  auto Make = [&](Word Key) {
    ProcessState S = stateWith(Peek, {});
    Expected<Digest> Root =
        S.Advice.store().addSparseMerkleTree(std::vector<std::pair<uint64_t, Digest>>{{4, Leaf}});
    EXPECT_TRUE(bool(Root));
    std::vector<Felt> Pairs;
    for (const Word &W : {K1, V1, K2, V2})
      Pairs.insert(Pairs.end(), W.begin(), W.end());
    EXPECT_FALSE(bool(S.Advice.insert(Leaf, Pairs)));
    // [event, KEY (word[3] on top), ROOT (word[3] on top)]
    std::vector<Felt> St{eventIdForName(Peek), Key[3],     Key[2],     Key[1],    Key[0],
                         (*Root)[3],           (*Root)[2], (*Root)[1], (*Root)[0]};
    S.Stack = OperandStack(St);
    return S;
  };
  ProcessState A = Make(K2);
  ASSERT_FALSE(bool(fire(A)));
  EXPECT_EQ(popAll(A), (std::vector<uint64_t>{11, 21, 31, 41})); // V[0] popped first
  ProcessState B = Make(Word{Felt(5), Felt(2), Felt(3), Felt(4)});
  ASSERT_FALSE(bool(fire(B)));
  EXPECT_EQ(popAll(B), (std::vector<uint64_t>{0, 0, 0, 0}));
  ProcessState C = Make(Word{Felt(1), Felt(2), Felt(3), Felt(5)}); // an empty leaf
  ASSERT_FALSE(bool(fire(C)));
  EXPECT_EQ(popAll(C), (std::vector<uint64_t>{0, 0, 0, 0}));
  // An unknown root fails.
  ProcessState D = stateWith(Peek, {4, 3, 2, 1, 8, 7, 6, 5});
  Error E = fire(D);
  ASSERT_TRUE(bool(E));
  consumeError(std::move(E));
}

} // namespace
