//===- MastFormatTest.cpp - MAST binary files: round trips, corruption ----===//

#include "zkvm/Mast/MastFormat.h"

#include "zkvm/Crypto/Blake3.h"
#include "zkvm/Support/Error.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include "gtest/gtest.h"

#include <random>

using namespace zkvm;
using namespace llvm;

namespace {

Operation push(uint64_t V) { return Operation(OpCode::Push, Felt(V)); }
const Operation Add(OpCode::Add), Mul(OpCode::Mul), Swap(OpCode::Swap), Drop(OpCode::Drop);

/// A program using every node kind, error codes, debug info and all data.
MastForest makeProgram() {
  MastForest F(MastKind::Program);
  uint32_t File = F.addSourceFile("prog.masm");
  F.addSourceFile("lib/util.masm");
  MastNodeId Prologue = cantFail(F.addBlock(
      {push(2147483648), push(4294967294), Operation(OpCode::MStore), Drop},
      {SourceLoc{File, 1, 1}, SourceLoc{File, 1, 1}, SourceLoc{File, 1, 1}, SourceLoc()}));
  std::vector<Operation> Long;
  for (int I = 0; I < 90; ++I)
    Long.push_back(I % 3 ? Swap : push(1000 + I));
  MastNodeId LongBlock = cantFail(F.addBlock(Long));
  MastNodeId Asserts = cantFail(F.addBlock({Operation(OpCode::Assert, Felt(12345)),
                                            Operation(OpCode::U32Assert2, Felt(Felt::Modulus - 1)),
                                            Operation(OpCode::MpVerify, Felt(7)), Add}));
  MastNodeId Callee = cantFail(F.addBlock({Mul}));
  cantFail(F.addProcedureRoot(Callee));
  Digest KernelProc(Felt(11), Felt(12), Felt(13), Felt(14));
  MastNodeId Ext = cantFail(F.addExternal(KernelProc));
  MastNodeId Split = cantFail(F.addSplit(LongBlock, Asserts));
  MastNodeId Loop = cantFail(F.addLoop(cantFail(F.addCall(Callee))));
  MastNodeId Sys = cantFail(F.addSysCall(Ext));
  MastNodeId Dyns = cantFail(F.addJoin(cantFail(F.addDyn()), cantFail(F.addDynCall())));
  MastNodeId Root = cantFail(F.addJoin(cantFail(F.addJoin(Prologue, Split)),
                                       cantFail(F.addJoin(Loop, cantFail(F.addJoin(Sys, Dyns))))));
  cantFail(F.setEntrypoint(Root));
  F.kernelDigests().push_back(KernelProc);
  cantFail(F.addAdviceMapEntry(Digest(Felt(1), Felt(2), Felt(3), Felt(4)), {Felt(5), Felt(6)}));
  cantFail(F.addAdviceMapEntry(Digest(Felt(0), Felt(9), Felt(9), Felt(9)), {}));
  F.addErrorMessage(Felt(12345), "value is not one");
  F.addErrorMessage(Felt(7), "bad merkle path");
  return F;
}

MastForest makeLibrary() {
  MastForest F(MastKind::Library);
  MastNodeId A = cantFail(F.addBlock({Add}));
  MastNodeId B = cantFail(F.addSplit(A, cantFail(F.addBlock({Mul}))));
  cantFail(F.addExport("math::ops::add", A));
  cantFail(F.addExport("math::ops::choose", B));
  MastNodeId Private = cantFail(F.addCall(A));
  cantFail(F.addProcedureRoot(Private));
  return F;
}

std::vector<uint8_t> image(const MastForest &F, bool Debug = true) {
  MastWriteOptions Opts;
  Opts.DebugInfo = Debug;
  return cantFail(writeMastForest(F, Opts));
}

void expectSameForest(const MastForest &A, const MastForest &B, bool WithDebug) {
  ASSERT_EQ(A.kind(), B.kind());
  ASSERT_EQ(A.numNodes(), B.numNodes());
  for (MastNodeId I = 0; I < A.numNodes(); ++I) {
    const MastNode &X = A.node(I), &Y = B.node(I);
    EXPECT_EQ(X.Kind, Y.Kind);
    EXPECT_EQ(X.Hash, Y.Hash);
    for (unsigned C = 0; C < X.numChildren(); ++C)
      EXPECT_EQ(X.Children[C], Y.Children[C]);
    if (X.Kind == MastNodeKind::Block) {
      EXPECT_EQ(A.block(I).Ops, B.block(I).Ops);
      if (WithDebug)
        EXPECT_EQ(A.block(I).Locs, B.block(I).Locs);
      else
        EXPECT_TRUE(B.block(I).Locs.empty());
    }
  }
  EXPECT_EQ(A.procedureRoots(), B.procedureRoots());
  EXPECT_EQ(A.entrypoint(), B.entrypoint());
  ASSERT_EQ(A.exports().size(), B.exports().size());
  for (size_t I = 0; I < A.exports().size(); ++I) {
    EXPECT_EQ(A.exports()[I].Path, B.exports()[I].Path);
    EXPECT_EQ(A.exports()[I].Node, B.exports()[I].Node);
  }
  EXPECT_EQ(A.kernelDigests(), B.kernelDigests());
  EXPECT_EQ(A.adviceMap(), B.adviceMap());
  EXPECT_EQ(A.errorMessages(), B.errorMessages());
  if (WithDebug)
    EXPECT_EQ(A.sourceFiles(), B.sourceFiles());
  else
    EXPECT_TRUE(B.sourceFiles().empty());
}

std::string errorOf(Expected<MastForest> F) {
  return F ? std::string("<success>") : toString(F.takeError());
}

/// Recomputes the trailing checksum, so a test can reach the checks behind it.
void reseal(std::vector<uint8_t> &Bytes) {
  size_t Body = Bytes.size() - 32;
  Blake3Digest Sum = Blake3::hash(ArrayRef<uint8_t>(Bytes).take_front(Body));
  std::copy(Sum.begin(), Sum.end(), Bytes.begin() + Body);
}

TEST(MastFormat, RoundTripProgram) {
  MastForest F = makeProgram();
  std::vector<uint8_t> Bytes = image(F);
  EXPECT_TRUE(isMastImage(Bytes));
  Expected<MastForest> G = readMastForest(Bytes, "prog.masb");
  ASSERT_TRUE(bool(G)) << toString(G.takeError());
  expectSameForest(F, *G, /*WithDebug=*/true);
  EXPECT_EQ(image(*G), Bytes);
}

TEST(MastFormat, RoundTripWithoutDebugInfo) {
  MastForest F = makeProgram();
  std::vector<uint8_t> Bytes = image(F, /*Debug=*/false);
  EXPECT_LT(Bytes.size(), image(F).size());
  Expected<MastForest> G = readMastForest(Bytes);
  ASSERT_TRUE(bool(G)) << toString(G.takeError());
  expectSameForest(F, *G, /*WithDebug=*/false);
  EXPECT_EQ(image(*G, false), Bytes);
}

TEST(MastFormat, RoundTripLibraryAndKernel) {
  MastForest F = makeLibrary();
  Expected<MastForest> G = readMastForest(image(F));
  ASSERT_TRUE(bool(G)) << toString(G.takeError());
  expectSameForest(F, *G, true);
  EXPECT_EQ(G->findExport("math::ops::choose"), F.findExport("math::ops::choose"));

  F.setKind(MastKind::Kernel);
  Expected<MastForest> K = readMastForest(image(F));
  ASSERT_TRUE(bool(K)) << toString(K.takeError());
  EXPECT_EQ(K->kind(), MastKind::Kernel);
}

TEST(MastFormat, RoundTripFile) {
  SmallString<128> Dir;
  ASSERT_FALSE(sys::fs::createUniqueDirectory("zkvm-mast", Dir));
  SmallString<128> Path(Dir);
  sys::path::append(Path, "prog.masb");
  MastForest F = makeProgram();
  ASSERT_FALSE(bool(writeMastForestFile(F, Path)));
  Expected<MastForest> G = readMastForestFile(Path);
  ASSERT_TRUE(bool(G)) << toString(G.takeError());
  expectSameForest(F, *G, true);
  sys::fs::remove(Path);
  sys::fs::remove(Dir);
  std::string Missing = errorOf(readMastForestFile(Path));
  EXPECT_EQ(Missing.rfind("cannot read '", 0), 0u) << Missing;
}

TEST(MastFormat, WriterChecksShape) {
  MastForest F(MastKind::Program);
  cantFail(F.addBlock({Add}));
  Expected<std::vector<uint8_t>> Bytes = writeMastForest(F);
  ASSERT_FALSE(bool(Bytes));
  EXPECT_EQ(toString(Bytes.takeError()), "a program's MAST forest needs an entrypoint");
  MastForest L(MastKind::Library);
  cantFail(L.setEntrypoint(cantFail(L.addBlock({Add}))));
  Bytes = writeMastForest(L);
  ASSERT_FALSE(bool(Bytes));
  EXPECT_EQ(toString(Bytes.takeError()), "a library's MAST forest cannot have an entrypoint");
}

TEST(MastFormat, ErrorsCarryFileAndOffset) {
  std::vector<uint8_t> Bytes = image(makeProgram());
  Bytes[Bytes.size() - 1] ^= 1;
  Expected<MastForest> G = readMastForest(Bytes, "x.masb");
  ASSERT_FALSE(bool(G));
  bool Seen = false;
  handleAllErrors(G.takeError(), [&](const FileFormatError &E) {
    Seen = true;
    EXPECT_EQ(E.getFile(), "x.masb");
    EXPECT_EQ(E.getOffset(), Bytes.size() - 32);
    EXPECT_EQ(E.getMessage(), "checksum mismatch: the file is corrupted or truncated");
  });
  EXPECT_TRUE(Seen);
}

TEST(MastFormat, TruncationAtEveryLength) {
  for (const MastForest &F : {makeProgram(), makeLibrary()}) {
    std::vector<uint8_t> Bytes = image(F);
    for (size_t Len = 0; Len < Bytes.size(); ++Len) {
      Expected<MastForest> G = readMastForest(ArrayRef<uint8_t>(Bytes).take_front(Len));
      ASSERT_FALSE(bool(G)) << "length " << Len;
      consumeError(G.takeError());
    }
  }
}

TEST(MastFormat, FlippedBytesAreRejected) {
  std::vector<uint8_t> Bytes = image(makeProgram());
  for (size_t I = 0; I < Bytes.size(); ++I) {
    for (uint8_t Mask : {0x01, 0x80, 0xFF}) {
      std::vector<uint8_t> Bad = Bytes;
      Bad[I] ^= Mask;
      Expected<MastForest> G = readMastForest(Bad);
      ASSERT_FALSE(bool(G)) << "byte " << I << " mask " << unsigned(Mask);
      consumeError(G.takeError());
    }
  }
}

// With the checksum recomputed, damage reaches the structural checks. Any
// image that still parses must be a canonical one: writing it back gives the
// same bytes.
TEST(MastFormat, ResealedCorruptionNeverCrashes) {
  for (const MastForest &F : {makeProgram(), makeLibrary()}) {
    std::vector<uint8_t> Bytes = image(F);
    size_t Accepted = 0, Rejected = 0;
    for (size_t I = 0; I + 32 < Bytes.size(); ++I) {
      for (uint8_t Mask : {0x01, 0x02, 0x10, 0x80, 0xFF}) {
        std::vector<uint8_t> Bad = Bytes;
        Bad[I] ^= Mask;
        reseal(Bad);
        Expected<MastForest> G = readMastForest(Bad);
        if (!G) {
          ++Rejected;
          consumeError(G.takeError());
          continue;
        }
        ++Accepted;
        bool Debug = Bad[9] & 1;
        EXPECT_EQ(image(*G, Debug), Bad) << "byte " << I;
      }
    }
    // Most damage is caught (digests cover node contents); what is accepted
    // changes only unhashed data such as error codes, names or locations.
    EXPECT_GT(Rejected, 4 * Accepted);
  }
}

TEST(MastFormat, ResealedRandomDamage) {
  std::vector<uint8_t> Bytes = image(makeProgram());
  std::mt19937_64 Rng(3);
  for (int Iter = 0; Iter < 3000; ++Iter) {
    std::vector<uint8_t> Bad(Bytes.begin(), Bytes.end() - 32);
    size_t Cut = 12 + Rng() % (Bad.size() - 12);
    if (Iter % 3 == 0)
      Bad.resize(Cut);
    else if (Iter % 3 == 1)
      Bad.insert(Bad.begin() + Cut, uint8_t(Rng()));
    else
      for (int K = 0; K < 4; ++K)
        Bad[12 + Rng() % (Bad.size() - 12)] = uint8_t(Rng());
    Bad.resize(Bad.size() + 32);
    reseal(Bad);
    Expected<MastForest> G = readMastForest(Bad);
    if (G)
      EXPECT_EQ(image(*G, true), Bad);
    else
      consumeError(G.takeError());
  }
}

//===----------------------------------------------------------------------===//
// Hand-made images for specific diagnostics
//===----------------------------------------------------------------------===//

struct ImageBuilder {
  std::vector<uint8_t> Out;
  ImageBuilder(MastKind Kind = MastKind::Program, uint8_t Flags = 0) {
    for (char C : StringRef("ZKMAST"))
      u8(uint8_t(C));
    u16(MastFormatVersion);
    u8(uint8_t(Kind));
    u8(Flags);
    u16(0);
  }
  ImageBuilder &u8(uint8_t V) {
    Out.push_back(V);
    return *this;
  }
  ImageBuilder &u16(uint16_t V) { return u8(uint8_t(V)).u8(uint8_t(V >> 8)); }
  ImageBuilder &u32(uint32_t V) { return u16(uint16_t(V)).u16(uint16_t(V >> 16)); }
  ImageBuilder &u64(uint64_t V) { return u32(uint32_t(V)).u32(uint32_t(V >> 32)); }
  ImageBuilder &digest(const Digest &D) {
    for (unsigned I = 0; I < 4; ++I)
      u64(D[I].value());
    return *this;
  }
  ImageBuilder &string(StringRef S) {
    u32(uint32_t(S.size()));
    for (char C : S)
      u8(uint8_t(C));
    return *this;
  }
  /// A block node [ADD] with its real digest.
  ImageBuilder &addBlock() {
    MastForest F;
    Digest D = F.digest(cantFail(F.addBlock({Add})));
    return u8(0).u32(1).u8(34).digest(D);
  }
  /// Roots, entrypoint and the empty trailing sections.
  ImageBuilder &tail(std::vector<uint32_t> Roots, uint32_t Entry) {
    u32(uint32_t(Roots.size()));
    for (uint32_t R : Roots)
      u32(R);
    return u32(Entry).u32(0).u32(0).u32(0).u32(0);
  }
  std::vector<uint8_t> finish() {
    std::vector<uint8_t> B = Out;
    B.resize(B.size() + 32);
    reseal(B);
    return B;
  }
};

std::string readError(const std::vector<uint8_t> &Bytes) {
  return errorOf(readMastForest(Bytes, "t.masb"));
}

TEST(MastFormat, MinimalImage) {
  std::vector<uint8_t> Bytes = ImageBuilder().u32(1).addBlock().tail({0}, 0).finish();
  Expected<MastForest> G = readMastForest(Bytes);
  ASSERT_TRUE(bool(G)) << toString(G.takeError());
  EXPECT_EQ(G->numNodes(), 1u);
  EXPECT_EQ(G->entrypoint(), std::optional<MastNodeId>(0));
}

TEST(MastFormat, HeaderDiagnostics) {
  std::vector<uint8_t> Good = ImageBuilder().u32(1).addBlock().tail({0}, 0).finish();
  EXPECT_EQ(readError({}), "t.masb: at byte 0: not a zkvm MAST file (bad magic)");
  std::vector<uint8_t> B = Good;
  B[0] = 'X';
  EXPECT_EQ(readError(B), "t.masb: at byte 0: not a zkvm MAST file (bad magic)");
  B = Good;
  B[6] = 2;
  EXPECT_EQ(readError(B),
            "t.masb: at byte 6: unsupported MAST format version 2 (this build reads 1)");
  B.assign(Good.begin(), Good.begin() + 20);
  EXPECT_EQ(readError(B), "t.masb: at byte 20: file is truncated (20 bytes)");
  B = Good;
  B[8] = 3;
  reseal(B);
  EXPECT_EQ(readError(B), "t.masb: at byte 8: unknown artifact kind 3");
  B = Good;
  B[9] = 4;
  reseal(B);
  EXPECT_EQ(readError(B), "t.masb: at byte 9: unknown flags 0x4");
  B = Good;
  B[11] = 1;
  reseal(B);
  EXPECT_EQ(readError(B), "t.masb: at byte 10: reserved header bytes are not zero");
}

TEST(MastFormat, NodeDiagnostics) {
  // Header 12 bytes, node count 4 bytes: the first node starts at byte 16; a
  // one-op block node is 38 bytes, so a second node or the roots start at 54.
  EXPECT_EQ(readError(ImageBuilder().u32(1).u8(9).finish()),
            "t.masb: at byte 12: node count 1 is larger than the rest of the file allows");
  EXPECT_EQ(readError(ImageBuilder().u32(1).u8(9).digest(Digest()).tail({}, 0).finish()),
            "t.masb: at byte 16: node 0 has an unknown kind 9");
  EXPECT_EQ(readError(ImageBuilder().u32(1).u8(1).u32(0).u32(0).digest(Digest()).finish()),
            "t.masb: at byte 17: child 0 does not refer to an earlier node");
  EXPECT_EQ(readError(ImageBuilder().u32(2).addBlock().u8(2).u32(1).digest(Digest()).finish()),
            "t.masb: at byte 55: child 1 does not refer to an earlier node");
  EXPECT_EQ(readError(ImageBuilder().u32(1).u8(0).u32(0).digest(Digest()).finish()),
            "t.masb: at byte 17: basic block 0 has no operations");
  EXPECT_EQ(readError(ImageBuilder().u32(1).u8(0).u32(1).u8(6).digest(Digest()).finish()),
            "t.masb: at byte 21: 6 is not a basic-block opcode");
  EXPECT_EQ(readError(ImageBuilder().u32(1).u8(0).u32(1).u8(84).digest(Digest()).finish()),
            "t.masb: at byte 21: 84 is not a basic-block opcode");
  EXPECT_EQ(
      readError(
          ImageBuilder().u32(1).u8(0).u32(1).u8(91).u64(Felt::Modulus).digest(Digest()).finish()),
      "t.masb: at byte 22: push immediate 18446744069414584321 is not a field element");
  std::string Mismatch =
      readError(ImageBuilder().u32(1).u8(0).u32(1).u8(34).digest(Digest()).tail({0}, 0).finish());
  EXPECT_EQ(Mismatch.rfind("t.masb: at byte 22: node 0 (basic_block) has digest 0x0000", 0), 0u)
      << Mismatch;
  EXPECT_NE(Mismatch.find("but its contents hash to 0x63c2b2b5"), std::string::npos) << Mismatch;
  EXPECT_EQ(readError(ImageBuilder().u32(2).addBlock().addBlock().tail({0}, 0).finish()),
            "t.masb: at byte 54: node 1 duplicates node 0");
  std::vector<uint8_t> Ext =
      ImageBuilder().u32(1).u8(8).u64(Felt::Modulus + 5).u64(0).u64(0).u64(0).tail({0}, 0).finish();
  EXPECT_EQ(readError(Ext), "t.masb: at byte 17: digest element 18446744069414584326 is not a "
                            "field element");
}

TEST(MastFormat, SectionDiagnostics) {
  auto Base = [] { return ImageBuilder().u32(1).addBlock(); };
  EXPECT_EQ(readError(Base().tail({0, 0}, 0).finish()),
            "t.masb: at byte 62: procedure root 0 is listed twice");
  EXPECT_EQ(readError(Base().tail({1}, 0).finish()),
            "t.masb: at byte 58: procedure root 1 does not refer to an earlier node");
  EXPECT_EQ(readError(Base().tail({0}, 0xFFFFFFFF).finish()),
            "t.masb: at byte 62: a program has no entrypoint");
  EXPECT_EQ(readError(Base().tail({}, 0).finish()),
            "t.masb: at byte 58: entrypoint 0 is not a procedure root");
  EXPECT_EQ(readError(ImageBuilder(MastKind::Library).u32(1).addBlock().tail({0}, 0).finish()),
            "t.masb: at byte 62: a library cannot have an entrypoint");
  // Exports: count, then (node, name).
  auto Lib = [] {
    return ImageBuilder(MastKind::Library).u32(1).addBlock().u32(1).u32(0).u32(0xFFFFFFFF);
  };
  EXPECT_EQ(readError(Lib().u32(1).u32(0).string("").u32(0).u32(0).u32(0).finish()),
            "t.masb: at byte 70: an export needs a name");
  EXPECT_EQ(
      readError(Lib().u32(2).u32(0).string("a").u32(0).string("a").u32(0).u32(0).u32(0).finish()),
      "t.masb: at byte 79: 'a' is exported twice");
  EXPECT_EQ(readError(Lib().u32(1).u32(0).string("a").u32(0).u32(0).u32(0).u8(0).finish()),
            "t.masb: at byte 91: 1 unexpected bytes before the checksum");
  EXPECT_EQ(readError(Lib().u32(1).u32(0).string("a").u32(0).u32(0).u32(0).u8(0).finish()),
            "t.masb: at byte 91: 1 unexpected bytes before the checksum");
  // Exports of a non-root node.
  EXPECT_EQ(readError(ImageBuilder(MastKind::Library)
                          .u32(1)
                          .addBlock()
                          .u32(0)
                          .u32(0xFFFFFFFF)
                          .u32(1)
                          .u32(0)
                          .string("a")
                          .u32(0)
                          .u32(0)
                          .u32(0)
                          .finish()),
            "t.masb: at byte 66: export 'a' names node 0, which is not a procedure root");
  // Advice map keys must increase; error codes too.
  auto Data = [&] { return Lib().u32(0).u32(0); };
  Digest K1(Felt(1), Felt(0), Felt(0), Felt(0)), K0(Felt(0), Felt(5), Felt(0), Felt(0));
  EXPECT_EQ(readError(Data().u32(2).digest(K1).u32(0).digest(K0).u32(0).u32(0).finish()),
            "t.masb: at byte 114: advice map keys are not in strictly increasing order");
  EXPECT_EQ(readError(Data().u32(1).digest(K1).u32(1).u64(Felt::Modulus).u32(0).finish()),
            "t.masb: at byte 114: advice value 18446744069414584321 is not a field element");
  EXPECT_EQ(readError(Data().u32(0).u32(2).u64(5).string("x").u64(5).string("y").finish()),
            "t.masb: at byte 95: error codes are not in strictly increasing order");
  EXPECT_EQ(readError(Data().u32(0).u32(1).u64(5).u32(1000).finish()),
            "t.masb: at byte 90: error message 1000 is larger than the rest of the file allows");
}

TEST(MastFormat, DebugInfoDiagnostics) {
  uint8_t Debug = 1;
  MastForest F;
  Digest D = F.digest(cantFail(F.addBlock({Add})));
  auto Files = [&] { return ImageBuilder(MastKind::Program, Debug).u32(1).string("a.masm"); };
  std::vector<uint8_t> Good =
      Files().u32(1).u8(0).u32(1).u8(34).u8(1).u32(1).u32(3).u32(4).digest(D).tail({0}, 0).finish();
  Expected<MastForest> G = readMastForest(Good);
  ASSERT_TRUE(bool(G)) << toString(G.takeError());
  EXPECT_EQ(G->block(0).Locs, std::vector<SourceLoc>({SourceLoc{1, 3, 4}}));
  EXPECT_EQ(G->sourceFiles(), ArrayRef<std::string>({"a.masm"}));

  EXPECT_EQ(readError(Files().u32(1).u8(0).u32(1).u8(34).u8(2).digest(D).tail({0}, 0).finish()),
            "t.masb: at byte 36: source-location flag must be 0 or 1, not 2");
  EXPECT_EQ(readError(Files()
                          .u32(1)
                          .u8(0)
                          .u32(1)
                          .u8(34)
                          .u8(1)
                          .u32(2)
                          .u32(3)
                          .u32(4)
                          .digest(D)
                          .tail({0}, 0)
                          .finish()),
            "t.masb: at byte 37: source file index 2 is out of range (1 files)");
  EXPECT_EQ(
      readError(ImageBuilder(MastKind::Program, Debug).u32(2).string("a").string("a").finish()),
      "t.masb: at byte 21: source file 'a' is listed twice");
}

} // namespace
