//===- Rpo256InvSbox.h - The addition chain for x^(1/7) -------------------===//
//
// Shared by the scalar and the AVX-512 permutations; T is whatever holds the
// values being raised (a state array, a vector of lanes) and Mul multiplies
// two of them elementwise.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_LIB_CRYPTO_RPO256INVSBOX_H
#define ZKVM_LIB_CRYPTO_RPO256INVSBOX_H

namespace zkvm {
namespace rpo {

/// x^(1/7) = x^E with E = 10540996611094048183, which in octal reads
/// A 0 (6A) 7 where A = 1111111111 (ten ones): E = A 8^12 + 6A 8 + 7.
/// x^A comes from doubling runs of ones (x^11, x^1111, x^11111111 octal) in
/// 27 squarings and 4 products; then x^E = ((x^A)^(8^11) x^(6A))^8 x^7.
/// 63 squarings and 6 products lie on the dependency path (a plain
/// base-8 chain has 63 and 20); x^(6A) and x^7 are computed beside it.
template <class T, class MulFn> T powInvSeven(const T &X, MulFn Mul) {
  auto SquareTimes = [&](T V, unsigned N) {
    for (unsigned I = 0; I < N; ++I)
      V = Mul(V, V);
    return V;
  };
  T X2 = Mul(X, X);
  T X7 = Mul(Mul(X2, X2), Mul(X2, X));
  T A2 = Mul(SquareTimes(X, 3), X);    // x^(11 octal)
  T A4 = Mul(SquareTimes(A2, 6), A2);  // x^(1111)
  T A8 = Mul(SquareTimes(A4, 12), A4); // x^(11111111)
  T A10 = Mul(SquareTimes(A8, 6), A2); // x^A
  T A10Cube = Mul(Mul(A10, A10), A10);
  T A10Pow6 = Mul(A10Cube, A10Cube); // x^(6A)
  T R = Mul(SquareTimes(A10, 33), A10Pow6);
  return Mul(SquareTimes(R, 3), X7);
}

} // namespace rpo
} // namespace zkvm

#endif // ZKVM_LIB_CRYPTO_RPO256INVSBOX_H
