//===- Stack.cpp - The operand stack's trace columns ------------------------===//
//
// Builds the stack's columns (30..48) from the execution record, the decoder
// columns the stack constraints read (op bits, degree-reduction columns,
// user-op helpers, END flags) until the decoder's builder takes them over,
// and the overflow table's running product.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Air/Vm/Stack.h"
#include "zkvm/VM/AdviceProvider.h"

#include <algorithm>
#include <cassert>

using namespace llvm;

namespace zkvm {
namespace vmair {

namespace {

constexpr uint8_t OpSplit = 84, OpLoop = 85, OpSpan = 86, OpJoin = 87, OpDyn = 88, OpDynCall = 92,
                  OpSysCall = 104, OpCall = 108, OpEnd = 112, OpRepeat = 116;

bool isRightShift(const CycleRecord &R) {
  return !R.IsControl && ((R.Opcode >= 48 && R.Opcode <= 63) || R.Opcode == 91 || R.Opcode == 72);
}
bool isBasicLeftShift(const CycleRecord &R) {
  return !R.IsControl && ((R.Opcode >= 32 && R.Opcode <= 47) || R.Opcode == 76 || R.Opcode == 78);
}

Felt invOrZero(Felt X) { return X.isZero() ? Felt() : X.inverse(); }

size_t numRows(const MainTrace &Main) { return Main.empty() ? 0 : Main[0].size(); }

} // namespace

ExecutionReplay replayExecution(const ExecutionTrace &T) {
  struct Entry {
    uint64_t Addr;
    Felt Val;
    uint64_t Prev;
  };
  struct Saved {
    std::vector<Entry> Overflow;
    uint32_t Depth;
    Word FnHash;
    ContextId Ctx;
  };
  struct Block {
    uint8_t Op;
    bool LoopEntered, IsLoopBody;
  };
  const size_t N = T.Cycles.size();
  ExecutionReplay Out;
  Out.OverflowAddr.resize(N + 1);
  Out.Depth.resize(N + 1);
  Out.FnHash.resize(N + 1);
  Out.EndFlags.assign(N, 0);
  Out.DynCallPost.assign(N, {0, 0});

  std::vector<Entry> Cur;
  std::vector<Saved> Contexts;
  std::vector<Block> Blocks;
  uint32_t Depth = 16;
  Word Fn{};
  ContextId Ctx = 0;
  std::array<Felt, 16> Top{};
  auto B1 = [&] { return Cur.empty() ? uint64_t(0) : Cur.back().Addr; };
  auto CalleeAt = [&](uint64_t Clk) {
    auto It = std::lower_bound(T.BlockHashClks.begin(), T.BlockHashClks.end(), Clk);
    assert(It != T.BlockHashClks.end() && *It == Clk && "no node entered after a call");
    return toWord(T.BlockHashes[It - T.BlockHashClks.begin()]);
  };
  // A left shift of the top 16 (Top is the state before the operation).
  auto ShiftLeft = [&] {
    Felt In;
    if (Depth > 16) {
      In = Cur.back().Val;
      Cur.pop_back();
      --Depth;
    }
    for (unsigned I = 0; I < 15; ++I)
      Top[I] = Top[I + 1];
    Top[15] = In;
  };

  for (size_t I = 0; I < N; ++I) {
    const CycleRecord &R = T.Cycles[I];
    assert(R.Depth == Depth && "replayed stack depth disagrees with the record");
    Out.OverflowAddr[I] = B1();
    Out.Depth[I] = Depth;
    Out.FnHash[I] = Fn;
    Top = R.Stack;
    Ctx = R.Ctx;
    if (isRightShift(R)) {
      Cur.push_back({I, R.Stack[15], B1()});
      ++Depth;
      continue;
    }
    if (isBasicLeftShift(R)) {
      ShiftLeft();
      continue;
    }
    if (!R.IsControl)
      continue;
    bool InLoop = !Blocks.empty() && Blocks.back().Op == OpLoop && Blocks.back().LoopEntered;
    switch (R.Opcode) {
    case OpSpan:
    case OpJoin:
      Blocks.push_back({R.Opcode, false, InLoop});
      break;
    case OpSplit:
    case OpDyn:
      Blocks.push_back({R.Opcode, false, InLoop});
      ShiftLeft();
      break;
    case OpLoop:
      Blocks.push_back({R.Opcode, R.Stack[0] == Felt::one(), InLoop});
      ShiftLeft();
      break;
    case OpRepeat:
      ShiftLeft();
      break;
    case OpDynCall:
    case OpCall:
    case OpSysCall:
      Blocks.push_back({R.Opcode, false, InLoop});
      if (R.Opcode == OpDynCall) {
        ShiftLeft();
        Out.DynCallPost[I] = {Depth, B1()};
      }
      Contexts.push_back({std::move(Cur), Depth, Fn, Ctx});
      Cur.clear();
      Depth = 16;
      Ctx = R.Opcode == OpSysCall ? ContextId(0) : ContextId(I + 1);
      if (R.Opcode != OpSysCall)
        Fn = CalleeAt(I + 1);
      break;
    case OpEnd: {
      assert(!Blocks.empty() && "END without an open block");
      Block B = Blocks.back();
      Blocks.pop_back();
      bool IsCall = B.Op == OpCall || B.Op == OpDynCall, IsSys = B.Op == OpSysCall;
      Out.EndFlags[I] = uint8_t(B.IsLoopBody) | uint8_t(B.LoopEntered) << 1 | uint8_t(IsCall) << 2 |
                        uint8_t(IsSys) << 3;
      if (B.LoopEntered)
        ShiftLeft();
      if (IsCall || IsSys) {
        Saved S = std::move(Contexts.back());
        Contexts.pop_back();
        Cur = std::move(S.Overflow);
        Depth = S.Depth;
        Fn = S.FnHash;
        Ctx = S.Ctx;
      }
      break;
    }
    default: // RESPAN, HALT
      break;
    }
  }
  Out.OverflowAddr[N] = B1();
  Out.Depth[N] = Depth;
  Out.FnHash[N] = Fn;
  Out.FinalStack = Top;
  Out.FinalCtx = Ctx;
  return Out;
}

void userOpHelpers(const CycleRecord &R, Felt Out[NumUserHelpers]) {
  for (unsigned I = 0; I < NumUserHelpers; ++I)
    Out[I] = Felt();
  if (R.IsControl)
    return;
  const auto &S = R.Stack;
  auto Limbs = [&](uint64_t Lo, uint64_t Hi, bool CheckElement) {
    Out[0] = Felt(Lo & 0xFFFF);
    Out[1] = Felt((Lo >> 16) & 0xFFFF);
    Out[2] = Felt(Hi & 0xFFFF);
    Out[3] = Felt((Hi >> 16) & 0xFFFF);
    if (CheckElement)
      Out[4] = invOrZero(Felt(0xFFFFFFFFull) - Felt(Hi));
  };
  const uint64_t Mask = 0xFFFFFFFFull;
  switch (R.Opcode) {
  case 33: // EQ
    Out[0] = invOrZero(S[0] - S[1]);
    break;
  case 1: // EQZ
    Out[0] = invOrZero(S[0]);
    break;
  case 15: // EXPACC
    Out[0] = (S[3].value() & 1) ? S[1] : Felt::one();
    break;
  case 64: { // U32ADD
    uint64_t V = S[0].value() + S[1].value();
    Limbs(V & Mask, V >> 32, false);
    break;
  }
  case 66: // U32SUB
    Limbs((S[1].value() - S[0].value()) & Mask, 0, false);
    break;
  case 68: { // U32MUL
    uint64_t V = S[0].value() * S[1].value();
    Limbs(V & Mask, V >> 32, true);
    break;
  }
  case 70: { // U32DIV
    uint64_t Den = S[0].value(), Num = S[1].value();
    uint64_t Q = Den ? Num / Den : 0, Rem = Num - Q * Den;
    Limbs(Num - Q, Den - Rem - 1, false);
    break;
  }
  case 72: { // U32SPLIT
    uint64_t V = S[0].value();
    Limbs(V & Mask, V >> 32, true);
    break;
  }
  case 74: // U32ASSERT2: low pair from s1, high pair from s0 (Miden's order)
    Limbs(S[1].value(), S[0].value(), false);
    break;
  case 76: { // U32ADD3
    uint64_t V = S[0].value() + S[1].value() + S[2].value();
    Limbs(V & Mask, V >> 32, false);
    break;
  }
  case 78: { // U32MADD
    uint64_t V = S[0].value() * S[1].value() + S[2].value();
    Limbs(V & Mask, V >> 32, true);
    break;
  }
  default:
    break;
  }
}

bool cryptoOpHelpers(const ExecutionTrace &T, size_t Row, Felt Out[NumUserHelpers]) {
  const CycleRecord &R = T.Cycles[Row];
  if (R.IsControl || (R.Opcode != 40 && R.Opcode != 89 && R.Opcode != 90))
    return false;
  const auto &S = R.Stack;
  const QuadExt Acc(S[15], S[14]);
  auto Put = [&](unsigned At, QuadExt V) {
    Out[At] = V[0];
    Out[At + 1] = V[1];
  };
  // The cycle's memory reads (records are in clock order).
  auto Reads = std::lower_bound(T.MemoryAccesses.begin(), T.MemoryAccesses.end(), uint64_t(Row),
                                [](const MemoryRecord &M, uint64_t Clk) { return M.Clk < Clk; });
  switch (R.Opcode) {
  case 89: { // HORNERBASE: alpha from two element reads, tmp1, tmp0
    assert(Reads + 1 < T.MemoryAccesses.end() && Reads[1].Clk == Row && "no alpha reads");
    QuadExt Alpha(Reads[0].Values[0], Reads[1].Values[0]);
    QuadExt Tmp0 = (Acc * Alpha + QuadExt(S[7])) * Alpha + QuadExt(S[6]);
    QuadExt Tmp1 = ((Tmp0 * Alpha + QuadExt(S[5])) * Alpha + QuadExt(S[4])) * Alpha + QuadExt(S[3]);
    Put(0, Alpha);
    Put(2, Tmp1);
    Put(4, Tmp0);
    return true;
  }
  case 90: { // HORNEREXT: alpha's word (alpha, k0, k1), tmp
    assert(Reads < T.MemoryAccesses.end() && Reads->Clk == Row && "no alpha read");
    const Word &W = Reads->Values;
    QuadExt Alpha(W[0], W[1]);
    QuadExt Tmp = (Acc * Alpha + QuadExt(S[7], S[6])) * Alpha + QuadExt(S[5], S[4]);
    for (unsigned J = 0; J < 4; ++J)
      Out[J] = W[J];
    Put(4, Tmp);
    return true;
  }
  default: { // FRIE2F4: ev = alpha / x, es = ev^2, x = poe tau^-d_seg g, 1 / x
    uint64_t Seg = S[9].value();
    assert(Seg < 4 && "FRIE2F4 ran with a bad domain segment");
    Felt X = S[10] * FriTauInvPow[Seg] * FriDomainOffset;
    Felt XInv = invOrZero(X);
    QuadExt Ev = QuadExt(S[14], S[13]) * QuadExt(XInv);
    Put(0, Ev);
    Put(2, Ev * Ev);
    Out[4] = X;
    Out[5] = XInv;
    return true;
  }
  }
}

size_t stackRowsNeeded(const VmTraceInputs &In) { return In.Trace.Cycles.size() + 1; }

void buildStackColumns(const VmTraceInputs &In, MainTrace &Main) {
  const std::vector<CycleRecord> &Cycles = In.Trace.Cycles;
  const size_t N = Cycles.size(), Len = numRows(Main);
  assert(Len > N && "trace too short for the stack");
  ExecutionReplay Rp = replayExecution(In.Trace);
  for (size_t Row = 0; Row < Len; ++Row) {
    size_t R = std::min(Row, N);
    const std::array<Felt, 16> &S = R < N ? Cycles[R].Stack : Rp.FinalStack;
    for (unsigned I = 0; I < 16; ++I)
      Main[StackTopCol + I][Row] = S[I];
    Felt Depth = Felt(uint64_t(Rp.Depth[R]));
    Main[StackDepthCol][Row] = Depth;
    Main[StackOverflowCol][Row] = Felt(Rp.OverflowAddr[R]);
    Main[StackHelperCol][Row] = invOrZero(Depth - Felt(16));
  }
}

void buildOpBitColumns(const VmTraceInputs &In, MainTrace &Main) {
  const std::vector<CycleRecord> &Cycles = In.Trace.Cycles;
  const size_t N = Cycles.size(), Len = numRows(Main);
  for (size_t Row = 0; Row < Len; ++Row) {
    unsigned Op = Row < N ? Cycles[Row].Opcode : HaltOpcode;
    unsigned B4 = (Op >> 4) & 1, B5 = (Op >> 5) & 1, B6 = (Op >> 6) & 1;
    for (unsigned I = 0; I < 7; ++I)
      Main[OpBitsCol + I][Row] = Felt((Op >> I) & 1);
    Main[OpBitsExtraCol][Row] = Felt(B6 & (1 - B5) & B4);
    Main[OpBitsExtraCol + 1][Row] = Felt(B6 & B5);
  }
}

void buildStackHelperColumns(const VmTraceInputs &In, MainTrace &Main) {
  const std::vector<CycleRecord> &Cycles = In.Trace.Cycles;
  ExecutionReplay Rp = replayExecution(In.Trace);
  for (size_t Row = 0; Row < Cycles.size(); ++Row) {
    const CycleRecord &R = Cycles[Row];
    if (!R.IsControl) {
      Felt H[NumUserHelpers];
      userOpHelpers(R, H);
      cryptoOpHelpers(In.Trace, Row, H);
      for (unsigned I = 0; I < NumUserHelpers; ++I)
        Main[UserHelperCol + I][Row] = H[I];
    } else if (R.Opcode == OpEnd) {
      for (unsigned I = 0; I < 4; ++I)
        Main[IsLoopBodyCol + I][Row] = Felt((Rp.EndFlags[Row] >> I) & 1);
    } else if (R.Opcode == OpDynCall) {
      Main[IsLoopBodyCol][Row] = Felt(uint64_t(Rp.DynCallPost[Row].first));
      Main[IsLoopCol][Row] = Felt(Rp.DynCallPost[Row].second);
    }
  }
}

std::vector<unsigned> stackConstraintDegrees() {
  std::vector<unsigned> D = {
      7, 3, 7, 8, 6, 8, // depth, h0, b1 on right shifts, zero in, b1 on calls, b1 kept
      8, 8, 9, 9, 8, 8, 9, 9, 9, 9, 9, 9, 9, 9, // ADD NEG MUL INV INCR NOT AND OR EQ EQZ
      9, 9, 9, 8, 8, 8, 9, 9,                   // EXPACC, EXT2MUL
      8, 8, 8, 8, 8, 8,                         // ASSERT, CLK, CALLER
      8, 6, 5, 5,                               // SDEPTH, PIPE/MSTREAM, CRYPTOSTREAM
  };
  D.insert(D.end(), 1 + 13 + 2 + 16 + 7, 8); // PAD, DUP/MOVUP, SWAP, SWAPWx, MOVDN
  D.insert(D.end(), 10, 9);                  // CSWAP, CSWAPW
  for (unsigned X : {9, 7, 7, 7, 7, 7, 7, 8, 8, 8, 8, 7, 7, 7, 7}) // u32
    D.push_back(X);
  D.insert(D.end(), 16, 8);             // general
  D.push_back(9);                       // top binary
  for (unsigned X : {8, 8, 9, 9, 9, 9}) // HORNERBASE: tmp0, tmp1, acc'
    D.push_back(X);
  D.insert(D.end(), 4, 8); // HORNEREXT: tmp, acc'
  // FRIE2F4: flags binary, one flag, d_seg, f_tau, poe^2, poe^4, x, 1/x, ev,
  // es, pe, tmp0, tmp1, folded, pointer, f_pos.
  for (unsigned X : {9, 9, 9, 9, 8, 8, 8, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 8, 8})
    D.push_back(X);
  assert(D.size() == NumStackConstraints);
  return D;
}

std::vector<Assertion> stackAssertions(ArrayRef<Felt> Inputs, ArrayRef<Felt> Outputs,
                                       size_t LastRow) {
  std::vector<Assertion> A;
  for (unsigned I = 0; I < 16; ++I)
    A.push_back({false, StackTopCol + I, 0, I < Inputs.size() ? Inputs[I] : Felt()});
  A.push_back({false, StackDepthCol, 0, Felt(16)});
  A.push_back({false, StackOverflowCol, 0, Felt()});
  for (unsigned I = 0; I < 16; ++I)
    A.push_back({false, StackTopCol + I, LastRow, I < Outputs.size() ? Outputs[I] : Felt()});
  return A;
}

template <class E>
std::vector<E> buildStackOverflowColumn(const MainTrace &Main, ArrayRef<E> Alphas) {
  const size_t Len = numRows(Main);
  std::vector<E> Num(Len, E(Felt::one())), Den(Len, E(Felt::one()));
  auto Row = [&](Felt Addr, Felt Val, Felt Prev) {
    return Alphas[0] + Alphas[1] * E(Addr) + Alphas[2] * E(Val) + Alphas[3] * E(Prev);
  };
  for (size_t R = 0; R + 1 < Len; ++R) {
    unsigned Op = 0;
    for (unsigned I = 0; I < 7; ++I)
      Op |= unsigned(Main[OpBitsCol + I][R].value() & 1) << I;
    bool Overflow = Main[StackDepthCol][R] != Felt(16);
    bool Right = (Op >= 48 && Op <= 63) || Op == 91 || Op == 72;
    bool Left = (Op >= 32 && Op <= 47) || Op == 76 || Op == 78 || Op == OpSplit || Op == OpLoop ||
                Op == OpRepeat || Op == OpDyn || (Op == OpEnd && Main[IsLoopCol][R] == Felt::one());
    Felt B1 = Main[StackOverflowCol][R];
    if (Right)
      Num[R] = Row(Main[ClkCol][R], Main[StackTopCol + 15][R], B1);
    else if (Left && Overflow)
      Den[R] = Row(B1, Main[StackTopCol + 15][R + 1], Main[StackOverflowCol][R + 1]);
    else if (Op == OpDynCall && Overflow)
      Den[R] = Row(B1, Main[StackTopCol + 15][R + 1], Main[IsLoopCol][R]);
  }
  // One inversion for all denominators.
  std::vector<E> Prefix(Len);
  E Acc = E(Felt::one());
  for (size_t R = 0; R < Len; ++R) {
    Prefix[R] = Acc;
    Acc *= Den[R];
  }
  Acc = Acc.inverse();
  for (size_t R = Len; R-- > 0;) {
    E Inv = Acc * Prefix[R];
    Acc *= Den[R];
    Den[R] = Inv;
  }
  std::vector<E> P(Len);
  P[0] = E(Felt::one());
  for (size_t R = 0; R + 1 < Len; ++R)
    P[R + 1] = P[R] * Num[R] * Den[R];
  return P;
}

template std::vector<QuadExt> buildStackOverflowColumn(const MainTrace &, ArrayRef<QuadExt>);
template std::vector<CubicExt> buildStackOverflowColumn(const MainTrace &, ArrayRef<CubicExt>);

} // namespace vmair
} // namespace zkvm
