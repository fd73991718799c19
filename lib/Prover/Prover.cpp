//===- Prover.cpp - The STARK prover ---------------------------------------===//
//
// Domains: the trace domain <g> (g = w_n), the LDE domain 7 * <w_N> with
// N = n * blowup, the constraint-evaluation (CE) domain 7 * <w_M> with
// M = n * ceBlowup, ceBlowup = the power of two >= the composition column
// count. All are kept in natural order, so LDE row i + blowup is "next" of
// row i, and CE row j is LDE row j * (blowup / ceBlowup).
//
//===----------------------------------------------------------------------===//

#include "zkvm/Prover/Prover.h"
#include "zkvm/Air/Protocol.h"
#include "zkvm/Crypto/MerkleTree.h"
#include "zkvm/Field/NTT.h"
#include "zkvm/Support/Error.h"
#include "zkvm/Support/LargeArray.h"

#include "llvm/Support/Parallel.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <thread>

namespace zkvm {

using namespace stark;

namespace {

constexpr size_t Chunk = 1024;

/// Runs Fn(Begin, End) over [0, N) in chunks of Chunk on the thread pool.
template <class Fn> void forChunks(size_t N, Fn &&F) {
  size_t NumChunks = (N + Chunk - 1) / Chunk;
  llvm::parallelForEachN(0, NumChunks, [&](size_t C) {
    size_t Begin = C * Chunk;
    F(Begin, std::min(N, Begin + Chunk));
  });
}

/// A row-major matrix of felts.
struct Matrix {
  LargeArray<Felt> Data;
  size_t Rows = 0;
  unsigned Width = 0;
  const Felt *row(size_t I) const { return Data.data() + I * Width; }
  llvm::ArrayRef<Felt> all() const { return llvm::ArrayRef<Felt>(Data.data(), Rows * Width); }
};

inline size_t bitrev(size_t I, unsigned Log) {
  return Log ? size_t(__builtin_bitreverse64(uint64_t(I)) >> (64 - Log)) : 0;
}

/// Dst[bitrev(i)] = Src[i] for the 2^LogN entries. Large sizes go in 8 x 8
/// tiles: with i = a 2^L + b, bitrev(i) = bitrev_L(b) 2^H + bitrev_H(a); a tile
/// takes 8 consecutive b and 8 a that differ in their top 3 bits, so it reads
/// 8 source lines and writes 8 whole destination lines (a plain scatter
/// misses the cache on every write once the array outgrows L2).
void bitReverseCopy(const Felt *Src, Felt *Dst, unsigned LogN) {
  size_t N = size_t(1) << LogN;
  if (LogN < 8) {
    for (size_t I = 0; I < N; ++I)
      Dst[bitrev(I, LogN)] = Src[I];
    return;
  }
  static constexpr unsigned Rev3[8] = {0, 4, 2, 6, 1, 5, 3, 7};
  unsigned H = LogN / 2, L = LogN - H;
  size_t RowsA = size_t(1) << H, ColsB = size_t(1) << L, AStep = RowsA / 8;
  for (size_t A0 = 0; A0 < AStep; ++A0) {
    size_t RevA0 = bitrev(A0, H);
    for (size_t B0 = 0; B0 < ColsB; B0 += 8)
      for (unsigned U = 0; U < 8; ++U) {
        size_t B = B0 + U;
        Felt *DRow = Dst + bitrev(B, L) * RowsA + RevA0;
        const Felt *S = Src + A0 * ColsB + B;
        for (unsigned T = 0; T < 8; ++T)
          DRow[Rev3[T]] = S[T * AStep * ColsB];
      }
  }
}

/// Powers Out[i] = S^i * Scale for i < N, computed in parallel chunks.
std::vector<Felt> powers(Felt S, size_t N, Felt Scale = Felt::one()) {
  std::vector<Felt> Out(N);
  forChunks(N, [&](size_t Begin, size_t End) {
    Felt P = S.exp(Begin) * Scale;
    for (size_t I = Begin; I < End; ++I, P *= S)
      Out[I] = P;
  });
  return Out;
}

// The Field library's natural-order wrappers pay a full bit-reversal pass,
// which costs more than the transform at these sizes. These two fold the
// permutation into gathers/scatters of only the nonzero coefficients:
//  - forwardNTT of natural-order evaluations e_j over Offset * <w_S> puts
//    S * h_{-i mod S} at bit-reversed position i, where h are the
//    coefficients of p(Offset * y); so c_i = out[bitrev(-i)] / (S Offset^i);
//  - inverseNTT of a vector holding s_j at position bitrev(j) returns
//    sum_j s_j w^(-ij) / N in natural order i: with s_j = N c_j Offset^j this
//    is p(Offset * w^-i), i.e. the LDE at natural index -i mod N.

/// Coefficients of the polynomial with these evaluations over Offset * <w_S>
/// (natural order), S = Evals.size(); the first Keep of them.
std::vector<Felt> evalsToCoeffs(llvm::ArrayRef<Felt> Evals, Felt Offset, size_t Keep) {
  size_t S = Evals.size();
  unsigned LogS = log2Exact(S);
  std::vector<Felt> Tmp(Evals.begin(), Evals.end()), Rev(S);
  forwardNTT(Tmp);
  bitReverseCopy(Tmp.data(), Rev.data(), LogS); // Rev[k] = Tmp[bitrev(k)]
  std::vector<Felt> Scale = powers(Offset.inverse(), Keep, Felt(S).inverse());
  std::vector<Felt> Coeffs(Keep);
  forChunks(Keep, [&](size_t Begin, size_t End) {
    for (size_t I = Begin; I < End; ++I)
      Coeffs[I] = Rev[(S - I) & (S - 1)] * Scale[I];
  });
  return Coeffs;
}

/// Evaluates polynomials (coefficient columns of length n) over the LDE coset
/// of size LdeSize = n * B, row-major. The coset splits into B cosets of the
/// trace domain, 7 w_N^k <w_n> (k < B), each one size-n transform per column:
/// with s_j = n c_j (7 w_N^k)^j placed at bitrev(j), inverseNTT returns
/// p(7 w_N^k w_n^-i) at i, which is LDE row ((n - i) mod n) * B + k. Working
/// a coset at a time keeps each transform's data cache-sized and needs
/// scratch for only n rows per thread.
Matrix extendColumns(const std::vector<std::vector<Felt>> &Coeffs, size_t LdeSize) {
  unsigned W = unsigned(Coeffs.size());
  size_t N = Coeffs.empty() ? 0 : Coeffs[0].size();
  size_t B = LdeSize / N;
  unsigned LogN = log2Exact(N);
  std::vector<Felt> OffPow = powers(domainOffset(), N, Felt(N));
  const Felt WL = Felt::rootOfUnity(log2Exact(LdeSize));
  Matrix M;
  M.Rows = LdeSize;
  M.Width = W;
  M.Data = LargeArray<Felt>(LdeSize * W);
  size_t Workers = std::min<size_t>(B, std::max(1u, std::thread::hardware_concurrency()));
  llvm::parallelForEachN(0, Workers, [&](size_t Worker) {
    LargeArray<Felt> Scratch(W * N);
    std::vector<Felt> Tw(N), Tmp(N);
    for (size_t K = Worker; K < B; K += Workers) {
      Felt Ck = WL.exp(K), T = Felt::one();
      for (size_t J = 0; J < N; ++J, T *= Ck)
        Tw[J] = OffPow[J] * T;
      for (unsigned C = 0; C < W; ++C) {
        Felt *Col = Scratch.data() + C * N;
        const Felt *Src = Coeffs[C].data();
        for (size_t J = 0; J < N; ++J)
          Tmp[J] = Src[J] * Tw[J];
        bitReverseCopy(Tmp.data(), Col, LogN);
        inverseNTT(llvm::MutableArrayRef<Felt>(Col, N));
      }
      for (size_t I = 0; I < N; ++I) {
        Felt *Row = M.Data.data() + (((N - I) & (N - 1)) * B + K) * W;
        for (unsigned C = 0; C < W; ++C)
          Row[C] = Scratch[C * N + I];
      }
    }
  });
  return M;
}

/// Coefficients of each column's interpolant over the trace domain.
std::vector<std::vector<Felt>> interpolateColumns(const std::vector<std::vector<Felt>> &Cols) {
  std::vector<std::vector<Felt>> Coeffs(Cols.size());
  llvm::parallelForEachN(0, Cols.size(), [&](size_t C) {
    Coeffs[C] = evalsToCoeffs(Cols[C], Felt::one(), Cols[C].size());
  });
  return Coeffs;
}

class StageTimer {
public:
  explicit StageTimer(const ProveProgress *Progress = nullptr)
      : Enabled(std::getenv("ZKVM_STARK_TIMING") != nullptr), Last(now()), Progress(Progress) {}
  void mark(const char *Stage) {
    if (Progress && *Progress)
      (*Progress)(Stage, doneAfter(Stage));
    if (!Enabled)
      return;
    auto T = now();
    llvm::errs() << "stark: " << Stage << ": "
                 << std::chrono::duration<double, std::milli>(T - Last).count() << " ms\n";
    Last = T;
  }

private:
  static std::chrono::steady_clock::time_point now() { return std::chrono::steady_clock::now(); }
  /// Share of the work done after a stage: cumulative weights measured on
  /// the VM AIR at 2^17 rows (docs/performance.md, "Proving the VM").
  static double doneAfter(llvm::StringRef Stage) {
    static const std::pair<const char *, double> Shares[] = {
        {"main LDE", 0.20},           {"main commit", 0.25},
        {"aux trace", 0.40},          {"constraint evaluation", 0.85},
        {"composition commit", 0.88}, {"out-of-domain evaluation", 0.89},
        {"DEEP composition", 0.93},   {"FRI", 0.98},
        {"grinding", 0.99},           {"queries", 1.0}};
    for (const auto &[Name, Done] : Shares)
      if (Stage == Name)
        return Done;
    return 0;
  }
  bool Enabled;
  std::chrono::steady_clock::time_point Last;
  const ProveProgress *Progress;
};

template <class H, class E> class ProverImpl {
  using Tree = MerkleTree<H>;
  using DigestType = typename H::DigestType;
  static constexpr unsigned D = E::Degree;

public:
  ProverImpl(const Air &A, const TraceColumns &Main, const ProofOptions &O,
             const ProveProgress *Progress = nullptr)
      : A(A), Main(Main), O(O), Progress(Progress) {}

  llvm::Expected<StarkProof> run();

private:
  static Commitment commit(const DigestType &Dg) { return H::toBytes(Dg); }
  static std::vector<Commitment> commitAll(const std::vector<DigestType> &Ds) {
    std::vector<Commitment> Out;
    Out.reserve(Ds.size());
    for (const DigestType &Dg : Ds)
      Out.push_back(H::toBytes(Dg));
    return Out;
  }
  QueryOpening openRows(const Tree &T, const Matrix &M, llvm::ArrayRef<size_t> Positions) const {
    QueryOpening Q;
    Q.NumRows = uint32_t(Positions.size());
    for (size_t P : Positions)
      Q.Values.insert(Q.Values.end(), M.row(P), M.row(P) + M.Width);
    Q.Proof = commitAll(T.openBatch(Positions));
    return Q;
  }

  void evaluateComposition(LargeArray<Felt> &QC, size_t M, unsigned CeBlowup);

  const Air &A;
  const TraceColumns &Main;
  const ProofOptions &O;
  const ProveProgress *Progress;

  size_t N = 0, TraceLen = 0;
  unsigned LogN = 0, LogTrace = 0, W = 0, WA = 0;
  Matrix MainLde, AuxLde, CompLde;
  std::vector<E> Rands, Alphas, Betas, AssertVals;
  std::vector<Assertion> Asserts;
};

template <class H, class E>
void ProverImpl<H, E>::evaluateComposition(LargeArray<Felt> &QC, size_t M, unsigned CeBlowup) {
  const unsigned B = O.Blowup;
  const size_t Stride = B / CeBlowup;
  const unsigned LogM = log2Exact(M);
  const Felt Offset = domainOffset();
  const Felt G = Felt::rootOfUnity(LogTrace);
  const Felt GLast = G.exp(TraceLen - 1);
  const Felt WM = Felt::rootOfUnity(LogM);
  const unsigned NumMain = unsigned(A.mainConstraintDegrees().size());
  const unsigned NumAux = unsigned(A.auxConstraintDegrees().size());

  // 1 / (x^n - 1) takes CeBlowup values: x^n = 7^n w_ce^k.
  std::vector<Felt> InvZ(CeBlowup);
  {
    Felt OffN = Offset.exp(TraceLen), WC = Felt::rootOfUnity(log2Exact(CeBlowup)), P = OffN;
    for (unsigned K = 0; K < CeBlowup; ++K, P *= WC)
      InvZ[K] = P - Felt::one();
    batchInverse(InvZ);
  }
  // Periodic columns over the CE domain: q(x^(n/c)) repeats every CeBlowup * c rows.
  std::vector<std::vector<Felt>> Periodic;
  for (const std::vector<Felt> &Col : A.periodicColumns()) {
    std::vector<Felt> Coeffs = Col;
    interpolate(Coeffs);
    std::vector<Felt> Table(Col.size() * CeBlowup);
    std::copy(Coeffs.begin(), Coeffs.end(), Table.begin());
    evaluateOnCoset(Table, Offset.exp(TraceLen / Col.size()));
    Periodic.push_back(std::move(Table));
  }
  // Assertions grouped by row: sum_a beta_a (T_a(x) - v_a) / (x - g^row).
  std::map<size_t, std::vector<unsigned>> ByRow;
  for (unsigned I = 0; I < Asserts.size(); ++I)
    ByRow[Asserts[I].Row].push_back(I);
  std::vector<std::pair<Felt, std::vector<unsigned>>> Groups;
  for (auto &[Row, Idx] : ByRow)
    Groups.push_back({G.exp(Row), Idx});
  // Each group's sum as dot products over the gathered cells, minus a constant.
  struct GroupSum {
    std::vector<unsigned> MainCols, AuxCols;
    LinearCombiner<E> MainComb, AuxComb;
    E Constant;
  };
  std::vector<GroupSum> GroupSums(Groups.size());
  for (size_t Gi = 0; Gi < Groups.size(); ++Gi) {
    std::vector<E> MainB, AuxB;
    GroupSum &GS = GroupSums[Gi];
    for (unsigned AI : Groups[Gi].second) {
      const Assertion &As = Asserts[AI];
      (As.Aux ? GS.AuxCols : GS.MainCols).push_back(As.Column);
      (As.Aux ? AuxB : MainB).push_back(Betas[AI]);
      GS.Constant += Betas[AI] * AssertVals[AI];
    }
    GS.MainComb = LinearCombiner<E>(MainB, true);
    GS.AuxComb = LinearCombiner<E>(AuxB, false);
  }
  const LinearCombiner<E> MainTrans(llvm::makeArrayRef(Alphas).take_front(NumMain), true);
  const LinearCombiner<E> AuxTrans(llvm::makeArrayRef(Alphas).drop_front(NumMain), false);

  forChunks(M, [&](size_t Begin, size_t End) {
    size_t Len = End - Begin;
    std::vector<Felt> Xs(Len);
    Felt X = Offset * WM.exp(Begin);
    for (size_t K = 0; K < Len; ++K, X *= WM)
      Xs[K] = X;
    std::vector<std::vector<Felt>> InvDen(Groups.size(), std::vector<Felt>(Len));
    for (size_t Gi = 0; Gi < Groups.size(); ++Gi) {
      for (size_t K = 0; K < Len; ++K)
        InvDen[Gi][K] = Xs[K] - Groups[Gi].first;
      batchInverse(InvDen[Gi]);
    }
    std::vector<Felt> PVals(Periodic.size()), OutMain(NumMain);
    std::vector<E> AuxCur(WA), AuxNext(WA), OutAux(NumAux);
    constexpr unsigned Lanes = FeltPack::Lanes;
    std::vector<FeltPack> CurP(W), NextP(W), PValsP(Periodic.size()), OutP(NumMain);
    // The aux frame and challenges for the packed path (evalPacked).
    using EP = ExtPack<E>;
    std::vector<EP> AuxCurP(WA), AuxNextP(WA), OutAuxP(NumAux), RandsP(Rands.begin(), Rands.end());
    bool AuxPacked = false;
    std::vector<Felt> AuxFelts(NumAux * D), Gather((Asserts.size() + 1) * D);
    for (size_t K = 0; K < Len; ++K) {
      size_t J = Begin + K;
      size_t Row = J * Stride, NextRow = (Row + B) & (N - 1);
      for (size_t P = 0; P < Periodic.size(); ++P)
        PVals[P] = Periodic[P][J & (Periodic[P].size() - 1)]; // power-of-two tables
      if (K % Lanes == 0) {
        // Constraints for this row and the next seven in one call (Len is a
        // multiple of 8: M >= 8 and chunks are 1024 rows): main and aux
        // together when the AIR implements evalPacked, else main only.
        for (unsigned L = 0; L < Lanes; ++L) {
          size_t RowL = (J + L) * Stride, NextL = (RowL + B) & (N - 1);
          for (unsigned C = 0; C < W; ++C) {
            CurP[C].V[L] = MainLde.row(RowL)[C];
            NextP[C].V[L] = MainLde.row(NextL)[C];
          }
          for (unsigned C = 0; C < WA; ++C) {
            AuxCurP[C].setLane(L, loadExt<E>(AuxLde.row(RowL) + C * D));
            AuxNextP[C].setLane(L, loadExt<E>(AuxLde.row(NextL) + C * D));
          }
          for (size_t P = 0; P < Periodic.size(); ++P)
            PValsP[P].V[L] = Periodic[P][(J + L) & (Periodic[P].size() - 1)];
        }
        AuxPacked =
            WA && A.evalPacked(EvalFrame<FeltPack>{CurP, NextP}, EvalFrame<EP>{AuxCurP, AuxNextP},
                               PValsP, RandsP, OutP, OutAuxP);
        if (!AuxPacked)
          A.evalMain(EvalFrame<FeltPack>{CurP, NextP}, PValsP, OutP);
      }
      for (unsigned T = 0; T < NumMain; ++T)
        OutMain[T] = OutP[T].V[K % Lanes];
      EvalFrame<Felt> MF{llvm::ArrayRef<Felt>(MainLde.row(Row), W),
                         llvm::ArrayRef<Felt>(MainLde.row(NextRow), W)};
      E Trans = MainTrans.apply(OutMain.data());
      if (AuxPacked) {
        for (unsigned T = 0; T < NumAux; ++T)
          storeExt(OutAuxP[T].lane(K % Lanes), AuxFelts.data() + T * D);
        Trans += AuxTrans.apply(AuxFelts.data());
      } else if (WA) {
        for (unsigned C = 0; C < WA; ++C) {
          AuxCur[C] = loadExt<E>(AuxLde.row(Row) + C * D);
          AuxNext[C] = loadExt<E>(AuxLde.row(NextRow) + C * D);
        }
        A.evalAux(MF, EvalFrame<E>{AuxCur, AuxNext}, PVals, Rands, OutAux);
        for (unsigned T = 0; T < NumAux; ++T)
          storeExt(OutAux[T], AuxFelts.data() + T * D);
        Trans += AuxTrans.apply(AuxFelts.data());
      }
      E Q = Trans * ((Xs[K] - GLast) * InvZ[J & (CeBlowup - 1)]);
      for (size_t Gi = 0; Gi < Groups.size(); ++Gi) {
        const GroupSum &GS = GroupSums[Gi];
        for (size_t I = 0; I < GS.MainCols.size(); ++I)
          Gather[I] = MainLde.row(Row)[GS.MainCols[I]];
        E Sum = GS.MainComb.apply(Gather.data()) - GS.Constant;
        if (!GS.AuxCols.empty()) {
          for (size_t I = 0; I < GS.AuxCols.size(); ++I)
            for (unsigned Dd = 0; Dd < D; ++Dd)
              Gather[I * D + Dd] = AuxLde.row(Row)[GS.AuxCols[I] * D + Dd];
          Sum += GS.AuxComb.apply(Gather.data());
        }
        Q += Sum * InvDen[Gi][K];
      }
      for (unsigned Dd = 0; Dd < D; ++Dd)
        QC[Dd * M + J] = Q[Dd];
    }
  });
}

template <class H, class E> llvm::Expected<StarkProof> ProverImpl<H, E>::run() {
  StageTimer Timer(Progress);
  const TraceInfo &Info = A.traceInfo();
  const unsigned B = O.Blowup, F = O.FoldingFactor;
  W = Info.MainWidth;
  WA = Info.AuxWidth;
  TraceLen = Info.Length;
  LogTrace = log2Exact(TraceLen);
  N = TraceLen * B;
  LogN = log2Exact(N);
  const Felt Offset = domainOffset();
  const unsigned C = A.numCompositionColumns();
  const unsigned CeBlowup = unsigned(nextPow2(C));
  if (CeBlowup > B)
    return createError("constraint degree " + llvm::Twine(C + 1) + " needs a blowup of at least " +
                       llvm::Twine(CeBlowup));

  StarkProof P;
  P.Options = O;
  P.LogTraceLength = LogTrace;
  P.MainWidth = W;
  P.AuxWidth = WA;
  P.NumAuxRands = Info.NumAuxRands;
  P.NumCompColumns = C;
  P.PublicInputs = A.publicInputs();
  RandomCoin<H> Coin(transcriptSeed(O, LogTrace, W, WA, Info.NumAuxRands, P.PublicInputs));

  // 1. Main trace: interpolate, extend, commit.
  std::vector<std::vector<Felt>> MainCoeffs = interpolateColumns(Main);
  MainLde = extendColumns(MainCoeffs, N);
  Timer.mark("main LDE");
  Tree MainTree = Tree::fromRows(MainLde.all(), W);
  Coin.reseed(MainTree.root());
  P.MainRoot = commit(MainTree.root());
  Timer.mark("main commit");

  // 2. Aux trace from the verifier's randomness.
  std::vector<std::vector<Felt>> AuxCoeffs;
  Tree AuxTree;
  if (WA) {
    for (unsigned I = 0; I < Info.NumAuxRands; ++I)
      Rands.push_back(drawExt<E>(Coin));
    std::vector<std::vector<E>> Aux = A.buildAuxTrace(Main, Rands);
    if (Aux.size() != WA)
      return createError("AIR '" + A.name() + "' built " + llvm::Twine(Aux.size()) +
                         " aux columns; it declares " + llvm::Twine(WA));
    std::vector<std::vector<Felt>> Split(WA * D, std::vector<Felt>(TraceLen));
    for (unsigned Col = 0; Col < WA; ++Col) {
      if (Aux[Col].size() != TraceLen)
        return createError("aux column " + llvm::Twine(Col) + " has the wrong length");
      for (size_t I = 0; I < TraceLen; ++I)
        for (unsigned Dd = 0; Dd < D; ++Dd)
          Split[Col * D + Dd][I] = Aux[Col][I][Dd];
    }
    AuxCoeffs = interpolateColumns(Split);
    AuxLde = extendColumns(AuxCoeffs, N);
    AuxTree = Tree::fromRows(AuxLde.all(), WA * D);
    Coin.reseed(AuxTree.root());
    P.AuxRoot = commit(AuxTree.root());
    Timer.mark("aux trace");
  }

  // 3. Composition polynomial over the CE domain.
  Asserts = A.assertions();
  for (const Assertion &As : Asserts)
    if (As.Row >= TraceLen || As.Column >= (As.Aux ? WA : W))
      return createError("assertion on row " + llvm::Twine(As.Row) + ", column " +
                         llvm::Twine(As.Column) + " is outside the trace");
  {
    std::vector<E> AuxVals = A.auxValues(Rands);
    size_t NumAuxAsserts = 0;
    for (const Assertion &As : Asserts)
      AssertVals.push_back(
          As.Aux ? (NumAuxAsserts < AuxVals.size() ? AuxVals[NumAuxAsserts++] : E()) : E(As.Value));
    if (NumAuxAsserts != AuxVals.size())
      return createError("AIR '" + A.name() + "' gives " + llvm::Twine(AuxVals.size()) +
                         " aux assertion values for " + llvm::Twine(NumAuxAsserts) +
                         " aux assertions");
  }
  size_t NumTrans = A.mainConstraintDegrees().size() + A.auxConstraintDegrees().size();
  for (size_t I = 0; I < NumTrans; ++I)
    Alphas.push_back(drawExt<E>(Coin));
  for (size_t I = 0; I < Asserts.size(); ++I)
    Betas.push_back(drawExt<E>(Coin));
  const size_t M = TraceLen * CeBlowup;
  LargeArray<Felt> QC(D * M);
  evaluateComposition(QC, M, CeBlowup);
  Timer.mark("constraint evaluation");
  // Coefficients of Q (degree < C * n), split into C columns of n.
  std::vector<std::vector<Felt>> CompCoeffs(C * D);
  {
    std::vector<std::vector<Felt>> Parts(D);
    llvm::parallelForEachN(0, D, [&](size_t Dd) {
      Parts[Dd] =
          evalsToCoeffs(llvm::ArrayRef<Felt>(QC.data() + Dd * M, M), Offset, size_t(C) * TraceLen);
    });
    for (unsigned K = 0; K < C; ++K)
      for (unsigned Dd = 0; Dd < D; ++Dd)
        CompCoeffs[K * D + Dd].assign(Parts[Dd].begin() + K * TraceLen,
                                      Parts[Dd].begin() + (K + 1) * TraceLen);
  }
  QC = LargeArray<Felt>();
  CompLde = extendColumns(CompCoeffs, N);
  Tree CompTree = Tree::fromRows(CompLde.all(), C * D);
  Coin.reseed(CompTree.root());
  P.CompRoot = commit(CompTree.root());
  Timer.mark("composition commit");

  // 4. Out-of-domain point z, away from the trace and LDE domains.
  const Felt G = Felt::rootOfUnity(LogTrace);
  E Z;
  do
    Z = drawExt<E>(Coin);
  while (Z.exp(TraceLen) == E::one() || (Z * Offset.inverse()).exp(N) == E::one());
  const E ZG = Z * G;
  // Base polynomials to evaluate: main at z and zg, aux parts at z and zg, comp parts at z.
  struct Job {
    const std::vector<Felt> *Poly;
    bool AtZG;
  };
  std::vector<Job> Jobs;
  for (auto &Cf : MainCoeffs)
    Jobs.push_back({&Cf, false});
  for (auto &Cf : MainCoeffs)
    Jobs.push_back({&Cf, true});
  for (auto &Cf : AuxCoeffs)
    Jobs.push_back({&Cf, false});
  for (auto &Cf : AuxCoeffs)
    Jobs.push_back({&Cf, true});
  for (auto &Cf : CompCoeffs)
    Jobs.push_back({&Cf, false});
  // p(x) = sum_i c_i x^i with base c_i: each of x^i's D components once in a
  // table (per point), then each polynomial is D dot products with the
  // tables (one base product per term, no latency chain) instead of a Horner
  // chain of extension products. Exact arithmetic: the same values.
  size_t MaxLen = 0;
  for (const Job &Jb : Jobs)
    MaxLen = std::max(MaxLen, Jb.Poly->size());
  std::vector<Felt> Pow[2][3];
  llvm::parallelForEachN(0, 2, [&](size_t AtZG) {
    const E X = AtZG ? ZG : Z;
    E Xi = E::one();
    for (unsigned Dd = 0; Dd < D; ++Dd)
      Pow[AtZG][Dd].resize(MaxLen);
    for (size_t I = 0; I < MaxLen; ++I, Xi *= X)
      for (unsigned Dd = 0; Dd < D; ++Dd)
        Pow[AtZG][Dd][I] = Xi[Dd];
  });
  std::vector<E> JobVals(Jobs.size());
  llvm::parallelForEachN(0, Jobs.size(), [&](size_t I) {
    const std::vector<Felt> &Poly = *Jobs[I].Poly;
    Felt Comp[3];
    for (unsigned Dd = 0; Dd < D; ++Dd)
      Comp[Dd] = dotProduct(Pow[Jobs[I].AtZG][Dd].data(), Poly.data(), Poly.size());
    JobVals[I] = loadExt<E>(Comp);
  });
  std::vector<E> MainZ(JobVals.begin(), JobVals.begin() + W),
      MainZG(JobVals.begin() + W, JobVals.begin() + 2 * W);
  auto Combine = [&](size_t First, unsigned Count) {
    std::vector<E> Out(Count);
    for (unsigned Col = 0; Col < Count; ++Col)
      for (unsigned Dd = 0; Dd < D; ++Dd)
        Out[Col] += basis<E>(Dd) * JobVals[First + Col * D + Dd];
    return Out;
  };
  std::vector<E> AuxZ = Combine(2 * W, WA), AuxZG = Combine(2 * W + WA * D, WA),
                 CompZ = Combine(2 * W + 2 * WA * D, C);
  auto Flatten = [](std::vector<Felt> &Out, const std::vector<E> &V) {
    for (const E &X : V)
      for (unsigned Dd = 0; Dd < D; ++Dd)
        Out.push_back(X[Dd]);
  };
  Flatten(P.OodMain, MainZ);
  Flatten(P.OodMain, MainZG);
  Flatten(P.OodAux, AuxZ);
  Flatten(P.OodAux, AuxZG);
  Flatten(P.OodComp, CompZ);
  {
    std::vector<Felt> All = P.OodMain;
    All.insert(All.end(), P.OodAux.begin(), P.OodAux.end());
    All.insert(All.end(), P.OodComp.begin(), P.OodComp.end());
    Coin.reseed(H::hashRow(All));
  }
  Timer.mark("out-of-domain evaluation");

  // 5. DEEP composition over the LDE domain.
  std::vector<E> GM(2 * W), GA(2 * WA), Delta(C);
  for (E &X : GM)
    X = drawExt<E>(Coin);
  for (E &X : GA)
    X = drawExt<E>(Coin);
  for (E &X : Delta)
    X = drawExt<E>(Coin);
  E K1, K2;
  deepConstants<E>(GM, GA, Delta, llvm::ArrayRef<E>(MainZ).take_front(W),
                   llvm::ArrayRef<E>(MainZG).take_front(W), llvm::ArrayRef<E>(AuxZ).take_front(WA),
                   llvm::ArrayRef<E>(AuxZG).take_front(WA), llvm::ArrayRef<E>(CompZ).take_front(C),
                   K1, K2);

  // FRI codewords of committed layers are stored leaf by leaf: the value at
  // position p of a layer of size S sits at (p mod S/F) * F + p / (S/F), so
  // each leaf's F values are contiguous and the tree hashes the codeword in
  // place. The last codeword (the remainder's) is in natural order.
  const unsigned NumLayers = numFriLayers(TraceLen, O);
  static_assert(sizeof(E) == D * sizeof(Felt), "extension elements are packed felts");
  // The DEEP numerators as dot products over each LDE row.
  std::vector<E> GM1, GM2, GA1, GA2;
  for (unsigned Col = 0; Col < W; ++Col) {
    GM1.push_back(GM[2 * Col]);
    GM2.push_back(GM[2 * Col + 1]);
  }
  for (unsigned Col = 0; Col < WA; ++Col) {
    GA1.push_back(GA[2 * Col]);
    GA2.push_back(GA[2 * Col + 1]);
  }
  const LinearCombiner<E> DeepMain1(GM1, true), DeepMain2(GM2, true), DeepAux1(GA1, false),
      DeepAux2(GA2, false), DeepComp(Delta, false);
  std::vector<LargeArray<E>> Codewords;
  Codewords.emplace_back(N);
  {
    // Walk the codeword in storage order: leaf J holds natural positions
    // J + K * Rows (K < Groups), whose points are x_J * w_Groups^K.
    LargeArray<E> &Deep = Codewords[0];
    const size_t Groups = NumLayers ? F : 1, Rows = N / Groups;
    const Felt WN = Felt::rootOfUnity(LogN), WG = Felt::rootOfUnity(log2Exact(Groups));
    std::vector<Felt> GroupRoots(Groups);
    for (size_t K = 0; K < Groups; ++K)
      GroupRoots[K] = WG.exp(K);
    forChunks(Rows, [&](size_t Begin, size_t End) {
      size_t Len = (End - Begin) * Groups;
      std::vector<E> Den(2 * Len), Scratch(2 * Len);
      Felt XJ = Offset * WN.exp(Begin);
      for (size_t J = Begin, S = 0; J < End; ++J, XJ *= WN)
        for (size_t K = 0; K < Groups; ++K, ++S) {
          E X(XJ * GroupRoots[K]);
          Den[S] = X - Z;
          Den[Len + S] = X - ZG;
        }
      batchInvert(Den.data(), 2 * Len, Scratch.data());
      for (size_t J = Begin, S = 0; J < End; ++J)
        for (size_t K = 0; K < Groups; ++K, ++S) {
          size_t I = J + K * Rows;
          E S1 = DeepMain1.apply(MainLde.row(I)) + DeepComp.apply(CompLde.row(I)) - K1;
          E S2 = DeepMain2.apply(MainLde.row(I)) - K2;
          if (WA) {
            S1 += DeepAux1.apply(AuxLde.row(I));
            S2 += DeepAux2.apply(AuxLde.row(I));
          }
          Deep[Begin * Groups + S] = S1 * Den[S] + S2 * Den[Len + S];
        }
    });
  }
  Timer.mark("DEEP composition");

  // 6. FRI: commit each layer in cosets of F values, fold with a fresh alpha.
  CosetFolder Folder(F);
  std::vector<Tree> FriTrees;
  Felt LayerOffset = Offset;
  for (unsigned L = 0; L < NumLayers; ++L) {
    const LargeArray<E> &Cw = Codewords[L];
    size_t Rows = Cw.size() / F;
    FriTrees.push_back(Tree::fromRows(
        llvm::ArrayRef<Felt>(reinterpret_cast<const Felt *>(Cw.data()), Cw.size() * D), F * D));
    Coin.reseed(FriTrees.back().root());
    P.FriRoots.push_back(commit(FriTrees.back().root()));
    E AlphaPows[4];
    Folder.alphaPowers(drawExt<E>(Coin), AlphaPows);
    LargeArray<E> Next(Rows);
    // Write Next in its own storage order (leaf-major when it is committed).
    const size_t Groups = L + 1 < NumLayers ? F : 1, NextRows = Rows / Groups;
    const Felt WInv = Felt::rootOfUnity(log2Exact(Cw.size())).inverse();
    const Felt OffInv = LayerOffset.inverse();
    std::vector<Felt> GroupInv(Groups);
    for (size_t K = 0; K < Groups; ++K)
      GroupInv[K] = WInv.exp(K * NextRows);
    forChunks(NextRows, [&](size_t Begin, size_t End) {
      Felt XInvJ = OffInv * WInv.exp(Begin);
      E Vals[16];
      for (size_t J = Begin; J < End; ++J, XInvJ *= WInv)
        for (size_t K = 0; K < Groups; ++K) {
          size_t Pos = J + K * NextRows; // natural position in Next = leaf of Cw
          std::copy(Cw.data() + Pos * F, Cw.data() + Pos * F + F, Vals);
          Next[J * Groups + K] = Folder.fold(Vals, XInvJ * GroupInv[K], AlphaPows);
        }
    });
    Codewords.push_back(std::move(Next));
    LayerOffset = LayerOffset.exp(F);
  }
  {
    // The remainder: coefficients of the last layer's polynomial, degree < n / F^L.
    const LargeArray<E> &Last = Codewords.back();
    size_t Size = Last.size(), Keep = TraceLen;
    for (unsigned L = 0; L < NumLayers; ++L)
      Keep /= F;
    P.Remainder.assign(Keep * D, Felt());
    std::vector<Felt> Comp(Size);
    for (unsigned Dd = 0; Dd < D; ++Dd) {
      for (size_t I = 0; I < Size; ++I)
        Comp[I] = Last[I][Dd];
      std::vector<Felt> Coeffs = evalsToCoeffs(Comp, LayerOffset, Keep);
      for (size_t I = 0; I < Keep; ++I)
        P.Remainder[I * D + Dd] = Coeffs[I];
    }
    Coin.reseed(H::hashRow(P.Remainder));
  }
  Timer.mark("FRI");

  // 7. Proof of work, then the queries.
  P.PowNonce = Coin.grind(O.GrindingBits);
  Coin.reseedWithInt(P.PowNonce);
  Timer.mark("grinding");
  std::vector<size_t> Positions = Coin.drawPositions(O.NumQueries, N);
  std::sort(Positions.begin(), Positions.end());
  Positions.erase(std::unique(Positions.begin(), Positions.end()), Positions.end());
  P.MainQueries = openRows(MainTree, MainLde, Positions);
  if (WA)
    P.AuxQueries = openRows(AuxTree, AuxLde, Positions);
  P.CompQueries = openRows(CompTree, CompLde, Positions);
  for (unsigned L = 0; L < NumLayers; ++L) {
    const LargeArray<E> &Cw = Codewords[L];
    size_t Rows = Cw.size() / F;
    std::vector<size_t> Leaves;
    for (size_t Pos : Positions)
      Leaves.push_back(Pos & (Rows - 1));
    std::sort(Leaves.begin(), Leaves.end());
    Leaves.erase(std::unique(Leaves.begin(), Leaves.end()), Leaves.end());
    QueryOpening Q;
    Q.NumRows = uint32_t(Leaves.size());
    for (size_t J : Leaves)
      for (unsigned K = 0; K < F; ++K)
        for (unsigned Dd = 0; Dd < D; ++Dd)
          Q.Values.push_back(Cw[J * F + K][Dd]);
    Q.Proof = commitAll(FriTrees[L].openBatch(Leaves));
    P.FriQueries.push_back(std::move(Q));
  }
  Timer.mark("queries");
  return std::move(P);
}

template <class H>
llvm::Expected<StarkProof> proveWith(const Air &A, const TraceColumns &Main, const ProofOptions &O,
                                     const ProveProgress *Progress) {
  if (O.ExtensionDegree == 2)
    return ProverImpl<H, QuadExt>(A, Main, O, Progress).run();
  return ProverImpl<H, CubicExt>(A, Main, O, Progress).run();
}

} // namespace

llvm::Expected<StarkProof> prove(const Air &A, const TraceColumns &Main, const ProofOptions &Opts) {
  return prove(A, Main, Opts, ProveProgress());
}

llvm::Expected<StarkProof> prove(const Air &A, const TraceColumns &Main, const ProofOptions &Opts,
                                 const ProveProgress &Progress) {
  if (llvm::Error E = Opts.validate())
    return std::move(E);
  const TraceInfo &Info = A.traceInfo();
  size_t Len = Info.Length;
  if (Len < 8 || (Len & (Len - 1)))
    return createError("trace length " + llvm::Twine(Len) + " is not a power of two >= 8");
  if (log2Exact(Len) + log2Exact(Opts.Blowup) > Felt::TwoAdicity)
    return createError("trace of " + llvm::Twine(Len) + " rows is too long for blowup " +
                       llvm::Twine(Opts.Blowup));
  if (Info.MainWidth == 0 || Info.MainWidth > 65535 || Info.AuxWidth > 65535 ||
      Info.NumAuxRands > 65535)
    return createError("AIR '" + A.name() + "' has an unsupported trace width");
  if (Info.AuxWidth && !Info.NumAuxRands)
    return createError("AIR '" + A.name() + "' has aux columns but draws no random elements");
  if (Main.size() != Info.MainWidth)
    return createError("trace has " + llvm::Twine(Main.size()) + " columns; AIR '" + A.name() +
                       "' expects " + llvm::Twine(Info.MainWidth));
  for (size_t C = 0; C < Main.size(); ++C)
    if (Main[C].size() != Len)
      return createError("trace column " + llvm::Twine(C) + " has " + llvm::Twine(Main[C].size()) +
                         " rows; expected " + llvm::Twine(Len));
  for (const std::vector<Felt> &Col : A.periodicColumns())
    if (Col.empty() || (Col.size() & (Col.size() - 1)) || Col.size() > Len)
      return createError("periodic column of length " + llvm::Twine(Col.size()) +
                         " is not a power of two <= the trace length");
  if (Opts.Hash == HashKind::Rpo256)
    return proveWith<RpoHasher>(A, Main, Opts, &Progress);
  return proveWith<Blake3Hasher>(A, Main, Opts, &Progress);
}

llvm::Error checkTrace(const Air &A, const TraceColumns &Main) {
  const TraceInfo &Info = A.traceInfo();
  size_t Len = Info.Length;
  if (Main.size() != Info.MainWidth)
    return createError("trace has " + llvm::Twine(Main.size()) + " columns; AIR '" + A.name() +
                       "' expects " + llvm::Twine(Info.MainWidth));
  for (const std::vector<Felt> &Col : Main)
    if (Col.size() != Len)
      return createError("trace columns must all have " + llvm::Twine(Len) + " rows");
  std::vector<QuadExt> Rands;
  for (unsigned I = 0; I < Info.NumAuxRands; ++I)
    Rands.push_back(QuadExt(Felt(0x5EED0000ULL + 2 * I), Felt(0xC0FFEEULL + I)));
  std::vector<std::vector<QuadExt>> Aux;
  if (Info.AuxWidth) {
    Aux = A.buildAuxTrace(Main, Rands);
    if (Aux.size() != Info.AuxWidth)
      return createError("AIR '" + A.name() + "' built the wrong number of aux columns");
    for (const std::vector<QuadExt> &Col : Aux)
      if (Col.size() != Len)
        return createError("aux columns must all have " + llvm::Twine(Len) + " rows");
  }
  std::vector<QuadExt> AuxVals = A.auxValues(Rands);
  size_t AuxIdx = 0;
  for (const Assertion &As : A.assertions()) {
    if (As.Aux && AuxIdx >= AuxVals.size())
      return createError("AIR '" + A.name() + "' gives too few aux assertion values");
    QuadExt AuxVal = As.Aux ? AuxVals[AuxIdx++] : QuadExt();
    if (As.Row >= Len || As.Column >= (As.Aux ? Info.AuxWidth : Info.MainWidth))
      return createError("assertion on row " + llvm::Twine(As.Row) + ", column " +
                         llvm::Twine(As.Column) + " is outside the trace");
    bool Holds = As.Aux ? Aux[As.Column][As.Row] == AuxVal : Main[As.Column][As.Row] == As.Value;
    if (!Holds)
      return createError(llvm::Twine(As.Aux ? "aux" : "main") + " assertion fails: row " +
                         llvm::Twine(As.Row) + ", column " + llvm::Twine(As.Column) +
                         " does not hold");
  }
  std::vector<std::vector<Felt>> Periodic = A.periodicColumns();
  size_t NumMain = A.mainConstraintDegrees().size(), NumAux = A.auxConstraintDegrees().size();
  std::vector<Felt> Cur(Info.MainWidth), Next(Info.MainWidth), PVals(Periodic.size()),
      OutMain(NumMain);
  std::vector<QuadExt> AuxCur(Info.AuxWidth), AuxNext(Info.AuxWidth), OutAux(NumAux);
  for (size_t Row = 0; Row + 1 < Len; ++Row) {
    for (unsigned C = 0; C < Info.MainWidth; ++C) {
      Cur[C] = Main[C][Row];
      Next[C] = Main[C][Row + 1];
    }
    for (size_t P = 0; P < Periodic.size(); ++P)
      PVals[P] = Periodic[P][Row % Periodic[P].size()];
    EvalFrame<Felt> MF{Cur, Next};
    A.evalMain(MF, PVals, OutMain);
    for (size_t T = 0; T < NumMain; ++T)
      if (!OutMain[T].isZero())
        return createError("transition constraint " + llvm::Twine(T) + " fails between rows " +
                           llvm::Twine(Row) + " and " + llvm::Twine(Row + 1));
    if (Info.AuxWidth) {
      for (unsigned C = 0; C < Info.AuxWidth; ++C) {
        AuxCur[C] = Aux[C][Row];
        AuxNext[C] = Aux[C][Row + 1];
      }
      A.evalAux(MF, EvalFrame<QuadExt>{AuxCur, AuxNext}, PVals, Rands, OutAux);
      for (size_t T = 0; T < NumAux; ++T)
        if (!OutAux[T].isZero())
          return createError("aux transition constraint " + llvm::Twine(T) +
                             " fails between rows " + llvm::Twine(Row) + " and " +
                             llvm::Twine(Row + 1));
    }
  }
  return llvm::Error::success();
}

} // namespace zkvm
