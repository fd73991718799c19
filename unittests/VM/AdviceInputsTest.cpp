//===- AdviceInputsTest.cpp - The .inputs loader ---------------------------===//
//
// Inputs/store.inputs is our own file with every key and all three Merkle data
// kinds. Its roots are checked against trees rebuilt by hand with
// Rpo256::merge and, for the sparse tree, against the root the real Miden VM
// v0.20.6 computed for the same leaves (see MerkleStoreTest.cpp,
// SparseTreeAgainstMidenVM).
//
//===----------------------------------------------------------------------===//

#include "zkvm/VM/AdviceInputs.h"

#include "zkvm/Crypto/Rpo256.h"

#include "gtest/gtest.h"

using namespace zkvm;
using namespace llvm;

namespace {

Digest w(uint64_t A, uint64_t B = 0, uint64_t C = 0, uint64_t D = 0) {
  return Digest(Felt(A), Felt(B), Felt(C), Felt(D));
}

template <class T> T ok(Expected<T> V) {
  if (!V) {
    ADD_FAILURE() << toString(V.takeError());
    return T();
  }
  return std::move(*V);
}

std::vector<Felt> felts(std::initializer_list<uint64_t> Vs) {
  std::vector<Felt> Out;
  for (uint64_t V : Vs)
    Out.push_back(Felt(V));
  return Out;
}

std::string inputsPath(StringRef Name) {
  return std::string(ZKVM_VM_TEST_INPUTS_DIR "/") + Name.str();
}

/// The loader's message for Json, or "" when it loads.
std::string err(StringRef Json) {
  Expected<ProgramInputs> In = parseInputs(Json, "t.inputs");
  if (In)
    return "";
  return toString(In.takeError());
}

ProgramInputs load(StringRef Json) {
  Expected<ProgramInputs> In = parseInputs(Json, "t.inputs");
  if (!In) {
    ADD_FAILURE() << toString(In.takeError());
    return ProgramInputs();
  }
  return std::move(*In);
}

const char *const W1 = "0x0100000000000000000000000000000000000000000000000000000000000000";
const char *const W2 = "0x0200000000000000000000000000000000000000000000000000000000000000";

/// {"operand_stack": [], "merkle_store": [ Entry ]}
std::string store(StringRef Entry) {
  return R"({"operand_stack": [], "merkle_store": [)" + Entry.str() + "]}";
}

TEST(AdviceInputs, LoadsEveryKey) {
  Expected<ProgramInputs> InOr = parseInputsFile(inputsPath("store.inputs"));
  ASSERT_TRUE(bool(InOr)) << toString(InOr.takeError());
  ProgramInputs &In = *InOr;

  // The file's last operand is the top of the stack.
  EXPECT_EQ(In.StackInputs, felts({3, 2, 1}));
  // The advice stack keeps the file's order: the first value is popped first.
  EXPECT_EQ(In.Advice.Stack, felts({10, 11, 12}));

  ASSERT_EQ(In.Advice.Map.size(), 2u);
  EXPECT_EQ(In.Advice.Map.at(w(1, 2, 3, 4)), felts({5, 6, 7}));
  EXPECT_TRUE(In.Advice.Map.at(w(Felt::Modulus - 1)).empty());

  MerkleStore &S = In.Advice.Store;
  Digest MT = Rpo256::merge(Rpo256::merge(w(31), w(32)), Rpo256::merge(w(33), w(34, 35, 36, 37)));
  EXPECT_EQ(ok(S.getNode(MT, 2, 3)), w(34, 35, 36, 37));

  // Oracle root for {5: [7,0,0,0], 2^63+1: [1,2,3,4], p-1: [9,9,9,9]}.
  Digest SMT = w(1907135899385901769ULL, 5770065049650246391ULL, 10351027377153154463ULL,
                 11190139233284640623ULL);
  EXPECT_EQ(ok(S.getNode(SMT, 64, 9223372036854775809ULL)), w(1, 2, 3, 4));
  EXPECT_EQ(ok(S.getNode(SMT, 64, 5)), w(7));

  Digest PMT = Rpo256::merge(w(41), Rpo256::merge(w(42), w(43)));
  EXPECT_EQ(ok(S.getNode(PMT, 2, 2)), w(42));
  EXPECT_EQ(ok(S.getNode(PMT, 1, 0)), w(41));
}

TEST(AdviceInputs, MinimalFile) {
  Expected<ProgramInputs> In = parseInputsFile(inputsPath("empty.inputs"));
  ASSERT_TRUE(bool(In)) << toString(In.takeError());
  EXPECT_TRUE(In->StackInputs.empty());
  EXPECT_TRUE(In->Advice.Stack.empty());
  EXPECT_TRUE(In->Advice.Map.empty());
  EXPECT_EQ(In->Advice.Store.size(), 255u); // the empty subtrees only

  // Optional keys may be null.
  ProgramInputs N = load(
      R"({"operand_stack": ["5"], "advice_stack": null, "advice_map": null, "merkle_store": null})");
  EXPECT_EQ(N.StackInputs, felts({5}));
}

TEST(AdviceInputs, NumbersAndStrings) {
  ProgramInputs In = load(R"({"operand_stack": [0, "18446744069414584320", 18446744069414584320,
                                                "0xff", " 7 "]})");
  EXPECT_EQ(In.StackInputs, felts({7, 255, Felt::Modulus - 1, Felt::Modulus - 1, 0}));
  // Sixteen values is the limit.
  ProgramInputs Full = load(R"({"operand_stack": [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]})");
  EXPECT_EQ(Full.StackInputs.size(), 16u);
  EXPECT_EQ(Full.StackInputs.front(), Felt(16));
}

