//===- Keccak.cpp - Keccak-f[1600] and Keccak-256 -------------------------===//
//
// A plain implementation of the permutation from the Keccak reference: each
// round is theta, rho and pi (combined), chi and iota. The round constants
// come from the degree-8 LFSR x^8 + x^6 + x^5 + x^4 + 1 and the rotation
// offsets from walking (x, y) -> (y, 2x + 3y); both are computed once here
// rather than tabulated.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Crypto/Keccak.h"

#include <cstring>

namespace zkvm {

namespace {

constexpr unsigned Rounds = 24;
constexpr size_t RateBytes = 136; // 1600 - 2 * 256 bits

inline uint64_t rotl(uint64_t V, unsigned N) { return N == 0 ? V : (V << N) | (V >> (64 - N)); }

struct KeccakTables {
  uint64_t RoundConstants[Rounds];
  unsigned Rotation[25];

  KeccakTables() {
    // Round constants: bit (2^j - 1) of RC[i] is output 7i + j of the LFSR.
    uint8_t R = 1;
    auto Step = [&R]() {
      bool Out = R & 1;
      R = (R & 0x80) ? uint8_t((R << 1) ^ 0x71) : uint8_t(R << 1);
      return Out;
    };
    for (unsigned I = 0; I < Rounds; ++I) {
      uint64_t C = 0;
      for (unsigned J = 0; J < 7; ++J)
        if (Step())
          C |= uint64_t(1) << ((1u << J) - 1);
      RoundConstants[I] = C;
    }
    // Rotation offsets: lane (1, 0) gets 1, and the t-th lane of the walk
    // (x, y) -> (y, 2x + 3y) gets (t + 1)(t + 2) / 2 mod 64.
    Rotation[0] = 0;
    unsigned X = 1, Y = 0;
    for (unsigned T = 0; T < 24; ++T) {
      Rotation[X + 5 * Y] = ((T + 1) * (T + 2) / 2) % 64;
      unsigned NX = Y, NY = (2 * X + 3 * Y) % 5;
      X = NX;
      Y = NY;
    }
  }
};

const KeccakTables &tables() {
  static const KeccakTables T;
  return T;
}

inline uint64_t loadLe64(const uint8_t *P) {
  uint64_t V = 0;
  for (int I = 7; I >= 0; --I)
    V = (V << 8) | P[I];
  return V;
}

} // namespace

void keccakF1600(uint64_t A[25]) {
  const KeccakTables &T = tables();
  uint64_t B[25], C[5];
  for (unsigned Round = 0; Round < Rounds; ++Round) {
    // theta
    for (unsigned X = 0; X < 5; ++X)
      C[X] = A[X] ^ A[X + 5] ^ A[X + 10] ^ A[X + 15] ^ A[X + 20];
    for (unsigned X = 0; X < 5; ++X) {
      uint64_t D = C[(X + 4) % 5] ^ rotl(C[(X + 1) % 5], 1);
      for (unsigned Y = 0; Y < 25; Y += 5)
        A[X + Y] ^= D;
    }
    // rho and pi: B[y, 2x + 3y] = rotl(A[x, y], r[x, y])
    for (unsigned X = 0; X < 5; ++X)
      for (unsigned Y = 0; Y < 5; ++Y)
        B[Y + 5 * ((2 * X + 3 * Y) % 5)] = rotl(A[X + 5 * Y], T.Rotation[X + 5 * Y]);
    // chi
    for (unsigned Y = 0; Y < 25; Y += 5)
      for (unsigned X = 0; X < 5; ++X)
        A[X + Y] = B[X + Y] ^ (~B[(X + 1) % 5 + Y] & B[(X + 2) % 5 + Y]);
    // iota
    A[0] ^= T.RoundConstants[Round];
  }
}

Keccak256Digest keccak256(llvm::ArrayRef<uint8_t> Bytes) {
  uint64_t State[25] = {};
  const uint8_t *P = Bytes.data();
  size_t Left = Bytes.size();
  auto Absorb = [&State](const uint8_t *Block) {
    for (size_t I = 0; I < RateBytes / 8; ++I)
      State[I] ^= loadLe64(Block + 8 * I);
    keccakF1600(State);
  };
  for (; Left >= RateBytes; P += RateBytes, Left -= RateBytes)
    Absorb(P);
  // Final block: the message tail, the 0x01 domain/padding bit and the
  // closing 0x80 bit (both in one byte when the tail fills all but one).
  uint8_t Last[RateBytes] = {};
  if (Left)
    std::memcpy(Last, P, Left);
  Last[Left] ^= 0x01;
  Last[RateBytes - 1] ^= 0x80;
  Absorb(Last);

  Keccak256Digest Out;
  for (size_t I = 0; I < Out.size(); ++I)
    Out[I] = uint8_t(State[I / 8] >> (8 * (I % 8)));
  return Out;
}

} // namespace zkvm
