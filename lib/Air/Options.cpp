//===- Options.cpp - STARK proof parameters and their security ------------===//

#include "zkvm/Air/Options.h"
#include "zkvm/Support/Error.h"

#include <algorithm>
#include <cmath>

namespace zkvm {

static bool isPow2(unsigned V) { return V && !(V & (V - 1)); }

// Miden 0.20.6's presets: with BLAKE3 its "regular" FRI shape (folding by 8,
// remainder degree 255: fewer layers, smaller proofs), with RPO its
// "recursive" one (folding by 4, a smaller remainder: cheaper to verify in
// MASM). The FRI shape does not change the conjectured security.
ProofOptions ProofOptions::security96(HashKind H) {
  ProofOptions O;
  O.NumQueries = 27;
  O.Blowup = 8;
  O.GrindingBits = 16;
  O.FoldingFactor = H == HashKind::Blake3 ? 8 : 4;
  O.RemainderMaxDegree = H == HashKind::Blake3 ? 255 : 127;
  O.ExtensionDegree = 2;
  O.Hash = H;
  return O;
}

ProofOptions ProofOptions::security128(HashKind H) {
  ProofOptions O;
  O.NumQueries = 27;
  O.Blowup = 16;
  O.GrindingBits = 21;
  O.FoldingFactor = H == HashKind::Blake3 ? 8 : 4;
  O.RemainderMaxDegree = H == HashKind::Blake3 ? 255 : 7;
  O.ExtensionDegree = 3;
  O.Hash = H;
  return O;
}

llvm::Error ProofOptions::validate() const {
  if (NumQueries < 1 || NumQueries > 255)
    return createError("query count " + llvm::Twine(NumQueries) + " is outside [1, 255]");
  if (!isPow2(Blowup) || Blowup < 2 || Blowup > 128)
    return createError("blowup " + llvm::Twine(Blowup) + " is not a power of two in [2, 128]");
  if (GrindingBits > 32)
    return createError("grinding bits " + llvm::Twine(GrindingBits) + " exceed 32");
  if (FoldingFactor != 2 && FoldingFactor != 4 && FoldingFactor != 8 && FoldingFactor != 16)
    return createError("FRI folding factor " + llvm::Twine(FoldingFactor) +
                       " is not 2, 4, 8 or 16");
  if (!isPow2(RemainderMaxDegree + 1) || RemainderMaxDegree > 4095)
    return createError("FRI remainder degree " + llvm::Twine(RemainderMaxDegree) +
                       " is not 2^k - 1 below 4096");
  if (ExtensionDegree != 2 && ExtensionDegree != 3)
    return createError("extension degree " + llvm::Twine(ExtensionDegree) + " is not 2 or 3");
  if (Hash != HashKind::Blake3 && Hash != HashKind::Rpo256)
    return createError("unknown hash function " + llvm::Twine(unsigned(Hash)));
  return llvm::Error::success();
}

SecurityLevel estimateSecurity(const ProofOptions &O, size_t TraceLength, size_t NumConstraints) {
  SecurityLevel S;
  if (O.Blowup < 2 || TraceLength == 0)
    return S;
  double FieldBits = 64.0 * O.ExtensionDegree;
  double LogLde = std::log2(double(TraceLength) * O.Blowup);
  double LogBlowup = std::log2(double(O.Blowup));
  const double HashBits = 128; // collision resistance of a 256-bit digest

  double Field = FieldBits - LogLde;
  double Query = O.NumQueries * LogBlowup + O.GrindingBits;
  double Conj = std::min(std::min(Field, Query) - 1, HashBits);
  S.Conjectured = Conj > 0 ? unsigned(Conj) : 0;

  // Unique decoding: a query misses a word at relative distance >= (1 - rho) / 2
  // with probability <= (1 + rho) / 2.
  double Rho = 1.0 / O.Blowup;
  double ProvenQuery = O.NumQueries * -std::log2((1 + Rho) / 2) + O.GrindingBits;
  double Layers = 1;
  for (size_t D = TraceLength; D > O.RemainderMaxDegree + 1; D /= O.FoldingFactor)
    ++Layers;
  double ProvenField =
      FieldBits - LogLde - std::log2(Layers + 2 + double(std::max<size_t>(NumConstraints, 1)));
  double Prov = std::min(std::min(ProvenQuery, ProvenField) - 1, HashBits);
  S.Proven = Prov > 0 ? unsigned(Prov) : 0;
  return S;
}

} // namespace zkvm
