//===- zkvm/Air/Vm/VmAir.h - The whole VM's AIR ------------------*- C++ -*-===//
//
// The integration of the VM AIR's components (VmLayout.h): one AIR over the
// 71-column main trace with every component's transition constraints,
// periodic columns and boundary assertions, and the auxiliary (bus) columns
// in Miden v0.20.6's order:
//
//   0..2  decoder tables (block stack, block hash, op group)  running products
//   3     stack overflow table                                  running product
//   4     range-check LogUp (stack u32 limbs + memory deltas)   running sum
//   5     chiplets vtable: hasher sibling table (Merkle root     running product
//         updates) and the ACE chiplet's memory reads
//   6     chiplets bus b_chip                                   running product
//   7     precompile transcript vtable (LOGPRECOMPILE)          running product
//   8     ACE wiring bus (Ace.h)                                running sum
//
// ACE memory reads (Miden v0.20.6 sends them on the vtable column, as here,
// and checks the vtable's and b_chip's end values jointly): b_chip's request
// side has no degree left for them, so the memory rows that answer them
// (memory column f_ace, set by the prover) respond on the vtable column too,
// and each column balances on its own. Since the two columns' messages
// together are Miden's, two balanced columns imply Miden's joint check.
//
// Precompile transcript (column 7; Miden v0.20.6 keeps it in the vtable
// column 5, whose sibling-table factors would push the product to degree 13):
// each LOGPRECOMPILE removes [LOG_PRECOMPILE, CAP_PREV] (helpers h1..h4) and
// inserts [LOG_PRECOMPILE, CAP_NEXT] (s8'..s11'); the column starts at
// v(0) / v(CAP_FINAL) and ends at 1, so the capacities form one chain from
// the empty word to the public CAP_FINAL. The permutation CAP_PREV, TAG, COMM
// -> CAP_NEXT, R0, R1 is HPERM's request on the chiplets bus with the
// capacity taken from h1..h4.
//
// Chiplets bus: b_chip' * requests = b_chip * responses, where requests are
// the decoder's (decoderChipletsRequest) times the stack's user operations'
// (memory including HORNERBASE/HORNEREXT's alpha reads and CRYPTOSTREAM's
// reads and writes, bitwise, HPERM, MPVERIFY, MRUPDATE:
// vmStackChipletsRequest) and responses are the chiplets' (vmChipletsResponse: hasher, bitwise,
// memory less the ACE reads, ACE, kernel ROM). It starts at 1 and ends at the product of the kernel
// ROM's KERNEL_PROC_INIT messages for the public kernel digests, which binds those digests.
// Messages reduce to alpha0 + alpha1 * label + sum alpha_(2+j) e_j.
//
// Public inputs (VmPublicInputs): program hash, 16 stack inputs, 16 stack
// outputs (top first), the kernel procedure digests and the final precompile
// transcript state. They are bound by: stack s0..s15 on row 0 = inputs (depth
// 16, empty overflow table), s0..s15 on the last row = outputs (depth 16); the
// block-hash table's first value is the program hash's row
// (decoderAuxAssertionValues); the chiplets bus's last value is the kernel
// digests' init messages; the transcript column's first value is
// v(0) / v(CAP_FINAL).
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_AIR_VM_VMAIR_H
#define ZKVM_AIR_VM_VMAIR_H

#include "zkvm/Air/Vm/Chiplets.h"
#include "zkvm/Air/Vm/Decoder.h"
#include "zkvm/Air/Vm/Range.h"
#include "zkvm/Air/Vm/Stack.h"
#include "zkvm/Air/Vm/System.h"
#include "zkvm/Crypto/Digest.h"

#include "llvm/Support/Error.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace zkvm {
namespace vmair {

/// Aux columns this AIR builds (all of the layout's).
constexpr unsigned VmAuxWidth = AuxWidth;
constexpr unsigned SiblingAuxCol = HasherAuxOffset;
constexpr unsigned AceWiringAuxCol = AceWiringAuxOffset;
constexpr unsigned TranscriptAuxCol = TranscriptAuxOffset;
/// The precompile transcript's message label: LOGPRECOMPILE's opcode, as
/// Miden v0.20.6's LOG_PRECOMPILE_LABEL.
constexpr uint64_t LogPrecompileLabel = 94;
/// Random elements: alpha[0..15], shared by every bus (as in Miden).
constexpr unsigned VmNumRands = 16;

/// What a proof of a run states.
struct VmPublicInputs {
  Digest ProgramHash;
  /// Top first; zero-padded to 16.
  std::array<Felt, 16> StackInputs{};
  std::array<Felt, 16> StackOutputs{};
  std::vector<Digest> KernelDigests;
  /// The precompile transcript's state (RPO256 sponge capacity) after the
  /// run's last LOGPRECOMPILE; zero when it ran none (Miden v0.20.6's
  /// PrecompileTranscriptState, starting from the empty word).
  Digest PrecompileTranscript;

