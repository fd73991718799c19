//===- ChipletsTest.cpp - The chiplets segment of the VM AIR ----------------===//
//
// Traces of real programs (bitwise, memory across contexts, hashing and
// Merkle operations, syscalls into a kernel) satisfy the chiplets'
// constraints; single-cell tampering is caught; a standalone AIR made of the
// chiplets' constraints proves and verifies.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Air/Vm/Chiplets.h"
#include "AssembleForTest.h"
#include "zkvm/Field/Extension.h"

#include "zkvm/Asm/Assembler.h"
#include "zkvm/Crypto/Rpo256.h"
#include "zkvm/Mast/Lowering.h"
#include "zkvm/Prover/Prover.h"
#include "zkvm/Support/Diagnostics.h"
#include "zkvm/VM/MerkleStore.h"
#include "zkvm/VM/Processor.h"
#include "zkvm/Verifier/Verifier.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include "gtest/gtest.h"

#include <memory>
#include <string>

using namespace zkvm;
using namespace zkvm::vmair;
using namespace llvm;

namespace {

/// The chiplets' constraints alone, over the full 71-column trace.
class ChipletsAir : public AirBase<ChipletsAir> {
public:
  explicit ChipletsAir(size_t Length) : AirBase(TraceInfo{MainWidth, 0, 0, Length}) {}
  StringRef name() const override { return "vm-chiplets"; }
  std::vector<uint8_t> publicInputs() const override { return {uint8_t(traceLength() & 0xFF)}; }
  std::vector<unsigned> mainConstraintDegrees() const override {
    return chipletsConstraintDegrees();
  }
  std::vector<Assertion> assertions() const override {
    // The last row is padding.
    std::vector<Assertion> A;
    for (unsigned J = 0; J < 5; ++J)
      A.push_back({false, chip::Sel + J, traceLength() - 1, Felt::one()});
    return A;
  }
  std::vector<std::vector<Felt>> periodicColumns() const override {
    return chipletsPeriodicColumns();
  }
  template <class E>
  void evaluateMain(const EvalFrame<E> &F, ArrayRef<E> P, MutableArrayRef<E> Out) const {
    evaluateChiplets<E>(F, P, Out);
  }
};

struct Program {
  std::unique_ptr<MastForest> Forest;
  ExecutionTrace Trace;
  MainTrace Main;
};

std::string errorText(Error E) { return E ? toString(std::move(E)) : ""; }

std::unique_ptr<MastForest> assemble(StringRef Source, StringRef Kernel = "") {
  return assembleForTest(Source, Kernel);
}

size_t nextPow2(size_t N) {
  size_t P = 1;
  while (P < N)
    P <<= 1;
  return P;
}

std::unique_ptr<Program> build(StringRef Source, StringRef Kernel = "") {
  auto P = std::make_unique<Program>();
  P->Forest = assemble(Source, Kernel);
  if (!P->Forest)
    return nullptr;
  DefaultHost H;
  Expected<ExecutionResult> R = executeForTrace(*P->Forest, {}, {}, H, P->Trace);
  EXPECT_TRUE(bool(R)) << (R ? "" : toString(R.takeError()));
  VmTraceInputs In{P->Trace, *P->Forest};
  size_t Length =
      nextPow2(std::max({chipletsRowsNeeded(In), P->Trace.Cycles.size(), size_t(MinTraceLength)}));
  P->Main.assign(MainWidth, std::vector<Felt>(Length));
  buildChipletsColumns(In, P->Main);
  return P;
}

std::string check(const MainTrace &Main) {
  ChipletsAir A(Main[0].size());
  if (Error E = checkTrace(A, Main))
    return toString(std::move(E));
  return "";
}

/// Flips one cell and expects checkTrace to reject the trace.
void expectRejected(MainTrace Main, unsigned Col, size_t Row, const char *What) {
  Main[Col][Row] += Felt::one();
  EXPECT_NE(check(Main), "") << "tampering with " << What << " (column " << Col << ", row " << Row
                             << ") went unnoticed";
}

std::string digestPush(const Digest &D) {
  std::string S = "push";
  for (unsigned J = 0; J < 4; ++J)
    S += "." + std::to_string(D[J].value());
  return S;
}

const char *KernelSource = R"(
pub proc get_secret
  push.4242 mem_store.7 mem_load.7 add
end
pub proc read_root_mem
  mem_load.100 padw caller
  repeat.5 movup.6 drop end
end
)";

