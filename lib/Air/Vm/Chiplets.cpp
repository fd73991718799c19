//===- Chiplets.cpp - The chiplets segment's trace and bus messages -------===//
//
// Builds columns 51..70 (see include/zkvm/Air/Vm/Chiplets.h) the way Miden
// v0.20.6's processor lays out its chiplets: the hasher's computations in
// the order the run requested them, one 8-row cycle per permutation; one
// 8-row cycle per bitwise operation; memory accesses sorted by context, word
// address and clock; the kernel ROM's procedure blocks; then padding.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Air/Vm/Chiplets.h"
#include "zkvm/Air/Vm/Ace.h"

#include "zkvm/Crypto/Rpo256.h"

#include <algorithm>
#include <cassert>
#include <map>
#include <set>
#include <tuple>

using namespace zkvm;
using namespace zkvm::vmair;
using namespace zkvm::vmair::chip;

const uint64_t *zkvm::vmair::chipdetail::rpoMdsRow() { return Rpo256::mdsFirstRow(); }

namespace {

using Sels = std::array<uint8_t, 3>;
constexpr Sels LinearHash{1, 0, 0}, MpVerify{1, 0, 1}, MrUpdateOld{1, 1, 0}, MrUpdateNew{1, 1, 1},
    ReturnHash{0, 0, 0}, ReturnState{0, 0, 1};

/// One hasher computation, in request order.
struct HasherJob {
  enum KindT { Block, Record } Kind;
  size_t Index; // into BlockHashes or Hasher
  uint64_t Clk;
};

/// The node whose digest ExecutionTrace::BlockHashes[K] is.
std::pair<const MastForest *, MastNodeId> blockNode(const VmTraceInputs &In, size_t K) {
  const ExecutionTrace &T = In.Trace;
  uint64_t Clk = K < T.BlockHashClks.size() ? T.BlockHashClks[K] : ~uint64_t(0);
  if (Clk < T.Cycles.size()) {
    const CycleRecord &R = T.Cycles[Clk];
    if (R.Forest && R.Forest->isValidId(R.Node) && R.Forest->digest(R.Node) == T.BlockHashes[K])
      return {R.Forest, R.Node};
  }
  if (std::optional<MastNodeId> Id = In.Program.findNode(T.BlockHashes[K]))
    return {&In.Program, *Id};
  return {nullptr, 0};
}

unsigned merklePathCycles(const HasherRecord &R) {
  size_t D = R.Path.size();
  return unsigned(R.Kind == HasherRecord::MerkleUpdate ? 2 * D : D);
}

size_t blockCycles(const VmTraceInputs &In, size_t K) {
  auto [F, Id] = blockNode(In, K);
  if (F && F->node(Id).Kind == MastNodeKind::Block)
    return std::max<size_t>(1, F->block(Id).Batches.size());
  return 1;
}

std::vector<HasherJob> hasherJobs(const VmTraceInputs &In) {
  const ExecutionTrace &T = In.Trace;
  std::vector<HasherJob> Jobs;
  for (size_t K = 0; K < T.BlockHashes.size(); ++K)
    Jobs.push_back({HasherJob::Block, K, K < T.BlockHashClks.size() ? T.BlockHashClks[K] : 0});
  for (size_t K = 0; K < T.Hasher.size(); ++K)
    Jobs.push_back({HasherJob::Record, K, T.Hasher[K].Clk});
  std::stable_sort(Jobs.begin(), Jobs.end(),
                   [](const HasherJob &A, const HasherJob &B) { return A.Clk < B.Clk; });
  return Jobs;
}

size_t jobRows(const VmTraceInputs &In, const HasherJob &J) {
  if (J.Kind == HasherJob::Block)
    return 8 * blockCycles(In, J.Index);
  const HasherRecord &R = In.Trace.Hasher[J.Index];
  return R.Kind == HasherRecord::Permute ? 8 : 8 * size_t(merklePathCycles(R));
}

/// Appends hasher rows to the segment's columns (Col[k] is chiplet column k).
class HasherWriter {
public:
  HasherWriter(MainTrace &Main) : Main(Main) {}
  size_t Row = 0;

