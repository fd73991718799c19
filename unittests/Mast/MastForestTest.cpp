//===- MastForestTest.cpp - MastForest building and printing --------------===//

#include "zkvm/Mast/MastForest.h"
#include "zkvm/Mast/MastPrinter.h"

#include "zkvm/Crypto/Rpo256.h"

#include "llvm/ADT/SmallVector.h"

#include "gtest/gtest.h"

using namespace zkvm;
using namespace llvm;

namespace {

Operation push(uint64_t V) { return Operation(OpCode::Push, Felt(V)); }
const Operation Add(OpCode::Add), Mul(OpCode::Mul), Noop(OpCode::Noop), Drop(OpCode::Drop);

std::string errorOf(Error E) { return toString(std::move(E)); }
template <typename T> std::string errorOf(Expected<T> E) {
  return E ? std::string("<success>") : toString(E.takeError());
}

TEST(MastForest, DigestFormulas) {
  MastForest F;
  MastNodeId A = cantFail(F.addBlock({Add}));
  MastNodeId B = cantFail(F.addBlock({Mul}));
  Digest DA = F.digest(A), DB = F.digest(B);
  EXPECT_EQ(F.digest(cantFail(F.addJoin(A, B))), Rpo256::mergeInDomain(DA, DB, Felt(87)));
  EXPECT_EQ(F.digest(cantFail(F.addSplit(A, B))), Rpo256::mergeInDomain(DA, DB, Felt(84)));
  EXPECT_EQ(F.digest(cantFail(F.addLoop(A))), Rpo256::mergeInDomain(DA, Digest(), Felt(85)));
  EXPECT_EQ(F.digest(cantFail(F.addCall(A))), Rpo256::mergeInDomain(DA, Digest(), Felt(108)));
  EXPECT_EQ(F.digest(cantFail(F.addSysCall(A))), Rpo256::mergeInDomain(DA, Digest(), Felt(104)));
  EXPECT_EQ(F.digest(cantFail(F.addExternal(DB))), DB);
  // Order matters for join and split.
  EXPECT_NE(F.digest(cantFail(F.addJoin(B, A))), F.digest(cantFail(F.addJoin(A, B))));
}

TEST(MastForest, DeduplicatesByDigest) {
  MastForest F;
  MastNodeId A = cantFail(F.addBlock({Add, push(5)}));
  EXPECT_EQ(cantFail(F.addBlock({Add, push(5)})), A);
  MastNodeId J = cantFail(F.addJoin(A, A));
  EXPECT_EQ(cantFail(F.addJoin(A, A)), J);
  EXPECT_EQ(cantFail(F.addDyn()), cantFail(F.addDyn()));
  EXPECT_EQ(cantFail(F.addDynCall()), cantFail(F.addDynCall()));
  EXPECT_EQ(F.numNodes(), 4u);
  EXPECT_EQ(F.blocks().size(), 1u);
  EXPECT_EQ(F.findNode(F.digest(J)), std::optional<MastNodeId>(J));
  EXPECT_EQ(F.findNode(Digest()), std::nullopt);
}

TEST(MastForest, ErrorCodesDoNotAffectDigestAndFirstBlockWins) {
  MastForest F;
  MastNodeId A = cantFail(F.addBlock({Operation(OpCode::Assert, Felt(111)), Add}));
  MastNodeId B = cantFail(F.addBlock({Operation(OpCode::Assert, Felt(222)), Add}));
  EXPECT_EQ(A, B);
  EXPECT_EQ(F.block(A).Ops[0].Imm, Felt(111));
  MastNodeId C = cantFail(F.addBlock({Operation(OpCode::Assert), Add}));
  EXPECT_EQ(C, A);
}

TEST(MastForest, ImmediatesOfPlainOpsAreDropped) {
  MastForest F;
  MastNodeId A = cantFail(F.addBlock({Operation(OpCode::Add, Felt(9))}));
  EXPECT_EQ(F.block(A).Ops[0], Add);
}

TEST(MastForest, ExternalDoesNotShadowBody) {
  MastForest F;
  MastForest G;
  Digest Body = F.digest(cantFail(F.addBlock({Add, Mul})));
  // A reference first, then the body: both are kept, lookups find the body.
  MastNodeId Ext = cantFail(G.addExternal(Body));
  MastNodeId Real = cantFail(G.addBlock({Add, Mul}));
  EXPECT_NE(Ext, Real);
  EXPECT_EQ(G.digest(Ext), G.digest(Real));
  EXPECT_EQ(G.findNode(Body), std::optional<MastNodeId>(Real));
  EXPECT_EQ(cantFail(G.addExternal(Body)), Ext);
}

TEST(MastForest, Errors) {
  MastForest F;
  EXPECT_EQ(errorOf(F.addBlock({})), "a basic block needs at least one operation");
  EXPECT_EQ(errorOf(F.addJoin(0, 0)),
            "child 0 of a join node is not a node of the forest (it has 0 nodes)");
  EXPECT_EQ(errorOf(F.addLoop(3)),
            "child 3 of a loop node is not a node of the forest (it has 0 nodes)");
  EXPECT_EQ(errorOf(F.addCall(1)),
            "child 1 of a call node is not a node of the forest (it has 0 nodes)");
  Operation Bad;
  Bad.Code = OpCode(84); // SPLIT: a control opcode, not a block operation
  EXPECT_EQ(errorOf(F.addBlock({Bad})), "84 is not a basic-block opcode");
  EXPECT_EQ(errorOf(F.addBlock({Add, Mul}, {SourceLoc()})),
            "a basic block has 2 operations but 1 source locations");
  EXPECT_EQ(errorOf(F.addBlock({Add}, {SourceLoc{1, 1, 1}})),
            "source location refers to file 1 of 0");
  EXPECT_EQ(errorOf(F.addProcedureRoot(0)),
            "procedure root 0 is not a node of the forest (it has 0 nodes)");
  EXPECT_EQ(F.numNodes(), 0u);
}

TEST(MastForest, RootsExportsAndData) {
  MastForest F(MastKind::Library);
  MastNodeId A = cantFail(F.addBlock({Add}));
  MastNodeId B = cantFail(F.addBlock({Mul}));
  cantFail(F.addProcedureRoot(A));
  cantFail(F.addProcedureRoot(A));
  EXPECT_EQ(F.procedureRoots().size(), 1u);
  cantFail(F.addExport("lib::b", B));
  EXPECT_TRUE(F.isProcedureRoot(B));
  EXPECT_EQ(F.findExport("lib::b"), std::optional<MastNodeId>(B));
  EXPECT_EQ(F.findExport("lib::c"), std::nullopt);
  EXPECT_EQ(errorOf(F.addExport("lib::b", A)), "'lib::b' is exported twice");
  EXPECT_EQ(errorOf(F.addExport("", A)), "an export needs a name");

  Digest K(Felt(1), Felt(2), Felt(3), Felt(4));
  cantFail(F.addAdviceMapEntry(K, {Felt(5), Felt(6)}));
  cantFail(F.addAdviceMapEntry(K, {Felt(5), Felt(6)}));
  EXPECT_NE(errorOf(F.addAdviceMapEntry(K, {Felt(7)})).find("two different values"),
            std::string::npos);
  EXPECT_EQ(F.adviceMap().at(K), std::vector<Felt>({Felt(5), Felt(6)}));

  F.addErrorMessage(Felt(9), "first");
  F.addErrorMessage(Felt(9), "second");
  EXPECT_EQ(F.errorMessages().at(9), "first");
  EXPECT_EQ(F.addSourceFile("a.masm"), 1u);
  EXPECT_EQ(F.addSourceFile("b.masm"), 2u);
  EXPECT_EQ(F.addSourceFile("a.masm"), 1u);
}

TEST(MastForest, Entrypoint) {
  MastForest F;
  MastNodeId A = cantFail(F.addBlock({Add}));
  EXPECT_FALSE(F.entrypoint());
  cantFail(F.setEntrypoint(A));
  EXPECT_EQ(F.entrypoint(), std::optional<MastNodeId>(A));
  EXPECT_TRUE(F.isProcedureRoot(A));
}

TEST(MastPrinter, NestedForm) {
  MastForest F;
  MastNodeId Foo = cantFail(F.addBlock({Add}));
  cantFail(F.addProcedureRoot(Foo));
  MastNodeId Prologue =
      cantFail(F.addBlock({push(2147483648), push(4294967294), Operation(OpCode::MStore), Drop}));
  MastNodeId Split =
      cantFail(F.addSplit(cantFail(F.addBlock({Mul})), cantFail(F.addBlock({Noop}))));
  MastNodeId Body = cantFail(F.addJoin(cantFail(F.addJoin(Prologue, Split)),
                                       cantFail(F.addLoop(cantFail(F.addCall(Foo))))));
  MastNodeId Root = cantFail(F.addJoin(Body, cantFail(F.addDyn())));
  cantFail(F.setEntrypoint(Root));

  std::string S;
  raw_string_ostream OS(S);
  printForest(OS, F);
  std::string Expected = "program {\n"
                         "  proc " +
                         F.digest(Foo).toHex() +
                         " {\n"
                         "    basic_block { add }\n"
                         "  }\n"
                         "  entrypoint " +
                         F.digest(Root).toHex() +
                         " {\n"
                         "    join {\n"
                         "      join {\n"
                         "        join {\n"
                         "          basic_block { push.2147483648 push.4294967294 mstore drop }\n"
                         "          split {\n"
                         "            basic_block { mul }\n"
                         "            basic_block { noop }\n"
                         "          }\n"
                         "        }\n"
                         "        loop {\n"
                         "          call." +
                         F.digest(Foo).toHex() +
                         "\n"
                         "        }\n"
                         "      }\n"
                         "      dyn\n"
                         "    }\n"
                         "  }\n"
                         "}\n";
  EXPECT_EQ(OS.str(), Expected);
}

TEST(MastPrinter, BatchesAndWrapping) {
  MastForest F(MastKind::Library);
  std::vector<Operation> Ops = {Add, Mul, Add, Add, Add, Mul, Mul, Add, push(11)};
  MastNodeId Id = cantFail(F.addBlock(Ops));
  cantFail(F.addExport("m::p", Id));
  std::string S;
  raw_string_ostream OS(S);
  MastPrintOptions Opts;
  Opts.Batches = true;
  printForest(OS, F, Opts);
  EXPECT_NE(OS.str().find("export \"m::p\" "), std::string::npos) << OS.str();
  EXPECT_NE(OS.str().find("batch { [add mul add add add mul mul add] [push noop] (11) [noop] }"),
            std::string::npos)
      << OS.str();

  // Long blocks wrap; every op still appears once.
  std::vector<Operation> Long(200, Add);
  MastNodeId L = cantFail(F.addBlock(Long));
  std::string T;
  raw_string_ostream OT(T);
  printNode(OT, F, L);
  llvm::SmallVector<StringRef, 16> Lines;
  StringRef(OT.str()).split(Lines, '\n');
  EXPECT_GT(Lines.size(), 4u);
  for (StringRef Line : Lines)
    EXPECT_LE(Line.size(), 96u);
  size_t Adds = 0;
  for (size_t P = OT.str().find("add"); P != std::string::npos; P = OT.str().find("add", P + 1))
    ++Adds;
  EXPECT_EQ(Adds, 200u);
}

} // namespace