const char *KernelProgram = R"(
proc inner
  push.5 mem_store.100
  syscall.read_root_mem
end
begin
  push.9 mem_store.100
  push.5 push.3 u32xor drop
  push.1 syscall.get_secret
  call.inner
  mem_load.7
  push.1.2.3.4 mem_storew_be.16 dropw mem_loadw_be.16 dropw
  movup.7 drop movup.7 drop
end
)";

std::string hashProgram() {
  // mtree_set on the empty depth-4 tree (MRUPDATE), mtree_get (MPVERIFY),
  // hmerge and hperm (HPERM), and a split and a loop for control-block hashes.
  return "begin\n  push.7.0.0.0 " + digestPush(MerkleStore::emptyRoot(4)) +
         " push.5.4 mtree_set\n"
         "  dropw push.5.4 mtree_get dropw dropw\n"
         "  push.1.2.3.4 push.5.6.7.8 hmerge dropw\n"
         "  push.1.2.3.4.5.6.7.8.9.10.11.12 hperm dropw dropw dropw\n"
         "  push.1 if.true push.2 drop else push.3 drop end\n"
         "  push.1 while.true push.0 end\n"
         "  repeat.40 push.0 drop end\n"
         "end\n";
}

const char *BitwiseProgram = R"(
begin
  push.4042322160 push.1010580540 u32and
  push.123456789 push.987654321 u32xor
  push.4294967295 push.1 u32and
  drop drop drop
end
)";

// --- Honest traces ---------------------------------------------------------------

TEST(Chiplets, BitwiseTraceIsAccepted) {
  auto P = build(BitwiseProgram);
  ASSERT_TRUE(P);
  ASSERT_EQ(P->Trace.Bitwise.size(), 3u);
  EXPECT_EQ(check(P->Main), "");
  // The responses: one per operation, with the result.
  std::vector<ChipletsBusMessage> R = chipletsBusResponses(P->Main);
  unsigned Bitwise = 0;
  for (const ChipletsBusMessage &M : R)
    if (M.Label == Felt(chip::BitwiseAndLabel) || M.Label == Felt(chip::BitwiseXorLabel)) {
      ++Bitwise;
      uint32_t A = uint32_t(M.Elements[0].value()), B = uint32_t(M.Elements[1].value());
      uint32_t Z = M.Label == Felt(chip::BitwiseXorLabel) ? A ^ B : A & B;
      EXPECT_EQ(M.Elements[2].value(), Z);
    }
  EXPECT_EQ(Bitwise, 3u);
}

TEST(Chiplets, MemoryAndKernelTraceIsAccepted) {
  auto P = build(KernelProgram, KernelSource);
  ASSERT_TRUE(P);
  EXPECT_EQ(P->Trace.KernelCalls.size(), 2u);
  EXPECT_EQ(check(P->Main), "");
  VmTraceInputs In{P->Trace, *P->Forest};
  ChipletsSegments S = chipletsSegments(In);
  // Two procedures, each called once.
  EXPECT_EQ(S.KernelRom, 4u);
  // Every chiplet but ACE is present: all the stacking transitions are exercised.
  EXPECT_GT(S.Hasher, 0u);
  EXPECT_EQ(S.Bitwise, 8u);
  EXPECT_EQ(S.Memory, P->Trace.MemoryAccesses.size());
  // Accesses in more than one context.
  bool TwoContexts = false;
  for (const MemoryRecord &M : P->Trace.MemoryAccesses)
    TwoContexts |= M.Ctx != P->Trace.MemoryAccesses[0].Ctx;
  EXPECT_TRUE(TwoContexts);
  // Range checks: two per memory row, all below 2^16 by construction.
  EXPECT_EQ(memoryRangeChecks(P->Main).size(), 2 * S.Memory);
  // Memory responses carry what the run read and wrote.
  size_t Mem = 0, Kernel = 0;
  for (const ChipletsBusMessage &M : chipletsBusResponses(P->Main)) {
    uint64_t L = M.Label.value();
    Mem += L == chip::MemReadElementLabel || L == chip::MemWriteElementLabel ||
           L == chip::MemReadWordLabel || L == chip::MemWriteWordLabel;
    Kernel += L == chip::KernelProcInitLabel || L == chip::KernelProcCallLabel;
  }
  EXPECT_EQ(Mem, S.Memory);
  EXPECT_EQ(Kernel, 4u);
}