  /// "ZVPI", version byte (2), hash (4 x u64 LE), 16 + 16 felts (u64 LE), u32
  /// digest count, digests, precompile transcript state (4 x u64 LE).
  std::vector<uint8_t> serialize() const;
  static llvm::Expected<VmPublicInputs> deserialize(llvm::ArrayRef<uint8_t> Bytes);
  bool operator==(const VmPublicInputs &O) const;
};

/// The main trace of a run plus the public inputs it proves.
struct VmTrace {
  MainTrace Main;
  VmPublicInputs Public;
  /// Rows each component needs before padding.
  size_t SystemRows = 0, DecoderRows = 0, StackRows = 0, RangeRows = 0, ChipletsRows = 0;
};

/// Builds every component's columns (length: the next power of two >= every
/// component's rows and >= MinTraceLength). Fails on a FRIE2F4 with poe = 0 (no inverse of its
/// domain point), more than 16 stack inputs or outputs.
llvm::Expected<VmTrace> buildVmTrace(const ExecutionTrace &Trace, const MastForest &Program,
                                     llvm::ArrayRef<Felt> StackInputs,
                                     llvm::ArrayRef<Felt> StackOutputs);

// --- Proof files (docs/formats.md, "zkvm proof file") ---------------------------------

/// A proof file: its public inputs and the STARK proof's bytes.
struct VmProofFile {
  VmPublicInputs Public;
  std::vector<uint8_t> Stark;
};
/// "ZKVMPRF" 0, u16 version, u32 public-inputs length, public inputs, u32
/// proof length, proof bytes (little endian, nothing after).
std::vector<uint8_t> writeProofFile(const VmPublicInputs &Public, llvm::ArrayRef<uint8_t> Stark);
llvm::Expected<VmProofFile> readProofFile(llvm::ArrayRef<uint8_t> Bytes);

// --- Chiplets bus expressions ----------------------------------------------------

/// Sum of flag * message over mutually exclusive flags, plus 1 - sum of
/// flags: the row's factor on a multiset bus.
template <class E> struct BusFactor {
  E Acc, Flags;
  template <class F> void add(const F &Flag, const E &Message) {
    Acc += Message * Flag;
    Flags += E(Flag);
  }
  E value() const { return Acc + E(Felt::one()) - Flags; }
};

namespace busdetail {
template <class E> E lit(uint64_t V) { return E(Felt(V)); }
/// alpha0 + alpha1 * Label + alpha2 * Ctx + alpha3 * Addr + alpha4 * Clk + ...
/// (base-field values times extension challenges).
template <class E, class F>
E memMsg(llvm::ArrayRef<E> A, uint64_t Label, const F &Ctx, const F &Addr, const F &Clk) {
  return A[0] + A[1] * lit<F>(Label) + A[2] * Ctx + A[3] * Addr + A[4] * Clk;
}
} // namespace busdetail

/// The stack's requests on the chiplets bus for the row's user operation
/// (Miden v0.20.6 chiplets/index.md, stack/*_ops.md), one factor:
///   MLOAD/MSTORE     [ctx, s0, clk, s0' | s1]       labels 12 / 4
///   MLOADW/MSTOREW   [ctx, s0, clk, w0..w3]         labels 28 / 20 (w_j = s'_(3-j))
///   PIPE/MSTREAM     two words at s12, s12 + 4      labels 20 / 28
///   HORNERBASE       [ctx, s13 (+1), clk, h0 | h1]   label 12, twice
///   HORNEREXT        [ctx, s13, clk, h0..h3]         label 28
///   CRYPTOSTREAM     reads at s12, s12 + 4 (s' - s), writes at s13, s13 + 4 (s')
///   U32AND/U32XOR    [s1, s0, s0']                  labels 2 / 6
///   HPERM            [h0, 0, state] x [h0 + 7, 0, state']   labels 19, 41
///   LOGPRECOMPILE    as HPERM, with state_0..3 = CAP_PREV = h1..h4
///   MPVERIFY         [h0, s5, leaf] x [h0 + 8 s4 - 1, 0, root]  labels 27, 33
///   MRUPDATE         old path (23, 33) x new path (31, 33)
///   EVALCIRCUIT      [clk, ctx, s0, s1, s2] (ptr, n_read, n_eval)  label 8
/// with h0 the decoder's first user-op helper (the hasher address) and
/// state_k = s_(11-k), a word w_j = s_(3-j) (the VM's word order). Degree 8.
/// Fl = OpFlags<F>(M.Current).
template <class F, class E>
E vmStackChipletsRequest(const OpFlags<F> &Fl, const EvalFrame<F> &M, llvm::ArrayRef<E> A) {
  using busdetail::lit;
  using busdetail::memMsg;
  // Cells stay in the base field; each enters a message as challenge * cell.
  auto S = [&](unsigned I) { return M.Current[StackTopCol + I]; };
  auto SN = [&](unsigned I) { return M.Next[StackTopCol + I]; };
  const F Ctx = M.Current[CtxCol], Clk = M.Current[ClkCol], Zero = F(Felt());
  auto WithWord = [&](E Msg, auto Elem) {
    for (unsigned J = 0; J < 4; ++J)
      Msg += A[5 + J] * Elem(J);
    return Msg;
  };
  BusFactor<E> R;
  // Memory.
  R.add(Fl.op(7), memMsg(A, chip::MemReadElementLabel, Ctx, S(0), Clk) + A[5] * SN(0));
  R.add(Fl.op(45), memMsg(A, chip::MemWriteElementLabel, Ctx, S(0), Clk) + A[5] * S(1));
  R.add(Fl.op(44), WithWord(memMsg(A, chip::MemReadWordLabel, Ctx, S(0), Clk),
                            [&](unsigned J) { return SN(3 - J); }));
  R.add(Fl.op(46), WithWord(memMsg(A, chip::MemWriteWordLabel, Ctx, S(0), Clk),
                            [&](unsigned J) { return S(4 - J); }));
  {
    F Ptr = S(12), Ptr4 = S(12) + lit<F>(4);
    auto Two = [&](uint64_t Label) {
      return WithWord(memMsg(A, Label, Ctx, Ptr, Clk), [&](unsigned J) { return SN(7 - J); }) *
             WithWord(memMsg(A, Label, Ctx, Ptr4, Clk), [&](unsigned J) { return SN(3 - J); });
    };
    R.add(Fl.op(82), Two(chip::MemWriteWordLabel)); // PIPE
    R.add(Fl.op(83), Two(chip::MemReadWordLabel));  // MSTREAM
  }
  {
    // HORNERBASE: alpha = (h0, h1) read as elements at s13 and s13 + 1;
    // HORNEREXT: alpha's word [h0, h1, h2, h3] read at s13.
    auto H = [&](unsigned I) { return M.Current[UserHelperCol + I]; };
    F Ptr = S(13);
    R.add(Fl.op(89),
          (memMsg(A, chip::MemReadElementLabel, Ctx, Ptr, Clk) + A[5] * H(0)) *
              (memMsg(A, chip::MemReadElementLabel, Ctx, Ptr + lit<F>(1), Clk) + A[5] * H(1)));
    R.add(Fl.op(90), WithWord(memMsg(A, chip::MemReadWordLabel, Ctx, Ptr, Clk),
                              [&](unsigned J) { return H(J); }));
  }
  {
    // CRYPTOSTREAM (Miden v0.20.6 sends nothing for it): the plaintext words
    // at s12, s12 + 4 are the ciphertext less the rate, [s'_(7-j) - s_(7-j)]
    // and [s'_(3-j) - s_(3-j)]; the ciphertext words [s'_(7-j)], [s'_(3-j)]
    // are written at s13, s13 + 4.
    F Src = S(12), Dst = S(13), Four = lit<F>(4);
    E Reads = WithWord(memMsg(A, chip::MemReadWordLabel, Ctx, Src, Clk),
                       [&](unsigned J) { return SN(7 - J) - S(7 - J); }) *
              WithWord(memMsg(A, chip::MemReadWordLabel, Ctx, Src + Four, Clk),
                       [&](unsigned J) { return SN(3 - J) - S(3 - J); });
    E Writes = WithWord(memMsg(A, chip::MemWriteWordLabel, Ctx, Dst, Clk),
                        [&](unsigned J) { return SN(7 - J); }) *
               WithWord(memMsg(A, chip::MemWriteWordLabel, Ctx, Dst + Four, Clk),
                        [&](unsigned J) { return SN(3 - J); });
    R.add(Fl.op(100), Reads * Writes);
  }
  // Bitwise: a = s1, b = s0, z = s0'.
  {
    E Abz = A[2] * S(1) + A[3] * S(0) + A[4] * SN(0);
    R.add(Fl.op(38), A[0] + A[1] * lit<F>(chip::BitwiseAndLabel) + Abz);
    R.add(Fl.op(39), A[0] + A[1] * lit<F>(chip::BitwiseXorLabel) + Abz);
  }
  // Hasher.
  {
    F Addr = M.Current[UserHelperCol];
    auto Hash = [&](uint64_t Label, const F &At, const F &Index) {
      return A[0] + A[1] * lit<F>(Label) + A[2] * At + A[3] * Index;
    };
    auto WordAt = [&](E Msg, auto Elem) { // a digest / leaf in h4..h7
      for (unsigned J = 0; J < 4; ++J)
        Msg += A[8 + J] * Elem(J);
      return Msg;
    };
    E In = Hash(chip::LinearHashLabel + 16, Addr, Zero),
      Out = Hash(chip::ReturnStateLabel + 32, Addr + lit<F>(7), Zero);
    for (unsigned K = 4; K < 12; ++K) // the rate: [TAG, COMM] for LOGPRECOMPILE
      In += A[4 + K] * S(11 - K);
    for (unsigned K = 0; K < 12; ++K)
      Out += A[4 + K] * SN(11 - K); // LOGPRECOMPILE: [CAP_NEXT, R0, R1]
    E Cap, CapPrev;                 // the capacity: s11..s8 (HPERM) or h1..h4 (LOGPRECOMPILE)
    for (unsigned K = 0; K < 4; ++K) {
      Cap += A[4 + K] * S(11 - K);
      CapPrev += A[4 + K] * M.Current[UserHelperCol + 1 + K];
    }
    R.add(Fl.op(80), (In + Cap) * Out);     // HPERM
    R.add(Fl.op(94), (In + CapPrev) * Out); // LOGPRECOMPILE
    F Depth = S(4), Index = S(5);
    F PathEnd = Addr + Depth * lit<F>(8) - lit<F>(1);
    E MpIn =
        WordAt(Hash(chip::MpVerifyLabel + 16, Addr, Index), [&](unsigned J) { return S(3 - J); });
    E OldRoot = WordAt(Hash(chip::ReturnHashLabel + 32, PathEnd, Zero),
                       [&](unsigned J) { return S(9 - J); });
    R.add(Fl.op(81), MpIn * OldRoot); // MPVERIFY
    E MvIn = WordAt(Hash(chip::MrUpdateOldLabel + 16, Addr, Index),
                    [&](unsigned J) { return S(3 - J); });
    E MuIn = WordAt(Hash(chip::MrUpdateNewLabel + 16, Addr + Depth * lit<F>(8), Index),
                    [&](unsigned J) { return S(13 - J); });
    E NewRoot =
        WordAt(Hash(chip::ReturnHashLabel + 32, Addr + Depth * lit<F>(16) - lit<F>(1), Zero),
               [&](unsigned J) { return SN(3 - J); });
    R.add(Fl.op(96), MvIn * OldRoot * MuIn * NewRoot); // MRUPDATE
  }
  // ACE: EVALCIRCUIT starts a circuit evaluation (Miden's element order).
  R.add(Fl.op(93), A[0] + A[1] * lit<F>(chip::AceInitLabel) + A[2] * Clk + A[3] * Ctx +
                       A[4] * S(0) + A[5] * S(1) + A[6] * S(2));
  return R.value();
}

template <class F, class E> E vmStackChipletsRequest(const EvalFrame<F> &M, llvm::ArrayRef<E> A) {
  return vmStackChipletsRequest<F, E>(OpFlags<F>(M.Current), M, A);
}

/// A memory row's response [ctx, addr, clk, value or word] (degree 4: the
/// element selected by idx, then by ew).
template <class F, class E> E memoryResponseMessage(const F *C, llvm::ArrayRef<E> A) {
  using namespace chip;
  const F One = F(Felt::one());
  F Rw = C[MRw], Ew = C[MEw], I0 = C[MIdx0], I1 = C[MIdx1];
  // Labels: write element 4, write word 20, read element 12, read word 28.
  F Label = F(Felt(MemWriteElementLabel)) + Rw * F(Felt(8)) + Ew * F(Felt(16));
  F Sel4[4] = {(One - I1) * (One - I0), (One - I1) * I0, I1 * (One - I0), I1 * I0};
  F Elem = Sel4[0] * C[MV];
  for (unsigned J = 1; J < 4; ++J)
    Elem += Sel4[J] * C[MV + J];
  // Element accesses carry their element in the first value slot, word
  // accesses the word: the selection stays in the base field.
  E Msg = A[0] + A[1] * Label + A[2] * C[MCtx] + A[3] * (C[MWord] + I1 * F(Felt(2)) + I0) +
          A[4] * C[MClk] + A[5] * (Ew * C[MV] + (One - Ew) * Elem);
  for (unsigned J = 1; J < 4; ++J)
    Msg += A[5 + J] * (Ew * C[MV + J]);
  return Msg;
}

/// The chiplets' responses on the chiplets bus for the row (Chiplets.h,
/// chipletsBusResponses lists the same messages from the columns): hasher
/// BP/MP/MV/MU on a cycle's first row (label + 16), HOUT/SOUT/ABP on its last
/// (label + 32), with addr = clk + 1; bitwise on a cycle's last row; every
/// memory row but those answering ACE reads (f_ace, on the vtable column);
/// ACE on a section's first row [clk, ctx, ptr, n_read, n_eval]; every kernel
/// ROM row (KERNEL_PROC_INIT when s_first, else KERNEL_PROC_CALL). P is
/// chipletsPeriodicColumns() in order; MemMsg is memoryResponseMessage() of
/// the row (shared with vmVtableFactors). Degree 8 (memory).
template <class F, class E>
E vmChipletsResponse(const EvalFrame<F> &M, llvm::ArrayRef<F> P, llvm::ArrayRef<E> A,
                     const E &MemMsg) {
  using namespace chip;
  using busdetail::lit;
  const F *C = M.Current.data(), *N = M.Next.data();
  const F One = F(Felt::one());
  F S0 = C[Sel], S1 = C[Sel + 1], S2 = C[Sel + 2], S3 = C[Sel + 3], S4 = C[Sel + 4];
  BusFactor<E> R;
  // --- Hasher ---
  {
    F H = One - S0;
    F s0 = C[HSel], s1 = C[HSel + 1], s2 = C[HSel + 2];
    F First = H * P[PHk2], Last = H * P[PHk0];
    E Head = A[2] * (C[ClkCol] + One) + A[3] * C[HIndex];
    auto Lab = [&](uint64_t V) { return A[0] + A[1] * lit<F>(V) + Head; };
    E State;
    for (unsigned J = 0; J < 12; ++J)
      State += A[4 + J] * C[HState + J];
    E Digest, Absorbed, Leaf;
    F B = C[HIndex] - N[HIndex] * F(Felt(2)); // the index bit shifted out
    for (unsigned J = 0; J < 4; ++J) {
      Digest += A[8 + J] * C[HState + 4 + J];
      Leaf += A[8 + J] * ((One - B) * C[HState + 4 + J] + B * C[HState + 8 + J]);
    }
    for (unsigned J = 0; J < 8; ++J)
      Absorbed += A[8 + J] * N[HState + 4 + J];
    F NS1 = One - s1, NS2 = One - s2;
    R.add(First * s0 * NS1 * NS2, Lab(LinearHashLabel + 16) + State); // BP
    R.add(First * s0 * NS1 * s2, Lab(MpVerifyLabel + 16) + Leaf);     // MP
    R.add(First * s0 * s1 * NS2, Lab(MrUpdateOldLabel + 16) + Leaf);  // MV
    R.add(First * s0 * s1 * s2, Lab(MrUpdateNewLabel + 16) + Leaf);   // MU
    F NS0 = One - s0;
    R.add(Last * NS0 * NS1 * NS2, Lab(ReturnHashLabel + 32) + Digest);  // HOUT
    R.add(Last * NS0 * NS1 * s2, Lab(ReturnStateLabel + 32) + State);   // SOUT
    R.add(Last * s0 * NS1 * NS2, Lab(LinearHashLabel + 32) + Absorbed); // ABP
  }
  // --- Bitwise: last row of each 8-row cycle ---
  {
    F Fb = S0 * (One - S1) * (One - P[PBk1]);
    F Op = C[BOp];
    F Label = lit<F>(BitwiseAndLabel) + Op * lit<F>(BitwiseXorLabel - BitwiseAndLabel);
    R.add(Fb, A[0] + A[1] * Label + A[2] * C[BA] + A[3] * C[BB] + A[4] * C[BZ]);
  }
  // --- Memory: every row not answering an ACE read ---
  R.add(S0 * S1 * (One - S2) * (One - C[MAce]), MemMsg);
  // --- ACE: a section's first row; n_read = id0 + 1 - n_eval ---
  {
    auto Ac = [&](unsigned J) { return C[AceCol + J]; };
    F NEval = Ac(ace::NEvalOrId2);
    R.add(S0 * S1 * S2 * (One - S3) * C[AceCol + ace::SStart],
          A[0] + A[1] * lit<F>(AceInitLabel) + A[2] * Ac(ace::Clk) + A[3] * Ac(ace::Ctx) +
              A[4] * Ac(ace::Ptr) + A[5] * (Ac(ace::Id0) + One - NEval) + A[6] * NEval);
  }
  // --- Kernel ROM: every row ---
  {
    F Fk = S0 * S1 * S2 * S3 * (One - S4);
    F Label = lit<F>(chip::KernelProcCallLabel) +
              C[KFirst] * lit<F>(chip::KernelProcInitLabel - chip::KernelProcCallLabel);
    E Msg = A[0] + A[1] * Label;
    for (unsigned J = 0; J < 4; ++J)
      Msg += A[2 + J] * C[KRoot + J];
    R.add(Fk, Msg);
  }
  return R.value();
}

/// The vtable column's factors. Sibling table (Merkle root updates): MV /
/// MVA rows add (V), MU / MUA rows remove (U) the entry [0, i, sibling], the
/// sibling in h4..h7 when the index bit is 1 (the node is a right child),
/// else in h8..h11; on MVA / MUA rows the sibling is read from the next row.
/// ACE reads: each ACE row requests (U) its memory read, READ rows the word
/// [ctx, ptr, clk, v0, v1] (label 28), EVAL rows the element [ctx, ptr, clk,
/// id1 + id2 2^30 + (op + 1) 2^60] (label 12); memory rows with f_ace answer
/// (V). The rows are hasher, ACE or memory rows: one flag at most. MemMsg is
/// memoryResponseMessage() of the row. Degree 8 (the memory response).
template <class F, class E>
void vmVtableFactors(const EvalFrame<F> &M, llvm::ArrayRef<F> P, llvm::ArrayRef<E> A,
                     const E &MemMsg, E &U, E &V) {
  using namespace chip;
  const F *C = M.Current.data(), *N = M.Next.data();
  const F One = F(Felt::one());
  F H = One - C[Sel];
  F s0 = C[HSel], s1 = C[HSel + 1], s2 = C[HSel + 2];
  F First = H * P[PHk2], Last = H * P[PHk0];
  F B = C[HIndex] - N[HIndex] * F(Felt(2));
  auto Entry = [&](const F *Row) {
    E Msg = A[0] + A[3] * C[HIndex];
    for (unsigned J = 0; J < 4; ++J)
      Msg += A[8 + J] * (B * Row[HState + 4 + J]) + A[12 + J] * ((One - B) * Row[HState + 8 + J]);
    return Msg;
  };
  E OnFirst = Entry(C), OnLast = Entry(N);
  BusFactor<E> Add, Remove;
  Add.add(First * s0 * s1 * (One - s2), OnFirst);
  Add.add(Last * s0 * s1 * (One - s2), OnLast);
  Remove.add(First * s0 * s1 * s2, OnFirst);
  Remove.add(Last * s0 * s1 * s2, OnLast);
  {
    // One message whose label and values switch on s_block in the base
    // field: READ [28, ctx, ptr, clk, v0, v1], EVAL [12, ctx, ptr, clk, instr].
    auto Ac = [&](unsigned J) { return C[AceCol + J]; };
    F FAce = C[Sel] * C[Sel + 1] * C[Sel + 2] * (One - C[Sel + 3]), SB = Ac(ace::SBlock);
    F Read = One - SB;
    F Instr = Ac(ace::Id1) + Ac(ace::NEvalOrId2) * F(Felt(uint64_t(1) << ace::IdBits)) +
              (Ac(ace::Op) + One) * F(Felt(uint64_t(1) << 60));
    F Label = F(Felt(MemReadWordLabel)) - SB * F(Felt(MemReadWordLabel - MemReadElementLabel));
    E Msg = A[0] + A[1] * Label + A[2] * Ac(ace::Ctx) + A[3] * Ac(ace::Ptr) + A[4] * Ac(ace::Clk) +
            A[5] * (Read * Ac(ace::V0) + SB * Instr) + A[6] * (Read * Ac(ace::V0 + 1)) +
            A[7] * (Read * Ac(ace::V1)) + A[8] * (Read * Ac(ace::V1 + 1));
    Remove.add(FAce, Msg);
    Add.add(C[Sel] * C[Sel + 1] * (One - C[Sel + 2]) * C[MAce], MemMsg);
  }
  U = Remove.value();
  V = Add.value();
}

/// The precompile transcript's message [LOG_PRECOMPILE, cap]:
/// alpha0 + alpha1 * 94 + sum alpha_(2+j) cap_j (Miden v0.20.6's).
template <class E, class W> E transcriptMessage(llvm::ArrayRef<E> A, const W &Cap) {
  E M = A[0] + A[1] * E(Felt(LogPrecompileLabel));
  for (unsigned J = 0; J < 4; ++J)
    M += A[2 + J] * Cap[J];
  return M;
}

/// The transcript column's factors on a row: LOGPRECOMPILE removes (U)
/// CAP_PREV = h1..h4 and inserts (V) CAP_NEXT = s11'..s8' (cap_j =
/// s'_(11-j)); 1 elsewhere. Degree 6 each (flag 5).
template <class F, class E>
void vmTranscriptFactors(const OpFlags<F> &Fl, const EvalFrame<F> &M, llvm::ArrayRef<E> A, E &U,
                         E &V) {
  std::array<F, 4> Prev, Next;
  for (unsigned J = 0; J < 4; ++J) {
    Prev[J] = M.Current[UserHelperCol + 1 + J];
    Next[J] = M.Next[StackTopCol + 11 - J];
  }
  const F &Flag = Fl.op(94);
  const E One = E(Felt::one());
  U = E(Flag) * (transcriptMessage<E>(A, Prev) - One) + One;
  V = E(Flag) * (transcriptMessage<E>(A, Next) - One) + One;
}

// --- The AIR -----------------------------------------------------------------------

class VmAir : public AirBase<VmAir> {
public:
  VmAir(size_t TraceLength, VmPublicInputs Public);

