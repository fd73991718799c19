//===- zkvm/Air/Vm/Chiplets.h - The VM AIR's chiplets segment -----*- C++ -*-===//
//
// Main-trace columns 51..70: Miden v0.20.6's chiplets module. The chiplets'
// traces are stacked vertically in the order
//
//   hasher | bitwise | memory | ACE | kernel ROM | padding
//
// and told apart by the chiplet selector columns s0..s4 (a chiplet owns a
// prefix of them: hasher {0}, bitwise {1,0}, memory {1,1,0}, ACE {1,1,1,0},
// kernel ROM {1,1,1,1,0}, padding {1,1,1,1,1}); the chiplet's own columns
// follow its selectors. Column k of the segment (absolute ChipletsOffset + k):
//
//   hasher   1..3 s0..s2 (internal selectors), 4..15 h0..h11, 16 node index
//   bitwise  2 op (0 AND, 1 XOR), 3 a, 4 b, 5..8 a0..a3, 9..12 b0..b3,
//            13 z_prev, 14 z
//   memory   3 rw (1 read), 4 ew (1 word), 5 ctx, 6 word addr, 7 idx0,
//            8 idx1, 9 clk, 10..13 v0..v3, 14 d0, 15 d1, 16 d_inv, 17 f_scw,
//            18 f_ace (1: the row answers an ACE read, on the vtable column)
//   ACE      4..19 (zkvm/Air/Vm/Ace.h)
//   kernel   5 s_first, 6..9 r0..r3 (procedure digest)
//
// Transition constraints (chipletsConstraintDegrees, in this order): chiplet
// selectors (11), hasher (34), bitwise (18), memory (20), ACE (20, Ace.h),
// kernel ROM (6).
// Periodic columns: hasher k0, k1, k2, round constants ark1[12], ark2[12];
// bitwise k0, k1.
//
// Bus responses: chipletsBusResponses lists, per row, the message each
// chiplet multiplies into the chiplets bus b_chip (docs chiplets/index.md);
// a message reduces to alpha0 + alpha1 * Label + sum_j alpha_(2+j) * E[j].
// ACE reads are answered on the vtable column instead (memory rows with
// f_ace = 1), and the ACE chiplet answers EVALCIRCUIT on b_chip.
// hasherSiblingTable lists the sibling-table (vtable) updates of Merkle root
// updates in the same form. memoryRangeChecks lists the 16-bit values the
// range checker must accept for the memory chiplet (d0, d1 of each row).
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_AIR_VM_CHIPLETS_H
#define ZKVM_AIR_VM_CHIPLETS_H

#include "zkvm/Air/Vm/Ace.h"
#include "zkvm/Air/VmLayout.h"

#include <cstdint>
#include <type_traits>
#include <vector>

