//===- zkvm/Crypto/Digest.h - A 4-element hash digest (a "word") ----------===//
//
// RPO256 digests, MAST roots and program hashes are four field elements. Their
// text form is Miden's: "0x" then each element as 8 little-endian bytes in hex
// (64 hex digits in all), element 0 first.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_CRYPTO_DIGEST_H
#define ZKVM_CRYPTO_DIGEST_H

#include "zkvm/Field/Goldilocks.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <string>

namespace zkvm {

struct Digest {
  std::array<Felt, 4> Elems{};

  constexpr Digest() = default;
  constexpr Digest(Felt A, Felt B, Felt C, Felt D) : Elems{A, B, C, D} {}

  Felt operator[](unsigned I) const { return Elems[I]; }
  Felt &operator[](unsigned I) { return Elems[I]; }
  bool operator==(const Digest &O) const { return Elems == O.Elems; }
  bool operator!=(const Digest &O) const { return !(*this == O); }
  bool operator<(const Digest &O) const;
  bool isZero() const;

  /// "0x" + 64 hex digits, Miden's encoding.
  std::string toHex() const;
  /// Parses toHex's format (the "0x" is optional); each 8-byte element must be
  /// a canonical field element.
  static llvm::Expected<Digest> fromHex(llvm::StringRef Text);
  /// The 32 bytes of the hex form.
  std::array<uint8_t, 32> toBytes() const;
};

llvm::raw_ostream &operator<<(llvm::raw_ostream &OS, const Digest &D);

} // namespace zkvm

#endif // ZKVM_CRYPTO_DIGEST_H