  llvm::StringRef name() const override { return "zkvm-vm"; }
  std::vector<uint8_t> publicInputs() const override { return Public.serialize(); }
  std::vector<unsigned> mainConstraintDegrees() const override;
  std::vector<unsigned> auxConstraintDegrees() const override;
  std::vector<Assertion> assertions() const override;
  std::vector<std::vector<Felt>> periodicColumns() const override {
    return chipletsPeriodicColumns();
  }
  const VmPublicInputs &publicInputValues() const { return Public; }

  // Constraint groups, in mainConstraintDegrees() order.
  static constexpr unsigned SystemBegin = 0;
  static constexpr unsigned DecoderBegin = SystemBegin + NumSystemConstraints;
  unsigned stackBegin() const { return StackBegin; }
  unsigned rangeBegin() const { return RangeBegin; }
  unsigned chipletsBegin() const { return ChipletsBegin; }

  /// A row's operation flags, computed once and shared by the main and aux
  /// constraints (evaluateBoth).
  template <class F> struct RowFlags {
    OpFlags<F> Op;
    detail::DecFlags<F> Dec, DecNext;
    explicit RowFlags(const EvalFrame<F> &M) : Op(M.Current), Dec(M.Current), DecNext(M.Next) {}
  };

  template <class E>
  void evaluateMain(const EvalFrame<E> &M, llvm::ArrayRef<E> P,
                    llvm::MutableArrayRef<E> Out) const {
    evaluateMainWith<E>(RowFlags<E>(M), M, P, Out);
  }

