//===- zkvm/Air/Vm/Ace.h - The ACE chiplet's rows (trace generation) -*- C++ -*-===//
//
// Trace generation for Miden v0.20.6's arithmetic circuit evaluation (ACE)
// chiplet (docs/src/design/chiplets/ace.md at that tag). Not yet part of the
// VM AIR: the rows are built and tested on their own; stacking them into the
// chiplets segment (selectors {1,1,1,0}, columns 4..19), their constraints,
// the bus messages and the wiring bus (aux column 8) are the next steps (see
// docs/design.md, "ACE chiplet").
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

#include "zkvm/Field/Goldilocks.h"
#include "zkvm/VM/ExecutionTrace.h"

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

} // namespace vmair
} // namespace zkvm

#endif // ZKVM_AIR_VM_ACE_H
