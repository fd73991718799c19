//===- zkvm/Air/Vm/Ace.h - The ACE chiplet's rows and constraints -*- C++ -*-===//
//
// Miden v0.20.6's arithmetic circuit evaluation (ACE) chiplet
// (docs/src/design/chiplets/ace.md at that tag): trace generation, transition
// constraints and the wiring bus. The rows are stacked into the chiplets
// segment (selectors {1,1,1,0}, columns 4..19), the constraints are part of
// the chiplets' and the wiring bus is the VM AIR's aux column 8; the bus
// messages (EVALCIRCUIT's request, the memory reads) are VmAir.h's
// (docs/design.md, "ACE chiplet").
//
// One section per EVALCIRCUIT (ExecutionTrace::Circuits, in execution order):
// n_read / 2 READ rows (one memory word = two extension-field wires each),
// then n_eval EVAL rows (one encoded gate each). The 16 columns, in order:
//
//   0 s_start   1 on the section's first row
//   1 s_block   0 READ, 1 EVAL
//   2 ctx, 3 ptr, 4 clk   the memory request (ptr: +4 per READ, +1 per EVAL)
//   5 op        EVAL: -1 sub, 0 mul, 1 add (the encoding's op minus 1)
//   6 id0, 7..8 v0        the wire the row defines (READ: the word's first
//                         element; EVAL: the gate's output)
//   9 id1, 10..11 v1      READ: the word's second element (id0 - 1);
//                         EVAL: the left input
//   12 n_eval | id2       READ: n_eval; EVAL: the right input's id
//   13 - | v2_0, 14 m1 | v2_1   READ: 13 unused, 14 the fan-out of id1;
//                         EVAL: the right input's value
//   15 m0       the fan-out of id0 (times it is read by later gates)
//
// Wire ids count down from n_read + n_eval - 1 (the first input) to 0 (the
// last gate's output, which must be zero).
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_AIR_VM_ACE_H
#define ZKVM_AIR_VM_ACE_H

#include "zkvm/Air/Protocol.h"
#include "zkvm/Air/VmLayout.h"
#include "zkvm/Field/Goldilocks.h"
#include "zkvm/VM/ExecutionTrace.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <cstddef>
#include <vector>

