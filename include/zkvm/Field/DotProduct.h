//===- zkvm/Field/DotProduct.h - Many products summed at once -----------===//
//
// The prover spends much of its time in sums of products: the random linear
// combination of a few hundred constraint values at every evaluation point,
// and the values of the committed polynomials at the queried points. These
// kernels keep the products unreduced and reduce once per sum. On CPUs with
// AVX-512 IFMA the 64-bit factors are split into 52 + 12-bit limbs and the
// limb products accumulate in 52-bit multiply-adds (seven per eight terms,
// no carries to track), about twice the rate of the scalar 64 x 64-bit
// products on Zen 4; elsewhere a portable loop gives the same values.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_FIELD_DOTPRODUCT_H
#define ZKVM_FIELD_DOTPRODUCT_H

#include "zkvm/Field/Goldilocks.h"

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <vector>

namespace zkvm {

/// sum_i A[i] B[i], reduced once: the 128-bit products are summed with a
/// count of wrap-arounds, and 2^128 = -2^32 (mod p). Scalar; the kernels
/// below do many such sums at once.
inline Felt dotProduct(const Felt *A, const Felt *B, size_t N) {
  unsigned __int128 S = 0;
  uint64_t Wraps = 0;
  for (size_t I = 0; I < N; ++I) {
    unsigned __int128 P = (unsigned __int128)A[I].value() * B[I].value();
    S += P;
    Wraps += S < P;
  }
  return Felt::fromCanonical(Felt::reduce128(S)) - Felt(Wraps) * Felt(uint64_t(1) << 32);
}

/// Whether the AVX-512 IFMA kernels run (the CPU has them and they are not
/// disabled); tests switch them off to compare with the portable path.
bool dotProductUsesIfma();
void setDotProductIfma(bool Enabled);

/// Values of polynomials at points: Out[q * Polys.size() + c] =
/// sum_j Polys[c][j] Points[q]^j, each polynomial having Len coefficients
/// (low first). Runs on the thread pool; for a few dozen points this is
/// cheaper than transforms over whole cosets.
void evaluateAtPoints(llvm::ArrayRef<const Felt *> Polys, size_t Len, llvm::ArrayRef<Felt> Points,
                      llvm::MutableArrayRef<Felt> Out);

/// Up to three fixed linear forms sum_i C_k[i] v_i applied to eight vectors
/// at once, stored as eight-lane packs: v_i of lane l is Packs[8 i + l].
class LaneCombiner {
public:
  static constexpr unsigned Lanes = 8;
  LaneCombiner() = default;
  /// Forms[k][i] = C_k[i]; all forms have the same length.
  explicit LaneCombiner(llvm::ArrayRef<std::vector<Felt>> Forms);
  /// Out[k * 8 + l] = sum_i C_k[i] Packs[8 i + l].
  void apply(const Felt *Packs, Felt *Out) const;
  size_t size() const { return Count; }

private:
  unsigned NumForms = 0;
  size_t Count = 0;
  std::vector<Felt> Coef;               // form-major, for the portable path
  std::vector<uint64_t> CoefLo, CoefHi; // 52-bit and high 12-bit limbs, form-major
};

namespace detail {
bool cpuHasIfma();
/// sum_j (A0 + A1 2^52)(B0 + B1 2^52) over N terms (N a multiple of 8, at
/// most 1024), limbs as split by splitLimbs.
Felt dotProductLimbsIfma(const uint64_t *A0, const uint64_t *A1, const uint64_t *B0,
                         const uint64_t *B1, size_t N);
void splitLimbsIfma(const Felt *X, uint64_t *Lo, uint64_t *Hi, size_t N);
void combineLanesIfma(const uint64_t *CoefLo, const uint64_t *CoefHi, unsigned NumForms,
                      size_t Count, const Felt *Packs, Felt *Out);
} // namespace detail

} // namespace zkvm

#endif // ZKVM_FIELD_DOTPRODUCT_H
