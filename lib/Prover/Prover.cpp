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
#include "zkvm/Field/DotProduct.h"
#include "zkvm/Field/NTT.h"
#include "zkvm/Support/Error.h"
#include "zkvm/Support/LargeArray.h"

#include "llvm/Support/Parallel.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
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

/// The same from evaluations in bit-reversed order (Evals[bitrev(j)] is the
/// value at Offset * w_S^j), which inverseNTT takes as they are: it returns
/// the coefficients h_f of p(Offset * y), and c_f = h_f / Offset^f. Evals is
/// overwritten.
std::vector<Felt> bitrevEvalsToCoeffs(llvm::MutableArrayRef<Felt> Evals, Felt Offset, size_t Keep) {
  inverseNTT(Evals);
  std::vector<Felt> Scale = powers(Offset.inverse(), Keep);
  std::vector<Felt> Coeffs(Keep);
  forChunks(Keep, [&](size_t Begin, size_t End) {
    for (size_t I = Begin; I < End; ++I)
      Coeffs[I] = Evals[I] * Scale[I];
  });
  return Coeffs;
}

/// Evaluations of polynomials (coefficient columns of length n) over the LDE
/// domain of size n * B, one trace-domain coset at a time: coset K < B is
/// 7 w_N^K <w_n>, and its point i is LDE row i * B + K (so the next-row point
/// x w_n of a point x is in the same coset, at i + 1). The prover never holds
/// the whole LDE matrix (71 columns x 2^23 points is 4.8 GB at 2^20 rows):
/// each pass over the LDE (commitment, constraint evaluation) recomputes the
/// cosets it walks: forwardNTT of c_j (7 w_N^K)^j gives p(7 w_N^K w_n^i) at
/// position bitrev(i), and the values stay in that order (column-major): a
/// pass reads eight consecutive positions, points i0 + bitrev_3(l) n / 8
/// (l < 8, i0 < n / 8), whose next-row points are again eight consecutive
/// positions, except for i0 = n / 8 - 1. No permutation pass is needed.
class CosetLde {
public:
  CosetLde(const std::vector<std::vector<Felt>> &Coeffs, size_t Blowup)
      : Coeffs(Coeffs), W(unsigned(Coeffs.size())), N(Coeffs.empty() ? 0 : Coeffs[0].size()),
        LogN(log2Exact(N)), WL(Felt::rootOfUnity(log2Exact(N * Blowup))),
        Workers(std::min<size_t>(W, std::max(1u, std::thread::hardware_concurrency()))),
        OffPow(powers(domainOffset(), N)), Tw(N), Values(size_t(W) * N) {}

  /// Fills the columns with coset K's values (nothing to do if they already are).
  /// Position k of a column holds point bitrev(k) of the coset.
  void evaluate(size_t K) {
    if (K == Current)
      return;
    const Felt Ck = WL.exp(K);
    forChunks(N, [&](size_t Begin, size_t End) {
      Felt T = Ck.exp(Begin);
      for (size_t J = Begin; J < End; ++J, T *= Ck)
        Tw[J] = OffPow[J] * T;
    });
    std::atomic<unsigned> NextCol{0};
    llvm::parallelForEachN(0, Workers, [&](size_t Worker) {
      for (unsigned C; (C = NextCol++) < W;) {
        Felt *Col = Values.data() + C * N;
        multiplyPointwise(Coeffs[C].data(), Tw.data(), Col, N);
        forwardNTT(llvm::MutableArrayRef<Felt>(Col, N));
      }
    });
    Current = K;
  }

