//===- Goldilocks.cpp - The Goldilocks prime field ------------------------===//

#include "zkvm/Field/Goldilocks.h"

#include "zkvm/Support/Error.h"

#include "llvm/Support/raw_ostream.h"

#include <vector>

using namespace llvm;

namespace zkvm {

Felt Felt::rootOfUnity(unsigned LogN) {
  assert(LogN <= TwoAdicity && "no such root of unity in the field");
  Felt Root = fromCanonical(TwoAdicRoot);
  for (unsigned I = LogN; I < TwoAdicity; ++I)
    Root = Root.square();
  return Root;
}

bool Felt::sqrt(Felt &Root) const {
  if (isZero()) {
    Root = zero();
    return true;
  }
  // Euler's criterion, then Tonelli-Shanks with p - 1 = 2^32 * Q.
  constexpr uint64_t Q = (Modulus - 1) >> TwoAdicity;
  if (exp((Modulus - 1) / 2) != one())
    return false;
  // 7 is a non-residue, so 7^Q generates the 2-Sylow subgroup.
  Felt C = generator().exp(Q);
  Felt X = exp((Q + 1) / 2);
  Felt T = exp(Q);
  unsigned M = TwoAdicity;
  while (T != one()) {
    unsigned I = 0;
    for (Felt T2 = T; T2 != one(); T2 = T2.square())
      ++I;
    Felt B = C;
    for (unsigned J = 0; J + 1 < M - I; ++J)
      B = B.square();
    M = I;
    C = B.square();
    T *= C;
    X *= B;
  }
  Root = X;
  return true;
}

Expected<Felt> Felt::parse(StringRef Text) {
  StringRef Digits = Text.trim();
  unsigned Radix = 10;
  if (Digits.startswith_insensitive("0x")) {
    Radix = 16;
    Digits = Digits.drop_front(2);
  }
  uint64_t V = 0;
  if (Digits.empty() || Digits.getAsInteger(Radix, V))
    return createError("'" + Text + "' is not a 64-bit integer");
  if (V >= Modulus)
    return createError("'" + Text + "' is not a field element (must be below 2^64 - 2^32 + 1)");
  return fromCanonical(V);
}

void batchInverse(MutableArrayRef<Felt> Values) {
  // Prefix products over the non-zero elements, one inversion, then unwind.
  std::vector<Felt> Prefix(Values.size());
  Felt Acc = Felt::one();
  for (size_t I = 0; I < Values.size(); ++I) {
    Prefix[I] = Acc;
    if (!Values[I].isZero())
      Acc *= Values[I];
  }
  Felt Inv = Acc.inverse();
  for (size_t I = Values.size(); I-- > 0;) {
    if (Values[I].isZero())
      continue;
    Felt Next = Inv * Values[I];
    Values[I] = Inv * Prefix[I];
    Inv = Next;
  }
}

raw_ostream &operator<<(raw_ostream &OS, Felt F) { return OS << F.value(); }

} // namespace zkvm
