//===- zkvm/Crypto/Rpo256.h - Rescue Prime Optimized hash -----------------===//
//
// RPO256 with Miden v0.20's parameters: a 12-element state whose first four
// elements are the capacity and last eight the rate; the digest is state[4..8).
// 7 rounds; each applies MDS, constants, x^7, MDS, constants, x^(1/7).
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_CRYPTO_RPO256_H
#define ZKVM_CRYPTO_RPO256_H

#include "zkvm/Crypto/Digest.h"

#include "llvm/ADT/ArrayRef.h"

#include <array>

namespace zkvm {

class Rpo256 {
public:
  static constexpr unsigned StateWidth = 12;
  static constexpr unsigned CapacityBegin = 0, RateBegin = 4, DigestBegin = 4;
  static constexpr unsigned RateWidth = 8;
  static constexpr unsigned NumRounds = 7;
  using State = std::array<Felt, StateWidth>;

  static void permute(State &S);
  /// Permutes Count independent states (8 lanes at a time with AVX-512).
  static void permuteMany(State *States, size_t Count);
  /// One round (for the VM's hasher trace, which records every round).
  static void applyRound(State &S, unsigned Round);

  // The parameters, for AIRs that constrain the permutation round by round.
  // A round is: S = M S; S += arkFirst(r); S = S^7; S = M S; S += arkSecond(r);
  // S = S^(1/7), with M circulant: (M S)[R] = sum_C mdsFirstRow()[(C - R) mod 12] S[C].
  static const uint64_t *mdsFirstRow();
  static const uint64_t *arkFirst(unsigned Round);
  static const uint64_t *arkSecond(unsigned Round);

  /// Sponge over field elements; capacity[0] = length mod 8, the last rate
  /// block zero-padded, no permutation for an empty input (zero digest).
  static Digest hashElements(llvm::ArrayRef<Felt> Elements);
  /// Sponge over bytes: 7-byte little-endian chunks, the last one followed by
  /// a 1 byte; capacity[0] = 8 + (chunks mod 8).
  static Digest hashBytes(llvm::ArrayRef<uint8_t> Bytes);
  /// 2-to-1 compression: A || B in the rate, zero capacity.
  static Digest merge(const Digest &A, const Digest &B);
  /// merge with Domain in capacity[1]: MAST node digests use the node's opcode.
  static Digest mergeInDomain(const Digest &A, const Digest &B, Felt Domain);
  static Digest digestOf(const State &S) {
    return Digest(S[DigestBegin], S[DigestBegin + 1], S[DigestBegin + 2], S[DigestBegin + 3]);
  }
};

namespace detail {
bool cpuHasAvx512ForRpo();
void rpoPermute8Avx512(Rpo256::State *States);
void rpoPermute1Avx512(Rpo256::State &S);
} // namespace detail

} // namespace zkvm

#endif // ZKVM_CRYPTO_RPO256_H
