//===- zkvm/Field/NTT.h - Number-theoretic transforms over Goldilocks -----===//
//
// Order policy (everything in this header follows it):
//  - forwardNTT takes coefficients in natural order and leaves evaluations
//    over <w_n> in BIT-REVERSED order (a Cooley-Tukey network needs no
//    reordering pass that way);
//  - inverseNTT takes evaluations in bit-reversed order and leaves
//    coefficients in natural order (the mirror Gentleman-Sande network);
//  - the convenience functions (interpolate, evaluate, cosetLDE) take and
//    return natural order, paying one bit-reversal pass each.
// w_n is Felt::rootOfUnity(log2 n). Sizes are powers of two up to 2^32.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_FIELD_NTT_H
#define ZKVM_FIELD_NTT_H

#include "zkvm/Field/Goldilocks.h"

#include "llvm/ADT/ArrayRef.h"

#include <vector>

namespace zkvm {

/// Which kernel the transforms use. Auto picks the widest the CPU supports
/// (Avx512, then Avx2, then Scalar). All kernels give identical results.
enum class SimdLevel { Auto, Scalar, Avx2, Avx512 };
/// Forces a kernel (tests compare them); returns the one now in use, which is
/// the widest supported one not wider than Level.
SimdLevel setSimdLevel(SimdLevel Level);
SimdLevel getSimdLevel();

/// Permutes Values (power-of-two length) into bit-reversed index order.
void bitReverse(llvm::MutableArrayRef<Felt> Values);

/// In place: coefficients (natural) -> evaluations over <w_n> (bit-reversed).
void forwardNTT(llvm::MutableArrayRef<Felt> Values);
/// In place: evaluations over <w_n> (bit-reversed) -> coefficients (natural).
void inverseNTT(llvm::MutableArrayRef<Felt> Values);

/// Coefficients (natural) of the polynomial with these evaluations over
/// <w_n> (natural order).
void interpolate(llvm::MutableArrayRef<Felt> Values);
/// Evaluations (natural order) of the polynomial with these coefficients over
/// the coset Offset * <w_n>.
void evaluateOnCoset(llvm::MutableArrayRef<Felt> Values, Felt Offset);

/// Low-degree extension of one column: Evals are the column's values over
/// <w_n> (natural order); returns its evaluations over Offset * <w_{n*Blowup}>
/// in natural order.
std::vector<Felt> cosetLDE(llvm::ArrayRef<Felt> Evals, unsigned Blowup, Felt Offset);

/// cosetLDE of many equal-length columns, spread over the available threads.
std::vector<std::vector<Felt>> cosetLDEColumns(llvm::ArrayRef<std::vector<Felt>> Columns,
                                               unsigned Blowup, Felt Offset);

/// Out[i] = A[i] * B[i] for i < N (Out may be A or B), vectorized where the
/// CPU allows: the coset shifts before a transform.
void multiplyPointwise(const Felt *A, const Felt *B, Felt *Out, size_t N);

/// Evaluates the polynomial with coefficients Coeffs at X (Horner); a
/// reference for tests and the verifier.
Felt evaluatePolynomial(llvm::ArrayRef<Felt> Coeffs, Felt X);

namespace detail {
/// Twiddles T[m + b] = w_{2m}^{bitrev_{log m}(b)} for 1 <= m < N, b < m:
/// the factor of butterfly group b in the level with m groups. The table
/// does not depend on the transform size, so one prefix serves all sizes.
const Felt *forwardTwiddles(size_t N);
/// Inverses of forwardTwiddles, same layout.
const Felt *inverseTwiddles(size_t N);
/// The coset factors of a stage of Q levels that starts at level S (see
/// NTTAvx512.cpp): T[(C << Q) + J] = tau_C^J for the block C < 2^S of that
/// level and J < 2^Q, where tau_C = w_{2^(S+Q)}^{bitrev_S(C)}; with Inverse,
/// tau_C^-J. The table does not depend on the transform size.
const Felt *stageTwiddles(unsigned S, unsigned Q, bool Inverse);
/// The kernels. The inverse ones also multiply every output by Scale (the
/// 1/N of the inverse transform), folded into their last level. The vector
/// kernels need N >= MinSize (the forward/inverse wrappers check).
void forwardNTTScalar(Felt *Values, size_t N, const Felt *Tw);
void inverseNTTScalar(Felt *Values, size_t N, const Felt *InvTw, Felt Scale);
constexpr size_t MinSizeAvx2 = 8;
void forwardNTTAvx2(Felt *Values, size_t N, const Felt *Tw);
void inverseNTTAvx2(Felt *Values, size_t N, const Felt *InvTw, Felt Scale);
constexpr size_t MinSizeAvx512 = 16;
void forwardNTTAvx512(Felt *Values, size_t N, const Felt *Tw);
void inverseNTTAvx512(Felt *Values, size_t N, const Felt *InvTw, Felt Scale);
void multiplyPointwiseAvx512(const Felt *A, const Felt *B, Felt *Out, size_t N);
bool cpuHasAvx2();
bool cpuHasAvx512();
} // namespace detail

} // namespace zkvm

#endif // ZKVM_FIELD_NTT_H