namespace zkvm {
namespace vmair {

namespace ace {
constexpr unsigned Width = 16;
constexpr unsigned SStart = 0, SBlock = 1, Ctx = 2, Ptr = 3, Clk = 4, Op = 5, Id0 = 6, V0 = 7,
                   Id1 = 9, V1 = 10, NEvalOrId2 = 12, V2 = 13, M1 = 14, M0 = 15;
/// Bits of a wire id in an encoded gate (id_l + id_r * 2^30 + op * 2^60).
constexpr unsigned IdBits = 30;
} // namespace ace

using AceRow = std::array<Felt, ace::Width>;

/// Rows the ACE chiplet needs for Trace (sum of n_read / 2 + n_eval).
size_t aceRowsNeeded(const ExecutionTrace &Trace);

/// The ACE chiplet's rows for every circuit evaluation in Trace, the circuit
/// and its inputs taken from the memory reads the EVALCIRCUIT cycle recorded.
/// Fails when the recorded reads do not describe a well-formed circuit.
llvm::Expected<std::vector<AceRow>> buildAceRows(const ExecutionTrace &Trace);

// --- Constraints (Miden's ace.md; part of chipletsConstraintDegrees) ---------
//
// Over full 71-column rows: the ACE columns are chiplets-segment columns
// 4..19 (AceCol + ace::*), the chiplet selectors s0..s3 tell the chiplets
// apart. f_ace = s0 s1 s2 (1 - s3) (degree 4); the chiplet before ACE is
// memory, f_mem = s0 s1 (1 - s2) (ACE rows read memory, so memory is never
// empty when ACE is not).

/// First ACE column (s_start) in the main trace.
constexpr unsigned AceCol = ChipletsOffset + 4;
constexpr unsigned NumAceConstraints = 20;
std::vector<unsigned> aceConstraintDegrees();

template <class E>
void evaluateAce(llvm::ArrayRef<E> Cur, llvm::ArrayRef<E> Nxt, llvm::MutableArrayRef<E> Out) {
  using namespace ace;
  const E One = E(Felt::one()), Two = E(Felt(2)), Four = E(Felt(4));
  const unsigned S = ChipletsOffset;
  auto A = [&](unsigned J) { return Cur[AceCol + J]; };
  auto An = [&](unsigned J) { return Nxt[AceCol + J]; };
  E S012 = Cur[S] * Cur[S + 1] * Cur[S + 2];
  E FAce = S012 * (One - Cur[S + 3]);                    // ACE row (deg 4)
  E FMem = Cur[S] * Cur[S + 1] * (One - Cur[S + 2]);     // memory row (deg 3)
  E FFirstNext = FMem * Nxt[S + 2] * (One - Nxt[S + 3]); // next row starts ACE (deg 5)
  E FAceNext = FAce * (One - Nxt[S + 3]);                // next row is ACE too (deg 5)
  E FAceLast = FAce * Nxt[S + 3];                        // last ACE row (deg 5)
  E SSt = A(SStart), SStN = An(SStart), SB = A(SBlock), SBN = An(SBlock);
  E FNext = FAceNext * (One - SStN);   // same section next (deg 6)
  E FEnd = FAceNext * SStN + FAceLast; // section's last row (deg 6)
  E FRead = One - SB;
  unsigned K = 0;
  Out[K++] = FAce * SSt * (One - SSt);  // s_start binary
  Out[K++] = FFirstNext * (One - SStN); // ACE starts with a section
  Out[K++] = FAceLast * SSt;            // last ACE row starts none
  Out[K++] = FAceNext * SSt * SStN;     // sections have >= 2 rows
  Out[K++] = FAce * SB * (One - SB);    // s_block binary
  Out[K++] = FAce * SSt * SB;           // a section starts with READ
  Out[K++] = FNext * SB * (One - SBN);  // no READ after EVAL
  Out[K++] = FEnd * FRead;              // a section ends with EVAL
  Out[K++] = FAce * FRead *             // READ keeps n_eval or switches
             ((One - SBN) * An(NEvalOrId2) + SBN * (An(Id0) + One) - A(NEvalOrId2));
  Out[K++] = FNext * (An(Ctx) - A(Ctx));                     // ctx constant in a section
  Out[K++] = FNext * (An(Clk) - A(Clk));                     // clk constant in a section
  Out[K++] = FNext * (An(Ptr) - A(Ptr) - Four * FRead - SB); // ptr +4 (READ) / +1 (EVAL)
  Out[K++] = FNext * (A(Id0) - An(Id0) - Two * FRead - SB);  // id0 -2 (READ) / -1 (EVAL)
  Out[K++] = FAce * FRead * (A(Id1) - A(Id0) + One);         // READ: id1 = id0 - 1
  E Op = A(ace::Op), Op2 = Op * Op;
  Out[K++] = FAce * SB * Op * (Op2 - One); // op in {-1, 0, 1}
  // v1 * v2 in F[x]/(x^2 - x + 2): a0 b0 - 2 a1 b1 + (a0 b1 + a1 b0 + a1 b1) x.
  E P00 = A(V1) * A(V2), P11 = A(V1 + 1) * A(V2 + 1);
  E Mul0 = P00 - Two * P11, Mul1 = A(V1) * A(V2 + 1) + A(V1 + 1) * A(V2) + P11;
  E Out0 = Op2 * (A(V1) + Op * A(V2)) + (One - Op2) * Mul0;
  E Out1 = Op2 * (A(V1 + 1) + Op * A(V2 + 1)) + (One - Op2) * Mul1;
  Out[K++] = FAce * SB * (A(V0) - Out0);     // EVAL: v0 = v1 op v2 (c0)
  Out[K++] = FAce * SB * (A(V0 + 1) - Out1); // EVAL: v0 = v1 op v2 (c1)
  Out[K++] = FEnd * A(Id0);                  // a section ends at wire 0
  Out[K++] = FEnd * A(V0);                   // whose value is 0 (c0)
  Out[K++] = FEnd * A(V0 + 1);               // whose value is 0 (c1)
}

// --- The wiring bus (a LogUp running sum; the layout's aux column 8) ---------
//
// Each ACE row sends three nodes (ctx, clk, id_i, v_i) with e_i copies:
// node 0 (id0, v0) e0 = m0; node 1 (id1, v1) e1 = m1 on READ, -1 on EVAL;
// node 2 (id2, v2) e2 = 0 on READ, -1 on EVAL. w_i = alpha0 + alpha1 ctx +
// alpha2 clk + alpha3 id_i + alpha4 v_i0 + alpha5 v_i1, and
// b' = b + f_ace * sum_i e_i / w_i, b = 0 on the first and last rows: every
// wire defined once is read exactly its fan-out times.

constexpr unsigned AceWiringDegree = 8;
constexpr unsigned AceWiringNumAlphas = 6;

/// w_0, w_1, w_2 of a row, with main values lifted to E.
template <class F, class E>
std::array<E, 3> aceWireNodes(llvm::ArrayRef<F> Row, llvm::ArrayRef<E> Alphas) {
  using namespace ace;
  auto L = [&](unsigned J) { return Row[AceCol + J]; };
  E Base = Alphas[0] + Alphas[1] * L(Ctx) + Alphas[2] * L(Clk);
  auto Node = [&](unsigned IdC, unsigned VC) {
    return Base + Alphas[3] * L(IdC) + Alphas[4] * L(VC) + Alphas[5] * L(VC + 1);
  };
  return {Node(Id0, V0), Node(Id1, V1), Node(NEvalOrId2, V2)};
}

/// The wiring bus's constraint (degree 8): (b' - b) w0 w1 w2 =
/// f_ace (e0 w1 w2 + e1 w0 w2 + e2 w0 w1), so b stays put off ACE rows.
template <class F, class E>
E evaluateAceWiring(llvm::ArrayRef<F> Cur, const E &B, const E &BNext, llvm::ArrayRef<E> Alphas) {
  using namespace ace;
  const unsigned S = ChipletsOffset;
  const F One = F(Felt::one());
  F FAce = Cur[S] * Cur[S + 1] * Cur[S + 2] * (One - Cur[S + 3]); // ACE row (deg 4)
  F SB = Cur[AceCol + SBlock];
  F E0 = Cur[AceCol + M0];                   // node 0: its fan-out
  F E1 = (One - SB) * Cur[AceCol + M1] - SB; // node 1: fan-out (READ) or a read
  std::array<E, 3> W = aceWireNodes<F, E>(Cur, Alphas);
  // e0 w1 w2 + e1 w0 w2 + e2 w0 w1 with e2 = -s_block:
  // e0 w12 + w0 (e1 w2 - s_block w1).
  E W12 = W[1] * W[2];
  return (BNext - B) * (W[0] * W12) -
         (W12 * E0 + W[0] * (W[2] * E1 - W[1] * SB)) * FAce; // LogUp step
}

/// The wiring bus column over a full main trace (0 where no ACE rows
/// precede): the ACE rows' nodes are inverted together (one inversion).
template <class E>
std::vector<E> buildAceWiringColumn(const MainTrace &Main, llvm::ArrayRef<E> Alphas) {
  using namespace ace;
  const size_t N = Main[0].size();
  std::vector<size_t> Rows;
  std::vector<E> W; // three nodes per ACE row, then their inverses
  std::vector<Felt> Row(MainWidth);
  for (size_t R = 0; R + 1 < N; ++R) {
    if (chipletOf(Main, R) != ChipletKind::Ace)
      continue;
    for (unsigned J = 0; J < Width; ++J)
      Row[AceCol + J] = Main[AceCol + J][R];
    std::array<E, 3> Nodes = aceWireNodes<Felt, E>(Row, Alphas);
    W.insert(W.end(), Nodes.begin(), Nodes.end());
    Rows.push_back(R);
  }
  stark::batchInverseKeepZeros<E>(W);
  std::vector<E> B(N);
  size_t K = 0;
  for (size_t R = 0; R + 1 < N; ++R) {
    B[R + 1] = B[R];
    if (K == Rows.size() || Rows[K] != R)
      continue;
    const E *Inv = &W[3 * K++];
    bool Eval = Main[AceCol + SBlock][R] == Felt::one();
    Felt E1 = Eval ? -Felt::one() : Main[AceCol + M1][R];
    B[R + 1] += E(Main[AceCol + M0][R]) * Inv[0] + E(E1) * Inv[1];
    if (Eval)
      B[R + 1] -= Inv[2];
  }
  return B;
}

} // namespace vmair
} // namespace zkvm

#endif // ZKVM_AIR_VM_ACE_H
