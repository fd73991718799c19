//===- Verifier.cpp - The STARK verifier ------------------------------------===//

#include "zkvm/Verifier/Verifier.h"
#include "zkvm/Air/Protocol.h"
#include "zkvm/Crypto/MerkleTree.h"
#include "zkvm/Field/NTT.h"
#include "zkvm/Support/Error.h"

#include <algorithm>

namespace zkvm {

using namespace stark;

namespace {

template <class H, class E> class VerifierImpl {
  using DigestType = typename H::DigestType;
  static constexpr unsigned D = E::Degree;

public:
  VerifierImpl(const Air &A, const StarkProof &P) : A(A), P(P), O(P.Options) {}
  llvm::Error run();

private:
  llvm::Expected<DigestType> digest(const Commitment &C, const llvm::Twine &What) const {
    DigestType Dg;
    if (!H::fromBytes(C.data(), Dg))
      return createError(What + " is not a valid " + H::Name + " digest");
    return Dg;
  }
  /// Checks an opening of Width-felt rows at Leaves (sorted, unique) against Root.
  llvm::Error checkOpening(const QueryOpening &Q, const DigestType &Root, unsigned Depth,
                           llvm::ArrayRef<size_t> Leaves, unsigned Width, const llvm::Twine &What) {
    if (Q.NumRows != Leaves.size() || Q.Values.size() != Leaves.size() * size_t(Width))
      return createError(What + " opening has the wrong shape: " + llvm::Twine(Q.NumRows) +
                         " rows, " + llvm::Twine(Q.Values.size()) + " values; expected " +
                         llvm::Twine(Leaves.size()) + " rows of " + llvm::Twine(Width));
    if (Q.Proof.size() > Leaves.size() * size_t(Depth))
      return createError(What + " opening has too many Merkle nodes");
    std::vector<DigestType> Hashes(Leaves.size()), Path;
    for (size_t I = 0; I < Leaves.size(); ++I)
      Hashes[I] = H::hashRow(llvm::ArrayRef<Felt>(Q.Values).slice(I * Width, Width));
    for (const Commitment &C : Q.Proof) {
      auto Dg = digest(C, What + " Merkle node");
      if (!Dg)
        return Dg.takeError();
      Path.push_back(*Dg);
    }
    if (!MerkleTree<H>::verifyBatch(Root, Depth, Leaves, Hashes, Path))
      return createError(What + " opening does not match its commitment");
    return llvm::Error::success();
  }
  std::vector<E> exts(llvm::ArrayRef<Felt> Felts, size_t First, size_t Count) const {
    std::vector<E> Out(Count);
    for (size_t I = 0; I < Count; ++I)
      Out[I] = loadExt<E>(Felts.data() + (First + I) * D);
    return Out;
  }

  const Air &A;
  const StarkProof &P;
  const ProofOptions &O;
};

template <class H, class E> llvm::Error VerifierImpl<H, E>::run() {
  const size_t TraceLen = P.traceLength();
  const unsigned LogTrace = P.LogTraceLength, B = O.Blowup, F = O.FoldingFactor;
  const size_t N = TraceLen * B;
  const unsigned LogN = log2Exact(N);
  const unsigned W = P.MainWidth, WA = P.AuxWidth, C = P.NumCompColumns;
  const Felt Offset = domainOffset();

  // Shapes against the options and the AIR.
  if (P.OodMain.size() != 2 * size_t(W) * D || P.OodAux.size() != 2 * size_t(WA) * D ||
      P.OodComp.size() != size_t(C) * D)
    return createError("out-of-domain frame has the wrong size");
  const unsigned NumLayers = numFriLayers(TraceLen, O);
  if (P.FriRoots.size() != NumLayers || P.FriQueries.size() != NumLayers)
    return createError("proof has " + llvm::Twine(P.FriRoots.size()) + " FRI layers; expected " +
                       llvm::Twine(NumLayers));
  size_t RemCoeffs = TraceLen;
  for (unsigned L = 0; L < NumLayers; ++L)
    RemCoeffs /= F;
  if (P.Remainder.size() != RemCoeffs * D)
    return createError("FRI remainder has " + llvm::Twine(P.Remainder.size() / D) +
                       " coefficients; its degree bound allows " + llvm::Twine(RemCoeffs));
  if (!WA && (P.AuxQueries.NumRows || !P.AuxQueries.Values.empty() || !P.AuxQueries.Proof.empty()))
    return createError("proof opens an aux trace the AIR does not have");

  auto MainRoot = digest(P.MainRoot, "main trace commitment");
  if (!MainRoot)
    return MainRoot.takeError();
  DigestType AuxRoot{};
  if (WA) {
    auto R = digest(P.AuxRoot, "aux trace commitment");
    if (!R)
      return R.takeError();
    AuxRoot = *R;
  }
  auto CompRoot = digest(P.CompRoot, "composition commitment");
  if (!CompRoot)
    return CompRoot.takeError();
  std::vector<DigestType> FriRoots;
  for (unsigned L = 0; L < NumLayers; ++L) {
    auto R = digest(P.FriRoots[L], "FRI layer " + llvm::Twine(L) + " commitment");
    if (!R)
      return R.takeError();
    FriRoots.push_back(*R);
  }

  // Replay the transcript.
  RandomCoin<H> Coin(transcriptSeed(O, LogTrace, W, WA, P.NumAuxRands, P.PublicInputs));
  Coin.reseed(*MainRoot);
  std::vector<E> Rands;
  if (WA) {
    for (unsigned I = 0; I < P.NumAuxRands; ++I)
      Rands.push_back(drawExt<E>(Coin));
    Coin.reseed(AuxRoot);
  }
  std::vector<unsigned> MainDeg = A.mainConstraintDegrees(), AuxDeg = A.auxConstraintDegrees();
  std::vector<Assertion> Asserts = A.assertions();
  std::vector<E> Alphas, Betas;
  for (size_t I = 0; I < MainDeg.size() + AuxDeg.size(); ++I)
    Alphas.push_back(drawExt<E>(Coin));
  for (size_t I = 0; I < Asserts.size(); ++I)
    Betas.push_back(drawExt<E>(Coin));
  Coin.reseed(*CompRoot);
  E Z;
  do
    Z = drawExt<E>(Coin);
  while (Z.exp(TraceLen) == E::one() || (Z * Offset.inverse()).exp(N) == E::one());
  {
    std::vector<Felt> All = P.OodMain;
    All.insert(All.end(), P.OodAux.begin(), P.OodAux.end());
    All.insert(All.end(), P.OodComp.begin(), P.OodComp.end());
    Coin.reseed(H::hashRow(All));
  }
  std::vector<E> GM(2 * W), GA(2 * WA), Delta(C);
  for (E &X : GM)
    X = drawExt<E>(Coin);
  for (E &X : GA)
    X = drawExt<E>(Coin);
  for (E &X : Delta)
    X = drawExt<E>(Coin);
  std::vector<E> FriAlphas;
  for (unsigned L = 0; L < NumLayers; ++L) {
    Coin.reseed(FriRoots[L]);
    FriAlphas.push_back(drawExt<E>(Coin));
  }
  Coin.reseed(H::hashRow(P.Remainder));
  if (!Coin.checkGrinding(P.PowNonce, O.GrindingBits))
    return createError("proof-of-work nonce " + llvm::Twine(P.PowNonce) + " does not give " +
                       llvm::Twine(O.GrindingBits) + " grinding bits");
  Coin.reseedWithInt(P.PowNonce);
  std::vector<size_t> Positions = Coin.drawPositions(O.NumQueries, N);
  std::sort(Positions.begin(), Positions.end());
  Positions.erase(std::unique(Positions.begin(), Positions.end()), Positions.end());

  // Constraints at z against the composition columns.
  const Felt G = Felt::rootOfUnity(LogTrace);
  const E ZG = Z * G;
  std::vector<E> MainZ = exts(P.OodMain, 0, W), MainZG = exts(P.OodMain, W, W);
  std::vector<E> AuxZ = exts(P.OodAux, 0, WA), AuxZG = exts(P.OodAux, WA, WA);
  std::vector<E> CompZ = exts(P.OodComp, 0, C);
  {
    std::vector<E> PVals;
    for (const std::vector<Felt> &Col : A.periodicColumns()) {
      std::vector<Felt> Coeffs = Col;
      interpolate(Coeffs);
      PVals.push_back(evalBasePoly<E>(Coeffs, Z.exp(TraceLen / Col.size())));
    }
    std::vector<E> OutMain(MainDeg.size()), OutAux(AuxDeg.size());
    EvalFrame<E> MF{MainZ, MainZG};
    A.evalMain(MF, PVals, OutMain);
    if (WA)
      A.evalAux(MF, EvalFrame<E>{AuxZ, AuxZG}, PVals, Rands, OutAux);
    E Trans;
    for (size_t T = 0; T < OutMain.size(); ++T)
      Trans += Alphas[T] * OutMain[T];
    for (size_t T = 0; T < OutAux.size(); ++T)
      Trans += Alphas[OutMain.size() + T] * OutAux[T];
    E ZN = Z.exp(TraceLen);
    E Comp = Trans * (Z - E(G.exp(TraceLen - 1))) * (ZN - E::one()).inverse();
    std::vector<E> AuxVals = A.auxValues(Rands);
    size_t NumAuxAsserts = 0;
    for (const Assertion &As : Asserts)
      NumAuxAsserts += As.Aux;
    if (AuxVals.size() != NumAuxAsserts)
      return createError("AIR '" + A.name() + "' gives the wrong number of aux assertion values");
    for (size_t I = 0, K = 0; I < Asserts.size(); ++I) {
      const Assertion &As = Asserts[I];
      E V = As.Aux ? AuxZ[As.Column] : MainZ[As.Column];
      E Want = As.Aux ? AuxVals[K++] : E(As.Value);
      Comp += Betas[I] * (V - Want) * (Z - E(G.exp(As.Row))).inverse();
    }
    E FromColumns, ZPow = E::one();
    for (unsigned K = 0; K < C; ++K, ZPow *= ZN)
      FromColumns += ZPow * CompZ[K];
    if (Comp != FromColumns)
      return createError("constraints evaluated at the out-of-domain point do not match the "
                         "composition polynomial");
  }

  // Trace and composition openings.
  if (llvm::Error Err = checkOpening(P.MainQueries, *MainRoot, LogN, Positions, W, "main trace"))
    return Err;
  if (WA)
    if (llvm::Error Err = checkOpening(P.AuxQueries, AuxRoot, LogN, Positions, WA * D, "aux trace"))
      return Err;
  if (llvm::Error Err =
          checkOpening(P.CompQueries, *CompRoot, LogN, Positions, C * D, "composition"))
    return Err;

  // DEEP values at the queried positions.
  E K1, K2;
  deepConstants<E>(GM, GA, Delta, llvm::ArrayRef<E>(MainZ).take_front(W),
                   llvm::ArrayRef<E>(MainZG).take_front(W), llvm::ArrayRef<E>(AuxZ).take_front(WA),
                   llvm::ArrayRef<E>(AuxZG).take_front(WA), llvm::ArrayRef<E>(CompZ).take_front(C),
                   K1, K2);
  const Felt WN = Felt::rootOfUnity(LogN);
  std::vector<E> Current(Positions.size());
  for (size_t Q = 0; Q < Positions.size(); ++Q) {
    Felt X = Offset * WN.exp(Positions[Q]);
    E S1 = -K1, S2 = -K2;
    const Felt *MR = P.MainQueries.Values.data() + Q * W;
    for (unsigned Col = 0; Col < W; ++Col) {
      S1 += GM[2 * Col] * MR[Col];
      S2 += GM[2 * Col + 1] * MR[Col];
    }
    if (WA) {
      const Felt *AR = P.AuxQueries.Values.data() + Q * WA * D;
      for (unsigned Col = 0; Col < WA; ++Col) {
        E V = loadExt<E>(AR + Col * D);
        S1 += GA[2 * Col] * V;
        S2 += GA[2 * Col + 1] * V;
      }
    }
    const Felt *CR = P.CompQueries.Values.data() + Q * C * D;
    for (unsigned K = 0; K < C; ++K)
      S1 += Delta[K] * loadExt<E>(CR + K * D);
    Current[Q] = S1 * (E(X) - Z).inverse() + S2 * (E(X) - ZG).inverse();
  }

  // FRI: each layer's opened coset must hold the running value; fold it.
  CosetFolder Folder(F);
  Felt LayerOffset = Offset;
  size_t LayerSize = N;
  for (unsigned L = 0; L < NumLayers; ++L) {
    size_t Rows = LayerSize / F;
    std::vector<size_t> Leaves;
    for (size_t Pos : Positions)
      Leaves.push_back(Pos & (Rows - 1));
    std::sort(Leaves.begin(), Leaves.end());
    Leaves.erase(std::unique(Leaves.begin(), Leaves.end()), Leaves.end());
    const QueryOpening &Q = P.FriQueries[L];
    if (llvm::Error Err = checkOpening(Q, FriRoots[L], log2Exact(Rows), Leaves, F * D,
                                       "FRI layer " + llvm::Twine(L)))
      return Err;
    Felt WInv = Felt::rootOfUnity(log2Exact(LayerSize)).inverse();
    Felt OffInv = LayerOffset.inverse();
    for (size_t I = 0; I < Positions.size(); ++I) {
      size_t InLayer = Positions[I] & (LayerSize - 1);
      size_t J = InLayer & (Rows - 1), K = InLayer / Rows;
      size_t Idx = std::lower_bound(Leaves.begin(), Leaves.end(), J) - Leaves.begin();
      const Felt *Row = Q.Values.data() + Idx * F * D;
      if (loadExt<E>(Row + K * D) != Current[I])
        return createError("FRI layer " + llvm::Twine(L) +
                           " disagrees with the previous layer at query position " +
                           llvm::Twine(Positions[I]));
      E Vals[16];
      for (unsigned Kk = 0; Kk < F; ++Kk)
        Vals[Kk] = loadExt<E>(Row + Kk * D);
      Current[I] = Folder.fold(Vals, OffInv * WInv.exp(J), FriAlphas[L]);
    }
    LayerOffset = LayerOffset.exp(F);
    LayerSize = Rows;
  }
  const Felt WL = Felt::rootOfUnity(log2Exact(LayerSize));
  for (size_t I = 0; I < Positions.size(); ++I) {
    Felt X = LayerOffset * WL.exp(Positions[I] & (LayerSize - 1));
    if (evalExtPoly<E>(P.Remainder, X) != Current[I])
      return createError("FRI remainder polynomial disagrees with the last layer at query "
                         "position " +
                         llvm::Twine(Positions[I]));
  }
  return llvm::Error::success();
}

template <class H> llvm::Error verifyWith(const Air &A, const StarkProof &P) {
  if (P.Options.ExtensionDegree == 2)
    return VerifierImpl<H, QuadExt>(A, P).run();
  return VerifierImpl<H, CubicExt>(A, P).run();
}

} // namespace

llvm::Error verify(const Air &A, const StarkProof &P, unsigned MinSecurityBits) {
  if (llvm::Error E = P.Options.validate())
    return E;
  const TraceInfo &Info = A.traceInfo();
  if (P.LogTraceLength < 3 || P.LogTraceLength + log2Exact(P.Options.Blowup) > Felt::TwoAdicity)
    return createError("trace length 2^" + llvm::Twine(P.LogTraceLength) + " is out of range");
  if (P.traceLength() != Info.Length)
    return createError("proof is for a trace of " + llvm::Twine(P.traceLength()) +
                       " rows; the statement has " + llvm::Twine(Info.Length));
  if (P.MainWidth != Info.MainWidth || P.AuxWidth != Info.AuxWidth ||
      P.NumAuxRands != Info.NumAuxRands)
    return createError("proof's trace shape does not match AIR '" + A.name() + "'");
  if (P.NumCompColumns != A.numCompositionColumns())
    return createError("proof has " + llvm::Twine(P.NumCompColumns) +
                       " composition columns; AIR '" + A.name() + "' needs " +
                       llvm::Twine(A.numCompositionColumns()));
  if (nextPow2(P.NumCompColumns) > P.Options.Blowup)
    return createError("blowup is too small for the constraint degree");
  if (P.PublicInputs != A.publicInputs())
    return createError("proof's public inputs differ from the statement's");
  for (const Assertion &As : A.assertions())
    if (As.Row >= Info.Length || As.Column >= (As.Aux ? Info.AuxWidth : Info.MainWidth))
      return createError("AIR '" + A.name() + "' asserts a cell outside the trace");
  for (const std::vector<Felt> &Col : A.periodicColumns())
    if (Col.empty() || (Col.size() & (Col.size() - 1)) || Col.size() > Info.Length)
      return createError("AIR '" + A.name() + "' has a malformed periodic column");
  size_t NumConstraints =
      A.mainConstraintDegrees().size() + A.auxConstraintDegrees().size() + A.assertions().size();
  unsigned Bits = estimateSecurity(P.Options, Info.Length, NumConstraints).Conjectured;
  if (Bits < MinSecurityBits)
    return createError("proof offers " + llvm::Twine(Bits) + " bits of security; " +
                       llvm::Twine(MinSecurityBits) + " are required");
  if (P.Options.Hash == HashKind::Rpo256)
    return verifyWith<RpoHasher>(A, P);
  return verifyWith<Blake3Hasher>(A, P);
}

llvm::Error verify(const Air &A, llvm::ArrayRef<uint8_t> ProofBytes, unsigned MinSecurityBits) {
  auto P = StarkProof::deserialize(ProofBytes);
  if (!P)
    return P.takeError();
  return verify(A, *P, MinSecurityBits);
}

} // namespace zkvm
