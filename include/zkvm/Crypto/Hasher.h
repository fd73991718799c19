//===- zkvm/Crypto/Hasher.h - Hashers for commitments and Fiat-Shamir -----===//
//
// The STARK is generic over its commitment hash. A hasher provides:
//   DigestType                       32-byte or 4-felt digest
//   hashRow(ArrayRef<Felt>)          leaf of a Merkle tree over trace rows
//   hashRows(Rows, Width, Count, Out) many leaves at once (multi-lane)
//   merge(A, B)                      2-to-1 compression
//   mergePairs(In, Out, Count)       Out[i] = merge(In[2i], In[2i+1]), batched
//   mergeWithInt(Seed, Value)        Fiat-Shamir draws and grinding
//   hashBytes(ArrayRef<uint8_t>)     seeding from serialized public data
//   lowU64(Digest)                   the first 8 bytes as a little-endian integer
//   toBytes(Digest) / fromBytes      serialization (32 bytes)
// Blake3Hasher is the fast default; RpoHasher makes proofs cheap to verify
// inside the VM (recursion).
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_CRYPTO_HASHER_H
#define ZKVM_CRYPTO_HASHER_H

#include "zkvm/Crypto/Blake3.h"
#include "zkvm/Crypto/Rpo256.h"

#include <cstring>
#include <vector>

namespace zkvm {

struct Blake3Hasher {
  using DigestType = Blake3Digest;
  static constexpr const char *Name = "blake3-256";

  /// Rows hash as their elements' 8-byte little-endian encodings.
  static DigestType hashRow(llvm::ArrayRef<Felt> Row) {
    uint8_t Small[256];
    std::vector<uint8_t> Large;
    uint8_t *Bytes = Small;
    if (Row.size() * 8 > sizeof(Small)) {
      Large.resize(Row.size() * 8);
      Bytes = Large.data();
    }
    for (size_t I = 0; I < Row.size(); ++I) {
      uint64_t V = Row[I].value();
      std::memcpy(Bytes + 8 * I, &V, 8); // x86-64 is little-endian
    }
    return Blake3::hash(llvm::ArrayRef<uint8_t>(Bytes, Row.size() * 8));
  }
  /// Out[i] = hashRow(row i) for Count rows of Width elements, row-major.
  static void hashRows(const Felt *Rows, size_t Width, size_t Count, DigestType *Out) {
    static_assert(sizeof(Felt) == 8, "rows are hashed straight from memory");
    Blake3::hashMany(reinterpret_cast<const uint8_t *>(Rows), Width * 8, Width * 8, Out, Count);
  }
  static DigestType merge(const DigestType &A, const DigestType &B) { return Blake3::merge(A, B); }
  static void mergePairs(const DigestType *In, DigestType *Out, size_t Count) {
    Blake3::mergePairs(In, Out, Count);
  }
  static DigestType mergeWithInt(const DigestType &Seed, uint64_t Value) {
    uint8_t Bytes[40];
    std::memcpy(Bytes, Seed.data(), 32);
    std::memcpy(Bytes + 32, &Value, 8);
    return Blake3::hash(Bytes);
  }
  static DigestType hashBytes(llvm::ArrayRef<uint8_t> Bytes) { return Blake3::hash(Bytes); }
  static uint64_t lowU64(const DigestType &D) {
    uint64_t V;
    std::memcpy(&V, D.data(), 8);
    return V;
  }
  static std::array<uint8_t, 32> toBytes(const DigestType &D) { return D; }
  static bool fromBytes(const uint8_t *Bytes, DigestType &D) {
    std::memcpy(D.data(), Bytes, 32);
    return true;
  }
};

struct RpoHasher {
  using DigestType = Digest;
  static constexpr const char *Name = "rpo256";

  static DigestType hashRow(llvm::ArrayRef<Felt> Row) { return Rpo256::hashElements(Row); }
  /// The same sponge as hashRow, run on many rows in lockstep (8 AVX-512 lanes).
  static void hashRows(const Felt *Rows, size_t Width, size_t Count, DigestType *Out);
  static DigestType merge(const DigestType &A, const DigestType &B) { return Rpo256::merge(A, B); }
  static void mergePairs(const DigestType *In, DigestType *Out, size_t Count);
  /// Miden's merge_with_int: Seed and Value in the rate, capacity[0] = 5 (or
  /// 6 with the quotient by p when Value >= p).
  static DigestType mergeWithInt(const DigestType &Seed, uint64_t Value);
  static DigestType hashBytes(llvm::ArrayRef<uint8_t> Bytes) { return Rpo256::hashBytes(Bytes); }
  static uint64_t lowU64(const DigestType &D) { return D[0].value(); }
  static std::array<uint8_t, 32> toBytes(const DigestType &D) { return D.toBytes(); }
  /// False when an element is not canonical.
  static bool fromBytes(const uint8_t *Bytes, DigestType &D);
};

} // namespace zkvm

#endif // ZKVM_CRYPTO_HASHER_H
