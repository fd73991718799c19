//===- Blake3.cpp - BLAKE3-256 --------------------------------------------===//

#include "zkvm/Crypto/Blake3.h"

#include <cstring>

namespace zkvm {
namespace {

#include "Blake3Constants.inc"

inline uint32_t rotr(uint32_t X, unsigned N) { return (X >> N) | (X << (32 - N)); }

inline void mix(uint32_t *V, unsigned A, unsigned B, unsigned C, unsigned D, uint32_t X,
                uint32_t Y) {
  V[A] += V[B] + X;
  V[D] = rotr(V[D] ^ V[A], 16);
  V[C] += V[D];
  V[B] = rotr(V[B] ^ V[C], 12);
  V[A] += V[B] + Y;
  V[D] = rotr(V[D] ^ V[A], 8);
  V[C] += V[D];
  V[B] = rotr(V[B] ^ V[C], 7);
}

/// The compression function; writes the 8-word chaining value.
void compress(const uint32_t Cv[8], const uint8_t Block[64], uint32_t BlockLen, uint64_t Counter,
              uint32_t Flags, uint32_t Out[8]) {
  uint32_t M[16];
  for (unsigned I = 0; I < 16; ++I)
    M[I] = uint32_t(Block[4 * I]) | uint32_t(Block[4 * I + 1]) << 8 |
           uint32_t(Block[4 * I + 2]) << 16 | uint32_t(Block[4 * I + 3]) << 24;
  uint32_t V[16] = {Cv[0],
                    Cv[1],
                    Cv[2],
                    Cv[3],
                    Cv[4],
                    Cv[5],
                    Cv[6],
                    Cv[7],
                    Blake3IV[0],
                    Blake3IV[1],
                    Blake3IV[2],
                    Blake3IV[3],
                    uint32_t(Counter),
                    uint32_t(Counter >> 32),
                    BlockLen,
                    Flags};
  for (unsigned Round = 0; Round < 7; ++Round) {
    mix(V, 0, 4, 8, 12, M[0], M[1]);
    mix(V, 1, 5, 9, 13, M[2], M[3]);
    mix(V, 2, 6, 10, 14, M[4], M[5]);
    mix(V, 3, 7, 11, 15, M[6], M[7]);
    mix(V, 0, 5, 10, 15, M[8], M[9]);
    mix(V, 1, 6, 11, 12, M[10], M[11]);
    mix(V, 2, 7, 8, 13, M[12], M[13]);
    mix(V, 3, 4, 9, 14, M[14], M[15]);
    if (Round != 6) {
      uint32_t Next[16];
      for (unsigned I = 0; I < 16; ++I)
        Next[I] = M[Blake3Schedule[I]];
      std::memcpy(M, Next, sizeof(M));
    }
  }
  for (unsigned I = 0; I < 8; ++I)
    Out[I] = V[I] ^ V[I + 8];
}

/// Chaining value of one chunk (<= 1024 bytes) with chunk counter Counter.
void chunkCv(const uint8_t *Data, size_t Len, uint64_t Counter, uint32_t ExtraFlags,
             uint32_t Out[8]) {
  uint32_t Cv[8];
  std::memcpy(Cv, Blake3IV, sizeof(Cv));
  size_t NumBlocks = Len == 0 ? 1 : (Len + Blake3BlockLen - 1) / Blake3BlockLen;
  for (size_t B = 0; B < NumBlocks; ++B) {
    uint8_t Block[64] = {};
    size_t Offset = B * Blake3BlockLen;
    size_t BlockLen = std::min(Blake3BlockLen, Len - Offset);
    if (BlockLen) // an empty input may come with a null Data
      std::memcpy(Block, Data + Offset, BlockLen);
    uint32_t Flags = 0;
    if (B == 0)
      Flags |= FlagChunkStart;
    if (B + 1 == NumBlocks)
      Flags |= FlagChunkEnd | ExtraFlags;
    compress(Cv, Block, uint32_t(BlockLen), Counter, Flags, Cv);
  }
  std::memcpy(Out, Cv, sizeof(Cv));
}

void parentCv(const uint32_t Left[8], const uint32_t Right[8], uint32_t Flags, uint32_t Out[8]) {
  uint8_t Block[64];
  for (unsigned I = 0; I < 8; ++I)
    for (unsigned B = 0; B < 4; ++B) {
      Block[4 * I + B] = uint8_t(Left[I] >> (8 * B));
      Block[32 + 4 * I + B] = uint8_t(Right[I] >> (8 * B));
    }
  compress(Blake3IV, Block, 64, 0, FlagParent | Flags, Out);
}

/// Chaining value of the subtree over Len bytes starting at chunk FirstChunk.
/// The left subtree holds the largest power-of-two number of chunks that
/// leaves the right one non-empty.
void subtreeCv(const uint8_t *Data, size_t Len, uint64_t FirstChunk, uint32_t RootFlag,
               uint32_t Out[8]) {
  if (Len <= Blake3ChunkLen) {
    chunkCv(Data, Len, FirstChunk, RootFlag, Out);
    return;
  }
  size_t Chunks = (Len + Blake3ChunkLen - 1) / Blake3ChunkLen;
  size_t LeftChunks = 1;
  while (2 * LeftChunks < Chunks)
    LeftChunks *= 2;
  size_t LeftLen = LeftChunks * Blake3ChunkLen;
  uint32_t L[8], R[8];
  subtreeCv(Data, LeftLen, FirstChunk, 0, L);
  subtreeCv(Data + LeftLen, Len - LeftLen, FirstChunk + LeftChunks, 0, R);
  parentCv(L, R, RootFlag, Out);
}

Blake3Digest toBytes(const uint32_t Cv[8]) {
  Blake3Digest D;
  for (unsigned I = 0; I < 8; ++I)
    for (unsigned B = 0; B < 4; ++B)
      D[4 * I + B] = uint8_t(Cv[I] >> (8 * B));
  return D;
}

} // namespace

Blake3Digest Blake3::hash(llvm::ArrayRef<uint8_t> Bytes) {
  uint32_t Cv[8];
  subtreeCv(Bytes.data(), Bytes.size(), 0, FlagRoot, Cv);
  return toBytes(Cv);
}

Blake3Digest Blake3::merge(const Blake3Digest &A, const Blake3Digest &B) {
  uint8_t Block[64];
  std::memcpy(Block, A.data(), 32);
  std::memcpy(Block + 32, B.data(), 32);
  uint32_t Cv[8];
  compress(Blake3IV, Block, 64, 0, FlagChunkStart | FlagChunkEnd | FlagRoot, Cv);
  return toBytes(Cv);
}

void Blake3::mergePairs(const Blake3Digest *In, Blake3Digest *Out, size_t Count) {
  size_t I = 0;
  if (detail::cpuHasAvx512ForBlake3())
    for (; I + 16 <= Count; I += 16)
      detail::blake3Merge16Avx512(In + 2 * I, Out + I);
  for (; I < Count; ++I)
    Out[I] = merge(In[2 * I], In[2 * I + 1]);
}

void Blake3::hashMany(const uint8_t *Data, size_t Stride, size_t Len, Blake3Digest *Out,
                      size_t Count) {
  size_t I = 0;
  if (Len <= Blake3ChunkLen && Len % 4 == 0 && Stride % 4 == 0 && detail::cpuHasAvx512ForBlake3())
    for (; I + 16 <= Count; I += 16)
      detail::blake3HashChunks16Avx512(Data + I * Stride, Stride, Len, Out + I);
  for (; I < Count; ++I)
    Out[I] = hash(llvm::ArrayRef<uint8_t>(Data + I * Stride, Len));
}

} // namespace zkvm
