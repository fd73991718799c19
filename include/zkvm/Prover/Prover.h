//===- zkvm/Prover/Prover.h - The STARK prover -----------------------------===//
//
// Proves that a main trace satisfies an AIR. The protocol (docs/design.md,
// "STARK engine"): commit to the trace's low-degree extension, build and
// commit the aux trace from verifier randomness, commit the constraint
// composition polynomial in columns, evaluate everything at an out-of-domain
// point z (and z*g), commit the DEEP composition through FRI, grind, then
// open every commitment at the queried positions.
//
// The hash (BLAKE3 or RPO256) and the extension (quadratic or cubic) come
// from the options at run time. Every stage runs on LLVM's thread pool.
// Setting ZKVM_STARK_TIMING=1 prints the time of each stage to stderr.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_PROVER_PROVER_H
#define ZKVM_PROVER_PROVER_H

#include "zkvm/Air/Air.h"
#include "zkvm/Air/Proof.h"

#include "llvm/Support/Error.h"

#include <functional>

namespace zkvm {

/// Fails only on malformed inputs (shapes that disagree with the AIR, bad
/// options, a trace too long for the field); an invalid trace still gives a
/// proof, which the verifier rejects.
llvm::Expected<StarkProof> prove(const Air &A, const TraceColumns &Main, const ProofOptions &Opts);

/// Called after each proving phase ("main LDE", "constraint evaluation",
/// "FRI", ...) with the share of the work done so far, in [0, 1] (a fixed
/// estimate of each phase's weight); for progress displays.
using ProveProgress = std::function<void(llvm::StringRef Phase, double Done)>;
llvm::Expected<StarkProof> prove(const Air &A, const TraceColumns &Main, const ProofOptions &Opts,
                                 const ProveProgress &Progress);
/// The same, taking over the trace: its memory (the size of one LDE coset)
/// is released as soon as the aux trace is built, lowering the peak; Main is
/// left empty.
llvm::Expected<StarkProof> prove(const Air &A, TraceColumns &&Main, const ProofOptions &Opts,
                                 const ProveProgress &Progress = ProveProgress());

/// A debugging aid for AIR authors (not part of proving): evaluates every
/// constraint on the trace itself and reports the first violation, e.g.
/// "transition constraint 1 fails between rows 17 and 18". The aux trace is
/// built from fixed pseudo-random elements of the quadratic extension.
llvm::Error checkTrace(const Air &A, const TraceColumns &Main);

} // namespace zkvm

#endif // ZKVM_PROVER_PROVER_H