  template <class F, class E>
  void evaluateAux(const EvalFrame<F> &M, const EvalFrame<E> &Aux, llvm::ArrayRef<F> P,
                   llvm::ArrayRef<E> A, llvm::MutableArrayRef<E> Out) const {
    evaluateAuxWith<F, E>(RowFlags<F>(M), M, Aux, P, A, Out);
  }

  /// Main and aux constraints with the flags computed once (the prover's
  /// packed path, evalPacked).
  template <class F, class E>
  void evaluateBoth(const EvalFrame<F> &M, const EvalFrame<E> &Aux, llvm::ArrayRef<F> P,
                    llvm::ArrayRef<E> A, llvm::MutableArrayRef<F> OutMain,
                    llvm::MutableArrayRef<E> OutAux) const {
    const RowFlags<F> Fl(M);
    evaluateMainWith<F>(Fl, M, P, OutMain);
    evaluateAuxWith<F, E>(Fl, M, Aux, P, A, OutAux);
  }

  bool evalPacked(const EvalFrame<FeltPack> &M, const EvalFrame<QuadExtPack> &Aux,
                  llvm::ArrayRef<FeltPack> P, llvm::ArrayRef<QuadExtPack> A,
                  llvm::MutableArrayRef<FeltPack> OutMain,
                  llvm::MutableArrayRef<QuadExtPack> OutAux) const override {
    if (zkvm::detail::FeltPackAvx512)
      evalPackedAvx512(M, Aux, P, A, OutMain, OutAux);
    else
      evaluateBoth<FeltPack, QuadExtPack>(M, Aux, P, A, OutMain, OutAux);
    return true;
  }
  bool evalPacked(const EvalFrame<FeltPack> &M, const EvalFrame<CubicExtPack> &Aux,
                  llvm::ArrayRef<FeltPack> P, llvm::ArrayRef<CubicExtPack> A,
                  llvm::MutableArrayRef<FeltPack> OutMain,
                  llvm::MutableArrayRef<CubicExtPack> OutAux) const override {
    if (zkvm::detail::FeltPackAvx512)
      evalPackedAvx512(M, Aux, P, A, OutMain, OutAux);
    else
      evaluateBoth<FeltPack, CubicExtPack>(M, Aux, P, A, OutMain, OutAux);
    return true;
  }

