//===- zkvm/Air/Protocol.h - Pieces of the STARK protocol both sides use ---===//
//
// Small definitions the prover and the verifier must agree on exactly: how
// extension elements are laid out as felts, how challenges are drawn, the
// FRI folding of one coset, the number of FRI layers, the domains.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_AIR_PROTOCOL_H
#define ZKVM_AIR_PROTOCOL_H

#include "zkvm/Air/Options.h"
#include "zkvm/Crypto/RandomCoin.h"
#include "zkvm/Field/DotProduct.h"
#include "zkvm/Field/Extension.h"

#include <vector>

namespace zkvm {
namespace stark {

inline unsigned log2Exact(size_t N) {
  unsigned L = 0;
  while ((size_t(1) << L) < N)
    ++L;
  return L;
}

/// Extension elements are stored as Degree consecutive felts, component 0 first.
template <class E> inline E loadExt(const Felt *P) {
  if constexpr (E::Degree == 2)
    return E(P[0], P[1]);
  else
    return E(P[0], P[1], P[2]);
}
template <class E> inline void storeExt(const E &V, Felt *P) {
  for (unsigned I = 0; I < E::Degree; ++I)
    P[I] = V[I];
}
/// The extension's basis element x^I.
template <class E> inline E basis(unsigned I) {
  Felt C[3] = {Felt(), Felt(), Felt()};
  C[I] = Felt::one();
  return loadExt<E>(C);
}

template <class E, class H> inline E drawExt(RandomCoin<H> &Coin) {
  if constexpr (E::Degree == 2)
    return Coin.drawQuad();
  else
    return Coin.drawCubic();
}

/// Values[i] := 1 / Values[i] with one inversion (Montgomery's trick);
/// zeros stay zero (as E::inverse() of zero) and do not affect the others.
template <class E> void batchInverseKeepZeros(llvm::MutableArrayRef<E> Values) {
  std::vector<E> Prefix(Values.size());
  E Acc = E(Felt::one());
  for (size_t I = 0; I < Values.size(); ++I) {
    Prefix[I] = Acc;
    if (!Values[I].isZero())
      Acc *= Values[I];
  }
  E Inv = Acc.inverse();
  for (size_t I = Values.size(); I-- > 0;) {
    if (Values[I].isZero())
      continue;
    E V = Values[I];
    Values[I] = Inv * Prefix[I];
    Inv *= V;
  }
}

/// Values[i] := 1 / Values[i] (all nonzero), Montgomery's trick.
template <class E> void batchInvert(E *Values, size_t N, E *Scratch) {
  if (N == 0)
    return;
  E Acc = E::one();
  for (size_t I = 0; I < N; ++I) {
    Scratch[I] = Acc;
    Acc *= Values[I];
  }
  Acc = Acc.inverse();
  for (size_t I = N; I-- > 0;) {
    E Inv = Acc * Scratch[I];
    Acc *= Values[I];
    Values[I] = Inv;
  }
}

/// A fixed linear combination sum_i G_i * v_i with extension coefficients G_i,
/// applied to rows of felts: v_i is a base element (BaseValues) or an
/// extension element stored as Degree felts. Each output component is one
/// dotProduct over the row, with the coefficients' multiplication matrices
/// precomputed.
template <class E> class LinearCombiner {
public:
  LinearCombiner() = default;
  LinearCombiner(llvm::ArrayRef<E> G, bool BaseValues) {
    unsigned Per = BaseValues ? 1 : E::Degree;
    for (unsigned D = 0; D < E::Degree; ++D)
      Coef[D].resize(G.size() * Per);
    for (size_t I = 0; I < G.size(); ++I)
      for (unsigned X = 0; X < Per; ++X) {
        E M = G[I] * basis<E>(X);
        for (unsigned D = 0; D < E::Degree; ++D)
          Coef[D][I * Per + X] = M[D];
      }
  }
  /// Row holds exactly the felts the combination was built for.
  E apply(const Felt *Row) const {
    Felt C[3];
    for (unsigned D = 0; D < E::Degree; ++D)
      C[D] = dotProduct(Coef[D].data(), Row, Coef[D].size());
    return loadExt<E>(C);
  }

private:
  std::vector<Felt> Coef[3];
};

/// Evaluates a base-field polynomial (coefficients low first) at an extension point.
template <class E> E evalBasePoly(llvm::ArrayRef<Felt> Coeffs, E X) {
  E Acc;
  for (size_t I = Coeffs.size(); I-- > 0;)
    Acc = Acc * X + E(Coeffs[I]);
  return Acc;
}
/// Evaluates an extension polynomial stored as felts (Degree per coefficient).
template <class E, class X> E evalExtPoly(llvm::ArrayRef<Felt> Coeffs, X Point) {
  E Acc;
  for (size_t I = Coeffs.size() / E::Degree; I-- > 0;)
    Acc = E(Acc * Point) + loadExt<E>(Coeffs.data() + I * E::Degree);
  return Acc;
}

/// The FRI fold of one coset. Vals[k] = f(x w^k) for k < F (w a primitive
/// F-th root of unity), f(X) = sum_r X^r f_r(X^F); returns
/// sum_r Alpha^r f_r(x^F), computed as log2 F halvings
/// g(y^2) = (f(y) + f(-y)) / 2 + Alpha (f(y) - f(-y)) / (2y), Alpha squaring
/// each time (the halvings' 1/2 factors are applied once, as 1/F, at the end).
/// Vals is overwritten.
class CosetFolder {
public:
  explicit CosetFolder(unsigned F) : F(F), LogF(log2Exact(F)) {
    Felt WInv = Felt::rootOfUnity(LogF).inverse();
    Felt P = Felt::one();
    for (unsigned K = 0; K < F / 2; ++K, P *= WInv)
      InvRoots[K] = P;
    FInv = Felt(F).inverse();
  }
  /// AlphaPows[i] = Alpha^(2^i) for i < log2 F (see alphaPowers).
  template <class E> E fold(E *Vals, Felt XInv, const E *AlphaPows) const {
    for (unsigned Size = F, Step = 1, Level = 0; Size > 1; Size /= 2, Step *= 2, ++Level) {
      unsigned Half = Size / 2;
      for (unsigned K = 0; K < Half; ++K) {
        E A = Vals[K], B = Vals[K + Half];
        Felt PInv = K ? XInv * InvRoots[K * Step] : XInv;
        Vals[K] = A + B + AlphaPows[Level] * ((A - B) * PInv);
      }
      XInv = XInv.square();
    }
    return Vals[0] * FInv;
  }
  template <class E> void alphaPowers(E Alpha, E *Out) const {
    for (unsigned I = 0; I < LogF; ++I, Alpha = Alpha.square())
      Out[I] = Alpha;
  }
  template <class E> E fold(E *Vals, Felt XInv, E Alpha) const {
    E Pows[4];
    alphaPowers(Alpha, Pows);
    return fold(Vals, XInv, Pows);
  }
  unsigned factor() const { return F; }

private:
  unsigned F, LogF;
  Felt InvRoots[8];
  Felt FInv;
};

/// FRI folds until the polynomial's degree bound is at most the remainder's
/// coefficient count: degree bound n / F^layers <= RemainderMaxDegree + 1.
inline unsigned numFriLayers(size_t TraceLength, const ProofOptions &O) {
  unsigned L = 0;
  for (size_t D = TraceLength; D > O.RemainderMaxDegree + 1; D /= O.FoldingFactor)
    ++L;
  return L;
}

/// Domain offset of the LDE (and constraint-evaluation) coset.
inline Felt domainOffset() { return Felt::generator(); }

inline size_t nextPow2(size_t N) {
  size_t P = 1;
  while (P < N)
    P *= 2;
  return P;
}

/// The DEEP composition's constant terms: K1 combines the out-of-domain
/// values at z (main, aux and composition columns), K2 those at z * g. The
/// gammas interleave the z and z * g coefficient of each trace column.
template <class E>
void deepConstants(llvm::ArrayRef<E> GM, llvm::ArrayRef<E> GA, llvm::ArrayRef<E> Delta,
                   llvm::ArrayRef<E> MainZ, llvm::ArrayRef<E> MainZG, llvm::ArrayRef<E> AuxZ,
                   llvm::ArrayRef<E> AuxZG, llvm::ArrayRef<E> CompZ, E &K1, E &K2) {
  K1 = E();
  K2 = E();
  for (size_t Col = 0; Col < MainZ.size(); ++Col) {
    K1 += GM[2 * Col] * MainZ[Col];
    K2 += GM[2 * Col + 1] * MainZG[Col];
  }
  for (size_t Col = 0; Col < AuxZ.size(); ++Col) {
    K1 += GA[2 * Col] * AuxZ[Col];
    K2 += GA[2 * Col + 1] * AuxZG[Col];
  }
  for (size_t K = 0; K < CompZ.size(); ++K)
    K1 += Delta[K] * CompZ[K];
}

} // namespace stark
} // namespace zkvm

#endif // ZKVM_AIR_PROTOCOL_H