TEST(AdviceInputs, FileErrors) {
  Expected<ProgramInputs> In = parseInputsFile(inputsPath("does-not-exist.inputs"));
  ASSERT_FALSE(bool(In));
  std::string Msg = toString(In.takeError());
  EXPECT_NE(Msg.find("does-not-exist.inputs: cannot read inputs file: "), std::string::npos) << Msg;
}

TEST(AdviceInputs, TopLevelErrors) {
  EXPECT_EQ(err("{\"operand_stack\": [1,]}").rfind("t.inputs: invalid JSON: ", 0), 0u);
  EXPECT_EQ(err("[1, 2]"), "t.inputs: expected a JSON object with keys operand_stack, "
                           "advice_stack, advice_map, merkle_store, got an array");
  EXPECT_EQ(err(R"({"operand_stack": [], "advice": []})"),
            "t.inputs: unknown key \"advice\" (known keys: operand_stack, advice_stack, "
            "advice_map, merkle_store)");
  EXPECT_EQ(err(R"({"advice_stack": []})"),
            "t.inputs: missing key \"operand_stack\" (use [] for an empty stack)");
  EXPECT_EQ(err(R"({"operand_stack": "1"})"),
            "t.inputs: operand_stack: expected an array, got a string");
  EXPECT_EQ(err(R"({"operand_stack": [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17]})"),
            "t.inputs: operand_stack: has 17 values, at most 16 are allowed");
}