  template <class E>
  void evaluateMainWith(const RowFlags<E> &Fl, const EvalFrame<E> &M, llvm::ArrayRef<E> P,
                        llvm::MutableArrayRef<E> Out) const {
    evaluateSystem<E>(M, {}, Out.slice(SystemBegin, NumSystemConstraints));
    evaluateDecoder<E>(Fl.Dec, Fl.DecNext, M, Out.slice(DecoderBegin, StackBegin - DecoderBegin));
    evaluateStack<E>(Fl.Op, M, Out.slice(StackBegin, NumStackConstraints));
    evaluateRange<E>(M, {}, Out.slice(RangeBegin, 1));
    evaluateChiplets<E>(M, P, Out.slice(ChipletsBegin, chip::NumConstraints));
  }

  template <class F, class E>
  void evaluateAuxWith(const RowFlags<F> &Fl, const EvalFrame<F> &M, const EvalFrame<E> &Aux,
                       llvm::ArrayRef<F> P, llvm::ArrayRef<E> A,
                       llvm::MutableArrayRef<E> Out) const {
    evaluateDecoderAux<F, E>(Fl.Dec, Fl.DecNext, M, Aux, A, Out.slice(0, 3));
    Out[3] = evaluateStackOverflowBus<F, E>(Fl.Op, M, Aux.Current[StackAuxOffset],
                                            Aux.Next[StackAuxOffset], A.slice(0, 4));
    const F One = F(Felt::one());
    const F *C = M.Current.data();
    F MemFlag = C[chip::Sel] * C[chip::Sel + 1] * (One - C[chip::Sel + 2]);
    Out[4] = evaluateRangeBus<F, E>(M, Aux.Current[RangeAuxOffset], Aux.Next[RangeAuxOffset], A[0],
                                    MemFlag, C[chip::MD0], C[chip::MD1]);
    const E MemMsg = memoryResponseMessage<F, E>(M.Current.data(), A);
    E U, V;
    vmVtableFactors<F, E>(M, P, A, MemMsg, U, V);
    Out[5] = Aux.Next[SiblingAuxCol] * U - Aux.Current[SiblingAuxCol] * V;
    // At most one of the two differs from 1 on a row (control vs user
    // operations), so their product is their sum less 1 (degree 8, not 16).
    E Req = decoderChipletsRequest<F, E>(Fl.Dec, M, A) + vmStackChipletsRequest<F, E>(Fl.Op, M, A) -
            E(Felt::one());
    Out[6] = Aux.Next[ChipletsBusAuxOffset] * Req -
             Aux.Current[ChipletsBusAuxOffset] * vmChipletsResponse<F, E>(M, P, A, MemMsg);
    // Precompile transcript: t' * remove(CAP_PREV) = t * insert(CAP_NEXT) (degree 7).
    E TU, TV;
    vmTranscriptFactors<F, E>(Fl.Op, M, A, TU, TV);
    Out[7] = Aux.Next[TranscriptAuxCol] * TU - Aux.Current[TranscriptAuxCol] * TV;
    // ACE wiring bus (LogUp, degree 8).
    Out[8] = evaluateAceWiring<F, E>(M.Current, Aux.Current[AceWiringAuxCol],
                                     Aux.Next[AceWiringAuxCol], A.slice(0, AceWiringNumAlphas));
  }

