//===- zkvm/Air/Vm/Decoder.h - The VM AIR's program decoder -----*- C++ -*-===//
//
// The program decoder (Miden v0.20.6, docs/src/design/decoder/): main-trace
// columns 6..29 and the three virtual tables it keeps as running products,
// auxiliary columns 0..2:
//
//   p1  block stack   rows (blk, prnt, is_loop, ctx, b0, b1, fn_hash[4])
//   p2  block hash    rows (prnt, hash[4], is_first_child, is_loop_body)
//   p3  op group      rows (batch_id, group_pos, group)
//
// Columns (decoder-relative index / absolute column):
//   0 / 6      addr       hasher-chiplet address of the block (batch) being decoded
//   1..7       b0..b6     opcode bits (least significant first)
//   8..15      h0..h7     hasher state / user-operation helpers (h2..h7)
//   16 / 22    in_span    1 on basic-block operation rows
//   17 / 23    gc         operation groups left in the basic block
//   18 / 24    ox         index of the operation in its group
//   19..21     c0..c2     batch flags (8 groups: 100, 4: 010, 2: 001, 1: 011)
//   22, 23     e0, e1     degree reduction: e0 = b6 (1 - b5) b4, e1 = b6 b5
//
// Hasher addresses (the rule the chiplets builder must match). The hasher
// chiplet's row address is its row index + 1. Requests get rows in the order
// the VM makes them (clock order; at most one hasher request per cycle), each
// taking:
//   - a block hash (ExecutionTrace::BlockHashes, at BlockHashClks): 8 rows,
//     or 8 per operation batch for a basic block (the SPAN row's node);
//   - ExecutionTrace::Hasher records: Permute (HPERM, LOG_PRECOMPILE) 8 rows,
//     MerkleVerify 8 * |Path| rows, MerkleUpdate 16 * |Path| rows.
// So the first request starts at address 1 and every later one at the
// previous start plus the previous request's rows. Memoisation in Miden's
// hasher copies rows but never changes this allocation.
//
// Random elements: all decoder messages use the shared challenge vector
// alpha[0..15] as Miden does (tables: alpha[0] + sum alpha[i+1] * t_i; chiplets
// bus messages: see decoderChipletsRequest).
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_AIR_VM_DECODER_H
#define ZKVM_AIR_VM_DECODER_H

#include "zkvm/Air/VmLayout.h"

#include <array>
#include <cstdint>
#include <vector>

