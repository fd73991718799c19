//===- Rpo256.cpp - Rescue Prime Optimized hash ---------------------------===//

#include "zkvm/Crypto/Rpo256.h"

#include "Rpo256InvSbox.h"

namespace zkvm {
namespace {

#include "Rpo256Constants.inc"

/// State times the circulant MDS matrix. The entries are small (< 2^5), so the
/// 32-bit halves of the inputs accumulate exactly in 64 bits and one 128-bit
/// reduction per output suffices.
void applyMds(Rpo256::State &S) {
  uint64_t Lo[12], Hi[12];
  for (unsigned I = 0; I < 12; ++I) {
    Lo[I] = S[I].value() & 0xFFFFFFFFULL;
    Hi[I] = S[I].value() >> 32;
  }
  for (unsigned R = 0; R < 12; ++R) {
    uint64_t SumLo = 0, SumHi = 0;
    for (unsigned C = 0; C < 12; ++C) {
      uint64_t M = MdsFirstRow[(C + 12 - R) % 12];
      SumLo += M * Lo[C];
      SumHi += M * Hi[C];
    }
    unsigned __int128 Sum = (unsigned __int128)SumHi << 32;
    Sum += SumLo;
    S[R] = Felt::fromCanonical(Felt::reduce128(Sum));
  }
}

void addConstants(Rpo256::State &S, const uint64_t (&Ark)[12]) {
  for (unsigned I = 0; I < 12; ++I)
    S[I] += Felt::fromCanonical(Ark[I]);
}

// The S-boxes step all 12 elements in lockstep so that the 12 independent
// multiplication chains overlap in the pipeline.
void applySbox(Rpo256::State &S) {
  for (Felt &X : S) {
    Felt X2 = X.square();
    Felt X4 = X2.square();
    X = X4 * X2 * X;
  }
}

void applyInvSbox(Rpo256::State &S) {
  S = rpo::powInvSeven(S, [](const Rpo256::State &A, const Rpo256::State &B) {
    Rpo256::State P;
    for (unsigned I = 0; I < 12; ++I)
      P[I] = A[I] * B[I];
    return P;
  });
}

} // namespace

const uint64_t *Rpo256::mdsFirstRow() { return MdsFirstRow; }
const uint64_t *Rpo256::arkFirst(unsigned Round) { return ArkFirst[Round]; }
const uint64_t *Rpo256::arkSecond(unsigned Round) { return ArkSecond[Round]; }

void Rpo256::applyRound(State &S, unsigned Round) {
  applyMds(S);
  addConstants(S, ArkFirst[Round]);
  applySbox(S);
  applyMds(S);
  addConstants(S, ArkSecond[Round]);
  applyInvSbox(S);
}

void Rpo256::permute(State &S) {
  if (detail::cpuHasAvx512ForRpo()) {
    detail::rpoPermute1Avx512(S);
    return;
  }
  for (unsigned R = 0; R < NumRounds; ++R)
    applyRound(S, R);
}

void Rpo256::permuteMany(State *States, size_t Count) {
  size_t I = 0;
  if (detail::cpuHasAvx512ForRpo())
    for (; I + 8 <= Count; I += 8)
      detail::rpoPermute8Avx512(States + I);
  for (; I < Count; ++I)
    permute(States[I]);
}

Digest Rpo256::hashElements(llvm::ArrayRef<Felt> Elements) {
  State S{};
  S[CapacityBegin] = Felt(Elements.size() % RateWidth);
  unsigned Pos = 0;
  for (Felt E : Elements) {
    S[RateBegin + Pos++] = E;
    if (Pos == RateWidth) {
      permute(S);
      Pos = 0;
    }
  }
  if (Pos != 0) {
    for (; Pos < RateWidth; ++Pos)
      S[RateBegin + Pos] = Felt::zero();
    permute(S);
  }
  return digestOf(S);
}

Digest Rpo256::hashBytes(llvm::ArrayRef<uint8_t> Bytes) {
  constexpr size_t ChunkSize = 7;
  size_t NumChunks = (Bytes.size() + ChunkSize - 1) / ChunkSize;
  State S{};
  S[CapacityBegin] = Felt(RateWidth + NumChunks % RateWidth);
  unsigned Pos = 0;
  for (size_t Chunk = 0; Chunk < NumChunks; ++Chunk) {
    size_t Begin = Chunk * ChunkSize;
    size_t Len = std::min(ChunkSize, Bytes.size() - Begin);
    uint64_t V = 0;
    for (size_t B = 0; B < Len; ++B)
      V |= uint64_t(Bytes[Begin + B]) << (8 * B);
    if (Chunk + 1 == NumChunks)
      V |= uint64_t(1) << (8 * Len); // end marker after the last chunk's bytes
    S[RateBegin + Pos++] = Felt::fromCanonical(V);
    if (Pos == RateWidth) {
      permute(S);
      Pos = 0;
    }
  }
  if (Pos != 0) {
    for (; Pos < RateWidth; ++Pos)
      S[RateBegin + Pos] = Felt::zero();
    permute(S);
  }
  return digestOf(S);
}

Digest Rpo256::mergeInDomain(const Digest &A, const Digest &B, Felt Domain) {
  State S{};
  for (unsigned I = 0; I < 4; ++I) {
    S[RateBegin + I] = A[I];
    S[RateBegin + 4 + I] = B[I];
  }
  S[CapacityBegin + 1] = Domain;
  permute(S);
  return digestOf(S);
}

Digest Rpo256::merge(const Digest &A, const Digest &B) { return mergeInDomain(A, B, Felt::zero()); }

} // namespace zkvm