  /// One permutation: init selectors on its first row, [0, s1, s2] on the
  /// rounds, final selectors on its last row (Miden's layout).
  void permutation(Rpo256::State &S, Sels Init, Sels Final, uint64_t InitIndex,
                   uint64_t RestIndex) {
    put(Init, S, InitIndex);
    Sels Mid{0, Init[1], Init[2]};
    for (unsigned R = 0; R + 1 < Rpo256::NumRounds; ++R) {
      Rpo256::applyRound(S, R);
      put(Mid, S, RestIndex);
    }
    Rpo256::applyRound(S, Rpo256::NumRounds - 1);
    put(Final, S, RestIndex);
  }

  /// One Merkle path, leaf first; returns the root.
  Digest merklePath(Digest Node, llvm::ArrayRef<Word> Path, uint64_t Index, Sels Main, Sels Part) {
    for (size_t L = 0; L < Path.size(); ++L) {
      Sels Init = L == 0 ? Main : Part;
      Sels Final = L + 1 == Path.size() ? ReturnHash : Main;
      Digest Sib(Path[L][0], Path[L][1], Path[L][2], Path[L][3]);
      Rpo256::State S{};
      bool Bit = Index & 1;
      for (unsigned J = 0; J < 4; ++J) {
        S[4 + J] = Bit ? Sib[J] : Node[J];
        S[8 + J] = Bit ? Node[J] : Sib[J];
      }
      uint64_t InitIndex = Init[0] ? Index : Index >> 1;
      permutation(S, Init, Final, InitIndex, Index >> 1);
      Index >>= 1;
      Node = Rpo256::digestOf(S);
    }
    return Node;
  }

private:
  void put(Sels Sel, const Rpo256::State &S, uint64_t Index) {
    for (unsigned J = 0; J < 3; ++J)
      Main[HSel + J][Row] = Felt(Sel[J]);
    for (unsigned J = 0; J < 12; ++J)
      Main[HState + J][Row] = S[J];
    Main[HIndex][Row] = Felt(Index);
    ++Row;
  }
  MainTrace &Main;
};

ControlOpCode domainOf(MastNodeKind K) {
  switch (K) {
  case MastNodeKind::Join:
    return ControlOpCode::Join;
  case MastNodeKind::Split:
    return ControlOpCode::Split;
  case MastNodeKind::Loop:
    return ControlOpCode::Loop;
  case MastNodeKind::Call:
    return ControlOpCode::Call;
  case MastNodeKind::SysCall:
    return ControlOpCode::SysCall;
  case MastNodeKind::Dyn:
    return ControlOpCode::Dyn;
  case MastNodeKind::DynCall:
    return ControlOpCode::DynCall;
  default:
    return ControlOpCode::Span;
  }
}

void buildBlockHash(const VmTraceInputs &In, size_t K, HasherWriter &W) {
  auto [F, Id] = blockNode(In, K);
  Rpo256::State S{};
  if (!F) {
    // Unknown node: keep the row count (one cycle) with an all-zero input.
    W.permutation(S, LinearHash, ReturnHash, 0, 0);
    return;
  }
  const MastNode &N = F->node(Id);
  if (N.Kind == MastNodeKind::Block) {
    const std::vector<OpBatch> &Batches = F->block(Id).Batches;
    for (size_t B = 0; B < Batches.size(); ++B) {
      for (unsigned J = 0; J < 8; ++J)
        S[4 + J] = Batches[B].Groups[J]; // the first batch initialises, later ones absorb
      Sels Init = B == 0 ? LinearHash : Sels{0, 0, 0};
      Sels Final = B + 1 == Batches.size() ? ReturnHash : LinearHash;
      W.permutation(S, Init, Final, 0, 0);
    }
  } else {
    S[1] = Felt(uint64_t(domainOf(N.Kind)));
    unsigned NumChildren = N.Kind == MastNodeKind::Join || N.Kind == MastNodeKind::Split    ? 2
                           : N.Kind == MastNodeKind::Dyn || N.Kind == MastNodeKind::DynCall ? 0
                                                                                            : 1;
    for (unsigned C = 0; C < NumChildren; ++C) {
      const Digest &D = F->digest(N.Children[C]);
      for (unsigned J = 0; J < 4; ++J)
        S[4 + 4 * C + J] = D[J];
    }
    W.permutation(S, LinearHash, ReturnHash, 0, 0);
  }
  assert(Rpo256::digestOf(S) == N.Hash && "block hash rows do not reproduce the node digest");
}

void buildHasherRecord(const HasherRecord &R, HasherWriter &W) {
  switch (R.Kind) {
  case HasherRecord::Permute: {
    Rpo256::State S = R.In;
    W.permutation(S, LinearHash, ReturnState, 0, 0);
    assert(S == R.Out && "permutation rows do not reproduce HPERM's output");
    return;
  }
  case HasherRecord::MerkleVerify: {
    Digest Leaf(R.Leaf[0], R.Leaf[1], R.Leaf[2], R.Leaf[3]);
    W.merklePath(Leaf, R.Path, R.Index, MpVerify, {0, 0, 1});
    return;
  }
  case HasherRecord::MerkleUpdate: {
    Digest Old(R.Leaf[0], R.Leaf[1], R.Leaf[2], R.Leaf[3]);
    Digest New(R.NewLeaf[0], R.NewLeaf[1], R.NewLeaf[2], R.NewLeaf[3]);
    W.merklePath(Old, R.Path, R.Index, MrUpdateOld, {0, 1, 0});
    W.merklePath(New, R.Path, R.Index, MrUpdateNew, {0, 1, 1});
    return;
  }
  }
}

/// A memory chiplet row before sorting.
struct MemRow {
  ContextId Ctx;
  uint32_t Word;
  uint64_t Clk;
  size_t Seq;
  bool IsRead, IsWord;
  unsigned Idx;
  zkvm::Word V;
};

std::vector<MemRow> memoryRows(const ExecutionTrace &T) {
  std::map<std::pair<ContextId, uint32_t>, zkvm::Word> State;
  std::vector<MemRow> Rows;
  Rows.reserve(T.MemoryAccesses.size());
  for (size_t K = 0; K < T.MemoryAccesses.size(); ++K) {
    const MemoryRecord &M = T.MemoryAccesses[K];
    uint32_t WordAddr = M.Addr & ~3u;
    zkvm::Word &W = State[{M.Ctx, WordAddr}]; // zero-initialised
    unsigned Idx = M.IsWord ? 0 : M.Addr & 3;
    if (M.IsWrite) {
      if (M.IsWord)
        W = M.Values;
      else
        W[Idx] = M.Values[0];
    }
    Rows.push_back({M.Ctx, WordAddr, M.Clk, K, !M.IsWrite, M.IsWord, Idx, W});
  }
  std::sort(Rows.begin(), Rows.end(), [](const MemRow &A, const MemRow &B) {
    return std::tie(A.Ctx, A.Word, A.Clk, A.Seq) < std::tie(B.Ctx, B.Word, B.Clk, B.Seq);
  });
  return Rows;
}

/// Kernel ROM rows: each procedure once, then once per call.
std::vector<std::pair<bool, Digest>> kernelRows(const VmTraceInputs &In) {
  std::vector<std::pair<bool, Digest>> Rows;
  for (const Digest &D : In.Program.kernelDigests()) {
    Rows.push_back({true, D});
    for (const Digest &C : In.Trace.KernelCalls)
      if (C == D)
        Rows.push_back({false, D});
  }
  return Rows;
}

} // namespace

