//===- Sha512.cpp - SHA-512 (FIPS 180-4) ----------------------------------===//
//
// Straightforward SHA-512: 128-byte blocks, an 80-word message schedule, and a
// 16-byte big-endian bit length in the padding. The constants are the first
// 64 bits of the fractional parts of the square roots (initial hash value) of
// the first 8 primes and of the cube roots (round constants) of the first 80
// primes; they were computed with exact integer roots.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Crypto/Sha512.h"

#include <cstring>

namespace zkvm {

namespace {

constexpr size_t BlockBytes = 128;

const uint64_t InitialHash[8] = {
    0x6a09e667f3bcc908ull, 0xbb67ae8584caa73bull, 0x3c6ef372fe94f82bull, 0xa54ff53a5f1d36f1ull,
    0x510e527fade682d1ull, 0x9b05688c2b3e6c1full, 0x1f83d9abfb41bd6bull, 0x5be0cd19137e2179ull,
};

const uint64_t RoundConstants[80] = {
    0x428a2f98d728ae22ull, 0x7137449123ef65cdull, 0xb5c0fbcfec4d3b2full, 0xe9b5dba58189dbbcull,
    0x3956c25bf348b538ull, 0x59f111f1b605d019ull, 0x923f82a4af194f9bull, 0xab1c5ed5da6d8118ull,
    0xd807aa98a3030242ull, 0x12835b0145706fbeull, 0x243185be4ee4b28cull, 0x550c7dc3d5ffb4e2ull,
    0x72be5d74f27b896full, 0x80deb1fe3b1696b1ull, 0x9bdc06a725c71235ull, 0xc19bf174cf692694ull,
    0xe49b69c19ef14ad2ull, 0xefbe4786384f25e3ull, 0x0fc19dc68b8cd5b5ull, 0x240ca1cc77ac9c65ull,
    0x2de92c6f592b0275ull, 0x4a7484aa6ea6e483ull, 0x5cb0a9dcbd41fbd4ull, 0x76f988da831153b5ull,
    0x983e5152ee66dfabull, 0xa831c66d2db43210ull, 0xb00327c898fb213full, 0xbf597fc7beef0ee4ull,
    0xc6e00bf33da88fc2ull, 0xd5a79147930aa725ull, 0x06ca6351e003826full, 0x142929670a0e6e70ull,
    0x27b70a8546d22ffcull, 0x2e1b21385c26c926ull, 0x4d2c6dfc5ac42aedull, 0x53380d139d95b3dfull,
    0x650a73548baf63deull, 0x766a0abb3c77b2a8ull, 0x81c2c92e47edaee6ull, 0x92722c851482353bull,
    0xa2bfe8a14cf10364ull, 0xa81a664bbc423001ull, 0xc24b8b70d0f89791ull, 0xc76c51a30654be30ull,
    0xd192e819d6ef5218ull, 0xd69906245565a910ull, 0xf40e35855771202aull, 0x106aa07032bbd1b8ull,
    0x19a4c116b8d2d0c8ull, 0x1e376c085141ab53ull, 0x2748774cdf8eeb99ull, 0x34b0bcb5e19b48a8ull,
    0x391c0cb3c5c95a63ull, 0x4ed8aa4ae3418acbull, 0x5b9cca4f7763e373ull, 0x682e6ff3d6b2b8a3ull,
    0x748f82ee5defb2fcull, 0x78a5636f43172f60ull, 0x84c87814a1f0ab72ull, 0x8cc702081a6439ecull,
    0x90befffa23631e28ull, 0xa4506cebde82bde9ull, 0xbef9a3f7b2c67915ull, 0xc67178f2e372532bull,
    0xca273eceea26619cull, 0xd186b8c721c0c207ull, 0xeada7dd6cde0eb1eull, 0xf57d4f7fee6ed178ull,
    0x06f067aa72176fbaull, 0x0a637dc5a2c898a6ull, 0x113f9804bef90daeull, 0x1b710b35131c471bull,
    0x28db77f523047d84ull, 0x32caab7b40c72493ull, 0x3c9ebe0a15c9bebcull, 0x431d67c49c100d4cull,
    0x4cc5d4becb3e42b6ull, 0x597f299cfc657e2aull, 0x5fcb6fab3ad6faecull, 0x6c44198c4a475817ull,
};

inline uint64_t rotr(uint64_t V, unsigned N) { return (V >> N) | (V << (64 - N)); }

inline uint64_t loadBe64(const uint8_t *P) {
  uint64_t V = 0;
  for (int I = 0; I < 8; ++I)
    V = (V << 8) | P[I];
  return V;
}

void compress(uint64_t H[8], const uint8_t *Block) {
  uint64_t W[80];
  for (int T = 0; T < 16; ++T)
    W[T] = loadBe64(Block + 8 * T);
  for (int T = 16; T < 80; ++T) {
    uint64_t S0 = rotr(W[T - 15], 1) ^ rotr(W[T - 15], 8) ^ (W[T - 15] >> 7);
    uint64_t S1 = rotr(W[T - 2], 19) ^ rotr(W[T - 2], 61) ^ (W[T - 2] >> 6);
    W[T] = W[T - 16] + S0 + W[T - 7] + S1;
  }
  uint64_t A = H[0], B = H[1], C = H[2], D = H[3], E = H[4], F = H[5], G = H[6], Hh = H[7];
  for (int T = 0; T < 80; ++T) {
    uint64_t Sigma1 = rotr(E, 14) ^ rotr(E, 18) ^ rotr(E, 41);
    uint64_t Ch = (E & F) ^ (~E & G);
    uint64_t T1 = Hh + Sigma1 + Ch + RoundConstants[T] + W[T];
    uint64_t Sigma0 = rotr(A, 28) ^ rotr(A, 34) ^ rotr(A, 39);
    uint64_t Maj = (A & B) ^ (A & C) ^ (B & C);
    uint64_t T2 = Sigma0 + Maj;
    Hh = G;
    G = F;
    F = E;
    E = D + T1;
    D = C;
    C = B;
    B = A;
    A = T1 + T2;
  }
  H[0] += A;
  H[1] += B;
  H[2] += C;
  H[3] += D;
  H[4] += E;
  H[5] += F;
  H[6] += G;
  H[7] += Hh;
}

} // namespace

Sha512Digest sha512(llvm::ArrayRef<uint8_t> Bytes) {
  uint64_t H[8];
  std::memcpy(H, InitialHash, sizeof(H));
  const uint8_t *P = Bytes.data();
  size_t Left = Bytes.size();
  for (; Left >= BlockBytes; P += BlockBytes, Left -= BlockBytes)
    compress(H, P);

  // Padding: 0x80, zeros, then the 128-bit big-endian bit length (its high
  // 64 bits are zero for any in-memory message); one or two blocks.
  uint8_t Tail[2 * BlockBytes] = {};
  if (Left)
    std::memcpy(Tail, P, Left);
  Tail[Left] = 0x80;
  size_t TailLen = Left + 1 + 16 <= BlockBytes ? BlockBytes : 2 * BlockBytes;
  uint64_t Bits = uint64_t(Bytes.size()) * 8;
  for (int I = 0; I < 8; ++I)
    Tail[TailLen - 1 - I] = uint8_t(Bits >> (8 * I));
  Tail[TailLen - 9] |= uint8_t((uint64_t(Bytes.size()) >> 61)); // bits 64..66 of the length
  for (size_t Off = 0; Off < TailLen; Off += BlockBytes)
    compress(H, Tail + Off);

  Sha512Digest Out;
  for (size_t I = 0; I < Out.size(); ++I)
    Out[I] = uint8_t(H[I / 8] >> (56 - 8 * (I % 8)));
  return Out;
}

} // namespace zkvm
