//===- zkvm/Crypto/Keccak.h - Keccak-f[1600] and Keccak-256 ---------------===//
//
// The Keccak-f[1600] permutation and Keccak-256 as used by Ethereum: rate 136
// bytes, capacity 512 bits, and the original Keccak padding (a 0x01 domain
// byte, not the 0x06 of FIPS 202 SHA3-256). Used by the host of
// miden::core::crypto::hashes::keccak256.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_CRYPTO_KECCAK_H
#define ZKVM_CRYPTO_KECCAK_H

#include "llvm/ADT/ArrayRef.h"

#include <array>
#include <cstdint>

namespace zkvm {

using Keccak256Digest = std::array<uint8_t, 32>;

/// Applies the 24 rounds of Keccak-f[1600] to State; lane (x, y) is
/// State[x + 5 * y], bytes read little-endian.
void keccakF1600(uint64_t State[25]);

/// Keccak-256 (original padding) of Bytes.
Keccak256Digest keccak256(llvm::ArrayRef<uint8_t> Bytes);

} // namespace zkvm

#endif // ZKVM_CRYPTO_KECCAK_H
