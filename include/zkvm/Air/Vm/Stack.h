//===- zkvm/Air/Vm/Stack.h - The operand stack's columns and constraints -*- C++ -*-===//
//
// Columns 30..48 of the VM trace (VmLayout.h), following Miden v0.20.6's
// operand stack (docs/src/design/stack/*.md):
//
//   s0..s15  the top 16 stack slots (s0 on top), the state BEFORE the row's
//            operation;
//   b0       stack depth (>= 16);
//   b1       address (clock cycle) of the newest overflow-table row of the
//            current context, 0 when that table is empty;
//   h0       1 / (b0 - 16) when b0 != 16, else 0.
//
// The constraints are selected by operation flags computed from the
// decoder's op bits b0..b6 and its two degree-reduction columns e0, e1, and
// use the decoder's user-op helper registers (hasher state h2..h7) and its
// END flags (h4..h7: is_loop_body, is_loop, is_call, is_syscall). Those are
// DECODER columns: buildOpBitColumns / buildStackHelperColumns fill them from
// the execution record so the stack can be tested before the decoder exists;
// the decoder's builder takes them over (it must produce the same values).
//
// The overflow table is a multiset bus (aux column p1, Miden's running
// product): a right shift inserts (clk, s15, b1), a left shift with a
// non-empty table removes (b1, s15', b1'), DYNCALL's implicit left shift
// removes (b1, s15', h5) with h5 the decoder's post-shift overflow address.
//
// Deviations from Miden v0.20.6 (each one only adds a constraint an honest
// trace satisfies, or states one Miden's docs give but its AIR omits):
// SYSCALL, HORNERBASE/EXT, EVALCIRCUIT, LOGPRECOMPILE, PIPE, MSTREAM,
// CRYPTOSTREAM and CALLER take part in the general "no shift" constraints for
// the slots they leave unchanged, REPEAT in the "left shift" ones; CLK
// (s0' = clk), CALLER (s0..s3' = fn_hash), U32ASSERT2 (the limbs recompose
// s0, s1), PIPE/MSTREAM/CRYPTOSTREAM (pointer increments by 8), DYNCALL's
// zero shifted in, b1' = 0 on CALL/SYSCALL/DYNCALL and b1' = b1 on rows that
// neither shift the overflow table nor start or end a call are enforced.
// HORNERBASE/HORNEREXT follow Miden's docs (its AIR does not check them);
// FRIE2F4's constraints are ours (Miden's docs leave them as a TODO), with
// 1 / x as a helper, so a FRIE2F4 with poe = 0 cannot be proved.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_AIR_VM_STACK_H
#define ZKVM_AIR_VM_STACK_H

#include "zkvm/Air/VmLayout.h"

#include "llvm/ADT/ArrayRef.h"

#include <array>
#include <utility>

#include <vector>