TEST(Chiplets, HashTraceIsAccepted) {
  auto P = build(hashProgram());
  ASSERT_TRUE(P);
  ASSERT_EQ(P->Trace.Hasher.size(), 4u); // MRUPDATE, MPVERIFY, two HPERMs
  EXPECT_EQ(check(P->Main), "");
  VmTraceInputs In{P->Trace, *P->Forest};
  ChipletsHasherAddresses A = hasherAddresses(In);
  // Block hashes return their node's digest at address + 8 * cycles - 1.
  std::vector<ChipletsBusMessage> R = chipletsBusResponses(P->Main);
  auto responseAt = [&](uint64_t Addr) -> const ChipletsBusMessage * {
    for (const ChipletsBusMessage &M : R)
      if (M.Row + 1 == Addr)
        return &M;
    return nullptr;
  };
  const ChipletsBusMessage *First = responseAt(A.BlockHashAddr[0]);
  ASSERT_TRUE(First);
  EXPECT_EQ(First->Label.value(), chip::LinearHashLabel + 16);
  // Each block hash ends with the first HOUT at or after its address, and
  // returns the node's digest there.
  for (size_t K = 0; K < P->Trace.BlockHashes.size(); ++K) {
    const ChipletsBusMessage *End = nullptr;
    for (const ChipletsBusMessage &M : R)
      if (M.Label.value() == chip::ReturnHashLabel + 32 && M.Row + 1 >= A.BlockHashAddr[K]) {
        End = &M;
        break;
      }
    ASSERT_TRUE(End) << "no HOUT for block hash " << K;
    for (unsigned J = 0; J < 4; ++J)
      EXPECT_EQ(End->Elements[6 + J], P->Trace.BlockHashes[K][J]) << "block hash " << K;
  }
  // The long basic block absorbs its second batch (ABP).
  bool SawAbp = false;
  for (const ChipletsBusMessage &M : R)
    SawAbp |= M.Label.value() == chip::LinearHashLabel + 32;
  EXPECT_TRUE(SawAbp);
  // HPERM returns the whole output state (SOUT) 7 rows after its address.
  for (size_t K = 0; K < P->Trace.Hasher.size(); ++K) {
    const HasherRecord &H = P->Trace.Hasher[K];
    if (H.Kind != HasherRecord::Permute)
      continue;
    const ChipletsBusMessage *Out = responseAt(A.HasherAddr[K] + 7);
    ASSERT_TRUE(Out);
    EXPECT_EQ(Out->Label.value(), chip::ReturnStateLabel + 32);
    for (unsigned J = 0; J < 12; ++J)
      EXPECT_EQ(Out->Elements[2 + J], H.Out[J]);
  }
  // The Merkle root update's sibling-table entries cancel out.
  std::vector<ChipletsBusMessage> Sib = hasherSiblingTable(P->Main);
  ASSERT_EQ(Sib.size(), 8u); // depth 4, old and new path
  std::vector<QuadExt> Alphas;
  for (unsigned J = 0; J < 16; ++J)
    Alphas.push_back(QuadExt(Felt(1000 + 7 * J), Felt(3 + J)));
  QuadExt Prod = QuadExt(Felt::one());
  for (const ChipletsBusMessage &M : Sib) {
    QuadExt V = M.reduce<QuadExt>(Alphas);
    Prod = M.Remove ? Prod * V.inverse() : Prod * V;
  }
  EXPECT_EQ(Prod, QuadExt(Felt::one()));
}

// --- Tampering ---------------------------------------------------------------------

size_t firstRowOf(const MainTrace &M, unsigned Chiplet) {
  for (size_t Row = 0; Row < M[0].size(); ++Row) {
    unsigned K = 0;
    while (K < 5 && M[chip::Sel + K][Row] == Felt::one())
      ++K;
    if (K == Chiplet)
      return Row;
  }
  return ~size_t(0);
}

