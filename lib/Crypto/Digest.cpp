//===- Digest.cpp - A 4-element hash digest -------------------------------===//

#include "zkvm/Crypto/Digest.h"

#include "zkvm/Support/Error.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace zkvm {

bool Digest::operator<(const Digest &O) const {
  for (unsigned I = 0; I < 4; ++I)
    if (Elems[I] != O.Elems[I])
      return Elems[I].value() < O.Elems[I].value();
  return false;
}

bool Digest::isZero() const {
  return Elems[0].isZero() && Elems[1].isZero() && Elems[2].isZero() && Elems[3].isZero();
}

std::array<uint8_t, 32> Digest::toBytes() const {
  std::array<uint8_t, 32> Bytes{};
  for (unsigned I = 0; I < 4; ++I)
    for (unsigned B = 0; B < 8; ++B)
      Bytes[8 * I + B] = uint8_t(Elems[I].value() >> (8 * B));
  return Bytes;
}

std::string Digest::toHex() const {
  std::array<uint8_t, 32> Bytes = toBytes();
  return "0x" + llvm::toHex(ArrayRef<uint8_t>(Bytes), /*LowerCase=*/true);
}

Expected<Digest> Digest::fromHex(StringRef Text) {
  StringRef Hex = Text;
  if (Hex.startswith_insensitive("0x"))
    Hex = Hex.drop_front(2);
  if (Hex.size() != 64 || !all_of(Hex, isHexDigit))
    return createError("'" + Text + "' is not a digest (expected 0x and 64 hex digits)");
  Digest D;
  for (unsigned I = 0; I < 4; ++I) {
    uint64_t V = 0;
    for (unsigned B = 0; B < 8; ++B)
      V |= uint64_t(hexFromNibbles(Hex[16 * I + 2 * B], Hex[16 * I + 2 * B + 1])) << (8 * B);
    if (V >= Felt::Modulus)
      return createError("'" + Text + "': element " + Twine(I) + " is not a field element");
    D.Elems[I] = Felt::fromCanonical(V);
  }
  return D;
}

raw_ostream &operator<<(raw_ostream &OS, const Digest &D) { return OS << D.toHex(); }

} // namespace zkvm