namespace zkvm {
namespace vmair {

// --- Columns -----------------------------------------------------------------
constexpr unsigned StackTopCol = StackOffset;           // s0..s15
constexpr unsigned StackDepthCol = StackOffset + 16;    // b0
constexpr unsigned StackOverflowCol = StackOffset + 17; // b1
constexpr unsigned StackHelperCol = StackOffset + 18;   // h0

// Decoder columns the stack reads (owned by the decoder; see file comment).
constexpr unsigned OpBitsCol = DecoderOffset + 1;        // b0..b6
constexpr unsigned DecoderHasherCol = DecoderOffset + 8; // h0..h7
constexpr unsigned UserHelperCol = DecoderHasherCol + 2; // user-op helpers 0..5
constexpr unsigned OpBitsExtraCol = DecoderOffset + 22;  // e0, e1
constexpr unsigned IsLoopBodyCol = DecoderHasherCol + 4; // END: ending a loop body
constexpr unsigned IsLoopCol = DecoderHasherCol + 5;     // END: ending an entered LOOP
constexpr unsigned IsCallCol = DecoderHasherCol + 6;     // END: ending a CALL / DYNCALL
constexpr unsigned IsSyscallCol = DecoderHasherCol + 7;  // END: ending a SYSCALL
constexpr unsigned NumUserHelpers = 6;

/// Miden's HALT opcode, which fills the rows after the last cycle.
constexpr uint8_t HaltOpcode = 124;

// --- Component contract (VmLayout.h) ------------------------------------------
size_t stackRowsNeeded(const VmTraceInputs &In);
/// Fills columns 30..48 only.
void buildStackColumns(const VmTraceInputs &In, MainTrace &Main);
std::vector<unsigned> stackConstraintDegrees();
inline std::vector<std::vector<Felt>> stackPeriodicColumns() { return {}; }

/// Decoder columns, filled here until the decoder's builder exists: op bits
/// b0..b6 and e0, e1 (HALT after the last cycle).
void buildOpBitColumns(const VmTraceInputs &In, MainTrace &Main);
/// Decoder columns: user-op helpers (hasher h2..h7) on user-operation rows,
/// the END flags (h4..h7) on END rows, DYNCALL's post-shift depth and
/// overflow address (h4, h5).
void buildStackHelperColumns(const VmTraceInputs &In, MainTrace &Main);

/// The user-op helper values of one cycle (zeros for operations without
/// helpers). Public so the range checker and decoder share the computation.
void userOpHelpers(const CycleRecord &R, Felt Out[NumUserHelpers]);
/// The user-op helpers of HORNERBASE (alpha, tmp1, tmp0), HORNEREXT (alpha's
/// word, tmp) and FRIE2F4 (ev, es, x, 1 / x) on cycle Row, from its stack and
/// its memory reads; false (and Out untouched) for other operations. Shared by
/// the decoder's builder and the stack's stand-in.
bool cryptoOpHelpers(const ExecutionTrace &T, size_t Row, Felt Out[NumUserHelpers]);
/// True for the u32 operations that send their four helper limbs to the
/// range checker (opcodes 64..78, even).
inline bool isU32RangeCheckOp(const CycleRecord &R) {
  return !R.IsControl && R.Opcode >= 64 && R.Opcode < 80;
}

/// Boundary assertions: inputs (top first, zero-padded) on row 0, depth 16
/// and b1 = 0 there, and the outputs (top first) on the last row.
std::vector<Assertion> stackAssertions(llvm::ArrayRef<Felt> Inputs, llvm::ArrayRef<Felt> Outputs,
                                       size_t LastRow);

/// What the columns need beyond the per-cycle records, replayed from the
/// execution record: the overflow address b1 and depth per row, fn_hash per
/// row, the END flags, DYNCALL's post-shift depth and overflow address, and
/// the state after the last cycle. Rows 0..N for N cycles.
struct ExecutionReplay {
  std::vector<uint64_t> OverflowAddr;
  std::vector<uint32_t> Depth;
  std::vector<Word> FnHash;
  /// Per cycle, bit 0: is_loop_body, 1: is_loop, 2: is_call, 3: is_syscall (END rows).
  std::vector<uint8_t> EndFlags;
  /// Per cycle (DYNCALL rows): depth and overflow address after its left shift.
  std::vector<std::pair<uint32_t, uint64_t>> DynCallPost;
  std::array<Felt, 16> FinalStack{};
  ContextId FinalCtx = 0;
};
ExecutionReplay replayExecution(const ExecutionTrace &T);

// --- Operation flags (Miden's stack/op_constraints.md) --------------------------

template <class E> struct OpFlags {
  E Deg7[64]; // opcodes 0..63
  E Deg6[8];  // opcodes 64 + 2k (u32)
  E Deg5[16]; // opcodes 80..95 (e0)
  E Deg4[8];  // opcodes 96 + 4k (e1)
  E NoShift[16], LeftShift[16], RightShift[16];
  E Shl, Shr, Overflow, TopBinary, U32Rc, EndLoop, Calls, EndCall;

  /// The flag of one opcode.
  const E &op(unsigned Opcode) const {
    if (Opcode < 64)
      return Deg7[Opcode];
    if (Opcode < 80)
      return Deg6[(Opcode - 64) / 2];
    if (Opcode < 96)
      return Deg5[Opcode - 80];
    return Deg4[(Opcode - 96) / 4];
  }

  explicit OpFlags(llvm::ArrayRef<E> Cur) {
    const E One = E(Felt::one());
    E B[7], NB[7];
    for (unsigned I = 0; I < 7; ++I) {
      B[I] = Cur[OpBitsCol + I];
      NB[I] = One - B[I];
    }
    // Products of bit literals as two half tables (exact arithmetic: any
    // grouping of the same factors gives the same value, so the flags are
    // those of the plain products, with 160 products instead of 290).
    // Tri(x, y, z)[k] = x^(k>>2) y^((k>>1)&1) z^(k&1), literal^1 = b, ^0 = 1 - b.
    auto Tri = [&](unsigned X, unsigned Y, unsigned Z, E Out[8]) {
      E Two[4] = {NB[X] * NB[Y], NB[X] * B[Y], B[X] * NB[Y], B[X] * B[Y]};
      for (unsigned K = 0; K < 8; ++K)
        Out[K] = Two[K >> 1] * ((K & 1) ? B[Z] : NB[Z]);
    };
    // Degree 7: (1 - b6) b5 b4 b3 (high half) times b2 b1 b0 (low half).
    E Hi[8], Lo[8];
    Tri(5, 4, 3, Hi);
    for (E &H : Hi)
      H *= NB[6];
    Tri(2, 1, 0, Lo);
    for (unsigned K = 0; K < 64; ++K)
      Deg7[K] = Hi[K >> 3] * Lo[K & 7];
    // Degree 6: b6 (1 - b5) (1 - b4) and bits b3..b1.
    E Pre6 = B[6] * NB[5] * NB[4];
    U32Rc = Pre6;
    E Mid[8];
    Tri(3, 2, 1, Mid);
    for (unsigned K = 0; K < 8; ++K)
      Deg6[K] = Pre6 * Mid[K];
    // Degree 5: e0 and bits b3..b0.
    E E0 = Cur[OpBitsExtraCol], E1 = Cur[OpBitsExtraCol + 1];
    E Lo2[4] = {NB[1] * NB[0], NB[1] * B[0], B[1] * NB[0], B[1] * B[0]};
    E Hi2[4] = {E0 * (NB[3] * NB[2]), E0 * (NB[3] * B[2]), E0 * (B[3] * NB[2]), E0 * (B[3] * B[2])};
    for (unsigned K = 0; K < 16; ++K)
      Deg5[K] = Hi2[K >> 2] * Lo2[K & 3];
    // Degree 4: e1 and bits b4..b2.
    E Top[8];
    Tri(4, 3, 2, Top);
    for (unsigned K = 0; K < 8; ++K)
      Deg4[K] = E1 * Top[K];

    auto F = [&](unsigned Opcode) -> const E & { return op(Opcode); };
    auto Sum = [&](unsigned Lo, unsigned Hi) { // Deg7[Lo..Hi]
      E S = Deg7[Lo];
      for (unsigned K = Lo + 1; K <= Hi; ++K)
        S += Deg7[K];
      return S;
    };
    E IsLoop = Cur[IsLoopCol];
    E End = F(112);
    EndLoop = End * IsLoop;
    EndCall = End * (E(Cur[IsCallCol]) + E(Cur[IsSyscallCol]));
    Calls = F(108) + F(104) + F(92); // CALL, SYSCALL, DYNCALL
    E F011 = Sum(48, 63), F010 = Sum(32, 47);
    E Add3Madd = F(76) + F(78), SplitLoop = F(84) + F(85);
    Shr = F011 + F(91) + F(72);                                   // + PUSH, U32SPLIT
    Shl = F010 + Add3Madd + SplitLoop + F(116) + EndLoop + F(88); // + REPEAT, DYN
    Overflow = (E(Cur[StackDepthCol]) - E(Felt(16))) * E(Cur[StackHelperCol]);
    TopBinary = F(5) + F(15) + F(36) + F(37) + F(42) + F(43); // NOT EXPACC AND OR CSWAP(W)

    // Slots kept in place (s_i' = s_i), by position.
    E Horner = F(89) + F(90), PipeStream = F(82) + F(83), Crypto = F(100);
    NoShift[0] = F(0) + F(74) + F(81) + F(86) + F(87) + F(31) + F(120) + F(124) + F(108) + F(104) +
                 F(93) + (End - EndLoop) + Horner;
    NoShift[1] = NoShift[0] + Sum(1, 7);
    NoShift[2] = NoShift[1] + F(8) + Deg6[0] + Deg6[1] + Deg6[2] + Deg6[3];
    NoShift[3] = NoShift[2] + F(10) + F(11);
    NoShift[4] = NoShift[3] + F(12) + F(13) + F(14) + F(15) + F(28) + F(29) + F(25) + F(96) + F(9);
    NoShift[5] = NoShift[4] + F(16) + F(17);
    NoShift[6] = NoShift[5] + F(18) + F(19);
    NoShift[7] = NoShift[6] + F(20) + F(21);
    E NS8 = NoShift[7] + F(22) + F(23) + F(24) - F(28);
    E NS9 = NS8 + F(26) + F(27);
    E NS12 = NS9 - F(29) + F(28) + F(80) + F(94); // + HPERM, LOGPRECOMPILE
    E PCS = PipeStream + Crypto;
    NoShift[8] = NS8 + PCS;
    NoShift[9] = NoShift[10] = NoShift[11] = NS9 + PCS;
    NoShift[12] = NS12;
    NoShift[13] = NS12 + PipeStream;
    NoShift[14] = NoShift[15] = NS12 + PCS - Horner;

    // s_(i-1)' = s_i.
    E MovDn = F(11) + F(13) + F(17) + F(19) + F(21) + F(23) + F(27);
    LeftShift[0] = E(Felt());
    LeftShift[1] = F(32) + MovDn + F(41) + F(45) + F(46) + F(47) + SplitLoop + EndLoop + F(88) +
                   F(92) + F(116);
    LeftShift[2] = LeftShift[1] + Sum(33, 39);
    LeftShift[3] = LeftShift[2] + Add3Madd + F(42) - F(11);
    LeftShift[4] = LeftShift[3] - F(13);
    LeftShift[5] = LeftShift[4] + F(44) - F(17);
    LeftShift[6] = LeftShift[5] - F(19);
    LeftShift[7] = LeftShift[6] - F(21);
    LeftShift[8] = LeftShift[7] - F(23);
    LeftShift[9] = LeftShift[8] + F(43) - F(27);
    for (unsigned I = 10; I < 16; ++I)
      LeftShift[I] = LeftShift[9];

    // s_(i+1)' = s_i.
    E MovUp = F(10) + F(12) + F(16) + F(18) + F(20) + F(22) + F(26);
    RightShift[0] = F011 + F(91) + MovUp;
    RightShift[1] = RightShift[0] + F(72);
    RightShift[2] = RightShift[1] - F(10);
    RightShift[3] = RightShift[2] - F(12);
    RightShift[4] = RightShift[3] - F(16);
    RightShift[5] = RightShift[4] - F(18);
    RightShift[6] = RightShift[5] - F(20);
    RightShift[7] = RightShift[6] - F(22);
    RightShift[8] = RightShift[7] - F(26);
    for (unsigned I = 9; I < 16; ++I)
      RightShift[I] = RightShift[8];
  }
};

/// Number of stack transition constraints.
constexpr unsigned NumStackConstraints = 154;

/// FRIE2F4's constants: tau^-k for the 4th root of unity tau (the domain
/// segment's factor) and the FRI domain offset (the field's generator 7).
constexpr Felt FriTauInvPow[4] = {Felt::one(), Felt::fromCanonical(18446462594437873665ull),
                                  Felt::fromCanonical(18446744069414584320ull),
                                  Felt::fromCanonical(281474976710656ull)};
constexpr Felt FriDomainOffset = Felt::fromCanonical(7);

namespace detail {
/// An element of F_p[x] / (x^2 - x + 2) over trace values: (c0, c1) = c0 + c1 x.
template <class E> struct Ext2 {
  E C0, C1;
  Ext2 operator+(const Ext2 &O) const { return {C0 + O.C0, C1 + O.C1}; }
  Ext2 operator-(const Ext2 &O) const { return {C0 - O.C0, C1 - O.C1}; }
  /// x^2 = x - 2: (a0 b0 - 2 a1 b1) + (a0 b1 + a1 b0 + a1 b1) x.
  Ext2 operator*(const Ext2 &O) const {
    E T = C1 * O.C1;
    return {C0 * O.C0 - T - T, C0 * O.C1 + C1 * O.C0 + T};
  }
  Ext2 scale(const E &K) const { return {C0 * K, C1 * K}; }
  Ext2 plusBase(const E &K) const { return {C0 + K, C1}; }
};
} // namespace detail

/// The stack's transition constraints (degrees: stackConstraintDegrees()),
/// with the row's operation flags Fl = OpFlags<E>(M.Current).
template <class E>
void evaluateStack(const OpFlags<E> &Fl, const EvalFrame<E> &M, llvm::MutableArrayRef<E> Out) {
  auto S = [&](unsigned I) -> const E & { return M.Current[StackTopCol + I]; };
  auto SN = [&](unsigned I) -> const E & { return M.Next[StackTopCol + I]; };
  auto H = [&](unsigned I) -> const E & { return M.Current[UserHelperCol + I]; };
  auto F = [&](unsigned Opcode) -> const E & { return Fl.op(Opcode); };
  const E One = E(Felt::one()), Zero = E(Felt());
  const E Clk = M.Current[ClkCol];
  const E Depth = M.Current[StackDepthCol], DepthN = M.Next[StackDepthCol];
  unsigned K = 0;

  // --- Depth, overflow flag and overflow address (stack/index.md) ---------------
  // b0: +1 on right shifts, -1 on left shifts with overflow, 16 on entering a call.
  Out[K++] = (DepthN - Depth) * (One - Fl.Calls - Fl.EndCall) + Fl.Shl * Fl.Overflow - Fl.Shr +
             Fl.Calls * (DepthN - E(Felt(16)));
  // h0: the overflow flag (b0 - 16) h0 is 1 whenever b0 != 16.
  Out[K++] = (One - Fl.Overflow) * (Depth - E(Felt(16)));
  // b1: a right shift makes the current cycle the newest overflow row.
  Out[K++] = Fl.Shr * (M.Next[StackOverflowCol] - Clk);
  // A left shift (or DYNCALL's) with an empty overflow table shifts in a zero.
  Out[K++] = (Fl.Shl + F(92)) * (One - Fl.Overflow) * SN(15);
  // A new context starts with an empty overflow table.
  Out[K++] = Fl.Calls * M.Next[StackOverflowCol];
  // b1 is kept unless the table changes or a call starts or ends (not in Miden).
  Out[K++] = (One - Fl.Shr - Fl.Shl * Fl.Overflow - Fl.Calls - Fl.EndCall) *
             (M.Next[StackOverflowCol] - M.Current[StackOverflowCol]);

  // --- Field operations (field_ops.md) ------------------------------------------
  Out[K++] = F(34) * (SN(0) - (S(0) + S(1)));               // ADD
  Out[K++] = F(2) * (SN(0) + S(0));                         // NEG
  Out[K++] = F(35) * (SN(0) - S(0) * S(1));                 // MUL
  Out[K++] = F(3) * (S(0) * SN(0) - One);                   // INV
  Out[K++] = F(4) * (SN(0) - S(0) - One);                   // INCR
  Out[K++] = F(5) * (S(0) + SN(0) - One);                   // NOT
  Out[K++] = F(36) * (S(1) * S(1) - S(1));                  // AND: b binary
  Out[K++] = F(36) * (SN(0) - S(0) * S(1));                 // AND
  Out[K++] = F(37) * (S(1) * S(1) - S(1));                  // OR: b binary
  Out[K++] = F(37) * (SN(0) - (S(0) + S(1) - S(0) * S(1))); // OR
  {
    E D = S(0) - S(1);
    Out[K++] = F(33) * (D * SN(0));                  // EQ: result 0 if a != b
    Out[K++] = F(33) * (SN(0) - (One - D * H(0)));   // EQ: result 1 if a = b (h0 = 1/(a-b))
    Out[K++] = F(1) * (S(0) * SN(0));                // EQZ: result 0 if a != 0
    Out[K++] = F(1) * (SN(0) - (One - S(0) * H(0))); // EQZ: result 1 if a = 0
  }
  {
    // EXPACC: [bit, base, acc, b] -> [b & 1, base^2, acc * (bit ? base : 1), b >> 1].
    E Bit = SN(0), Val = H(0);
    Out[K++] = F(15) * (SN(1) - S(1) * S(1));               // base squared
    Out[K++] = F(15) * (Val - One - (S(1) - One) * Bit);    // h0 = base if bit else 1
    Out[K++] = F(15) * (SN(2) - S(2) * Val);                // accumulator
    Out[K++] = F(15) * (S(3) - (SN(3) * E(Felt(2)) + Bit)); // exponent halved
  }
  {
    // EXT2MUL: [b1, b0, a1, a0] -> [b1, b0, c1, c0], c = a * b mod x^2 - x + 2.
    E B1 = S(0), B0 = S(1), A1 = S(2), A0 = S(3);
    Out[K++] = F(25) * (SN(0) - B1);
    Out[K++] = F(25) * (SN(1) - B0);
    Out[K++] = F(25) * (SN(2) - ((B0 + B1) * (A1 + A0) - B0 * A0));
    Out[K++] = F(25) * (SN(3) - (B0 * A0 - E(Felt(2)) * B1 * A1));
  }

  // --- System operations (system_ops.md) ----------------------------------------
  Out[K++] = F(32) * (S(0) - One);  // ASSERT: top is 1
  Out[K++] = F(63) * (SN(0) - Clk); // CLK pushes the clock
  for (unsigned I = 0; I < 4; ++I)  // CALLER: the top word becomes fn_hash
    Out[K++] = F(9) * (SN(3 - I) - M.Current[FnHashCol + I]);

  // --- I/O operations (io_ops.md) -------------------------------------------------
  Out[K++] = F(62) * (SN(0) - Depth);                         // SDEPTH pushes b0
  Out[K++] = (F(82) + F(83)) * (SN(12) - S(12) - E(Felt(8))); // PIPE, MSTREAM: pointer += 8
  Out[K++] = F(100) * (SN(12) - S(12) - E(Felt(8)));          // CRYPTOSTREAM: source += 8
  Out[K++] = F(100) * (SN(13) - S(13) - E(Felt(8)));          // CRYPTOSTREAM: dest += 8

  // --- Stack manipulation (stack_ops.md) ------------------------------------------
  Out[K++] = F(48) * SN(0); // PAD pushes 0
  {
    // DUPn / MOVUPn: the new top is s_n.
    static constexpr unsigned Dup[13] = {49, 50, 51, 52, 53, 54, 55, 56, 0, 57, 58, 59, 60};
    static constexpr unsigned Src[13] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 13, 15};
    static constexpr unsigned MovUp[13] = {0, 0, 10, 12, 16, 18, 20, 22, 26, 0, 0, 0, 0};
    for (unsigned I = 0; I < 13; ++I) {
      E Flag = Dup[I] ? F(Dup[I]) : Zero;
      if (MovUp[I])
        Flag = Dup[I] ? Flag + F(MovUp[I]) : F(MovUp[I]);
      Out[K++] = Flag * (SN(0) - S(Src[I]));
    }
  }
  Out[K++] = F(8) * (SN(1) - S(0)); // SWAP
  Out[K++] = F(8) * (SN(0) - S(1));
  {
    // SWAPW (24), SWAPW2 (28), SWAPW3 (29), SWAPDW (30).
    E W1 = F(24), W2 = F(28), W3 = F(29), DW = F(30);
    E W2DW = W2 + DW, All = W1 + W3 + W2DW;
    for (unsigned I = 0; I < 4; ++I)
      Out[K++] = W1 * SN(I + 4) + W2DW * SN(I + 8) + W3 * SN(I + 12) - S(I) * All;
    for (unsigned I = 0; I < 4; ++I)
      Out[K++] = W1 * S(I + 4) + W2DW * S(I + 8) + W3 * S(I + 12) - SN(I) * All;
    for (unsigned I = 0; I < 4; ++I)
      Out[K++] = DW * (SN(I + 12) - S(I + 4));
    for (unsigned I = 0; I < 4; ++I)
      Out[K++] = DW * (SN(I + 4) - S(I + 12));
  }
  {
    // MOVDNn: the old top lands at position n.
    static constexpr unsigned MovDn[7] = {11, 13, 17, 19, 21, 23, 27};
    for (unsigned I = 0; I < 7; ++I)
      Out[K++] = F(MovDn[I]) * (SN(I + 2) - S(0));
  }
  {
    // CSWAP / CSWAPW: c = s0 (binary, by the top-binary constraint).
    E C = S(0), NC = One - S(0);
    Out[K++] = F(42) * (SN(0) - (S(1) * NC + S(2) * C));
    Out[K++] = F(42) * (SN(1) - (S(1) * C + S(2) * NC));
    for (unsigned I = 0; I < 4; ++I)
      Out[K++] = F(43) * (SN(I) - (S(I + 1) * NC + S(I + 5) * C));
    for (unsigned I = 0; I < 4; ++I)
      Out[K++] = F(43) * (SN(I + 4) - (S(I + 1) * C + S(I + 5) * NC));
  }