namespace zkvm {
namespace vmair {

// --- Columns ------------------------------------------------------------------
constexpr unsigned DecAddrCol = DecoderOffset;
constexpr unsigned DecOpBitsCol = DecoderOffset + 1;
constexpr unsigned DecNumOpBits = 7;
constexpr unsigned DecHasherCol = DecoderOffset + 8;
constexpr unsigned DecUserHelperCol = DecHasherCol + 2; // six user-op helpers h2..h7
constexpr unsigned DecInSpanCol = DecoderOffset + 16;
constexpr unsigned DecGroupCountCol = DecoderOffset + 17;
constexpr unsigned DecOpIndexCol = DecoderOffset + 18;
constexpr unsigned DecBatchFlagsCol = DecoderOffset + 19;
constexpr unsigned DecOpBitsExtraCol = DecoderOffset + 22;

// Columns of other components the decoder's constraints read.
constexpr unsigned DecStackTopCol = StackOffset;           // s0
constexpr unsigned DecStackDepthCol = StackOffset + 16;    // b0
constexpr unsigned DecStackOverflowCol = StackOffset + 17; // b1

/// Aux random elements the decoder reads (alpha[0..15]).
constexpr unsigned DecoderNumRands = 16;

// Bus labels (Miden v0.20.6).
constexpr uint64_t HasherLinearHashLabel = 3, HasherReturnHashLabel = 1;
constexpr uint64_t MemoryWriteElementLabel = 4, MemoryReadWordLabel = 28;
constexpr uint64_t KernelProcCallLabel = 16;
constexpr uint64_t FmpAddr = 0xFFFFFFFEull, FmpInitValue = 1ull << 31;

// --- Hasher addresses ----------------------------------------------------------

struct HasherAddresses {
  /// Start address of each ExecutionTrace::BlockHashes entry.
  std::vector<uint64_t> Block;
  /// Start address of each ExecutionTrace::Hasher record.
  std::vector<uint64_t> Record;
  /// Hasher rows all requests use (the next free address is TotalRows + 1).
  uint64_t TotalRows = 0;
};
/// The hasher-chiplet address of every request (see the file comment).
HasherAddresses computeHasherAddresses(const ExecutionTrace &Trace);

// --- Component contract ---------------------------------------------------------

/// Cycles plus one HALT row.
size_t decoderRowsNeeded(const VmTraceInputs &In);
/// Fills columns 6..29: the recorded cycles, then HALT padding.
void buildDecoderColumns(const VmTraceInputs &In, MainTrace &Main);
std::vector<unsigned> decoderConstraintDegrees();
inline std::vector<std::vector<Felt>> decoderPeriodicColumns() { return {}; }
/// Main-trace assertions: in_span = 0 on the first row, the last row is HALT.
std::vector<Assertion> decoderAssertions(size_t Length);

/// The six user-operation helpers of the row executing Cycles[Row] (a basic
/// block operation), as Miden v0.20.6 fills them; zero for operations without
/// helpers. Exposed so other components' tests can share them.
std::array<Felt, 6> decoderUserOpHelpers(const ExecutionTrace &Trace, const HasherAddresses &Addr,
                                         size_t Row);

// --- Aux columns -----------------------------------------------------------------

/// Degrees of the three table constraints (p1, p2, p3).
inline std::vector<unsigned> decoderAuxConstraintDegrees() { return {7, 9, 9}; }
/// Aux assertions (columns DecoderAuxOffset..+2): p1, p3 start and end at 1;
/// p2 starts at the row (0, ProgramHash, 0, 0) and ends at 1. The start of p2
/// depends on the challenges: take its value from decoderAuxAssertionValues.
std::vector<Assertion> decoderAuxAssertions(size_t Length);
template <class E>
std::vector<E> decoderAuxAssertionValues(const Digest &ProgramHash, llvm::ArrayRef<E> A) {
  E Root = A[0];
  for (unsigned I = 0; I < 4; ++I)
    Root += A[2 + I] * E(ProgramHash[I]);
  return {E(Felt::one()), E(Felt::one()), Root, E(Felt::one()), E(Felt::one()), E(Felt::one())};
}

// --- Expressions -------------------------------------------------------------------

namespace detail {
template <class E> E lit(uint64_t V) { return E(Felt(V)); }

/// Operation flags of one row (Miden's op-flag degrees: 7 / 6 / 5 / 4).
template <class E> struct DecFlags {
  E Join, Split, Loop, Span, Dyn, DynCall, Push, Call, SysCall, End, Repeat, Respan, Halt;
  E Ctrl;

  explicit DecFlags(llvm::ArrayRef<E> R) {
    E B[7], NB[7];
    for (unsigned I = 0; I < 7; ++I) {
      B[I] = R[DecOpBitsCol + I];
      NB[I] = lit<E>(1) - B[I];
    }
    E E0 = R[DecOpBitsExtraCol], E1 = R[DecOpBitsExtraCol + 1];
    auto Op101 = [&](unsigned Code) {
      E F = E0;
      for (unsigned I = 0; I < 4; ++I)
        F = F * (((Code >> I) & 1) ? B[I] : NB[I]);
      return F;
    };
    auto Op11 = [&](unsigned Code) {
      E F = E1;
      for (unsigned I = 2; I < 5; ++I)
        F = F * (((Code >> I) & 1) ? B[I] : NB[I]);
      return F;
    };
    Split = Op101(84);
    Loop = Op101(85);
    Span = Op101(86);
    Join = Op101(87);
    Dyn = Op101(88);
    Push = Op101(91);
    DynCall = Op101(92);
    SysCall = Op11(104);
    Call = Op11(108);
    End = Op11(112);
    Repeat = Op11(116);
    Respan = Op11(120);
    Halt = Op11(124);
    // SPAN/JOIN/SPLIT/LOOP, END/REPEAT/RESPAN/HALT, CALL, SYSCALL, DYN, DYNCALL.
    Ctrl = E0 * NB[3] * B[2] + E1 * B[4] + SysCall + Call + Dyn + DynCall;
  }
};

template <class E> E opcodeOf(llvm::ArrayRef<E> R) {
  E V = R[DecOpBitsCol + 6];
  for (int I = 5; I >= 0; --I)
    V = V * lit<E>(2) + R[DecOpBitsCol + I];
  return V;
}
} // namespace detail

/// The decoder's transition constraints (decoderConstraintDegrees() order).
/// F and Fn: the flags of M.Current and M.Next.
template <class E>
void evaluateDecoder(const detail::DecFlags<E> &F, const detail::DecFlags<E> &Fn,
                     const EvalFrame<E> &M, llvm::MutableArrayRef<E> Out) {
  using detail::lit;
  llvm::ArrayRef<E> C = M.Current, N = M.Next;
  const E One = lit<E>(1);
  E A = C[DecAddrCol], An = N[DecAddrCol];
  E H[8], Hn[8];
  for (unsigned I = 0; I < 8; ++I) {
    H[I] = C[DecHasherCol + I];
    Hn[I] = N[DecHasherCol + I];
  }
  E Sp = C[DecInSpanCol], Spn = N[DecInSpanCol];
  E Gc = C[DecGroupCountCol], Gcn = N[DecGroupCountCol];
  E Ox = C[DecOpIndexCol], Oxn = N[DecOpIndexCol];
  E Bc0 = C[DecBatchFlagsCol], Bc1 = C[DecBatchFlagsCol + 1], Bc2 = C[DecBatchFlagsCol + 2];
  E S0 = C[DecStackTopCol];
  E DGc = Gc - Gcn;
  E SpanOrRespan = F.Span + F.Respan;
  E EndOrRespanN = Fn.End + Fn.Respan;
  unsigned K = 0;

  // General.
  Out[K++] = (F.Split + F.Loop) * (S0 * S0 - S0);
  Out[K++] = F.Repeat * (One - S0);
  Out[K++] = F.Repeat * (One - H[4]);
  Out[K++] = F.Respan * (An - A - lit<E>(8));
  Out[K++] = F.End * H[5] * S0;
  for (unsigned I = 0; I < 5; ++I)
    Out[K++] = F.End * Fn.Repeat * (Hn[I] - H[I]);
  Out[K++] = F.Halt * (One - Fn.Halt);
  Out[K++] = F.Halt * A;
  for (unsigned I = 0; I < 7; ++I) {
    E B = C[DecOpBitsCol + I];
    Out[K++] = B * B - B;
  }
  Out[K++] = One - Sp - F.Ctrl;
  {
    E B4 = C[DecOpBitsCol + 4], B5 = C[DecOpBitsCol + 5], B6 = C[DecOpBitsCol + 6];
    Out[K++] = C[DecOpBitsExtraCol] - B6 * (One - B5) * B4;
    Out[K++] = C[DecOpBitsExtraCol + 1] - B6 * B5;
  }

  // in_span.
  Out[K++] = SpanOrRespan * (One - Spn);
  Out[K++] = EndOrRespanN * Spn;
  Out[K++] = (One - SpanOrRespan - EndOrRespanN) * (Spn - Sp);

  // Block address.
  Out[K++] = Sp * (An - A);

  // Group count.
  Out[K++] = Sp * DGc * (DGc - One);
  Out[K++] = Sp * DGc * (One - F.Push) * H[0];
  Out[K++] = (SpanOrRespan + F.Push) * (DGc - One);
  Out[K++] = DGc * EndOrRespanN;
  Out[K++] = F.End * Gc;

  // Op group decoding.
  E OpN = detail::opcodeOf(N);
  E Sgc = Sp * Spn * (One - DGc);
  Out[K++] = (SpanOrRespan + F.Push + Sgc) * (H[0] - Hn[0] * lit<E>(128) - OpN);
  Out[K++] = Sp * EndOrRespanN * H[0];

  // Op index.
  E Ng = DGc - F.Push;
  Out[K++] = SpanOrRespan * Oxn;
  Out[K++] = Sp * Ng * Oxn;
  Out[K++] = Sp * Spn * (One - Ng) * (Oxn - Ox - One);
  {
    E P = Ox;
    for (unsigned I = 1; I <= 8; ++I)
      P = P * (Ox - lit<E>(I));
    Out[K++] = P;
  }

  // Batch flags.
  Out[K++] = Bc0 * Bc0 - Bc0;
  Out[K++] = Bc1 * Bc1 - Bc1;
  Out[K++] = Bc2 * Bc2 - Bc2;
  E G8 = Bc0, G4 = (One - Bc0) * Bc1 * (One - Bc2), G2 = (One - Bc0) * (One - Bc1) * Bc2,
    G1 = (One - Bc0) * Bc1 * Bc2;
  Out[K++] = SpanOrRespan - (G1 + G2 + G4 + G8);
  Out[K++] = (One - SpanOrRespan) * (Bc0 + Bc1 + Bc2);
  for (unsigned I = 4; I < 8; ++I)
    Out[K++] = (G1 + G2 + G4) * H[I];
  for (unsigned I = 2; I < 4; ++I)
    Out[K++] = (G1 + G2) * H[I];
  Out[K++] = G1 * H[1];
}

/// The decoder's transition constraints (decoderConstraintDegrees() order).
template <class E>
void evaluateDecoder(const EvalFrame<E> &M, llvm::ArrayRef<E>, llvm::MutableArrayRef<E> Out) {
  evaluateDecoder<E>(detail::DecFlags<E>(M.Current), detail::DecFlags<E>(M.Next), M, Out);
}

/// The factors of the three tables on the transition from M.Current to
/// M.Next: table k goes p_k' * U[k] = p_k * V[k] (V the rows added, U the
/// rows removed, each 1 when nothing happens).
template <class F, class E>
void decoderAuxFactors(const detail::DecFlags<F> &Fl, const detail::DecFlags<F> &Fn,
                       const EvalFrame<F> &M, llvm::ArrayRef<E> A, E U3[3], E V3[3]) {
  using detail::lit;
  // Cells and flags stay in the base field (flag arithmetic there, then
  // extension * base products); only messages are extension elements.
  llvm::ArrayRef<F> C = M.Current, N = M.Next;
  const E One = lit<E>(1);
  const F OneF = lit<F>(1);
  const F &Ac = C[DecAddrCol], &An = N[DecAddrCol];
  const F *H = &C[DecHasherCol];
  const F &S0 = C[DecStackTopCol];

  // --- p1: block stack ---
  {
    E Base = A[0] + A[1] * An + A[2] * Ac;
    E CtxPart = A[4] * C[CtxCol] + A[5] * C[DecStackDepthCol] + A[6] * C[DecStackOverflowCol];
    E DynCallPart = A[4] * C[CtxCol] + A[5] * H[4] + A[6] * H[5];
    E FnPart, FnPartN;
    for (unsigned I = 0; I < 4; ++I) {
      FnPart += A[7 + I] * C[FnHashCol + I];
      FnPartN += A[7 + I] * N[FnHashCol + I];
    }
    const F &RespanParent = N[DecHasherCol + 1];
    F Plain = Fl.Join + Fl.Split + Fl.Span + Fl.Dyn, Calls = Fl.Call + Fl.SysCall;
    E V = Base * Plain + (Base + A[3] * S0) * Fl.Loop +
          (A[0] + A[1] * An + A[2] * RespanParent) * Fl.Respan +
          (Base + DynCallPart + FnPart) * Fl.DynCall + (Base + CtxPart + FnPart) * Calls + One -
          E(Plain + Fl.Loop + Fl.Respan + Fl.DynCall + Calls);
    E NoCall = A[0] + A[1] * Ac + A[2] * An + A[3] * H[5];
    E WithCall = A[0] + A[1] * Ac + A[2] * An + A[4] * N[CtxCol] + A[5] * N[DecStackDepthCol] +
                 A[6] * N[DecStackOverflowCol] + FnPartN;
    F IsCall = H[6] + H[7];
    E U = (NoCall * (OneF - IsCall) + WithCall * IsCall) * Fl.End +
          (A[0] + A[1] * Ac + A[2] * RespanParent) * Fl.Respan + One - E(Fl.End + Fl.Respan);
    U3[0] = U;
    V3[0] = V;
  }

  // --- p2: block hash ---
  {
    E Ch1 = A[0] + A[1] * An, Ch2 = Ch1;
    for (unsigned I = 0; I < 4; ++I) {
      Ch1 += A[2 + I] * H[I];
      Ch2 += A[2 + I] * H[4 + I];
    }
    F FCalls = Fl.Dyn + Fl.DynCall + Fl.Call + Fl.SysCall;
    E V = ((Ch1 + A[6]) * Ch2) * Fl.Join + (Ch1 * S0 + Ch2 * (OneF - S0)) * Fl.Split +
          ((Ch1 + A[7]) * S0 + E(OneF - S0)) * Fl.Loop + (Ch1 + A[7]) * Fl.Repeat + Ch1 * FCalls +
          One - E(Fl.Join + Fl.Split + Fl.Loop + Fl.Repeat + FCalls);
    E Bh = Ch1 + A[7] * H[4];
    F NotSecond = OneF - (Fn.End + Fn.Repeat + Fn.Halt);
    E U = (Bh + A[6] * NotSecond) * Fl.End + One - E(Fl.End);
    U3[1] = U;
    V3[1] = V;
  }

  // --- p3: op group ---
  {
    const F &Sp = C[DecInSpanCol];
    const F &Gc = C[DecGroupCountCol];
    F DGc = Gc - N[DecGroupCountCol];
    const F &Bc0 = C[DecBatchFlagsCol], &Bc1 = C[DecBatchFlagsCol + 1],
            &Bc2 = C[DecBatchFlagsCol + 2];
    F G8 = Bc0, G4 = (OneF - Bc0) * Bc1 * (OneF - Bc2), G2 = (OneF - Bc0) * (OneF - Bc1) * Bc2,
      G1 = (OneF - Bc0) * Bc1 * Bc2;
    E Vi[8];
    for (unsigned I = 1; I < 8; ++I)
      Vi[I] = A[0] + A[1] * An + A[2] * (Gc - lit<F>(I)) + A[3] * H[I];
    E P3 = Vi[1] * Vi[2] * Vi[3];
    E P7 = P3 * Vi[4] * Vi[5] * Vi[6] * Vi[7];
    F FSR = Fl.Span + Fl.Respan;
    E V = Vi[1] * G2 + P3 * G4 + P7 * G8 + E(G1 + OneF - FSR);
    const F &FPush = Fl.Push;
    F Group = (N[DecHasherCol] * lit<F>(128) + detail::opcodeOf(N)) * (OneF - FPush) +
              N[DecStackTopCol] * FPush;
    E Uv = A[0] + A[1] * Ac + A[2] * Gc + A[3] * Group;
    F Fdg = Sp * DGc;
    E U = Uv * Fdg + E(OneF - Fdg);
    U3[2] = U;
    V3[2] = V;
  }
}

template <class F, class E>
void decoderAuxFactors(const EvalFrame<F> &M, llvm::ArrayRef<E> A, E U3[3], E V3[3]) {
  decoderAuxFactors<F, E>(detail::DecFlags<F>(M.Current), detail::DecFlags<F>(M.Next), M, A, U3,
                          V3);
}

/// The three table constraints. Aux is the full aux frame (the decoder's
/// columns at DecoderAuxOffset..+2); A the challenges (alpha[0..10] used).
template <class F, class E>
void evaluateDecoderAux(const detail::DecFlags<F> &Fl, const detail::DecFlags<F> &Fn,
                        const EvalFrame<F> &M, const EvalFrame<E> &Aux, llvm::ArrayRef<E> A,
                        llvm::MutableArrayRef<E> Out) {
  E U[3], V[3];
  decoderAuxFactors<F, E>(Fl, Fn, M, A, U, V);
  for (unsigned K = 0; K < 3; ++K)
    Out[K] = Aux.Next[DecoderAuxOffset + K] * U[K] - Aux.Current[DecoderAuxOffset + K] * V[K];
}

template <class F, class E>
void evaluateDecoderAux(const EvalFrame<F> &M, const EvalFrame<E> &Aux, llvm::ArrayRef<E> A,
                        llvm::MutableArrayRef<E> Out) {
  evaluateDecoderAux<F, E>(detail::DecFlags<F>(M.Current), detail::DecFlags<F>(M.Next), M, Aux, A,
                           Out);
}

/// Builds p1, p2, p3 (each the trace length) by running the products the
/// constraints describe, starting from 1, 1 and the root row (0, program
/// hash, 0, 0). Main is the full 71-column trace.
template <class E>
std::vector<std::vector<E>> buildDecoderAux(const TraceColumns &Main, const Digest &ProgramHash,
                                            llvm::ArrayRef<E> A);

/// The decoder's requests to the chiplets bus on one row (Miden v0.20.6), as
/// a single factor (1 on rows without requests) the integrator divides the
/// chiplets bus by: b_chip' * decoderChipletsRequest = b_chip * responses.
///   JOIN/SPLIT/LOOP  hasher init: alpha0 + alpha1*(3+16) + alpha2*a' +
///                    alpha5*opcode + sum alpha[8+i]*h_i
///   CALL             the same * FMP write (alpha0 + alpha1*4 + alpha2*ctx' +
///                    alpha3*FMP_ADDR + alpha4*clk + alpha5*2^31)
///   SYSCALL          the same * kernel ROM (alpha0 + alpha1*16 + sum
///                    alpha[2+i]*h_i)
///   DYN              hasher init with zero state * callee read (alpha0 +
///                    alpha1*28 + alpha2*ctx + alpha3*s0 + alpha4*clk + sum
///                    alpha[5+i]*h_i)
///   DYNCALL          DYN's two * FMP write
///   SPAN             alpha0 + alpha1*19 + alpha2*a' + sum alpha[8+i]*h_i
///   RESPAN           alpha0 + alpha1*35 + alpha2*(a'-1) + sum alpha[8+i]*h_i
///   END              alpha0 + alpha1*33 + alpha2*(a+7) + sum alpha[8+i]*h_i (i<4)
/// Degree 8 in the trace (DYNCALL). User-operation requests (HPERM, MPVERIFY,
/// MRUPDATE, LOG_PRECOMPILE, memory, bitwise) belong to the stack side.
template <class F, class E>
E decoderChipletsRequest(const detail::DecFlags<F> &Fl, const EvalFrame<F> &M,
                         llvm::ArrayRef<E> A) {
  using detail::lit;
  llvm::ArrayRef<F> C = M.Current, N = M.Next;
  const E One = lit<E>(1);
  const F &An = N[DecAddrCol], &Ac = C[DecAddrCol];
  E State, Digest4;
  for (unsigned I = 0; I < 8; ++I) {
    State += A[8 + I] * C[DecHasherCol + I];
    if (I < 4)
      Digest4 += A[8 + I] * C[DecHasherCol + I];
  }
  F Opcode = detail::opcodeOf(C);
  E Init = A[0] + A[1] * lit<F>(HasherLinearHashLabel + 16) + A[2] * An;
  E CtrlInit = Init + A[5] * Opcode + State;
  E DynInit = Init + A[5] * Opcode;
  const F &Clk = C[ClkCol];
  E FmpWrite = A[0] + A[1] * lit<F>(MemoryWriteElementLabel) + A[2] * N[CtxCol] +
               A[3] * lit<F>(FmpAddr) + A[4] * Clk + A[5] * lit<F>(FmpInitValue);
  E Kernel = A[0] + A[1] * lit<F>(KernelProcCallLabel);
  E Read = A[0] + A[1] * lit<F>(MemoryReadWordLabel) + A[2] * C[CtxCol] + A[3] * C[DecStackTopCol] +
           A[4] * Clk;
  for (unsigned I = 0; I < 4; ++I) {
    Kernel += A[2 + I] * C[DecHasherCol + I];
    Read += A[5 + I] * C[DecHasherCol + I];
  }
  E Span = Init + State;
  E Respan = A[0] + A[1] * lit<F>(HasherLinearHashLabel + 32) + A[2] * (An - lit<F>(1)) + State;
  E End = A[0] + A[1] * lit<F>(HasherReturnHashLabel + 32) + A[2] * (Ac + lit<F>(7)) + Digest4;
  F FCtrl = Fl.Join + Fl.Split + Fl.Loop;
  E DynRead = DynInit * Read;
  return CtrlInit * FCtrl + (CtrlInit * FmpWrite) * Fl.Call + (CtrlInit * Kernel) * Fl.SysCall +
         DynRead * Fl.Dyn + (DynRead * FmpWrite) * Fl.DynCall + Span * Fl.Span +
         Respan * Fl.Respan + End * Fl.End + One -
         E(FCtrl + Fl.Call + Fl.SysCall + Fl.Dyn + Fl.DynCall + Fl.Span + Fl.Respan + Fl.End);
}

template <class F, class E> E decoderChipletsRequest(const EvalFrame<F> &M, llvm::ArrayRef<E> A) {
  return decoderChipletsRequest<F, E>(detail::DecFlags<F>(M.Current), M, A);
}

} // namespace vmair
} // namespace zkvm

#endif // ZKVM_AIR_VM_DECODER_H