  template <class E>
  std::vector<std::vector<E>> buildAux(const TraceColumns &Main, llvm::ArrayRef<E> A) const;

  /// The per-row factors of the running-product aux columns, as buildAux
  /// uses them: Out = {vtable u, vtable v, chiplets bus request, response,
  /// transcript u, transcript v}, with the flags computed once.
  template <class F, class E>
  void auxFactors(const EvalFrame<F> &M, llvm::ArrayRef<F> P, llvm::ArrayRef<E> A, E Out[6]) const {
    const OpFlags<F> Op(M.Current);
    const detail::DecFlags<F> Dec(M.Current);
    const E MemMsg = memoryResponseMessage<F, E>(M.Current.data(), A);
    vmVtableFactors<F, E>(M, P, A, MemMsg, Out[0], Out[1]);
    Out[2] = decoderChipletsRequest<F, E>(Dec, M, A) + vmStackChipletsRequest<F, E>(Op, M, A) -
             E(Felt::one());
    Out[3] = vmChipletsResponse<F, E>(M, P, A, MemMsg);
    vmTranscriptFactors<F, E>(Op, M, A, Out[4], Out[5]);
  }
  /// auxFactors for eight rows at once, in AVX-512 where the CPU has it.
  template <class Ext>
  void auxFactorsPacked(const EvalFrame<FeltPack> &M, llvm::ArrayRef<FeltPack> P,
                        llvm::ArrayRef<ExtPack<Ext>> A, ExtPack<Ext> Out[6]) const {
    if (zkvm::detail::FeltPackAvx512)
      auxFactorsAvx512<Ext>(M, P, A, Out);
    else
      auxFactors<FeltPack, ExtPack<Ext>>(M, P, A, Out);
  }