  // --- u32 operations (u32_ops.md): helpers h0..h3 are 16-bit limbs -------------
  {
    const E T16 = E(Felt(uint64_t(1) << 16)), T32 = E(Felt(uint64_t(1) << 32));
    const E T48 = E(Felt(uint64_t(1) << 48));
    E VLo = T16 * H(1) + H(0), VHi = T16 * H(3) + H(2);
    E V48 = T32 * H(2) + VLo, V64 = T48 * H(3) + V48;
    E Add = F(64), Sub = F(66), Mul = F(68), Div = F(70), Split = F(72), Assert2 = F(74),
      Add3 = F(76), Madd = F(78);
    // U32SPLIT, U32MUL, U32MADD: the 64-bit value is below p (hi = 2^32 - 1 forces lo = 0).
    Out[K++] = (Mul + Split + Madd) * ((One - H(4) * (T32 - One - VHi)) * VLo);
    E NotDivAssert = Fl.U32Rc - Div - Assert2;
    Out[K++] = NotDivAssert * (SN(1) - VLo);                // low limb pair is s1'
    Out[K++] = (NotDivAssert - Sub) * (SN(0) - VHi);        // high limb pair is s0'
    Out[K++] = Split * (S(0) - V64);                        // U32SPLIT
    Out[K++] = Add * (S(0) + S(1) - V48);                   // U32ADD
    Out[K++] = Add3 * (S(0) + S(1) + S(2) - V48);           // U32ADD3
    Out[K++] = Sub * (S(1) - (S(0) + SN(1) - T32 * SN(0))); // U32SUB
    Out[K++] = Sub * (SN(0) * SN(0) - SN(0));               // U32SUB: borrow binary
    Out[K++] = Mul * (S(0) * S(1) - V64);                   // U32MUL
    Out[K++] = Madd * (S(0) * S(1) + S(2) - V64);           // U32MADD
    Out[K++] = Div * (S(0) * SN(1) + SN(0) - S(1));         // U32DIV: a = q b + r
    Out[K++] = Div * (S(1) - SN(1) - VLo);                  // U32DIV: q <= a
    Out[K++] = Div * (S(0) - SN(0) - VHi - One);            // U32DIV: r < b
    Out[K++] = Assert2 * (SN(0) - VHi);                     // U32ASSERT2: s0 is u32
    Out[K++] = Assert2 * (SN(1) - VLo);                     // U32ASSERT2: s1 is u32
  }