TEST(AdviceInputs, ValueErrors) {
  EXPECT_EQ(err(R"({"operand_stack": ["18446744069414584321"]})"),
            "t.inputs: operand_stack[0]: 18446744069414584321 is not a field element (must be "
            "below 2^64 - 2^32 + 1)");
  EXPECT_EQ(err(R"({"operand_stack": [1, 18446744073709551615]})"),
            "t.inputs: operand_stack[1]: 18446744073709551615 is not a field element (must be "
            "below 2^64 - 2^32 + 1)");
  EXPECT_EQ(err(R"({"operand_stack": [-1]})"),
            "t.inputs: operand_stack[0]: expected a non-negative integer below 2^64, got -1");
  // llvm::json clamps integers above 2^63 - 1: the loader must not.
  EXPECT_EQ(err(R"({"operand_stack": [-18446744069414584320]})"),
            "t.inputs: operand_stack[0]: '-18446744069414584320' is not an integer below 2^64");
  EXPECT_EQ(err(R"({"operand_stack": [99999999999999999999]})"),
            "t.inputs: operand_stack[0]: '99999999999999999999' is not an integer below 2^64");
  EXPECT_EQ(err(R"({"operand_stack": [1e30]})"),
            "t.inputs: operand_stack[0]: expected a non-negative integer below 2^64, got 1e+30");
  // Digits inside strings are left alone, escaped quotes included.
  EXPECT_EQ(err(R"({"operand_stack": [], "a\"1234567890123456789012": 1})"),
            "t.inputs: unknown key \"a\\\"1234567890123456789012\" (known keys: operand_stack, "
            "advice_stack, advice_map, merkle_store)");
  EXPECT_EQ(err(R"({"operand_stack": [1.5]})"),
            "t.inputs: operand_stack[0]: expected a non-negative integer below 2^64, got 1.5");
  EXPECT_EQ(err(R"({"operand_stack": ["12a"]})"),
            "t.inputs: operand_stack[0]: '12a' is not an integer below 2^64");
  EXPECT_EQ(err(R"({"operand_stack": ["18446744073709551616"]})"),
            "t.inputs: operand_stack[0]: '18446744073709551616' is not an integer below 2^64");
  EXPECT_EQ(err(R"({"operand_stack": [true]})"),
            "t.inputs: operand_stack[0]: expected an integer (a number or a string), got true");
  EXPECT_EQ(err(R"({"operand_stack": [], "advice_stack": [1, ""]})"),
            "t.inputs: advice_stack[1]: '' is not an integer below 2^64");
  EXPECT_EQ(err(R"({"operand_stack": [], "advice_stack": {}})"),
            "t.inputs: advice_stack: expected an array, got an object");
}

TEST(AdviceInputs, AdviceMapErrors) {
  auto Map = [](StringRef Body) {
    return err(R"({"operand_stack": [], "advice_map": )" + Body.str() + "}");
  };
  EXPECT_EQ(Map("[]"), "t.inputs: advice_map: expected an object mapping words to value lists, "
                       "got an array");
  EXPECT_EQ(Map(R"({"1234": [1]})"),
            "t.inputs: advice_map[\"1234\"]: bad key: '1234' is not a word: missing the 0x "
            "prefix");
  EXPECT_EQ(Map(R"({"0x1234": [1]})"),
            "t.inputs: advice_map[\"0x1234\"]: bad key: '0x1234' is not a word: expected 64 hex "
            "digits after 0x, got 4");
  std::string Big = "0x0100000000000000ffffffffffffffff00000000000000000000000000000000";
  EXPECT_EQ(Map("{\"" + Big + "\": [1]}"), "t.inputs: advice_map[\"" + Big + "\"]: bad key: '" +
                                               Big + "': element 1 is not a field element");
  std::string Upper = "0x0A00000000000000000000000000000000000000000000000000000000000000";
  std::string Lower = "0x0a00000000000000000000000000000000000000000000000000000000000000";
  EXPECT_EQ(Map("{\"" + Upper + "\": [1], \"" + Lower + "\": [2]}"),
            "t.inputs: advice_map[\"" + Lower + "\"]: the key is the same word as key \"" + Upper +
                "\"");
  EXPECT_EQ(Map(std::string("{\"") + W1 + "\": 5}"),
            std::string("t.inputs: advice_map[\"") + W1 + "\"]: expected an array, got a number");
  EXPECT_EQ(Map(std::string("{\"") + W1 + "\": [1, 2, 3, 18446744073709551615]}"),
            std::string("t.inputs: advice_map[\"") + W1 +
                "\"][3]: 18446744073709551615 is not a field element (must be below 2^64 - 2^32 "
                "+ 1)");
}

