//===- zkvm/Crypto/RandomCoin.h - Fiat-Shamir randomness ------------------===//
//
// The prover and verifier derive every challenge from one evolving seed:
//  - the seed starts as the hash of the serialized public inputs/options;
//  - reseed(D) absorbs a commitment: Seed = merge(Seed, D), counter reset;
//  - each draw hashes mergeWithInt(Seed, ++Counter) and reads its low 64 bits;
//    field elements are rejection-sampled (values >= p are skipped), so they
//    are uniform;
//  - grinding: a nonce is valid for k bits when the low 64 bits of
//    mergeWithInt(Seed, Nonce) have at least k trailing zero bits; the nonce
//    is then absorbed with reseedWithInt.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_CRYPTO_RANDOMCOIN_H
#define ZKVM_CRYPTO_RANDOMCOIN_H

#include "zkvm/Crypto/Hasher.h"
#include "zkvm/Field/Extension.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace zkvm {

template <class H> class RandomCoin {
public:
  using DigestType = typename H::DigestType;

  explicit RandomCoin(llvm::ArrayRef<uint8_t> SeedBytes) : Seed(H::hashBytes(SeedBytes)) {}

  void reseed(const DigestType &D) {
    Seed = H::merge(Seed, D);
    Counter = 0;
  }
  void reseedWithInt(uint64_t V) {
    Seed = H::mergeWithInt(Seed, V);
    Counter = 0;
  }
  const DigestType &seed() const { return Seed; }

  uint64_t drawU64() { return H::lowU64(H::mergeWithInt(Seed, ++Counter)); }

  Felt drawFelt() {
    for (;;) {
      uint64_t V = drawU64();
      if (V < Felt::Modulus)
        return Felt::fromCanonical(V);
    }
  }
  QuadExt drawQuad() {
    Felt A = drawFelt();
    return QuadExt(A, drawFelt());
  }
  CubicExt drawCubic() {
    Felt A = drawFelt(), B = drawFelt();
    return CubicExt(A, B, drawFelt());
  }

  /// Count distinct positions in [0, DomainSize) (a power of two), in the
  /// order drawn. Stops early when the domain is exhausted.
  std::vector<size_t> drawPositions(size_t Count, size_t DomainSize) {
    std::vector<size_t> Out;
    for (unsigned Tries = 0; Out.size() < Count && Out.size() < DomainSize && Tries < 1000 * Count;
         ++Tries) {
      size_t P = drawU64() & (DomainSize - 1);
      if (std::find(Out.begin(), Out.end(), P) == Out.end())
        Out.push_back(P);
    }
    return Out;
  }

  bool checkGrinding(uint64_t Nonce, unsigned Bits) const {
    if (Bits == 0)
      return true;
    uint64_t V = H::lowU64(H::mergeWithInt(Seed, Nonce));
    return Bits <= 64 && (Bits == 64 ? V == 0 : (V & ((uint64_t(1) << Bits) - 1)) == 0);
  }

  /// The smallest valid nonce for Bits, searched on all hardware threads.
  uint64_t grind(unsigned Bits) const {
    unsigned Threads = std::max(1u, std::thread::hardware_concurrency());
    std::atomic<uint64_t> Best{~uint64_t(0)};
    std::vector<std::thread> Pool;
    for (unsigned T = 0; T < Threads; ++T)
      Pool.emplace_back([&, T] {
        for (uint64_t N = T; N < Best.load(std::memory_order_relaxed); N += Threads)
          if (checkGrinding(N, Bits)) {
            uint64_t Cur = Best.load();
            while (N < Cur && !Best.compare_exchange_weak(Cur, N)) {
            }
            return;
          }
      });
    for (std::thread &Th : Pool)
      Th.join();
    return Best.load();
  }

private:
  DigestType Seed;
  uint64_t Counter = 0;
};

} // namespace zkvm

#endif // ZKVM_CRYPTO_RANDOMCOIN_H
