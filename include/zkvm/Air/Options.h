//===- zkvm/Air/Options.h - STARK proof parameters and their security -----===//
//
// The parameters that fix a proof's soundness: extension degree of the
// challenge field, blowup of the low-degree extension, query count, grinding
// bits, FRI folding factor and remainder degree, and the commitment hash.
// Presets follow Miden 0.20's 96-bit and 128-bit configurations.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_AIR_OPTIONS_H
#define ZKVM_AIR_OPTIONS_H

#include "llvm/Support/Error.h"

#include <cstddef>
#include <cstdint>

namespace zkvm {

/// The commitment / Fiat-Shamir hash of a proof, chosen at run time.
enum class HashKind : uint8_t { Blake3 = 0, Rpo256 = 1 };

struct ProofOptions {
  unsigned NumQueries = 27;
  unsigned Blowup = 8;               ///< LDE blowup: a power of two in [2, 128]
  unsigned GrindingBits = 16;        ///< proof-of-work bits before the queries, <= 32
  unsigned FoldingFactor = 4;        ///< FRI folding factor: 2, 4, 8 or 16
  unsigned RemainderMaxDegree = 127; ///< 2^k - 1: the remainder has at most 2^k coefficients
  unsigned ExtensionDegree = 2;      ///< 2 (x^2 - x + 2) or 3 (x^3 - x - 1)
  HashKind Hash = HashKind::Blake3;

  /// ~96 bits conjectured: quadratic extension, blowup 8, 27 queries, 16 bits;
  /// FRI folds by 8 down to degree 255 with BLAKE3, by 4 down to 127 with RPO
  /// (Miden 0.20.6's regular and recursive presets).
  static ProofOptions security96(HashKind H = HashKind::Blake3);
  /// ~128 bits conjectured: cubic extension, blowup 16, 27 queries, 21 bits;
  /// FRI folds by 8 down to degree 255 with BLAKE3, by 4 down to 7 with RPO.
  static ProofOptions security128(HashKind H = HashKind::Blake3);

  /// Checks every field is in range (the verifier calls this on untrusted options).
  llvm::Error validate() const;

  bool operator==(const ProofOptions &O) const {
    return NumQueries == O.NumQueries && Blowup == O.Blowup && GrindingBits == O.GrindingBits &&
           FoldingFactor == O.FoldingFactor && RemainderMaxDegree == O.RemainderMaxDegree &&
           ExtensionDegree == O.ExtensionDegree && Hash == O.Hash;
  }
  bool operator!=(const ProofOptions &O) const { return !(*this == O); }
};

/// Security of a proof with these options over a trace of TraceLength rows
/// (see docs/design.md, "STARK engine", for the formulas).
struct SecurityLevel {
  /// Under the usual conjectures on Reed-Solomon proximity (list decoding up
  /// to capacity): min(field bits - log2 |LDE|, queries * log2 blowup +
  /// grinding) - 1, capped at the hash's 128-bit collision resistance.
  unsigned Conjectured = 0;
  /// Provable in the unique-decoding regime: each query catches a far word
  /// with probability >= (1 - rho) / 2, and the algebraic steps (composition,
  /// DEEP, FRI folding) err with probability <= |LDE| (layers + 2 + C) / |E|.
  unsigned Proven = 0;
};
SecurityLevel estimateSecurity(const ProofOptions &Opts, size_t TraceLength,
                               size_t NumConstraints = 1);

} // namespace zkvm

#endif // ZKVM_AIR_OPTIONS_H