  const Felt *column(unsigned C) const { return Values.data() + C * N; }
  unsigned logSize() const { return LogN; }
  unsigned width() const { return W; }
  size_t size() const { return N; }

private:
  const std::vector<std::vector<Felt>> &Coeffs;
  unsigned W;
  size_t N;
  unsigned LogN;
  Felt WL;
  size_t Workers;
  std::vector<Felt> OffPow; // 7^j
  LargeArray<Felt> Tw, Values;
  size_t Current = ~size_t(0);
};

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
             const ProveProgress *Progress, TraceColumns *Release)
      : A(A), Main(Main), O(O), Progress(Progress), Release(Release) {}

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
  /// Commits to the LDE rows of L's columns: leaf p = hash of LDE row p. The
  /// returned tree is the full tree minus its leaf level (its leaves are the
  /// full tree's level 1, so the roots agree): the leaves are half of a tree's
  /// memory, and openLde recomputes the few it needs. Coset pairs K, K + 1
  /// hold sibling leaves (rows i B + K, i B + K + 1, both at position
  /// bitrev(i)), whose parent is node i B / 2 + K / 2 of level 1.
  Tree commitLde(CosetLde &L) const {
    const size_t Rows = L.size(), Half = O.Blowup / 2;
    const unsigned Width = L.width();
    LargeArray<DigestType> Even(Rows);
    return Tree::fromLeaves(Rows * Half, [&](DigestType *Parents) {
      for (size_t K = 0; K < O.Blowup; ++K) {
        L.evaluate(K);
        forChunks(Rows, [&](size_t Begin, size_t End) {
          size_t Count = End - Begin;
          std::vector<Felt> Buf(Count * Width);
          for (unsigned C = 0; C < Width; ++C) {
            const Felt *Col = L.column(C) + Begin;
            for (size_t I = 0; I < Count; ++I)
              Buf[I * Width + C] = Col[I];
          }
          if (K % 2 == 0) {
            H::hashRows(Buf.data(), Width, Count, Even.data() + Begin);
            return;
          }
          std::vector<DigestType> Odd(Count), Pairs(2 * Count), Merged(Count);
          H::hashRows(Buf.data(), Width, Count, Odd.data());
          for (size_t I = 0; I < Count; ++I) {
            Pairs[2 * I] = Even[Begin + I];
            Pairs[2 * I + 1] = Odd[I];
          }
          H::mergePairs(Pairs.data(), Merged.data(), Count);
          for (size_t I = 0; I < Count; ++I)
            Parents[bitrev(Begin + I, L.logSize()) * Half + K / 2] = Merged[I];
        });
      }
    });
  }

  /// Opens the rows at Positions (sorted, distinct) of a tree from commitLde.
  /// Rows[p] holds LDE row p for each position and for each position's
  /// sibling leaf p ^ 1 (hashed here into the leaf level's part of the
  /// proof); the rest of the batch proof comes from the stored levels, in the
  /// order MerkleTree::openBatch would give for the full tree.
  QueryOpening openLde(const Tree &Upper, llvm::ArrayRef<size_t> Positions,
                       const std::map<size_t, std::vector<Felt>> &Rows) const {
    QueryOpening Q;
    Q.NumRows = uint32_t(Positions.size());
    for (size_t P : Positions)
      Q.Values.insert(Q.Values.end(), Rows.at(P).begin(), Rows.at(P).end());
    std::vector<DigestType> Proof;
    std::vector<size_t> Parents;
    for (size_t I = 0; I < Positions.size(); ++I) {
      size_t P = Positions[I];
      if (!(P & 1) && I + 1 < Positions.size() && Positions[I + 1] == P + 1)
        ++I; // both leaves of the pair are opened
      else
        Proof.push_back(H::hashRow(Rows.at(P ^ 1)));
      Parents.push_back(P / 2);
    }
    std::vector<DigestType> Upward = Upper.openBatch(Parents);
    Proof.insert(Proof.end(), Upward.begin(), Upward.end());
    Q.Proof = commitAll(Proof);
    return Q;
  }

  void evaluateComposition(LargeArray<Felt> &QC, size_t M, unsigned CeBlowup, CosetLde &MainL,
                           CosetLde *AuxL, const std::vector<std::vector<Felt>> &MainCoeffs,
                           const std::vector<std::vector<Felt>> &AuxCoeffs,
                           std::vector<E> &AssertPoly);

  const Air &A;
  const TraceColumns &Main;
  const ProofOptions &O;
  const ProveProgress *Progress;
  /// The caller's trace when it handed it over: freed once the aux trace is
  /// built (the passes after that use the coefficients).
  TraceColumns *Release;

  size_t N = 0, TraceLen = 0;
  unsigned LogN = 0, LogTrace = 0, W = 0, WA = 0;
  std::vector<E> Rands, Alphas, Betas, AssertVals;
  std::vector<Assertion> Asserts;
};