namespace zkvm {
namespace vmair {

namespace chip {
constexpr unsigned C = ChipletsOffset;
/// Chiplet selectors s0..s4.
constexpr unsigned Sel = C;
// Hasher.
constexpr unsigned HSel = C + 1, HState = C + 4, HIndex = C + 16;
// Bitwise.
constexpr unsigned BOp = C + 2, BA = C + 3, BB = C + 4, BABits = C + 5, BBBits = C + 9,
                   BZPrev = C + 13, BZ = C + 14;
// Memory.
constexpr unsigned MRw = C + 3, MEw = C + 4, MCtx = C + 5, MWord = C + 6, MIdx0 = C + 7,
                   MIdx1 = C + 8, MClk = C + 9, MV = C + 10, MD0 = C + 14, MD1 = C + 15,
                   MDInv = C + 16, MFscw = C + 17;
/// Memory rows that answer the ACE chiplet's reads send their response on the
/// vtable column, where the ACE chiplet's requests are (docs/design.md, "ACE
/// chiplet"); a free memory column holds the prover's routing choice.
constexpr unsigned MAce = C + 18;
// Kernel ROM.
constexpr unsigned KFirst = C + 5, KRoot = C + 6;

// Operation labels (docs chiplets/index.md "Operation labels").
constexpr uint64_t LinearHashLabel = 3, MpVerifyLabel = 11, MrUpdateOldLabel = 7,
                   MrUpdateNewLabel = 15, ReturnHashLabel = 1, ReturnStateLabel = 9;
constexpr uint64_t BitwiseAndLabel = 2, BitwiseXorLabel = 6;
constexpr uint64_t MemWriteElementLabel = 4, MemWriteWordLabel = 20, MemReadElementLabel = 12,
                   MemReadWordLabel = 28;
constexpr uint64_t AceInitLabel = 8, KernelProcCallLabel = 16, KernelProcInitLabel = 48;

// Constraint groups (indexes into chipletsConstraintDegrees()).
constexpr unsigned NumSelectorConstraints = 11, NumHasherConstraints = 34,
                   NumBitwiseConstraints = 18, NumMemoryConstraints = 20,
                   NumKernelRomConstraints = 6;
constexpr unsigned HasherConstraintsBegin = NumSelectorConstraints,
                   BitwiseConstraintsBegin = HasherConstraintsBegin + NumHasherConstraints,
                   MemoryConstraintsBegin = BitwiseConstraintsBegin + NumBitwiseConstraints,
                   AceConstraintsBegin = MemoryConstraintsBegin + NumMemoryConstraints,
                   KernelRomConstraintsBegin = AceConstraintsBegin + NumAceConstraints,
                   NumConstraints = KernelRomConstraintsBegin + NumKernelRomConstraints;
// Periodic columns.
constexpr unsigned PHk0 = 0, PHk1 = 1, PHk2 = 2, PArk1 = 3, PArk2 = 15, PBk0 = 27, PBk1 = 28,
                   NumPeriodic = 29;
} // namespace chip

/// Rows of each chiplet (before padding), in stacking order.
struct ChipletsSegments {
  size_t Hasher = 0, Bitwise = 0, Memory = 0, Ace = 0, KernelRom = 0;
  size_t total() const { return Hasher + Bitwise + Memory + Ace + KernelRom; }
};
ChipletsSegments chipletsSegments(const VmTraceInputs &In);

/// The chiplets' rows plus one padding row.
size_t chipletsRowsNeeded(const VmTraceInputs &In);
void buildChipletsColumns(const VmTraceInputs &In, MainTrace &Main);
std::vector<unsigned> chipletsConstraintDegrees();
std::vector<std::vector<Felt>> chipletsPeriodicColumns();

/// The hasher rows the decoder and stack requests name: Miden's "address",
/// row + 1 of the first row of each computation, for ExecutionTrace::
/// BlockHashes[k] (BlockHashAddr[k]) and ExecutionTrace::Hasher[k]
/// (HasherAddr[k]; for a Merkle root update, the old path's first row -- the
/// new path starts at HasherAddr[k] + 8 * path length). The result of a
/// computation of n permutations is returned at address + 8n - 1.
struct ChipletsHasherAddresses { // renamed from HasherAddresses: Decoder.h has one too
  std::vector<uint64_t> BlockHashAddr, HasherAddr;
};
ChipletsHasherAddresses hasherAddresses(const VmTraceInputs &In);

/// One message on a bus: alpha0 + alpha1 * Label + sum_j alpha_(2+j) * Elements[j].
struct ChipletsBusMessage {
  size_t Row = 0;
  Felt Label;
  std::vector<Felt> Elements;
  /// For the sibling table: whether the entry is removed (divided) rather
  /// than added.
  bool Remove = false;