  // --- General constraints: slots not touched by the operation --------------------
  Out[K++] =
      SN(0) * (Fl.NoShift[0] + Fl.LeftShift[1]) - (Fl.NoShift[0] * S(0) + Fl.LeftShift[1] * S(1));
  for (unsigned I = 1; I < 15; ++I)
    Out[K++] =
        SN(I) * (Fl.NoShift[I] + Fl.LeftShift[I + 1] + Fl.RightShift[I - 1]) -
        (Fl.NoShift[I] * S(I) + Fl.LeftShift[I + 1] * S(I + 1) + Fl.RightShift[I - 1] * S(I - 1));
  Out[K++] = SN(15) * (Fl.NoShift[15] + Fl.RightShift[14]) -
             (Fl.NoShift[15] * S(15) + Fl.RightShift[14] * S(14));
  Out[K++] = Fl.TopBinary * (S(0) * S(0) - S(0)); // binary top for NOT, AND, OR, ...

  // --- Horner evaluation (crypto_ops.md): accumulator acc = (s15, s14), the
  // point alpha = (h0, h1) read from memory at s13 (chiplets bus) ------------
  using Ext = detail::Ext2<E>;
  const Ext Alpha{H(0), H(1)}, Acc{S(15), S(14)}, AccN{SN(15), SN(14)};
  const Ext Alpha2 = Alpha * Alpha;
  {
    // HORNERBASE: acc' = acc a^8 + s7 a^7 + ... + s0 in three steps through
    // tmp0 = (h4, h5) and tmp1 = (h2, h3).
    const E &Fb = F(89);
    const Ext Alpha3 = Alpha2 * Alpha, Tmp0{H(4), H(5)}, Tmp1{H(2), H(3)};
    Ext R0 = Tmp0 - (Acc * Alpha2 + Alpha.scale(S(7)).plusBase(S(6)));
    Ext R1 = Tmp1 - (Tmp0 * Alpha3 + Alpha2.scale(S(5)) + Alpha.scale(S(4)).plusBase(S(3)));
    Ext R2 = AccN - (Tmp1 * Alpha3 + Alpha2.scale(S(2)) + Alpha.scale(S(1)).plusBase(S(0)));
    Out[K++] = Fb * R0.C0; // tmp0 = acc a^2 + s7 a + s6
    Out[K++] = Fb * R0.C1;
    Out[K++] = Fb * R1.C0; // tmp1 = tmp0 a^3 + s5 a^2 + s4 a + s3
    Out[K++] = Fb * R1.C1;
    Out[K++] = Fb * R2.C0; // acc' = tmp1 a^3 + s2 a^2 + s1 a + s0
    Out[K++] = Fb * R2.C1;
  }
  {
    // HORNEREXT: coefficients c_k = (s_(2k+1), s_2k), tmp = (h4, h5); h2, h3
    // (the rest of alpha's word) are bound by the memory read only.
    const E &Fe = F(90);
    const Ext Tmp{H(4), H(5)};
    auto C = [&](unsigned I) { return Ext{S(2 * I + 1), S(2 * I)}; };
    Ext R0 = Tmp - (Acc * Alpha2 + Alpha * C(3) + C(2));
    Ext R1 = AccN - (Tmp * Alpha2 + Alpha * C(1) + C(0));
    Out[K++] = Fe * R0.C0; // tmp = acc a^2 + c3 a + c2
    Out[K++] = Fe * R0.C1;
    Out[K++] = Fe * R1.C0; // acc' = tmp a^2 + c1 a + c0
    Out[K++] = Fe * R1.C1;
  }

