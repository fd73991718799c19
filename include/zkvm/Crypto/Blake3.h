//===- zkvm/Crypto/Blake3.h - BLAKE3-256 ----------------------------------===//
//
// BLAKE3 in its default (unkeyed) hash mode with a 32-byte output: the
// commitment hash of STARK proofs. mergePairs hashes many independent 64-byte
// inputs at once (16 lanes with AVX-512): every Merkle-tree level above the
// leaves is exactly that.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_CRYPTO_BLAKE3_H
#define ZKVM_CRYPTO_BLAKE3_H

#include "llvm/ADT/ArrayRef.h"

#include <array>
#include <cstdint>

namespace zkvm {

using Blake3Digest = std::array<uint8_t, 32>;

class Blake3 {
public:
  static Blake3Digest hash(llvm::ArrayRef<uint8_t> Bytes);
  /// hash(A || B): a single compression.
  static Blake3Digest merge(const Blake3Digest &A, const Blake3Digest &B);
  /// Out[i] = merge(In[2i], In[2i+1]) for i < Count.
  static void mergePairs(const Blake3Digest *In, Blake3Digest *Out, size_t Count);
  /// Out[i] = hash of the Len bytes at Data + i * Stride, for i < Count.
  /// Inputs of at most one chunk (1024 bytes, a multiple of 4) go 16 at a time.
  static void hashMany(const uint8_t *Data, size_t Stride, size_t Len, Blake3Digest *Out,
                       size_t Count);
};

namespace detail {
bool cpuHasAvx512ForBlake3();
/// 16 merges: Out[i] = merge(In[2i], In[2i+1]).
void blake3Merge16Avx512(const Blake3Digest *In, Blake3Digest *Out);
/// 16 single-chunk hashes: Out[i] = hash(Data[i * Stride .. i * Stride + Len)).
/// Requires Len <= 1024 and Stride, Len multiples of 4.
void blake3HashChunks16Avx512(const uint8_t *Data, size_t Stride, size_t Len, Blake3Digest *Out);
} // namespace detail

} // namespace zkvm

#endif // ZKVM_CRYPTO_BLAKE3_H