ChipletsSegments zkvm::vmair::chipletsSegments(const VmTraceInputs &In) {
  ChipletsSegments S;
  for (const HasherJob &J : hasherJobs(In))
    S.Hasher += jobRows(In, J);
  S.Bitwise = 8 * In.Trace.Bitwise.size();
  S.Memory = In.Trace.MemoryAccesses.size();
  S.Ace = aceRowsNeeded(In.Trace);
  S.KernelRom = kernelRows(In).size();
  return S;
}

size_t zkvm::vmair::chipletsRowsNeeded(const VmTraceInputs &In) {
  return chipletsSegments(In).total() + 1;
}

ChipletsHasherAddresses zkvm::vmair::hasherAddresses(const VmTraceInputs &In) {
  ChipletsHasherAddresses A;
  A.BlockHashAddr.resize(In.Trace.BlockHashes.size());
  A.HasherAddr.resize(In.Trace.Hasher.size());
  uint64_t Row = 0;
  for (const HasherJob &J : hasherJobs(In)) {
    (J.Kind == HasherJob::Block ? A.BlockHashAddr : A.HasherAddr)[J.Index] = Row + 1;
    Row += jobRows(In, J);
  }
  return A;
}

void zkvm::vmair::buildChipletsColumns(const VmTraceInputs &In, MainTrace &Main) {
  const ExecutionTrace &T = In.Trace;
  size_t Length = Main[Sel].size();
  assert(chipletsRowsNeeded(In) <= Length && "trace too short for the chiplets");
  auto setSelectors = [&](size_t Row, unsigned Ones, bool Terminated) {
    for (unsigned J = 0; J < Ones; ++J)
      Main[Sel + J][Row] = Felt::one();
    if (Terminated)
      Main[Sel + Ones][Row] = Felt::zero();
  };

  // Hasher: s0 = 0.
  HasherWriter W(Main);
  for (const HasherJob &J : hasherJobs(In)) {
    if (J.Kind == HasherJob::Block)
      buildBlockHash(In, J.Index, W);
    else
      buildHasherRecord(T.Hasher[J.Index], W);
  }
  size_t Row = W.Row;

  // Bitwise: s = (1, 0); 8 rows per operation, a 4-bit limb per row, most significant first.
  for (const BitwiseRecord &B : T.Bitwise) {
    uint32_t Z = B.IsXor ? B.A ^ B.B : B.A & B.B;
    uint64_t ZPrev = 0;
    for (unsigned R = 0; R < 8; ++R, ++Row) {
      setSelectors(Row, 1, true);
      unsigned Shift = 28 - 4 * R;
      Main[BOp][Row] = Felt(uint64_t(B.IsXor));
      Main[BA][Row] = Felt(uint64_t(B.A >> Shift));
      Main[BB][Row] = Felt(uint64_t(B.B >> Shift));
      for (unsigned J = 0; J < 4; ++J) {
        Main[BABits + J][Row] = Felt(uint64_t((B.A >> (Shift + J)) & 1));
        Main[BBBits + J][Row] = Felt(uint64_t((B.B >> (Shift + J)) & 1));
      }
      uint64_t ZCur = uint64_t(Z >> Shift);
      Main[BZPrev][Row] = Felt(ZPrev);
      Main[BZ][Row] = Felt(ZCur);
      ZPrev = ZCur;
    }
  }

  // Memory: s = (1, 1, 0).
  {
    // EVALCIRCUIT's reads (all at its cycle) answer the ACE chiplet on the
    // vtable column.
    std::set<uint64_t> AceClks;
    for (const CircuitRecord &Cr : T.Circuits)
      AceClks.insert(Cr.Clk);
    std::vector<MemRow> Rows = memoryRows(T);
    for (size_t K = 0; K < Rows.size(); ++K, ++Row) {
      const MemRow &M = Rows[K];
      setSelectors(Row, 2, true);
      Main[MRw][Row] = Felt(uint64_t(M.IsRead));
      Main[MEw][Row] = Felt(uint64_t(M.IsWord));
      Main[MCtx][Row] = Felt(uint64_t(M.Ctx));
      Main[MWord][Row] = Felt(uint64_t(M.Word));
      Main[MIdx0][Row] = Felt(uint64_t(M.Idx & 1));
      Main[MIdx1][Row] = Felt(uint64_t(M.Idx >> 1));
      Main[MClk][Row] = Felt(M.Clk);
      for (unsigned J = 0; J < 4; ++J)
        Main[MV + J][Row] = M.V[J];
      // The first row's delta is 1 (Miden starts from clk - 1 in the same word).
      bool First = K == 0;
      const MemRow *P = First ? nullptr : &Rows[K - 1];
      bool SameCtx = First || P->Ctx == M.Ctx, SameWord = SameCtx && (First || P->Word == M.Word);
      uint64_t Delta = First       ? 1
                       : !SameCtx  ? uint64_t(M.Ctx) - P->Ctx
                       : !SameWord ? uint64_t(M.Word) - P->Word
                                   : M.Clk - P->Clk;
      assert(Delta < (uint64_t(1) << 32) && "memory delta does not fit in 32 bits");
      Main[MD0][Row] = Felt(Delta & 0xFFFF);
      Main[MD1][Row] = Felt((Delta >> 16) & 0xFFFF);
      Main[MDInv][Row] = Felt(Delta).inverse();
      Main[MFscw][Row] = Felt(uint64_t(SameWord));
      Main[MAce][Row] = Felt(uint64_t(M.IsRead && AceClks.count(M.Clk)));
    }
  }

  // ACE: s = (1, 1, 1, 0), then its 16 columns (Ace.h). The VM records a
  // circuit only once it evaluated, so its rows build.
  for (const AceRow &R : llvm::cantFail(buildAceRows(T))) {
    setSelectors(Row, 3, true);
    for (unsigned J = 0; J < ace::Width; ++J)
      Main[AceCol + J][Row] = R[J];
    ++Row;
  }

  // Kernel ROM: s = (1, 1, 1, 1, 0).
  for (const auto &[IsFirst, D] : kernelRows(In)) {
    setSelectors(Row, 4, true);
    Main[KFirst][Row] = Felt(uint64_t(IsFirst));
    for (unsigned J = 0; J < 4; ++J)
      Main[KRoot + J][Row] = D[J];
    ++Row;
  }

  // Padding: s = (1, 1, 1, 1, 1), the rest 0.
  for (; Row < Length; ++Row)
    setSelectors(Row, 5, false);
}