  template <class E> std::vector<E> auxAssertionValues(llvm::ArrayRef<E> A) const {
    std::vector<E> Out = decoderAuxAssertionValues<E>(Public.ProgramHash, A);
    const E One = E(Felt::one());
    Out.insert(Out.end(), {One, One, E(), E(), One, One, One});
    Out.push_back(kernelInitProduct<E>(A));
    Out.insert(Out.end(), {transcriptInitRatio<E>(A), One, E(), E()});
    return Out;
  }

  /// The transcript column's first value (Miden v0.20.6's vtable
  /// initialisation): the empty capacity inserted, the public final one
  /// removed, v([94, 0, 0, 0, 0]) / v([94, CAP_FINAL]).
  template <class E> E transcriptInitRatio(llvm::ArrayRef<E> A) const {
    const Felt Zero[4] = {};
    return transcriptMessage<E>(A, Zero) *
           transcriptMessage<E>(A, Public.PrecompileTranscript).inverse();
  }

  /// The chiplets bus's final value: the product of the kernel ROM's
  /// KERNEL_PROC_INIT messages for the public kernel digests.
  template <class E> E kernelInitProduct(llvm::ArrayRef<E> A) const {
    E P = E(Felt::one());
    for (const Digest &D : Public.KernelDigests) {
      E M = A[0] + A[1] * E(Felt(chip::KernelProcInitLabel));
      for (unsigned J = 0; J < 4; ++J)
        M += A[2 + J] * E(D[J]);
      P *= M;
    }
    return P;
  }

private:
  /// evaluateBoth with the AVX-512 pack (VmAirAvx512.cpp, compiled for
  /// AVX-512): the same values, lane by lane. Only when
  /// zkvm::detail::FeltPackAvx512.
  template <class Ext>
  void evalPackedAvx512(const EvalFrame<FeltPack> &M, const EvalFrame<ExtPack<Ext>> &Aux,
                        llvm::ArrayRef<FeltPack> P, llvm::ArrayRef<ExtPack<Ext>> A,
                        llvm::MutableArrayRef<FeltPack> OutMain,
                        llvm::MutableArrayRef<ExtPack<Ext>> OutAux) const;