  // --- FRIE2F4 (crypto_ops.md; Miden leaves its constraints as a TODO) -------
  // Before: q_k = (s_(7-2k), s_(6-2k)), f_pos s8, d_seg s9, poe s10,
  // pe = (s12, s11), alpha = (s14, s13), layer pointer s15. After: tmp0 =
  // (s1', s0'), tmp1 = (s3', s2'), segment flags ds_k = s_(7-k)', poe^2 s8',
  // f_tau s9', pointer s10', poe^4 s11', f_pos s12', folded = (s14', s13');
  // s15' comes from the overflow table (left shift). Helpers: ev = (h0, h1),
  // es = (h2, h3), x = h4, 1 / x = h5.
  {
    const E &Ff = F(40);
    auto Q = [&](unsigned Kq) { return Ext{S(7 - 2 * Kq), S(6 - 2 * Kq)}; };
    const E Ds[4] = {SN(7), SN(6), SN(5), SN(4)};
    const Ext Ev{H(0), H(1)}, Es{H(2), H(3)};
    const Ext Tmp0{SN(1), SN(0)}, Tmp1{SN(3), SN(2)}, Folded{SN(14), SN(13)};
    const E Two = E(Felt(2));
    for (unsigned J = 0; J < 4; ++J)
      Out[K++] = Ff * (Ds[J] * Ds[J] - Ds[J]);                           // ds_k binary
    Out[K++] = Ff * (Ds[0] + Ds[1] + Ds[2] + Ds[3] - One);               // exactly one segment
    Out[K++] = Ff * (S(9) - (Ds[1] + Ds[2] * Two + Ds[3] * E(Felt(3)))); // d_seg = its index
    Out[K++] = Ff * (SN(9) - (Ds[0] + Ds[1] * E(FriTauInvPow[1]) + Ds[2] * E(FriTauInvPow[2]) +
                              Ds[3] * E(FriTauInvPow[3])));      // f_tau = tau^-d_seg
    Out[K++] = Ff * (SN(8) - S(10) * S(10));                     // poe^2
    Out[K++] = Ff * (SN(11) - SN(8) * SN(8));                    // poe^4
    Out[K++] = Ff * (H(4) - S(10) * SN(9) * E(FriDomainOffset)); // x = poe f_tau g
    Out[K++] = Ff * (H(4) * H(5) - One);                         // h5 = 1 / x
    Out[K++] = Ff * (H(0) - S(14) * H(5));                       // ev = alpha / x
    Out[K++] = Ff * (H(1) - S(13) * H(5));
    Ext EvSq = Ev * Ev;
    Out[K++] = Ff * (H(2) - EvSq.C0); // es = ev^2
    Out[K++] = Ff * (H(3) - EvSq.C1);
    Ext Sel = Q(0).scale(Ds[0]) + Q(1).scale(Ds[1]) + Q(2).scale(Ds[2]) + Q(3).scale(Ds[3]);
    Out[K++] = Ff * (S(12) - Sel.C0); // pe is the query value of segment d_seg
    Out[K++] = Ff * (S(11) - Sel.C1);
    // fold2(a, b, e) = (a + b + (a - b) e) / 2, checked as 2 r = a + b + (a - b) e.
    auto Fold = [&](const Ext &R, const Ext &A, const Ext &B, const Ext &Ep) {
      return R.scale(Two) - (A + B + (A - B) * Ep);
    };
    Ext T0 = Fold(Tmp0, Q(0), Q(2), Ev);
    Ext T1 = Fold(Tmp1, Q(1), Q(3), Ev.scale(E(FriTauInvPow[1])));
    Ext Fo = Fold(Folded, Tmp0, Tmp1, Es);
    Out[K++] = Ff * T0.C0; // tmp0 = fold2(q0, q2, ev)
    Out[K++] = Ff * T0.C1;
    Out[K++] = Ff * T1.C0; // tmp1 = fold2(q1, q3, ev / tau)
    Out[K++] = Ff * T1.C1;
    Out[K++] = Ff * Fo.C0; // folded = fold2(tmp0, tmp1, es)
    Out[K++] = Ff * Fo.C1;
    Out[K++] = Ff * (SN(10) - S(15) - E(Felt(8))); // layer pointer += 8
    Out[K++] = Ff * (SN(12) - S(8));               // f_pos kept
  }
  (void)K;
}

/// The stack's transition constraints (degrees: stackConstraintDegrees()).
template <class E>
void evaluateStack(const EvalFrame<E> &M, llvm::ArrayRef<E>, llvm::MutableArrayRef<E> Out) {
  evaluateStack<E>(OpFlags<E>(M.Current), M, Out);
}

// --- The overflow table bus (aux column, running product) -------------------------

/// p1' * (u f_shl f_ov + u_dyn f_dyncall f_ov + 1 - (f_shl + f_dyncall) f_ov)
///   = p1 * (v f_shr + 1 - f_shr); degree 9. Alphas: 4 elements.
/// Fl = OpFlags<F>(M.Current).
template <class F, class E>
E evaluateStackOverflowBus(const OpFlags<F> &Fl, const EvalFrame<F> &M, const E &P, const E &PNext,
                           llvm::ArrayRef<E> Alphas) {
  const E One = E(Felt::one());
  auto Row = [&](const F &Addr, const F &Val, const F &Prev) {
    return Alphas[0] + Alphas[1] * Addr + Alphas[2] * Val + Alphas[3] * Prev;
  };
  E V = Row(M.Current[ClkCol], M.Current[StackTopCol + 15], M.Current[StackOverflowCol]);
  E U = Row(M.Current[StackOverflowCol], M.Next[StackTopCol + 15], M.Next[StackOverflowCol]);
  E UDyn = Row(M.Current[StackOverflowCol], M.Next[StackTopCol + 15], M.Current[IsLoopCol]);
  // Flags stay in the base field: extension * base products.
  F Rem = Fl.Shl * Fl.Overflow, RemDyn = Fl.op(92) * Fl.Overflow;
  const F &Ins = Fl.Shr;
  return PNext * (U * Rem + UDyn * RemDyn + One - E(Rem + RemDyn)) - P * (V * Ins + One - E(Ins));
}

template <class F, class E>
E evaluateStackOverflowBus(const EvalFrame<F> &M, const E &P, const E &PNext,
                           llvm::ArrayRef<E> Alphas) {
  return evaluateStackOverflowBus<F, E>(OpFlags<F>(M.Current), M, P, PNext, Alphas);
}

/// Builds p1 (starts at 1; returns to 1 when every overflow row was removed).
template <class E>
std::vector<E> buildStackOverflowColumn(const MainTrace &Main, llvm::ArrayRef<E> Alphas);

extern template std::vector<QuadExt> buildStackOverflowColumn(const MainTrace &,
                                                              llvm::ArrayRef<QuadExt>);
extern template std::vector<CubicExt> buildStackOverflowColumn(const MainTrace &,
                                                               llvm::ArrayRef<CubicExt>);

} // namespace vmair
} // namespace zkvm

#endif // ZKVM_AIR_VM_STACK_H