TEST(AdviceInputs, MerkleStoreShapeErrors) {
  EXPECT_EQ(err(R"({"operand_stack": [], "merkle_store": {}})"),
            "t.inputs: merkle_store: expected an array, got an object");
  EXPECT_EQ(err(store("5")), "t.inputs: merkle_store[0]: expected an object with exactly one key "
                             "(merkle_tree, sparse_merkle_tree or partial_merkle_tree), got a "
                             "number");
  EXPECT_EQ(err(store(R"({"merkle_tree": [], "sparse_merkle_tree": []})")),
            "t.inputs: merkle_store[0]: expected an object with exactly one key (merkle_tree, "
            "sparse_merkle_tree or partial_merkle_tree), got 2 keys");
  EXPECT_EQ(err(store(R"({"mmr": []})")),
            "t.inputs: merkle_store[0]: unknown Merkle data kind \"mmr\" (expected merkle_tree, "
            "sparse_merkle_tree or partial_merkle_tree)");
}

TEST(AdviceInputs, MerkleTreeErrors) {
  EXPECT_EQ(err(store(R"({"merkle_tree": "x"})")),
            "t.inputs: merkle_store[0].merkle_tree: expected an array, got a string");
  EXPECT_EQ(err(store(std::string(R"({"merkle_tree": [")") + W1 + "\", 7]}")),
            "t.inputs: merkle_store[0].merkle_tree[1]: expected a word (a string \"0x\" and 64 "
            "hex digits), got a number");
  EXPECT_EQ(err(store(std::string(R"({"merkle_tree": [")") + W1 + "\", \"0xzz\"]}")),
            "t.inputs: merkle_store[0].merkle_tree[1]: '0xzz' is not a word: expected 64 hex "
            "digits after 0x, got 2");
  EXPECT_EQ(err(store(std::string(R"({"merkle_tree": [")") + W1 + "\", \"" + W1 + "\", \"" + W2 +
                      "\"]}")),
            "t.inputs: merkle_store[0].merkle_tree: a Merkle tree needs a power-of-two number of "
            "leaves, got 3");
  // The second entry's error names its position.
  EXPECT_EQ(err(store(std::string(R"({"merkle_tree": [")") + W1 + "\", \"" + W2 +
                      R"("]}, {"merkle_tree": []})")),
            "t.inputs: merkle_store[1].merkle_tree: a Merkle tree needs at least 2 leaves, got 0");
}

TEST(AdviceInputs, SparseTreeErrors) {
  auto Smt = [](StringRef Items) {
    return err(store("{\"sparse_merkle_tree\": " + Items.str() + "}"));
  };
  EXPECT_EQ(Smt(R"([[1]])"), "t.inputs: merkle_store[0].sparse_merkle_tree[0]: expected a pair "
                             "[index, word], got 1 elements");
  EXPECT_EQ(Smt(R"([5])"), "t.inputs: merkle_store[0].sparse_merkle_tree[0]: expected a pair "
                           "[index, word], got a number");
  EXPECT_EQ(Smt(std::string("[[-3, \"") + W1 + "\"]]"),
            "t.inputs: merkle_store[0].sparse_merkle_tree[0][0]: expected a non-negative "
            "integer below 2^64, got -3");
  EXPECT_EQ(Smt(R"([[3, 3]])"), "t.inputs: merkle_store[0].sparse_merkle_tree[0][1]: expected a "
                                "word (a string \"0x\" and 64 hex digits), got a number");
  EXPECT_EQ(Smt(std::string("[[3, \"") + W1 + "\"], [\"3\", \"" + W2 + "\"]]"),
            "t.inputs: merkle_store[0].sparse_merkle_tree: sparse Merkle tree: leaf index 3 is "
            "given twice");
}