template <class H, class E>
void ProverImpl<H, E>::evaluateComposition(LargeArray<Felt> &QC, size_t M, unsigned CeBlowup,
                                           CosetLde &MainL, CosetLde *AuxL,
                                           const std::vector<std::vector<Felt>> &MainCoeffs,
                                           const std::vector<std::vector<Felt>> &AuxCoeffs,
                                           std::vector<E> &AssertPoly) {
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
  // Each group's numerator sum_a beta_a T_a(x) - sum_a beta_a v_a is a
  // polynomial of degree < n (a combination of coefficient columns) that
  // vanishes at g^row when the trace meets the assertions, so its quotient by
  // (x - g^row) is a polynomial too, found by synthetic division: the sum of
  // the quotients goes straight into the composition polynomial's
  // coefficients (AssertPoly) instead of being evaluated at every CE point.
  // A nonzero remainder (a trace that breaks an assertion) is still added
  // pointwise, Rem / (x - g^row), so such a proof fails as it should.
  AssertPoly.assign(TraceLen, E());
  std::vector<E> Rem(Groups.size());
  bool AnyRemainder = false;
  for (size_t Gi = 0; Gi < Groups.size(); ++Gi) {
    std::vector<const Felt *> Cols;
    std::vector<E> Coef;
    E Constant;
    for (unsigned AI : Groups[Gi].second) {
      const Assertion &As = Asserts[AI];
      Constant += Betas[AI] * AssertVals[AI];
      if (!As.Aux) {
        Cols.push_back(MainCoeffs[As.Column].data());
        Coef.push_back(Betas[AI]);
        continue;
      }
      for (unsigned Dd = 0; Dd < D; ++Dd) {
        Cols.push_back(AuxCoeffs[As.Column * D + Dd].data());
        Coef.push_back(Betas[AI] * basis<E>(Dd));
      }
    }
    // Eight coefficients at a time: the columns' values for them side by
    // side are packs, which one LaneCombiner (a form per component) sums.
    std::vector<std::vector<Felt>> Forms(D, std::vector<Felt>(Cols.size()));
    for (size_t K = 0; K < Cols.size(); ++K)
      for (unsigned Dd = 0; Dd < D; ++Dd)
        Forms[Dd][K] = Coef[K][Dd];
    const LaneCombiner Comb(Forms);
    constexpr unsigned Lanes = LaneCombiner::Lanes;
    std::vector<E> Num(TraceLen);
    forChunks(TraceLen, [&](size_t Begin, size_t End) {
      std::vector<Felt> Packs(Cols.size() * Lanes);
      Felt Out[3 * Lanes];
      for (size_t J = Begin; J < End; J += Lanes) {
        for (size_t K = 0; K < Cols.size(); ++K)
          std::copy(Cols[K] + J, Cols[K] + J + Lanes, Packs.data() + K * Lanes);
        Comb.apply(Packs.data(), Out);
        for (unsigned L = 0; L < Lanes; ++L) {
          Felt V[3];
          for (unsigned Dd = 0; Dd < D; ++Dd)
            V[Dd] = Out[Dd * Lanes + L];
          Num[J + L] = loadExt<E>(V);
        }
      }
    });
    Num[0] -= Constant;
    const E Root(Groups[Gi].first);
    E Carry; // synthetic division: q_{j-1} = s_j + root q_j
    for (size_t J = TraceLen; J-- > 0;) {
      E Sj = Num[J];
      Num[J] = Carry;
      Carry = Sj + Root * Carry;
    }
    Rem[Gi] = Carry;
    AnyRemainder |= Carry != E();
    forChunks(TraceLen, [&](size_t Begin, size_t End) {
      for (size_t J = Begin; J < End; ++J)
        AssertPoly[J] += Num[J];
    });
  }
  const LinearCombiner<E> AuxTrans(llvm::makeArrayRef(Alphas).drop_front(NumMain), false);
  // The same random combinations applied to whole packs of eight rows: the
  // main constraint values are NumMain packs, the aux ones NumAux * D packs
  // (each ExtPack is D packs), and form Dd gives the combination's Dd-th
  // component.
  LaneCombiner MainLanes, AuxLanes;
  {
    std::vector<std::vector<Felt>> MainForms(D, std::vector<Felt>(NumMain)),
        AuxForms(D, std::vector<Felt>(size_t(NumAux) * D));
    for (unsigned T = 0; T < NumMain; ++T)
      for (unsigned Dd = 0; Dd < D; ++Dd)
        MainForms[Dd][T] = Alphas[T][Dd];
    for (unsigned T = 0; T < NumAux; ++T)
      for (unsigned X = 0; X < D; ++X) {
        E Coef = Alphas[NumMain + T] * basis<E>(X);
        for (unsigned Dd = 0; Dd < D; ++Dd)
          AuxForms[Dd][T * D + X] = Coef[Dd];
      }
    MainLanes = LaneCombiner(MainForms);
    AuxLanes = LaneCombiner(AuxForms);
  }
  static_assert(sizeof(FeltPack) == FeltPack::Lanes * sizeof(Felt) &&
                    sizeof(ExtPack<E>) == D * sizeof(FeltPack),
                "packs are contiguous felts");

  // CE row J = i * CeBlowup + KC is LDE row J * Stride, point i of coset
  // K = KC * Stride. Cosets are walked from the last one down: the
  // commitment pass leaves the last coset evaluated.
  // g^i for the point i = bitrev(k) at position k, in position order.
  std::vector<Felt> GPowRev(TraceLen);
  {
    std::vector<Felt> GPow = powers(G, TraceLen);
    bitReverseCopy(GPow.data(), GPowRev.data(), LogTrace);
  }
  // QC holds the CE evaluations in bit-reversed order of the CE index J =
  // i CeBlowup + KC: bitrev_M(J) = bitrev_3(KC) n + bitrev_n(i), so coset KC
  // fills one contiguous block in position order (sequential writes), and
  // the interpolation (bitrevEvalsToCoeffs) starts from exactly that order.
  const unsigned LogCe = log2Exact(CeBlowup);
  for (unsigned KC = CeBlowup; KC-- > 0;) {
    MainL.evaluate(KC * Stride);
    if (AuxL)
      AuxL->evaluate(KC * Stride);
    const Felt X0 = Offset * WM.exp(KC);
    const Felt InvZk = InvZ[KC];
    auto MainAt = [&](unsigned C, size_t I) { return MainL.column(C)[I]; };
    auto AuxAt = [&](unsigned C, size_t I) {
      Felt V[3];
      for (unsigned Dd = 0; Dd < D; ++Dd)
        V[Dd] = AuxL->column(C * D + Dd)[I];
      return loadExt<E>(V);
    };
    // Rows by position k (column order): point i = bitrev(k), next-row
    // point i + 1 at position bitrev(i + 1).
    forChunks(TraceLen, [&](size_t Begin, size_t End) {
      size_t Len = End - Begin;
      std::vector<Felt> Xs(Len);
      std::vector<size_t> Pt(Len), NextPos(Len);
      for (size_t T = 0; T < Len; ++T) {
        Pt[T] = bitrev(Begin + T, LogTrace);
        NextPos[T] = bitrev((Pt[T] + 1) & (TraceLen - 1), LogTrace);
        Xs[T] = X0 * GPowRev[Begin + T];
      }
      std::vector<std::vector<Felt>> InvDen(AnyRemainder ? Groups.size() : 0,
                                            std::vector<Felt>(Len));
      for (size_t Gi = 0; Gi < InvDen.size(); ++Gi) {
        for (size_t T = 0; T < Len; ++T)
          InvDen[Gi][T] = Xs[T] - Groups[Gi].first;
        batchInverse(InvDen[Gi]);
      }
      std::vector<Felt> PVals(Periodic.size()), MainCur(W), MainNext(W);
      Felt MainComb[3 * LaneCombiner::Lanes], AuxComb[3 * LaneCombiner::Lanes];
      std::vector<E> AuxCur(WA), AuxNext(WA), OutAux(NumAux);
      constexpr unsigned Lanes = FeltPack::Lanes;
      std::vector<FeltPack> CurP(W), NextP(W), PValsP(Periodic.size()), OutP(NumMain);
      // The aux frame and challenges for the packed path (evalPacked).
      using EP = ExtPack<E>;
      std::vector<EP> AuxCurP(WA), AuxNextP(WA), OutAuxP(NumAux),
          RandsP(Rands.begin(), Rands.end());
      bool AuxPacked = false;
      std::vector<Felt> AuxFelts(NumAux * D);
      for (size_t T = 0; T < Len; ++T) {
        size_t Pos = Begin + T, I = Pt[T];
        size_t J = I * CeBlowup + KC;
        if (T % Lanes == 0) {
          // Constraints for this row and the next seven in one call (Len is a
          // multiple of 8: n >= 8 and chunks are 1024 rows): main and aux
          // together when the AIR implements evalPacked, else main only.
          // Eight consecutive positions; their next rows are consecutive too
          // but for the pack of i0 = n / 8 - 1, gathered lane by lane.
          const size_t *Next = &NextPos[T];
          const bool NextContiguous = Next[Lanes - 1] == Next[0] + Lanes - 1;
          auto LoadNext = [&](Felt *Dst, const Felt *Col) {
            if (NextContiguous) {
              std::copy(Col + Next[0], Col + Next[0] + Lanes, Dst);
            } else {
              for (unsigned L = 0; L < Lanes; ++L)
                Dst[L] = Col[Next[L]];
            }
          };
          for (unsigned C = 0; C < W; ++C) {
            const Felt *Col = MainL.column(C);
            std::copy(Col + Pos, Col + Pos + Lanes, CurP[C].V);
            LoadNext(NextP[C].V, Col);
          }
          for (unsigned C = 0; C < WA; ++C)
            for (unsigned Dd = 0; Dd < D; ++Dd) {
              const Felt *Col = AuxL->column(C * D + Dd);
              std::copy(Col + Pos, Col + Pos + Lanes, AuxCurP[C].C[Dd].V);
              LoadNext(AuxNextP[C].C[Dd].V, Col);
            }
          for (unsigned L = 0; L < Lanes; ++L)
            for (size_t P = 0; P < Periodic.size(); ++P)
              PValsP[P].V[L] =
                  Periodic[P][((Pt[T + L] * CeBlowup) + KC) & (Periodic[P].size() - 1)];
          AuxPacked =
              WA && A.evalPacked(EvalFrame<FeltPack>{CurP, NextP}, EvalFrame<EP>{AuxCurP, AuxNextP},
                                 PValsP, RandsP, OutP, OutAuxP);
          if (!AuxPacked)
            A.evalMain(EvalFrame<FeltPack>{CurP, NextP}, PValsP, OutP);
          MainLanes.apply(reinterpret_cast<const Felt *>(OutP.data()), MainComb);
          if (AuxPacked)
            AuxLanes.apply(reinterpret_cast<const Felt *>(OutAuxP.data()), AuxComb);
        }
        Felt Comb[3];
        for (unsigned Dd = 0; Dd < D; ++Dd)
          Comb[Dd] = MainComb[Dd * Lanes + T % Lanes] +
                     (AuxPacked ? AuxComb[Dd * Lanes + T % Lanes] : Felt());
        E Trans = loadExt<E>(Comb);
        if (!AuxPacked && WA) {
          for (size_t P = 0; P < Periodic.size(); ++P)
            PVals[P] = Periodic[P][J & (Periodic[P].size() - 1)]; // power-of-two tables
          for (unsigned C = 0; C < W; ++C) {
            MainCur[C] = MainAt(C, Pos);
            MainNext[C] = MainAt(C, NextPos[T]);
          }
          for (unsigned C = 0; C < WA; ++C) {
            AuxCur[C] = AuxAt(C, Pos);
            AuxNext[C] = AuxAt(C, NextPos[T]);
          }
          A.evalAux(EvalFrame<Felt>{MainCur, MainNext}, EvalFrame<E>{AuxCur, AuxNext}, PVals, Rands,
                    OutAux);
          for (unsigned Tc = 0; Tc < NumAux; ++Tc)
            storeExt(OutAux[Tc], AuxFelts.data() + Tc * D);
          Trans += AuxTrans.apply(AuxFelts.data());
        }
        E Q = Trans * ((Xs[T] - GLast) * InvZk);
        for (size_t Gi = 0; Gi < InvDen.size(); ++Gi)
          Q += Rem[Gi] * InvDen[Gi][T];
        for (unsigned Dd = 0; Dd < D; ++Dd)
          QC[Dd * M + bitrev(KC, LogCe) * TraceLen + Pos] = Q[Dd];
      }
    });
  }
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
  Timer.mark("main LDE");
  auto MainL = std::make_unique<CosetLde>(MainCoeffs, B);
  Tree MainTree = commitLde(*MainL);
  Coin.reseed(MainTree.root());
  P.MainRoot = commit(MainTree.root());
  Timer.mark("main commit");

  // 2. Aux trace from the verifier's randomness.
  std::vector<std::vector<Felt>> AuxCoeffs;
  std::unique_ptr<CosetLde> AuxL;
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
    Aux = {};
    if (Release)
      *Release = TraceColumns();
    AuxCoeffs = interpolateColumns(Split);
    Split = {};
    AuxL = std::make_unique<CosetLde>(AuxCoeffs, B);
    AuxTree = commitLde(*AuxL);
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
  std::vector<E> AssertPoly;
  evaluateComposition(QC, M, CeBlowup, *MainL, AuxL.get(), MainCoeffs, AuxCoeffs, AssertPoly);
  MainL.reset();
  AuxL.reset();
  Timer.mark("constraint evaluation");
  // Coefficients of Q (degree < C * n), split into C columns of n.
  std::vector<std::vector<Felt>> CompCoeffs(C * D);
  {
    std::vector<std::vector<Felt>> Parts(D);
    llvm::parallelForEachN(0, D, [&](size_t Dd) {
      Parts[Dd] = bitrevEvalsToCoeffs(llvm::MutableArrayRef<Felt>(QC.data() + Dd * M, M), Offset,
                                      size_t(C) * TraceLen);
    });
    for (size_t J = 0; J < TraceLen; ++J)
      for (unsigned Dd = 0; Dd < D; ++Dd)
        Parts[Dd][J] += AssertPoly[J][Dd];
    for (unsigned K = 0; K < C; ++K)
      for (unsigned Dd = 0; Dd < D; ++Dd)
        CompCoeffs[K * D + Dd].assign(Parts[Dd].begin() + K * TraceLen,
                                      Parts[Dd].begin() + (K + 1) * TraceLen);
  }
  QC = LargeArray<Felt>();
  Tree CompTree;
  {
    CosetLde CompL(CompCoeffs, B);
    CompTree = commitLde(CompL);
  }
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
  // The DEEP polynomial is linear in the trace columns: with
  // S1 = sum GM1 T(x) + sum GA1 A(x) + sum Delta Q(x) - K1 and
  // S2 = sum GM2 T(x) + sum GA2 A(x) - K2 (ext coefficients, degree < n),
  // S1(z) = S2(zg) = 0, so Deep = S1 / (x - z) + S2 / (x - zg) is a
  // polynomial of degree < n - 1: combine the coefficient columns, divide
  // synthetically and evaluate Deep alone over the LDE domain (D base
  // transforms instead of one per trace column).
  std::vector<const std::vector<Felt> *> AllCols;
  std::vector<E> G1, G2;
  for (unsigned Col = 0; Col < W; ++Col) {
    AllCols.push_back(&MainCoeffs[Col]);
    G1.push_back(GM[2 * Col]);
    G2.push_back(GM[2 * Col + 1]);
  }
  for (unsigned Col = 0; Col < WA; ++Col)
    for (unsigned Dd = 0; Dd < D; ++Dd) {
      AllCols.push_back(&AuxCoeffs[Col * D + Dd]);
      G1.push_back(GA[2 * Col] * basis<E>(Dd));
      G2.push_back(GA[2 * Col + 1] * basis<E>(Dd));
    }
  for (unsigned K = 0; K < C; ++K)
    for (unsigned Dd = 0; Dd < D; ++Dd) {
      AllCols.push_back(&CompCoeffs[K * D + Dd]);
      G1.push_back(Delta[K] * basis<E>(Dd));
      G2.push_back(E());
    }
  std::vector<std::vector<Felt>> DeepCoeffs(D, std::vector<Felt>(TraceLen));
  {
    const LinearCombiner<E> Comb1(G1, true), Comb2(G2, true);
    std::vector<E> S1(TraceLen), S2(TraceLen);
    constexpr size_t Tile = 64;
    const size_t NC = AllCols.size();
    forChunks(TraceLen, [&](size_t Begin, size_t End) {
      std::vector<Felt> Rows(Tile * NC);
      for (size_t T0 = Begin; T0 < End; T0 += Tile) {
        size_t Count = std::min(Tile, End - T0);
        for (size_t Cc = 0; Cc < NC; ++Cc) {
          const Felt *Src = AllCols[Cc]->data() + T0;
          for (size_t T = 0; T < Count; ++T)
            Rows[T * NC + Cc] = Src[T];
        }
        for (size_t T = 0; T < Count; ++T) {
          S1[T0 + T] = Comb1.apply(Rows.data() + T * NC);
          S2[T0 + T] = Comb2.apply(Rows.data() + T * NC);
        }
      }
    });
    S1[0] -= K1;
    S2[0] -= K2;
    // Synthetic division by (x - a): q_{j-1} = s_j + a q_j, remainder s_0 + a q_0.
    auto DivideInPlace = [&](std::vector<E> &S, const E &Root) {
      E Carry;
      for (size_t J = TraceLen; J-- > 0;) {
        E Sj = S[J];
        S[J] = Carry;
        Carry = Sj + Root * Carry;
      }
      return Carry; // S(Root)
    };
    if (DivideInPlace(S1, Z) != E() || DivideInPlace(S2, ZG) != E())
      return createError("internal error: the DEEP numerators do not vanish at z and zg");
    // S[j] now holds the quotient's coefficient j (S[n - 1] is zero).
    for (size_t J = 0; J < TraceLen; ++J) {
      E Qj = S1[J] + S2[J];
      for (unsigned Dd = 0; Dd < D; ++Dd)
        DeepCoeffs[Dd][J] = Qj[Dd];
    }
  }
  std::vector<LargeArray<E>> Codewords;
  Codewords.emplace_back(N);
  {
    // Position p = i B + K goes to storage index (p mod Rows) Groups + p / Rows.
    LargeArray<E> &Deep = Codewords[0];
    const size_t Groups = NumLayers ? F : 1, Rows = N / Groups;
    CosetLde DeepL(DeepCoeffs, B);
    for (size_t K = 0; K < B; ++K) {
      DeepL.evaluate(K);
      forChunks(TraceLen, [&](size_t Begin, size_t End) {
        Felt V[3];
        for (size_t Pk = Begin; Pk < End; ++Pk) {
          size_t Pos = bitrev(Pk, LogTrace) * B + K;
          for (unsigned Dd = 0; Dd < D; ++Dd)
            V[Dd] = DeepL.column(Dd)[Pk];
          Deep[(Pos & (Rows - 1)) * Groups + Pos / Rows] = loadExt<E>(V);
        }
      });
    }
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
  {
    // The opened rows and their sibling leaves, evaluated from the coefficients.
    std::vector<size_t> Needed;
    for (size_t Pos : Positions) {
      Needed.push_back(Pos);
      Needed.push_back(Pos ^ 1);
    }
    std::sort(Needed.begin(), Needed.end());
    Needed.erase(std::unique(Needed.begin(), Needed.end()), Needed.end());
    const Felt WN = Felt::rootOfUnity(LogN);
    std::vector<Felt> Points;
    for (size_t Pos : Needed)
      Points.push_back(Offset * WN.exp(Pos));
    const size_t NC = AllCols.size();
    std::vector<const Felt *> Polys;
    for (const std::vector<Felt> *Col : AllCols)
      Polys.push_back(Col->data());
    std::vector<Felt> Vals(Points.size() * NC);
    evaluateAtPoints(Polys, TraceLen, Points, Vals);
    std::map<size_t, std::vector<Felt>> MainRows, AuxRows, CompRows;
    for (size_t Q = 0; Q < Needed.size(); ++Q) {
      const Felt *V = Vals.data() + Q * NC;
      MainRows[Needed[Q]].assign(V, V + W);
      AuxRows[Needed[Q]].assign(V + W, V + W + WA * D);
      CompRows[Needed[Q]].assign(V + W + WA * D, V + NC);
    }
    P.MainQueries = openLde(MainTree, Positions, MainRows);
    if (WA)
      P.AuxQueries = openLde(AuxTree, Positions, AuxRows);
    P.CompQueries = openLde(CompTree, Positions, CompRows);
  }
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
                                     const ProveProgress *Progress, TraceColumns *Release) {
  if (O.ExtensionDegree == 2)
    return ProverImpl<H, QuadExt>(A, Main, O, Progress, Release).run();
  return ProverImpl<H, CubicExt>(A, Main, O, Progress, Release).run();
}

llvm::Expected<StarkProof> proveImpl(const Air &A, const TraceColumns &Main,
                                     const ProofOptions &Opts, const ProveProgress &Progress,
                                     TraceColumns *Release);

} // namespace

llvm::Expected<StarkProof> prove(const Air &A, const TraceColumns &Main, const ProofOptions &Opts) {
  return prove(A, Main, Opts, ProveProgress());
}

llvm::Expected<StarkProof> prove(const Air &A, const TraceColumns &Main, const ProofOptions &Opts,
                                 const ProveProgress &Progress) {
  return proveImpl(A, Main, Opts, Progress, nullptr);
}

llvm::Expected<StarkProof> prove(const Air &A, TraceColumns &&Main, const ProofOptions &Opts,
                                 const ProveProgress &Progress) {
  return proveImpl(A, Main, Opts, Progress, &Main);
}

namespace {
llvm::Expected<StarkProof> proveImpl(const Air &A, const TraceColumns &Main,
                                     const ProofOptions &Opts, const ProveProgress &Progress,
                                     TraceColumns *Release) {
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
    return proveWith<RpoHasher>(A, Main, Opts, &Progress, Release);
  return proveWith<Blake3Hasher>(A, Main, Opts, &Progress, Release);
}
} // namespace

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