std::vector<unsigned> zkvm::vmair::chipletsConstraintDegrees() {
  std::vector<unsigned> D = {2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 2};
  // Hasher.
  for (unsigned X : {3, 3, 3, 8, 8, 4, 4, 5, 7, 6})
    D.push_back(X);
  D.insert(D.end(), 12, 9); // RPO rounds
  D.insert(D.end(), 4, 6);  // ABP capacity
  D.insert(D.end(), 4, 7);  // Merkle digest placement
  D.insert(D.end(), 4, 6);  // Merkle capacity
  // Bitwise.
  D.insert(D.end(), 16, 4);
  D.push_back(5);
  D.push_back(5);
  // Memory.
  for (unsigned X : {5, 5, 5, 5, 5, 7, 6, 9, 8, 8, 7, 8})
    D.push_back(X);
  D.insert(D.end(), 8, 9);
  for (unsigned X : aceConstraintDegrees())
    D.push_back(X);
  // Kernel ROM.
  for (unsigned X : {7, 7, 8, 8, 8, 8})
    D.push_back(X);
  assert(D.size() == NumConstraints);
  return D;
}

std::vector<std::vector<Felt>> zkvm::vmair::chipletsPeriodicColumns() {
  std::vector<std::vector<Felt>> P(NumPeriodic, std::vector<Felt>(8));
  P[PHk0][7] = Felt::one();
  P[PHk1][6] = Felt::one();
  P[PHk2][0] = Felt::one();
  for (unsigned R = 0; R < Rpo256::NumRounds; ++R)
    for (unsigned J = 0; J < 12; ++J) {
      P[PArk1 + J][R] = Felt(Rpo256::arkFirst(R)[J]);
      P[PArk2 + J][R] = Felt(Rpo256::arkSecond(R)[J]);
    }
  P[PBk0][0] = Felt::one();
  for (unsigned R = 0; R < 7; ++R)
    P[PBk1][R] = Felt::one();
  return P;
}

