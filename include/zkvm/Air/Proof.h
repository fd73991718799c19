//===- zkvm/Air/Proof.h - STARK proofs and their binary format -------------===//
//
// A proof as the prover writes it and the verifier reads it. The binary form
// (docs/formats.md, "STARK proof format") is canonical: serialize() of a
// deserialized proof gives back the same bytes. deserialize() checks every
// count against the bytes left and every felt for canonical form; the shapes
// (how many rows, layers, coefficients) are checked by the verifier against
// the options and the AIR.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_AIR_PROOF_H
#define ZKVM_AIR_PROOF_H

#include "zkvm/Air/Options.h"
#include "zkvm/Field/Goldilocks.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <cstdint>
#include <vector>

namespace zkvm {

using Commitment = std::array<uint8_t, 32>;

/// Rows of one committed matrix at the queried leaves (row-major, the leaf
/// indices sorted and unique) and the batch Merkle proof for them.
struct QueryOpening {
  uint32_t NumRows = 0;
  std::vector<Felt> Values;
  std::vector<Commitment> Proof;
  bool operator==(const QueryOpening &O) const {
    return NumRows == O.NumRows && Values == O.Values && Proof == O.Proof;
  }
};

struct StarkProof {
  static constexpr uint16_t FormatVersion = 1;

  ProofOptions Options;
  unsigned LogTraceLength = 0;
  unsigned MainWidth = 0;
  unsigned AuxWidth = 0; ///< extension columns
  unsigned NumAuxRands = 0;
  unsigned NumCompColumns = 0;
  std::vector<uint8_t> PublicInputs;

  Commitment MainRoot{};
  Commitment AuxRoot{}; ///< present only when AuxWidth > 0
  Commitment CompRoot{};
  std::vector<Commitment> FriRoots;

  /// Out-of-domain frame, extension elements as ExtensionDegree felts each:
  /// main at z then at z*g, aux at z then at z*g, composition columns at z.
  std::vector<Felt> OodMain, OodAux, OodComp;
  /// FRI remainder polynomial coefficients (extension elements), low first.
  std::vector<Felt> Remainder;
  uint64_t PowNonce = 0;

  QueryOpening MainQueries, AuxQueries, CompQueries;
  std::vector<QueryOpening> FriQueries;

  size_t traceLength() const { return size_t(1) << LogTraceLength; }

  std::vector<uint8_t> serialize() const;
  static llvm::Expected<StarkProof> deserialize(llvm::ArrayRef<uint8_t> Bytes);
};

/// The bytes the Fiat-Shamir coin starts from: a domain tag, the options,
/// the trace shape and the public inputs.
std::vector<uint8_t> transcriptSeed(const ProofOptions &Opts, unsigned LogTraceLength,
                                    unsigned MainWidth, unsigned AuxWidth, unsigned NumAuxRands,
                                    llvm::ArrayRef<uint8_t> PublicInputs);

} // namespace zkvm

#endif // ZKVM_AIR_PROOF_H