TEST(Chiplets, TamperedCellsAreRejected) {
  auto B = build(BitwiseProgram);
  ASSERT_TRUE(B);
  size_t Bw = firstRowOf(B->Main, 1);
  ASSERT_NE(Bw, ~size_t(0));
  expectRejected(B->Main, chip::BZ, Bw + 7, "a bitwise result");
  expectRejected(B->Main, chip::BA, Bw + 3, "a bitwise input");
  expectRejected(B->Main, chip::BABits + 2, Bw + 5, "a bitwise limb bit");
  expectRejected(B->Main, chip::BOp, Bw + 2, "the bitwise operation");

  auto K = build(KernelProgram, KernelSource);
  ASSERT_TRUE(K);
  size_t Mem = firstRowOf(K->Main, 2);
  ASSERT_NE(Mem, ~size_t(0));
  // A value written and then read: the read row copies it.
  for (size_t Row = Mem + 1; K->Main[chip::Sel + 2][Row] == Felt::zero(); ++Row)
    if (K->Main[chip::MRw][Row] == Felt::one() && K->Main[chip::MFscw][Row] == Felt::one()) {
      expectRejected(K->Main,
                     chip::MV + unsigned(K->Main[chip::MIdx0][Row].value() +
                                         2 * K->Main[chip::MIdx1][Row].value()),
                     Row, "a memory value read back");
      expectRejected(K->Main, chip::MClk, Row, "a memory clock");
      break;
    }
  expectRejected(K->Main, chip::MV + 1, Mem, "an unwritten value in the first memory row");
  expectRejected(K->Main, chip::MCtx, Mem + 1, "a memory context");
  expectRejected(K->Main, chip::MD0, Mem + 2, "a memory delta limb");
  expectRejected(K->Main, chip::MFscw, Mem + 2, "a memory same-word flag");
  size_t Krom = firstRowOf(K->Main, 4);
  ASSERT_NE(Krom, ~size_t(0));
  expectRejected(K->Main, chip::KRoot + 2, Krom + 1, "a kernel procedure call's digest");
  expectRejected(K->Main, chip::KFirst, Krom, "the kernel ROM's first s_first");

  auto H = build(hashProgram());
  ASSERT_TRUE(H);
  expectRejected(H->Main, chip::HState + 5, 3, "a hasher state cell");
  expectRejected(H->Main, chip::HState + 0, 8, "a hasher capacity cell");
  expectRejected(H->Main, chip::HSel + 1, 4, "a hasher selector");
  expectRejected(H->Main, chip::HIndex, 2, "the hasher node index");
  // Chiplet selectors.
  expectRejected(H->Main, chip::Sel, 3, "the hasher's chiplet selector");
  size_t Pad = firstRowOf(H->Main, 5);
  expectRejected(H->Main, chip::Sel + 4, Pad + 1, "a padding selector");
}

TEST(Chiplets, MerklePathTamperingIsRejected) {
  auto H = build(hashProgram());
  ASSERT_TRUE(H);
  VmTraceInputs In{H->Trace, *H->Forest};
  ChipletsHasherAddresses A = hasherAddresses(In);
  for (size_t K = 0; K < H->Trace.Hasher.size(); ++K)
    if (H->Trace.Hasher[K].Kind == HasherRecord::MerkleVerify) {
      size_t Row = A.HasherAddr[K] - 1;
      // The next leg's input: the digest carried over, and its capacity.
      expectRejected(H->Main, chip::HState + 4, Row + 8, "a Merkle digest carried over");
      expectRejected(H->Main, chip::HState + 9, Row + 8, "a Merkle digest carried over");
      expectRejected(H->Main, chip::HState + 2, Row, "a Merkle capacity");
      return;
    }
  FAIL() << "no MPVERIFY";
}

// --- Proving ----------------------------------------------------------------------

TEST(Chiplets, ProvesAndVerifiesAt96Bits) {
  auto P = build(hashProgram());
  ASSERT_TRUE(P);
  // Add the other chiplets' requests to the same trace: bitwise and memory.
  auto K = build(KernelProgram, KernelSource);
  ASSERT_TRUE(K);
  ChipletsAir A(P->Main[0].size());
  ProofOptions Opts = ProofOptions::security96(HashKind::Blake3);
  Expected<StarkProof> Proof = prove(A, P->Main, Opts);
  ASSERT_TRUE(bool(Proof)) << toString(Proof.takeError());
  EXPECT_EQ(errorText(verify(A, *Proof)), "");

  ChipletsAir AK(K->Main[0].size());
  Expected<StarkProof> ProofK = prove(AK, K->Main, Opts);
  ASSERT_TRUE(bool(ProofK)) << toString(ProofK.takeError());
  EXPECT_EQ(errorText(verify(AK, *ProofK)), "");
}

} // namespace
