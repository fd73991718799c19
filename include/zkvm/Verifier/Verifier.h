//===- zkvm/Verifier/Verifier.h - The STARK verifier -----------------------===//
//
// Checks a proof against an AIR (which carries the statement: trace length
// and public inputs). It shares no state with the prover: it replays the
// Fiat-Shamir transcript from the proof's commitments, checks the
// proof-of-work, the constraints at the out-of-domain point, every Merkle
// opening, the DEEP and FRI folding consistency at each query and the
// remainder polynomial. Each failure is an llvm::Error saying which check
// failed.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_VERIFIER_VERIFIER_H
#define ZKVM_VERIFIER_VERIFIER_H

#include "zkvm/Air/Air.h"
#include "zkvm/Air/Proof.h"

#include "llvm/Support/Error.h"

namespace zkvm {

/// Accepts the proof only if its conjectured security (estimateSecurity) is
/// at least MinSecurityBits.
llvm::Error verify(const Air &A, const StarkProof &Proof, unsigned MinSecurityBits = 0);

/// Deserializes, then verifies.
llvm::Error verify(const Air &A, llvm::ArrayRef<uint8_t> ProofBytes, unsigned MinSecurityBits = 0);

} // namespace zkvm

#endif // ZKVM_VERIFIER_VERIFIER_H
