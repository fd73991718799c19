//===- Decoder.cpp - The VM AIR's program decoder: trace building ---------===//
//
// Builds main-trace columns 6..29 from the execution record by replaying the
// decoder's block stack over the recorded cycles (Miden v0.20.6's decoder
// trace: docs/src/design/decoder/), and the three tables' running products.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Air/Vm/Decoder.h"
#include "zkvm/Air/Protocol.h"
#include "zkvm/Air/Vm/Stack.h"

#include "llvm/Support/Parallel.h"

#include <algorithm>
#include <cassert>

namespace zkvm {
namespace vmair {

namespace {

constexpr uint64_t HashCycleLen = 8;

bool isControl(const CycleRecord &C, ControlOpCode Op) {
  return C.IsControl && C.Opcode == uint8_t(Op);
}

uint64_t blockHashRows(const ExecutionTrace &T, uint64_t Clk) {
  assert(Clk < T.Cycles.size() && "block entry past the recorded cycles");
  const CycleRecord &C = T.Cycles[Clk];
  if (isControl(C, ControlOpCode::Span))
    return HashCycleLen * C.Forest->block(C.Node).Batches.size();
  return HashCycleLen;
}

uint64_t recordRows(const HasherRecord &R) {
  switch (R.Kind) {
  case HasherRecord::Permute:
    return HashCycleLen;
  case HasherRecord::MerkleVerify:
    return HashCycleLen * R.Path.size();
  case HasherRecord::MerkleUpdate:
    return 2 * HashCycleLen * R.Path.size();
  }
  return HashCycleLen;
}

void putU16Limbs(std::array<Felt, 6> &H, unsigned At, uint64_t V32) {
  H[At] = Felt(V32 & 0xFFFF);
  H[At + 1] = Felt((V32 >> 16) & 0xFFFF);
}

enum class BlockKind { Join, Split, Loop, Call, SysCall, Dyn, DynCall, Span };

struct BlockInfo {
  uint64_t Addr = 0, Parent = 0;
  BlockKind Kind = BlockKind::Span;
  bool LoopEntered = false, IsLoopBody = false, FirstChildDone = false;
  const MastForest *Forest = nullptr;
  MastNodeId Node = 0;
};

} // namespace

HasherAddresses computeHasherAddresses(const ExecutionTrace &T) {
  HasherAddresses A;
  A.Block.resize(T.BlockHashes.size());
  A.Record.resize(T.Hasher.size());
  uint64_t Next = 1;
  size_t B = 0, R = 0;
  while (B < A.Block.size() || R < A.Record.size()) {
    bool TakeBlock =
        R == A.Record.size() || (B < A.Block.size() && T.BlockHashClks[B] <= T.Hasher[R].Clk);
    if (TakeBlock) {
      A.Block[B] = Next;
      Next += blockHashRows(T, T.BlockHashClks[B]);
      ++B;
    } else {
      A.Record[R] = Next;
      Next += recordRows(T.Hasher[R]);
      ++R;
    }
  }
  A.TotalRows = Next - 1;
  return A;
}

size_t decoderRowsNeeded(const VmTraceInputs &In) { return In.Trace.Cycles.size() + 1; }

std::array<Felt, 6> decoderUserOpHelpers(const ExecutionTrace &T, const HasherAddresses &Addr,
                                         size_t Row) {
  std::array<Felt, 6> H{};
  const CycleRecord &C = T.Cycles[Row];
  if (C.IsControl || Row + 1 >= T.Cycles.size())
    return H;
  const std::array<Felt, 16> &S = C.Stack, &Sn = T.Cycles[Row + 1].Stack;
  auto HasherAt = [&]() -> size_t {
    auto It = std::lower_bound(T.Hasher.begin(), T.Hasher.end(), uint64_t(Row),
                               [](const HasherRecord &R, uint64_t Clk) { return R.Clk < Clk; });
    assert(It != T.Hasher.end() && It->Clk == Row && "no hasher record for the operation");
    return size_t(It - T.Hasher.begin());
  };
  const Felt U32Max(0xFFFFFFFFull);
  switch (OpCode(C.Opcode)) {
  case OpCode::Eq:
    H[0] = S[0] == S[1] ? Felt() : (S[0] - S[1]).inverse();
    break;
  case OpCode::Eqz:
    H[0] = S[0].isZero() ? Felt() : S[0].inverse();
    break;
  case OpCode::Expacc:
    H[0] = (S[3].value() & 1) ? S[1] : Felt::one();
    break;
  case OpCode::U32Split:
  case OpCode::U32Mul:
  case OpCode::U32Madd:
    putU16Limbs(H, 0, Sn[1].value());
    putU16Limbs(H, 2, Sn[0].value());
    H[4] = (U32Max - Sn[0]).inverse();
    break;
  case OpCode::U32Add:
  case OpCode::U32Add3:
    putU16Limbs(H, 0, Sn[1].value());
    putU16Limbs(H, 2, Sn[0].value());
    break;
  case OpCode::U32Sub:
    putU16Limbs(H, 0, Sn[1].value());
    break;
  case OpCode::U32Div: {
    uint64_t Num = S[1].value(), Den = S[0].value();
    uint64_t Quot = Sn[1].value(), Rem = Sn[0].value();
    putU16Limbs(H, 0, Num - Quot);
    putU16Limbs(H, 2, Den - Rem - 1);
    break;
  }
  case OpCode::U32Assert2:
    putU16Limbs(H, 0, S[1].value());
    putU16Limbs(H, 2, S[0].value());
    break;
  case OpCode::HPerm:
  case OpCode::MpVerify:
  case OpCode::MrUpdate:
    H[0] = Felt(Addr.Record[HasherAt()]);
    break;
  case OpCode::LogPrecompile: {
    size_t I = HasherAt();
    H[0] = Felt(Addr.Record[I]);
    for (unsigned K = 0; K < 4; ++K)
      H[1 + K] = T.Hasher[I].In[K];
    break;
  }
  case OpCode::FriE2F4:
  case OpCode::HornerBase:
  case OpCode::HornerExt:
    cryptoOpHelpers(T, Row, H.data());
    break;
  default:
    break;
  }
  return H;
}

void buildDecoderColumns(const VmTraceInputs &In, MainTrace &Main) {
  const ExecutionTrace &T = In.Trace;
  const size_t NumCycles = T.Cycles.size(), Len = Main[0].size();
  assert(NumCycles < Len && "the trace needs a HALT row");
  HasherAddresses Addr = computeHasherAddresses(T);

  auto Put = [&](unsigned Col, size_t Row, Felt V) { Main[Col][Row] = V; };
  auto PutOpcode = [&](size_t Row, unsigned Opcode) {
    for (unsigned I = 0; I < DecNumOpBits; ++I)
      Put(DecOpBitsCol + I, Row, Felt((Opcode >> I) & 1));
    unsigned B4 = (Opcode >> 4) & 1, B5 = (Opcode >> 5) & 1, B6 = (Opcode >> 6) & 1;
    Put(DecOpBitsExtraCol, Row, Felt(B6 & (1 - B5) & B4));
    Put(DecOpBitsExtraCol + 1, Row, Felt(B6 & B5));
  };
  auto PutWord = [&](size_t Row, unsigned At, const Digest &D) {
    for (unsigned I = 0; I < 4; ++I)
      Put(DecHasherCol + At + I, Row, D[I]);
  };
  auto PutBatchFlags = [&](size_t Row, unsigned NumGroups) {
    unsigned C0 = 0, C1 = 0, C2 = 0;
    switch (NumGroups) {
    case 8:
      C0 = 1;
      break;
    case 4:
      C1 = 1;
      break;
    case 2:
      C2 = 1;
      break;
    default:
      C1 = C2 = 1;
      break;
    }
    Put(DecBatchFlagsCol, Row, Felt(C0));
    Put(DecBatchFlagsCol + 1, Row, Felt(C1));
    Put(DecBatchFlagsCol + 2, Row, Felt(C2));
  };

  // Block-entry clock -> hasher address.
  std::vector<uint64_t> EntryAddr(NumCycles, 0);
  for (size_t K = 0; K < T.BlockHashClks.size(); ++K)
    EntryAddr[T.BlockHashClks[K]] = Addr.Block[K];

  std::vector<BlockInfo> Stack;
  // The overflow table's addresses (the clock cycle of the right shift that
  // pushed each entry), per execution context: DYNCALL saves the post-shift
  // top in h5.
  std::vector<uint64_t> Overflow;
  std::vector<std::vector<uint64_t>> SavedOverflow;
  // The basic block being decoded.
  uint64_t GroupsLeft = 0, GroupOpsLeft = 0;

  auto Push = [&](size_t Row, BlockKind K) -> BlockInfo & {
    const CycleRecord &C = T.Cycles[Row];
    BlockInfo B;
    B.Kind = K;
    B.Addr = EntryAddr[Row];
    B.Forest = C.Forest;
    B.Node = C.Node;
    if (!Stack.empty()) {
      const BlockInfo &P = Stack.back();
      B.Parent = P.Addr;
      B.IsLoopBody = P.Kind == BlockKind::Loop;
    }
    Put(DecAddrCol, Row, Felt(B.Parent));
    Stack.push_back(B);
    return Stack.back();
  };

  for (size_t Row = 0; Row < NumCycles; ++Row) {
    const CycleRecord &C = T.Cycles[Row];
    PutOpcode(Row, C.Opcode);
    bool IsCallStart = false, IsCallEnd = false;
    if (C.IsControl) {
      const MastNode *N = C.Forest ? &C.Forest->node(C.Node) : nullptr;
      auto ChildDigest = [&](unsigned I) { return C.Forest->digest(N->Children[I]); };
      switch (ControlOpCode(C.Opcode)) {
      case ControlOpCode::Join:
        Push(Row, BlockKind::Join);
        PutWord(Row, 0, ChildDigest(0));
        PutWord(Row, 4, ChildDigest(1));
        break;
      case ControlOpCode::Split:
        Push(Row, BlockKind::Split);
        PutWord(Row, 0, ChildDigest(0));
        PutWord(Row, 4, ChildDigest(1));
        break;
      case ControlOpCode::Loop:
        Push(Row, BlockKind::Loop).LoopEntered = C.Stack[0] == Felt::one();
        PutWord(Row, 0, ChildDigest(0));
        break;
      case ControlOpCode::Call:
      case ControlOpCode::SysCall:
        Push(Row,
             ControlOpCode(C.Opcode) == ControlOpCode::Call ? BlockKind::Call : BlockKind::SysCall);
        PutWord(Row, 0, ChildDigest(0));
        IsCallStart = true;
        break;
      case ControlOpCode::Dyn:
      case ControlOpCode::DynCall: {
        bool IsCall = ControlOpCode(C.Opcode) == ControlOpCode::DynCall;
        Push(Row, IsCall ? BlockKind::DynCall : BlockKind::Dyn);
        // The callee: the node the next cycle starts.
        assert(Row + 1 < NumCycles && "DYN is the last cycle");
        const CycleRecord &Cn = T.Cycles[Row + 1];
        PutWord(Row, 0, Cn.Forest->digest(Cn.Node));
        if (IsCall) {
          if (C.Depth > 16 && !Overflow.empty())
            Overflow.pop_back();
          Put(DecHasherCol + 4, Row, Felt(std::max<uint64_t>(16, C.Depth - 1)));
          Put(DecHasherCol + 5, Row, Felt(Overflow.empty() ? 0 : Overflow.back()));
          IsCallStart = true;
        }
        break;
      }
      case ControlOpCode::Span: {
        Push(Row, BlockKind::Span);
        const BasicBlock &BB = C.Forest->block(C.Node);
        const OpBatch &B0 = BB.Batches[0];
        uint64_t Total = 0;
        for (const OpBatch &B : BB.Batches)
          Total += B.NumGroups;
        for (unsigned I = 0; I < 8; ++I)
          Put(DecHasherCol + I, Row, B0.Groups[I]);
        Put(DecGroupCountCol, Row, Felt(Total));
        PutBatchFlags(Row, B0.NumGroups);
        GroupsLeft = Total - 1;
        GroupOpsLeft = B0.Groups[0].value();
        break;
      }
      case ControlOpCode::Respan: {
        BlockInfo &Top = Stack.back();
        const OpBatch &B = C.Forest->block(C.Node).Batches[C.Batch];
        Put(DecAddrCol, Row, Felt(Top.Addr));
        for (unsigned I = 0; I < 8; ++I)
          Put(DecHasherCol + I, Row, B.Groups[I]);
        Put(DecGroupCountCol, Row, Felt(GroupsLeft));
        PutBatchFlags(Row, B.NumGroups);
        Top.Addr += HashCycleLen;
        GroupsLeft -= 1;
        GroupOpsLeft = B.Groups[0].value();
        break;
      }
      case ControlOpCode::End: {
        assert(!Stack.empty() && "END without an open block");
        BlockInfo B = Stack.back();
        Stack.pop_back();
        Put(DecAddrCol, Row, Felt(B.Addr));
        PutWord(Row, 0, B.Forest->digest(B.Node));
        Put(DecHasherCol + 4, Row, Felt(B.IsLoopBody));
        Put(DecHasherCol + 5, Row, Felt(B.Kind == BlockKind::Loop && B.LoopEntered));
        Put(DecHasherCol + 6, Row, Felt(B.Kind == BlockKind::Call || B.Kind == BlockKind::DynCall));
        Put(DecHasherCol + 7, Row, Felt(B.Kind == BlockKind::SysCall));
        Put(DecGroupCountCol, Row, Felt(B.Kind == BlockKind::Span ? GroupsLeft : 0));
        if (!Stack.empty() && Stack.back().Kind == BlockKind::Join)
          Stack.back().FirstChildDone = true;
        IsCallEnd = B.Kind == BlockKind::Call || B.Kind == BlockKind::SysCall ||
                    B.Kind == BlockKind::DynCall;
        break;
      }
      case ControlOpCode::Repeat: {
        Put(DecAddrCol, Row, Felt(Stack.back().Addr));
        for (unsigned I = 0; I < 8; ++I)
          Put(DecHasherCol + I, Row, Main[DecHasherCol + I][Row - 1]);
        break;
      }
      case ControlOpCode::Halt:
        break;
      }
    } else {
      // A basic-block operation.
      const BlockInfo &Top = Stack.back();
      const OpBatch &B = C.Forest->block(C.Node).Batches[C.Batch];
      unsigned G = 0;
      while (!(B.GroupStart[G] <= C.OpIndex && C.OpIndex < B.GroupStart[G + 1]))
        ++G;
      unsigned Ox = C.OpIndex - B.GroupStart[G];
      if (Ox == 0 && G != 0) {
        GroupOpsLeft = B.Groups[G].value();
        GroupsLeft -= 1;
      }
      GroupOpsLeft = (GroupOpsLeft - C.Opcode) >> DecNumOpBits;
      Put(DecAddrCol, Row, Felt(Top.Addr));
      Put(DecHasherCol, Row, Felt(GroupOpsLeft));
      Put(DecHasherCol + 1, Row, Felt(Top.Parent));
      std::array<Felt, 6> Helpers = decoderUserOpHelpers(T, Addr, Row);
      for (unsigned I = 0; I < 6; ++I)
        Put(DecUserHelperCol + I, Row, Helpers[I]);
      Put(DecInSpanCol, Row, Felt::one());
      Put(DecGroupCountCol, Row, Felt(GroupsLeft));
      Put(DecOpIndexCol, Row, Felt(Ox));
      if (OpCode(C.Opcode) == OpCode::Push)
        GroupsLeft -= 1;
    }

    // Overflow-table replay (only DYNCALL's h5 reads it).
    if (IsCallStart) {
      SavedOverflow.push_back(Overflow);
      Overflow.clear();
    } else if (IsCallEnd) {
      Overflow = SavedOverflow.back();
      SavedOverflow.pop_back();
    } else if (Row + 1 < NumCycles) {
      uint32_t D = C.Depth, Dn = T.Cycles[Row + 1].Depth;
      if (Dn > D)
        Overflow.push_back(Row);
      else if (Dn < D && D > 16 && !Overflow.empty())
        Overflow.pop_back();
    }
  }

  // HALT padding: h0..h3 keep the program hash, everything else is zero.
  for (size_t Row = NumCycles; Row < Len; ++Row) {
    PutOpcode(Row, uint8_t(ControlOpCode::Halt));
    for (unsigned I = 0; I < 4; ++I)
      Put(DecHasherCol + I, Row, NumCycles ? Main[DecHasherCol + I][NumCycles - 1] : Felt());
  }
}

std::vector<unsigned> decoderConstraintDegrees() {
  std::vector<unsigned> D = {7, 5, 5, 5, 6};
  D.insert(D.end(), 5, 9);            // END -> REPEAT copies h0..h4
  D.insert(D.end(), {8, 5});          // HALT
  D.insert(D.end(), 7, 2);            // op bits binary
  D.insert(D.end(), {5, 3, 2});       // in_span vs control flow, e0, e1
  D.insert(D.end(), {6, 5, 6, 2});    // in_span, block address
  D.insert(D.end(), {3, 8, 6, 5, 5}); // group count
  D.insert(D.end(), {6, 6});          // op group decoding
  D.insert(D.end(), {6, 7, 8, 9});    // op index
  D.insert(D.end(), {2, 2, 2, 5, 6}); // batch flags
  D.insert(D.end(), 7, 4);            // unused groups are zero
  return D;
}

std::vector<Assertion> decoderAssertions(size_t Length) {
  std::vector<Assertion> A;
  A.push_back({false, DecInSpanCol, 0, Felt()});
  unsigned Halt = unsigned(ControlOpCode::Halt);
  for (unsigned I = 0; I < DecNumOpBits; ++I)
    A.push_back({false, DecOpBitsCol + I, Length - 1, Felt((Halt >> I) & 1)});
  return A;
}

std::vector<Assertion> decoderAuxAssertions(size_t Length) {
  std::vector<Assertion> A;
  for (unsigned K = 0; K < DecoderAuxWidth; ++K) {
    A.push_back({true, DecoderAuxOffset + K, 0, Felt::one()});
    A.push_back({true, DecoderAuxOffset + K, Length - 1, Felt::one()});
  }
  return A;
}

template <class E>
std::vector<std::vector<E>> buildDecoderAux(const TraceColumns &Main, const Digest &ProgramHash,
                                            llvm::ArrayRef<E> A) {
  const size_t Len = Main[0].size(), W = Main.size(), Steps = Len - 1;
  std::vector<std::vector<E>> P(DecoderAuxWidth, std::vector<E>(Len));
  std::vector<E> Init = decoderAuxAssertionValues<E>(ProgramHash, A);
  P[0][0] = Init[0];
  P[1][0] = Init[2];
  P[2][0] = Init[4];
  // Each column is a running product of per-row factors v / u. The factors
  // are independent, so row chunks compute them in parallel, inverting each
  // chunk's u with one inversion; only the products run row by row. Exact
  // arithmetic: the same values as dividing row by row.
  std::vector<E> Num[3], Den[3];
  for (unsigned K = 0; K < 3; ++K) {
    Num[K].resize(Steps);
    Den[K].resize(Steps);
  }
  constexpr size_t ChunkRows = 4096;
  llvm::parallelForEachN(0, (Steps + ChunkRows - 1) / ChunkRows, [&](size_t Chunk) {
    const size_t Begin = Chunk * ChunkRows, End = std::min(Steps, Begin + ChunkRows);
    std::vector<Felt> Cur(W), Next(W);
    for (size_t I = Begin; I < End; ++I) {
      for (unsigned C = 0; C < W; ++C) {
        Cur[C] = Main[C][I];
        Next[C] = Main[C][I + 1];
      }
      E U[3], V[3];
      decoderAuxFactors<Felt, E>(EvalFrame<Felt>{Cur, Next}, A, U, V);
      for (unsigned K = 0; K < 3; ++K) {
        Num[K][I] = V[K];
        Den[K][I] = U[K];
      }
    }
    for (unsigned K = 0; K < 3; ++K)
      stark::batchInverseKeepZeros<E>(llvm::MutableArrayRef<E>(Den[K]).slice(Begin, End - Begin));
  });
  for (size_t I = 0; I < Steps; ++I)
    for (unsigned K = 0; K < 3; ++K)
      P[K][I + 1] = P[K][I] * Num[K][I] * Den[K][I];
  return P;
}

template std::vector<std::vector<QuadExt>> buildDecoderAux(const TraceColumns &, const Digest &,
                                                           llvm::ArrayRef<QuadExt>);
template std::vector<std::vector<CubicExt>> buildDecoderAux(const TraceColumns &, const Digest &,
                                                            llvm::ArrayRef<CubicExt>);

} // namespace vmair
} // namespace zkvm