TEST(AdviceInputs, PartialTreeErrors) {
  auto Pmt = [](StringRef Items) {
    return err(store("{\"partial_merkle_tree\": " + Items.str() + "}"));
  };
  EXPECT_EQ(Pmt(std::string("[[1, \"") + W1 + "\"]]"),
            "t.inputs: merkle_store[0].partial_merkle_tree[0][0]: expected a node index [depth, "
            "index], got a number");
  EXPECT_EQ(Pmt(R"([[[1, 0]]])"), "t.inputs: merkle_store[0].partial_merkle_tree[0]: expected a "
                                  "pair [[depth, index], word], got 1 elements");
  EXPECT_EQ(Pmt(std::string("[[[65, 0], \"") + W1 + "\"]]"),
            "t.inputs: merkle_store[0].partial_merkle_tree[0][0]: invalid Merkle node index: "
            "depth 65 is above 64");
  EXPECT_EQ(Pmt(std::string("[[[2, 4], \"") + W1 + "\"]]"),
            "t.inputs: merkle_store[0].partial_merkle_tree[0][0]: invalid Merkle node index: "
            "index 4 is out of range for depth 2");
  EXPECT_EQ(Pmt(std::string("[[[\"x\", 0], \"") + W1 + "\"]]"),
            "t.inputs: merkle_store[0].partial_merkle_tree[0][0][0]: 'x' is not an integer below "
            "2^64");
  EXPECT_EQ(Pmt(std::string("[[[1, 0.5], \"") + W1 + "\"]]"),
            "t.inputs: merkle_store[0].partial_merkle_tree[0][0][1]: expected a non-negative "
            "integer below 2^64, got 0.5");
  EXPECT_EQ(Pmt(std::string("[[[2, 0], \"") + W1 + "\"], [[2, 1], \"" + W2 + "\"], [[1, 0], \"" +
                W2 + "\"]]"),
            "t.inputs: merkle_store[0].partial_merkle_tree: partial Merkle tree: node (depth 1, "
            "index 1) is missing (needed with (depth 1, index 0) to compute (depth 0, index 0))");
  EXPECT_EQ(Pmt("[]"), "t.inputs: merkle_store[0].partial_merkle_tree: partial Merkle tree has "
                       "no nodes");
}

TEST(AdviceInputs, ParseFeltList) {
  EXPECT_EQ(ok(parseFeltList("1,2, 3 ,0x10")), felts({1, 2, 3, 16}));
  EXPECT_TRUE(ok(parseFeltList("")).empty());
  EXPECT_TRUE(ok(parseFeltList("  ")).empty());
  EXPECT_EQ(ok(parseFeltList("18446744069414584320")), felts({Felt::Modulus - 1}));
  auto Err = [](StringRef T) {
    Expected<std::vector<Felt>> V = parseFeltList(T);
    return V ? std::string() : toString(V.takeError());
  };
  EXPECT_EQ(Err("1,,2"), "value 2 of '1,,2' is empty");
  EXPECT_EQ(Err("1,2,"), "value 3 of '1,2,' is empty");
  EXPECT_EQ(Err("1,x"), "value 2 of '1,x': 'x' is not an integer below 2^64");
  EXPECT_EQ(Err("18446744069414584321"),
            "value 1 of '18446744069414584321': 18446744069414584321 is not a field element "
            "(must be below 2^64 - 2^32 + 1)");
  EXPECT_EQ(Err("-1"), "value 1 of '-1': '-1' is not an integer below 2^64");
}

TEST(AdviceInputs, ParseWord) {
  EXPECT_EQ(ok(parseWord(W2)), w(2));
  Expected<Digest> Bad =
      parseWord("0100000000000000000000000000000000000000000000000000000000000000");
  ASSERT_FALSE(bool(Bad));
  EXPECT_NE(toString(Bad.takeError()).find("missing the 0x prefix"), std::string::npos);
}

} // namespace
