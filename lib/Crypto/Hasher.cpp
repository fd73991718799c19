//===- Hasher.cpp - Hashers for commitments and Fiat-Shamir ---------------===//

#include "zkvm/Crypto/Hasher.h"

namespace zkvm {

void RpoHasher::mergePairs(const DigestType *In, DigestType *Out, size_t Count) {
  constexpr size_t Batch = 64;
  Rpo256::State States[Batch];
  for (size_t Begin = 0; Begin < Count; Begin += Batch) {
    size_t N = std::min(Batch, Count - Begin);
    for (size_t I = 0; I < N; ++I) {
      Rpo256::State &S = States[I];
      S.fill(Felt::zero());
      for (unsigned J = 0; J < 4; ++J) {
        S[Rpo256::RateBegin + J] = In[2 * (Begin + I)][J];
        S[Rpo256::RateBegin + 4 + J] = In[2 * (Begin + I) + 1][J];
      }
    }
    Rpo256::permuteMany(States, N);
    for (size_t I = 0; I < N; ++I)
      Out[Begin + I] = Rpo256::digestOf(States[I]);
  }
}

void RpoHasher::hashRows(const Felt *Rows, size_t Width, size_t Count, DigestType *Out) {
  if (Width == 0) {
    for (size_t I = 0; I < Count; ++I)
      Out[I] = hashRow({});
    return;
  }
  constexpr size_t Batch = 64;
  Rpo256::State States[Batch];
  for (size_t Begin = 0; Begin < Count; Begin += Batch) {
    size_t N = std::min(Batch, Count - Begin);
    for (size_t I = 0; I < N; ++I) {
      States[I].fill(Felt::zero());
      States[I][Rpo256::CapacityBegin] = Felt(Width % Rpo256::RateWidth);
    }
    // Absorb block by block (overwriting the rate, the last block zero-padded),
    // exactly as Rpo256::hashElements does for one row.
    for (size_t Off = 0; Off < Width; Off += Rpo256::RateWidth) {
      size_t Len = std::min<size_t>(Rpo256::RateWidth, Width - Off);
      for (size_t I = 0; I < N; ++I) {
        const Felt *Row = Rows + (Begin + I) * Width + Off;
        for (size_t J = 0; J < Rpo256::RateWidth; ++J)
          States[I][Rpo256::RateBegin + J] = J < Len ? Row[J] : Felt::zero();
      }
      Rpo256::permuteMany(States, N);
    }
    for (size_t I = 0; I < N; ++I)
      Out[Begin + I] = Rpo256::digestOf(States[I]);
  }
}

RpoHasher::DigestType RpoHasher::mergeWithInt(const DigestType &Seed, uint64_t Value) {
  Rpo256::State S{};
  for (unsigned J = 0; J < 4; ++J)
    S[Rpo256::RateBegin + J] = Seed[J];
  S[Rpo256::RateBegin + 4] = Felt(Value);
  if (Value < Felt::Modulus) {
    S[Rpo256::CapacityBegin] = Felt(5);
  } else {
    S[Rpo256::RateBegin + 5] = Felt(Value / Felt::Modulus);
    S[Rpo256::CapacityBegin] = Felt(6);
  }
  Rpo256::permute(S);
  return Rpo256::digestOf(S);
}

bool RpoHasher::fromBytes(const uint8_t *Bytes, DigestType &D) {
  for (unsigned I = 0; I < 4; ++I) {
    uint64_t V = 0;
    for (unsigned B = 0; B < 8; ++B)
      V |= uint64_t(Bytes[8 * I + B]) << (8 * B);
    if (V >= Felt::Modulus)
      return false;
    D[I] = Felt::fromCanonical(V);
  }
  return true;
}

} // namespace zkvm
