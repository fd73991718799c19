//===- zkvm/Crypto/Sha512.h - SHA-512 (FIPS 180-4) ------------------------===//
//
// SHA-512 with a 64-byte output. Used by the host of
// miden::core::crypto::hashes::sha512.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_CRYPTO_SHA512_H
#define ZKVM_CRYPTO_SHA512_H

#include "llvm/ADT/ArrayRef.h"

#include <array>
#include <cstdint>

namespace zkvm {

using Sha512Digest = std::array<uint8_t, 64>;

/// SHA-512 of Bytes.
Sha512Digest sha512(llvm::ArrayRef<uint8_t> Bytes);

} // namespace zkvm

#endif // ZKVM_CRYPTO_SHA512_H
