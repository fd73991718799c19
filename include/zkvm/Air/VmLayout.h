//===- zkvm/Air/VmLayout.h - The VM AIR's trace layout and components -*- C++ -*-===//
//
// The VM's AIR follows Miden v0.20.6's design (docs/src/design/** at that
// tag): a 71-column main trace made of five segments, each owned by one
// component, plus auxiliary (bus) columns built after the verifier's
// challenges.
//
//   columns  0.. 5  system     clk, ctx, fn_hash[4]
//   columns  6..29  decoder    addr, op bits b0..b6, hasher state h0..h7,
//                              in_span, group count, op index, batch flags
//                              c0..c2, two degree-reduction columns
//   columns 30..48  stack      s0..s15, b0 (depth), b1 (overflow addr),
//                              h0 (1 / (depth - 16))
//   columns 49..50  range      16-bit value v, multiplicity m
//   columns 51..70  chiplets   selectors + the widest chiplet's columns
//                              (hasher, bitwise, memory, ACE, kernel ROM
//                              stacked vertically)
//
// Component contract. Each component provides, in namespace zkvm::vmair:
//
//   size_t <c>RowsNeeded(const VmTraceInputs &In);
//       rows its segment needs before padding (the trace length is the next
//       power of two >= max over components and >= MinTraceLength);
//   void build<C>Columns(const VmTraceInputs &In, MainTrace &Main);
//       fills ITS columns of Main (all 71 columns exist, each Length rows,
//       zero-initialised) -- it must not touch other components' columns;
//   std::vector<unsigned> <c>ConstraintDegrees();
//   std::vector<std::vector<Felt>> <c>PeriodicColumns();
//   template <class E> void evaluate<C>(const EvalFrame<E> &Main,
//       llvm::ArrayRef<E> Periodic, llvm::MutableArrayRef<E> Out);
//       its transition constraints over full 71-column rows, Out sized to
//       its degree list, Periodic its own periodic columns in order;
//   bus requests/responses it contributes (documented with the component),
//   assembled by VmAir into the auxiliary columns.
//
// The trace record these are built from is zkvm::ExecutionTrace (one
// CycleRecord per clock cycle, chiplet requests in execution order) together
// with the program's MastForest (node digests, children, op batches).
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_AIR_VMLAYOUT_H
#define ZKVM_AIR_VMLAYOUT_H

#include "zkvm/Air/Air.h"
#include "zkvm/Mast/MastForest.h"
#include "zkvm/VM/ExecutionTrace.h"

#include <cstddef>
#include <vector>

namespace zkvm {
namespace vmair {

// --- Main trace segments (Miden v0.20.6: air/src/trace/mod.rs) -------------
constexpr unsigned SysOffset = 0, SysWidth = 6;
constexpr unsigned ClkCol = SysOffset, CtxCol = SysOffset + 1, FnHashCol = SysOffset + 2;
constexpr unsigned DecoderOffset = SysOffset + SysWidth, DecoderWidth = 24;
constexpr unsigned StackOffset = DecoderOffset + DecoderWidth, StackWidth = 19;
constexpr unsigned RangeOffset = StackOffset + StackWidth, RangeWidth = 2;
constexpr unsigned ChipletsOffset = RangeOffset + RangeWidth, ChipletsWidth = 20;
constexpr unsigned MainWidth = ChipletsOffset + ChipletsWidth; // 71

// --- Auxiliary (bus) columns, in Miden's order -------------------------------
constexpr unsigned DecoderAuxOffset = 0, DecoderAuxWidth = 3; // block stack, block hash, op group
constexpr unsigned StackAuxOffset = 3;                        // overflow table
constexpr unsigned RangeAuxOffset = 4;                        // range-check LogUp
constexpr unsigned HasherAuxOffset = 5;                       // sibling table / kernel ROM vtable
constexpr unsigned ChipletsBusAuxOffset = 6;                  // chiplets bus
// Ours: Miden v0.20.6 keeps the precompile transcript in the vtable column 5;
// its own column keeps both bus constraints within degree 9 (docs/design.md).
constexpr unsigned TranscriptAuxOffset = 7; // precompile transcript vtable
constexpr unsigned AceWiringAuxOffset = 8;  // ACE wiring bus
constexpr unsigned AuxWidth = 9;

/// Miden's minimum trace length.
constexpr size_t MinTraceLength = 64;

/// What trace building reads.
struct VmTraceInputs {
  const ExecutionTrace &Trace;
  const MastForest &Program;
};

/// The main trace as columns: MainWidth columns of equal, power-of-two length.
using MainTrace = TraceColumns;

/// Which chiplet a row of the chiplets segment belongs to, by its selectors
/// (a chiplet owns a prefix of ones and a zero; Chiplets.cpp).
enum class ChipletKind : unsigned { Hasher, Bitwise, Memory, Ace, KernelRom, Padding };
ChipletKind chipletOf(const MainTrace &Main, size_t Row);

} // namespace vmair
} // namespace zkvm

#endif // ZKVM_AIR_VMLAYOUT_H
