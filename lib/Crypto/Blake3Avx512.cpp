//===- Blake3Avx512.cpp - Sixteen BLAKE3 merges at once (AVX-512) ---------===//
//
// Lane i of vector w holds word w of merge i, so the compression function is
// vertical; message words are gathered and outputs scattered.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Crypto/Blake3.h"

#include <algorithm>
#include <immintrin.h>

namespace zkvm {
namespace {

#include "Blake3Constants.inc"

using V32 = __m512i;

inline void mix(V32 *V, unsigned A, unsigned B, unsigned C, unsigned D, V32 X, V32 Y) {
  V[A] = _mm512_add_epi32(_mm512_add_epi32(V[A], V[B]), X);
  V[D] = _mm512_ror_epi32(_mm512_xor_si512(V[D], V[A]), 16);
  V[C] = _mm512_add_epi32(V[C], V[D]);
  V[B] = _mm512_ror_epi32(_mm512_xor_si512(V[B], V[C]), 12);
  V[A] = _mm512_add_epi32(_mm512_add_epi32(V[A], V[B]), Y);
  V[D] = _mm512_ror_epi32(_mm512_xor_si512(V[D], V[A]), 8);
  V[C] = _mm512_add_epi32(V[C], V[D]);
  V[B] = _mm512_ror_epi32(_mm512_xor_si512(V[B], V[C]), 7);
}

/// The seven rounds on state V with message M (M is permuted in place).
inline void rounds(V32 *V, V32 *M) {
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
      V32 Next[16];
      for (unsigned I = 0; I < 16; ++I)
        Next[I] = M[Blake3Schedule[I]];
      for (unsigned I = 0; I < 16; ++I)
        M[I] = Next[I];
    }
  }
}

} // namespace

void detail::blake3HashChunks16Avx512(const uint8_t *Data, size_t Stride, size_t Len,
                                      Blake3Digest *Out) {
  // Lane i reads input i at byte Data + i * Stride; gathers index 32-bit words.
  const V32 LaneWord =
      _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                         _mm512_set1_epi32(int(Stride / 4)));
  V32 Cv[8];
  for (unsigned I = 0; I < 8; ++I)
    Cv[I] = _mm512_set1_epi32(int(Blake3IV[I]));
  size_t NumBlocks = Len == 0 ? 1 : (Len + 63) / 64;
  for (size_t B = 0; B < NumBlocks; ++B) {
    size_t Offset = B * 64;
    size_t BlockLen = std::min<size_t>(64, Len - Offset);
    V32 M[16];
    for (unsigned W = 0; W < 16; ++W) {
      if (4 * W >= BlockLen) {
        M[W] = _mm512_setzero_si512(); // zero padding of the last block
        continue;
      }
      V32 Index = _mm512_add_epi32(LaneWord, _mm512_set1_epi32(int(Offset / 4 + W)));
      M[W] = _mm512_i32gather_epi32(Index, Data, 4);
    }
    uint32_t Flags = 0;
    if (B == 0)
      Flags |= FlagChunkStart;
    if (B + 1 == NumBlocks)
      Flags |= FlagChunkEnd | FlagRoot;
    V32 V[16];
    for (unsigned I = 0; I < 8; ++I)
      V[I] = Cv[I];
    for (unsigned I = 0; I < 4; ++I)
      V[8 + I] = _mm512_set1_epi32(int(Blake3IV[I]));
    V[12] = _mm512_setzero_si512(); // chunk counter 0
    V[13] = _mm512_setzero_si512();
    V[14] = _mm512_set1_epi32(int(BlockLen));
    V[15] = _mm512_set1_epi32(int(Flags));
    rounds(V, M);
    for (unsigned I = 0; I < 8; ++I)
      Cv[I] = _mm512_xor_si512(V[I], V[I + 8]);
  }
  const V32 OutLane =
      _mm512_setr_epi32(0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120);
  for (unsigned W = 0; W < 8; ++W)
    _mm512_i32scatter_epi32(Out->data(), _mm512_add_epi32(OutLane, _mm512_set1_epi32(W)), Cv[W], 4);
}

bool detail::cpuHasAvx512ForBlake3() {
  static const bool Has = __builtin_cpu_supports("avx512f");
  return Has;
}

void detail::blake3Merge16Avx512(const Blake3Digest *In, Blake3Digest *Out) {
  // Merge i reads the 64 bytes In[2i] || In[2i+1]: 16 words at word 16 i.
  const V32 Lane =
      _mm512_setr_epi32(0, 16, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240);
  V32 M[16];
  for (unsigned W = 0; W < 16; ++W)
    M[W] = _mm512_i32gather_epi32(_mm512_add_epi32(Lane, _mm512_set1_epi32(W)), In->data(), 4);
  V32 V[16];
  for (unsigned I = 0; I < 8; ++I)
    V[I] = _mm512_set1_epi32(int(Blake3IV[I]));
  for (unsigned I = 0; I < 4; ++I)
    V[8 + I] = _mm512_set1_epi32(int(Blake3IV[I]));
  V[12] = _mm512_setzero_si512(); // counter
  V[13] = _mm512_setzero_si512();
  V[14] = _mm512_set1_epi32(64);
  V[15] = _mm512_set1_epi32(int(FlagChunkStart | FlagChunkEnd | FlagRoot));
  rounds(V, M);
  // Output i is 8 words at word 8 i of Out.
  const V32 OutLane = _mm512_srli_epi32(Lane, 1);
  for (unsigned W = 0; W < 8; ++W)
    _mm512_i32scatter_epi32(Out->data(), _mm512_add_epi32(OutLane, _mm512_set1_epi32(W)),
                            _mm512_xor_si512(V[W], V[W + 8]), 4);
}

} // namespace zkvm