// --- Bus messages ---------------------------------------------------------------

namespace {
bool isOne(Felt X) { return X == Felt::one(); }
} // namespace

ChipletKind zkvm::vmair::chipletOf(const MainTrace &M, size_t Row) {
  unsigned K = 0; // a chiplet owns the selector prefix of ones, then a zero
  while (K < 5 && isOne(M[Sel + K][Row]))
    ++K;
  return ChipletKind(K);
}

namespace {

std::vector<Felt> hasherElements(const MainTrace &M, size_t Row) {
  std::vector<Felt> E(14);
  E[0] = Felt(uint64_t(Row + 1));
  E[1] = M[HIndex][Row];
  return E;
}
} // namespace

std::vector<ChipletsBusMessage> zkvm::vmair::chipletsBusResponses(const MainTrace &M) {
  std::vector<ChipletsBusMessage> Out;
  size_t N = M[Sel].size();
  for (size_t Row = 0; Row < N; ++Row) {
    switch (chipletOf(M, Row)) {
    case ChipletKind::Hasher: {
      unsigned Phase = Row % 8;
      if (Phase != 0 && Phase != 7)
        break;
      bool S0 = isOne(M[HSel][Row]), S1 = isOne(M[HSel + 1][Row]), S2 = isOne(M[HSel + 2][Row]);
      uint64_t Op = 1 + (uint64_t(S0) << 1) + (uint64_t(S1) << 2) + (uint64_t(S2) << 3);
      // Miden v0.20.6: op label + 16 on a cycle's first row, + 32 on its last
      // (the decoder's SPAN/JOIN request 3 + 16, END 1 + 32, RESPAN 3 + 32).
      uint64_t Label = Op + (Phase == 7 ? 32 : 16);
      std::vector<Felt> E = hasherElements(M, Row);
      if (Phase == 0) {
        if (!S0)
          break;
        if (!S1 && !S2) { // BP: the whole state
          for (unsigned J = 0; J < 12; ++J)
            E[2 + J] = M[HState + J][Row];
        } else { // MP, MV, MU: the leaf, in the word the index bit says
          if (Row + 1 >= N)
            break;
          Felt B = M[HIndex][Row] - M[HIndex][Row + 1] * Felt(2);
          unsigned From = isOne(B) ? 8 : 4;
          for (unsigned J = 0; J < 4; ++J)
            E[6 + J] = M[HState + From + J][Row];
        }
      } else {
        if (!S0 && !S1 && !S2) { // HOUT: the digest
          for (unsigned J = 0; J < 4; ++J)
            E[6 + J] = M[HState + 4 + J][Row];
        } else if (!S0 && !S1 && S2) { // SOUT: the whole state
          for (unsigned J = 0; J < 12; ++J)
            E[2 + J] = M[HState + J][Row];
        } else if (S0 && !S1 && !S2) { // ABP: the absorbed batch
          if (Row + 1 >= N)
            break;
          // Miden v0.20.6: the next row's rate h'4..h'11 (the sponge
          // overwrites the rate; the decoder's RESPAN sends the new batch).
          for (unsigned J = 0; J < 8; ++J)
            E[6 + J] = M[HState + 4 + J][Row + 1];
        } else {
          break; // MPA, MVA, MUA: the sibling table only
        }
      }
      Out.push_back({Row, Felt(Label), std::move(E)});
      break;
    }
    case ChipletKind::Bitwise: // the last row of each cycle
      if (Row % 8 == 7)
        Out.push_back({Row,
                       Felt(isOne(M[BOp][Row]) ? BitwiseXorLabel : BitwiseAndLabel),
                       {M[BA][Row], M[BB][Row], M[BZ][Row]}});
      break;
    case ChipletKind::Memory: { // ACE reads answer on the vtable column
      if (isOne(M[MAce][Row]))
        break;
      bool Read = isOne(M[MRw][Row]), IsWord = isOne(M[MEw][Row]);
      uint64_t Label = IsWord ? (Read ? MemReadWordLabel : MemWriteWordLabel)
                              : (Read ? MemReadElementLabel : MemWriteElementLabel);
      Felt Idx = M[MIdx1][Row] * Felt(2) + M[MIdx0][Row];
      std::vector<Felt> E = {M[MCtx][Row], M[MWord][Row] + Idx, M[MClk][Row]};
      if (IsWord)
        for (unsigned J = 0; J < 4; ++J)
          E.push_back(M[MV + J][Row]);
      else
        E.push_back(M[MV + unsigned(Idx.value() & 3)][Row]);
      Out.push_back({Row, Felt(Label), std::move(E)});
      break;
    }
    case ChipletKind::Ace: { // a section's first row answers its EVALCIRCUIT
      if (!isOne(M[AceCol + ace::SStart][Row]))
        break;
      Felt NEval = M[AceCol + ace::NEvalOrId2][Row];
      Out.push_back(
          {Row,
           Felt(AceInitLabel),
           {M[AceCol + ace::Clk][Row], M[AceCol + ace::Ctx][Row], M[AceCol + ace::Ptr][Row],
            M[AceCol + ace::Id0][Row] + Felt::one() - NEval, NEval}});
      break;
    }
    case ChipletKind::KernelRom:
      Out.push_back({Row,
                     Felt(isOne(M[KFirst][Row]) ? KernelProcInitLabel : KernelProcCallLabel),
                     {M[KRoot][Row], M[KRoot + 1][Row], M[KRoot + 2][Row], M[KRoot + 3][Row]}});
      break;
    default:
      break;
    }
  }
  return Out;
}