  template <class E> E reduce(llvm::ArrayRef<E> Alphas) const {
    E V = Alphas[0] + Alphas[1] * E(Label);
    for (size_t J = 0; J < Elements.size(); ++J)
      V += Alphas[2 + J] * E(Elements[J]);
    return V;
  }
};
/// The chiplets' responses on b_chip, by row (at most one per row), read off
/// the main trace. Hasher: [addr, i, h0..h11] with zeros where a message
/// leaves a word out; bitwise: [a, b, z]; memory: [ctx, addr, clk, v] or
/// [ctx, addr, clk, v0..v3]; kernel ROM: [r0..r3].
std::vector<ChipletsBusMessage> chipletsBusResponses(const MainTrace &Main);
/// The hasher's sibling-table updates (MV/MVA add, MU/MUA remove), with
/// Label 0 and elements [0, i, 0, 0, 0, 0, sibling in h4..7 or h8..11 slots].
std::vector<ChipletsBusMessage> hasherSiblingTable(const MainTrace &Main);
/// d0 and d1 of every memory row.
std::vector<uint16_t> memoryRangeChecks(const MainTrace &Main);

// --- Constraint evaluation ----------------------------------------------------

namespace chipdetail {
const uint64_t *rpoMdsRow();

template <class E> inline E cst(uint64_t V) { return E(Felt(V)); }

/// Whether a pack's operations include circulant12Small (the AVX-512 pack).
template <class Ops, class = void> struct HasCirculant12 : std::false_type {};
template <class Ops>
struct HasCirculant12<Ops, std::void_t<decltype(&Ops::circulant12Small)>> : std::true_type {};

template <class E> void mds(const E *In, E *Out) {
  const uint64_t *M = rpoMdsRow();
  if constexpr (IsFeltPackV<E>) {
    if constexpr (HasCirculant12<typename E::Ops>::value) {
      E::Ops::circulant12Small(In, Out, M);
      return;
    }
  }
  if constexpr (std::is_same_v<E, Felt>) {
    for (unsigned R = 0; R < 12; ++R) {
      unsigned __int128 Sum = 0;
      for (unsigned C = 0; C < 12; ++C)
        Sum += (unsigned __int128)M[(C + 12 - R) % 12] * In[C].value();
      Out[R] = Felt::fromCanonical(Felt::reduce128(Sum));
    }
  } else if constexpr (IsFeltPackV<E>) {
    for (unsigned R = 0; R < 12; ++R)
      for (unsigned L = 0; L < E::Lanes; ++L) {
        unsigned __int128 Sum = 0;
        for (unsigned C = 0; C < 12; ++C)
          Sum += (unsigned __int128)M[(C + 12 - R) % 12] * In[C].V[L].value();
        Out[R].V[L] = Felt::fromCanonical(Felt::reduce128(Sum));
      }
  } else {
    for (unsigned R = 0; R < 12; ++R) {
      E Sum = In[0] * Felt(M[(12 - R) % 12]);
      for (unsigned C = 1; C < 12; ++C)
        Sum += In[C] * Felt(M[(C + 12 - R) % 12]);
      Out[R] = Sum;
    }
  }
}

template <class E> inline E pow7(const E &X) {
  E X2 = X * X, X4 = X2 * X2;
  return X4 * X2 * X;
}
} // namespace chipdetail

/// The chiplets' transition constraints; Periodic is chipletsPeriodicColumns()
/// in order, Out has chip::NumConstraints entries.
template <class E>
void evaluateChiplets(const EvalFrame<E> &F, llvm::ArrayRef<E> P, llvm::MutableArrayRef<E> Out) {
  using namespace chip;
  using chipdetail::cst;
  const E *Cur = F.Current.data(), *Nxt = F.Next.data();
  const E One = cst<E>(1);
  auto bin = [&](const E &X) { return X * X - X; };

  // --- Chiplet selectors ------------------------------------------------------
  E S0 = Cur[Sel], S1 = Cur[Sel + 1], S2 = Cur[Sel + 2], S3 = Cur[Sel + 3], S4 = Cur[Sel + 4];
  E N0 = Nxt[Sel], N1 = Nxt[Sel + 1], N2 = Nxt[Sel + 2], N3 = Nxt[Sel + 3], N4 = Nxt[Sel + 4];
  E S01 = S0 * S1, S012 = S01 * S2, S0123 = S012 * S3;
  unsigned O = 0;
  // Each selector is binary where it acts as one.
  Out[O++] = bin(S0);
  Out[O++] = S0 * bin(S1);
  Out[O++] = S01 * bin(S2);
  Out[O++] = S012 * bin(S3);
  Out[O++] = S0123 * bin(S4);
  // Selectors only change 0 -> 1.
  Out[O++] = S0 * (S0 - N0);
  Out[O++] = S01 * (S1 - N1);
  Out[O++] = S012 * (S2 - N2);
  Out[O++] = S0123 * (S3 - N3);
  Out[O++] = S0123 * S4 * (S4 - N4);
  // The hasher segment is whole 8-row cycles: s0 only changes after a cycle's
  // last row (keeps the bitwise chiplet aligned with its periodic columns).
  Out[O++] = (One - P[PHk0]) * (N0 - S0);

  // --- Hasher -----------------------------------------------------------------
  {
    E H = One - S0; // hasher rows
    E K0 = P[PHk0], K1 = P[PHk1], K2 = P[PHk2];
    E s0 = Cur[HSel], s1 = Cur[HSel + 1], s2 = Cur[HSel + 2];
    E n0 = Nxt[HSel], n1 = Nxt[HSel + 1], n2 = Nxt[HSel + 2];
    E I = Cur[HIndex], INext = Nxt[HIndex];
    const E *Hs = Cur + HState, *HsN = Nxt + HState;
    E NotS1 = One - s1, NotS2 = One - s2;
    E FOut = K0 * (One - s0) * NotS1;
    E FOutNext = K1 * (One - n0) * (One - n1);
    // s1 or s2 set: one of the Merkle computations (MP, MV, MU).
    E IsMerkle = s0 * (s1 + s2 - s1 * s2);
    E FAn = (K2 + K0) * IsMerkle; // a node is absorbed
    E B = I - INext * Felt(2);    // the index bit shifted out
    E FAbp = K0 * s0 * NotS1 * NotS2;

    Out[O++] = H * bin(s0); // internal selectors are binary
    Out[O++] = H * bin(s1);
    Out[O++] = H * bin(s2);
    E Copy = H * (One - FOut) * (One - FOutNext); // s1, s2 kept within a computation
    Out[O++] = Copy * (n1 - s1);
    Out[O++] = Copy * (n2 - s2);
    // After ABP/MPA/MVA/MUA (f_abp + f_mpa + f_mva + f_mua = k0 * s0) the next s0 is 0.
    Out[O++] = H * K0 * s0 * n0;
    // On a cycle's last row s0 = 0 implies s1 = 0 (HOUT or SOUT).
    Out[O++] = H * K0 * (One - s0) * s1;
    // The node index is 0 when a computation ends.
    Out[O++] = H * FOut * I;
    // The bit shifted out of the index when a node is absorbed is binary.
    Out[O++] = H * FAn * bin(B);
    // Otherwise the index is kept.
    Out[O++] = H * (One - FAn - FOut) * (INext - I);
    // RPO rounds on rows 0..6 of each cycle.
    {
      E T[12], U[12];
      chipdetail::mds(Hs, T);
      for (unsigned J = 0; J < 12; ++J)
        T[J] = chipdetail::pow7(T[J] + P[PArk1 + J]);
      chipdetail::mds(T, U);
      E Round = H * (One - K0);
      for (unsigned J = 0; J < 12; ++J)
        Out[O++] = Round * (chipdetail::pow7(HsN[J]) - (U[J] + P[PArk2 + J]));
    }
    // ABP keeps the capacity.
    for (unsigned J = 0; J < 4; ++J)
      Out[O++] = H * FAbp * (HsN[J] - Hs[J]);
    // MPA/MVA/MUA: the digest goes to the next state's left or right word by the index bit.
    E MerkleAbsorb = H * K0 * IsMerkle;
    for (unsigned J = 0; J < 4; ++J)
      Out[O++] =
          MerkleAbsorb * ((One - B) * (HsN[4 + J] - Hs[4 + J]) + B * (HsN[8 + J] - Hs[4 + J]));
    // Merkle hashes are 2-to-1 merges: capacity 0 at MP/MV/MU and after each absorption.
    for (unsigned J = 0; J < 4; ++J)
      Out[O++] = H * IsMerkle * (K2 * Hs[J] + K0 * HsN[J]);
  }

  // --- Bitwise ----------------------------------------------------------------
  {
    E Fb = S0 * (One - S1);
    E K0 = P[PBk0], K1 = P[PBk1];
    E Op = Cur[BOp], OpN = Nxt[BOp];
    E A = Cur[BA], Bv = Cur[BB], AN = Nxt[BA], BN = Nxt[BB];
    E ASum = Cur[BABits], BSum = Cur[BBBits], ANSum = Nxt[BABits], BNSum = Nxt[BBBits];
    E AndSum = Cur[BABits] * Cur[BBBits];
    for (unsigned J = 1; J < 4; ++J) {
      ASum += Cur[BABits + J] * Felt(1u << J);
      BSum += Cur[BBBits + J] * Felt(1u << J);
      ANSum += Nxt[BABits + J] * Felt(1u << J);
      BNSum += Nxt[BBBits + J] * Felt(1u << J);
      AndSum += Cur[BABits + J] * Cur[BBBits + J] * Felt(1u << J);
    }
    E XorSum = ASum + BSum - AndSum * Felt(2);
    Out[O++] = Fb * bin(Op);           // op is binary
    Out[O++] = Fb * K1 * (OpN - Op);   // and fixed within a cycle
    for (unsigned J = 0; J < 4; ++J) { // limb bits are binary
      Out[O++] = Fb * bin(Cur[BABits + J]);
      Out[O++] = Fb * bin(Cur[BBBits + J]);
    }
    Out[O++] = Fb * K0 * (A - ASum); // first row: a, b are their first limbs
    Out[O++] = Fb * K0 * (Bv - BSum);
    Out[O++] = Fb * K1 * (AN - (A * Felt(16) + ANSum)); // limbs accumulate
    Out[O++] = Fb * K1 * (BN - (Bv * Felt(16) + BNSum));
    Out[O++] = Fb * K0 * Cur[BZPrev];             // z_prev starts at 0
    Out[O++] = Fb * K1 * (Cur[BZ] - Nxt[BZPrev]); // and follows z
    E ZBase = Cur[BZPrev] * Felt(16);
    Out[O++] = Fb * (One - Op) * (Cur[BZ] - (ZBase + AndSum)); // z accumulates AND
    Out[O++] = Fb * Op * (Cur[BZ] - (ZBase + XorSum));         // or XOR of the limbs
  }

  // --- Memory -----------------------------------------------------------------
  {
    E FMem = S01 * (One - S2);
    E FNl = S01 * (One - N2);
    // Next row is the memory chiplet's first: the current row is the hasher's
    // or the bitwise chiplet's (see docs/design.md, Chiplets).
    E FFr = ((One - S0) * N0 + S0 * (One - S1)) * N1 * (One - N2);
    E DCtx = Nxt[MCtx] - Cur[MCtx], DAddr = Nxt[MWord] - Cur[MWord], DClk = Nxt[MClk] - Cur[MClk];
    E TInv = Nxt[MDInv];
    E Nn0 = DCtx * TInv, Nn1 = DAddr * TInv;
    E NotN0 = One - Nn0, NotN1 = One - Nn1;
    E Rw = Cur[MRw], RwN = Nxt[MRw], EwN = Nxt[MEw], FscwN = Nxt[MFscw];
    Out[O++] = FMem * bin(Rw); // rw, ew, idx0, idx1 are binary
    Out[O++] = FMem * bin(Cur[MEw]);
    Out[O++] = FMem * bin(Cur[MIdx0]);
    Out[O++] = FMem * bin(Cur[MIdx1]);
    Out[O++] = FMem * bin(Cur[MAce]);       // the response's column is one of two
    Out[O++] = FNl * bin(Nn0);              // n0 is binary
    Out[O++] = FNl * NotN0 * DCtx;          // n0 = 0 only if ctx is kept
    Out[O++] = FNl * NotN0 * bin(Nn1);      // then n1 is binary
    Out[O++] = FNl * NotN0 * NotN1 * DAddr; // n1 = 0 only if the address is kept
    // The delta (ctx, address or clk, whichever changes first) is d1' * 2^16 + d0'.
    Out[O++] = FNl * (Nn0 * DCtx + NotN0 * (Nn1 * DAddr + NotN1 * DClk)) -
               FNl * (Nxt[MD1] * Felt(1u << 16) + Nxt[MD0]);
    Out[O++] = FNl * (FscwN - NotN0 * NotN1); // f_scw' says same context and word
    // Same context, word and clock: both accesses are reads.
    Out[O++] = FNl * FscwN * (One - DClk * TInv) * (One - Rw) * (One - RwN);
    E Idx0N = Nxt[MIdx0], Idx1N = Nxt[MIdx1];
    E Fi[4] = {(One - Idx1N) * (One - Idx0N), (One - Idx1N) * Idx0N, Idx1N * (One - Idx0N),
               Idx1N * Idx0N};
    E Ci[4];
    for (unsigned J = 0; J < 4; ++J) // v'_J is not written
      Ci[J] = RwN + (One - RwN) * (One - EwN) * (One - Fi[J]);
    for (unsigned J = 0; J < 4; ++J) // first row: unwritten values are 0
      Out[O++] = FFr * Ci[J] * Nxt[MV + J];
    for (unsigned J = 0; J < 4; ++J) // later rows: copied in the same word, else 0
      Out[O++] = FNl * Ci[J] * (FscwN * (Nxt[MV + J] - Cur[MV + J]) + (One - FscwN) * Nxt[MV + J]);
  }

  // --- ACE --------------------------------------------------------------------
  evaluateAce<E>(F.Current, F.Next, Out.slice(O, NumAceConstraints));
  O += NumAceConstraints;

  // --- Kernel ROM -------------------------------------------------------------
  {
    E FK = S0123 * (One - S4);
    E First = Cur[KFirst], FirstN = Nxt[KFirst];
    Out[O++] = FK * bin(First); // s_first is binary
    // The chiplet's first row starts a block (the next row is kernel ROM and
    // the current row any earlier chiplet's).
    Out[O++] = (One - FirstN) * (One - N4) * N3 *
               (S012 * (One - S3) + S01 * (One - S2) * N2 + S0 * (One - S1) * N1 * N2 +
                (One - S0) * N0 * N1 * N2);
    // Within a block the digest is kept.
    for (unsigned J = 0; J < 4; ++J)
      Out[O++] = FK * (One - N4) * (One - FirstN) * (Nxt[KRoot + J] - Cur[KRoot + J]);
  }
}

} // namespace vmair
} // namespace zkvm

#endif // ZKVM_AIR_VM_CHIPLETS_H