  /// auxFactors with the AVX-512 pack (VmAirAvx512.cpp).
  template <class Ext>
  void auxFactorsAvx512(const EvalFrame<FeltPack> &M, llvm::ArrayRef<FeltPack> P,
                        llvm::ArrayRef<ExtPack<Ext>> A, ExtPack<Ext> Out[6]) const;

  VmPublicInputs Public;
  unsigned StackBegin, RangeBegin, ChipletsBegin, NumMain;
};

extern template std::vector<std::vector<QuadExt>>
VmAir::buildAux<QuadExt>(const TraceColumns &, llvm::ArrayRef<QuadExt>) const;
extern template std::vector<std::vector<CubicExt>>
VmAir::buildAux<CubicExt>(const TraceColumns &, llvm::ArrayRef<CubicExt>) const;

/// For debugging a bus that does not balance: the chiplets bus's per-row
/// request and response factors (Felt frames, the given challenges), and
/// the rows where either is not 1.
struct BusRowFactors {
  size_t Row;
  QuadExt Request, Response;
};
std::vector<BusRowFactors> chipletsBusRows(const TraceColumns &Main,
                                           llvm::ArrayRef<QuadExt> Alphas);

} // namespace vmair
} // namespace zkvm

#endif // ZKVM_AIR_VM_VMAIR_H