std::vector<ChipletsBusMessage> zkvm::vmair::hasherSiblingTable(const MainTrace &M) {
  std::vector<ChipletsBusMessage> Out;
  size_t N = M[Sel].size();
  for (size_t Row = 0; Row < N; ++Row) {
    unsigned Phase = Row % 8;
    if (chipletOf(M, Row) != ChipletKind::Hasher || (Phase != 0 && Phase != 7) ||
        !isOne(M[HSel][Row]) || !isOne(M[HSel + 1][Row]))
      continue;
    // MV/MU (first row): the sibling is in this row's state; MVA/MUA (last
    // row): in the next row's.
    size_t From = Phase == 0 ? Row : Row + 1;
    if (From >= N)
      continue;
    std::vector<Felt> E = hasherElements(M, Row);
    E[0] = Felt::zero();
    bool Lsb = M[HIndex][Row].value() & 1;
    unsigned Slot = Lsb ? 4 : 8; // the node's sibling is the other word
    for (unsigned J = 0; J < 4; ++J)
      E[2 + Slot + J] = M[HState + Slot + J][From];
    Out.push_back({Row, Felt::zero(), std::move(E), isOne(M[HSel + 2][Row])});
  }
  return Out;
}

std::vector<uint16_t> zkvm::vmair::memoryRangeChecks(const MainTrace &M) {
  std::vector<uint16_t> Out;
  size_t N = M[Sel].size();
  for (size_t Row = 0; Row < N; ++Row)
    if (chipletOf(M, Row) == ChipletKind::Memory) {
      Out.push_back(uint16_t(M[MD0][Row].value()));
      Out.push_back(uint16_t(M[MD1][Row].value()));
    }
  return Out;
}
