// RUN: %difftest %s %t
#include <stdint.h>
// FNV-1a over the bytes of an array of words (a small hash).
// ARGS: 0
// ARGS: 42
uint32_t main(uint32_t seed) {
  uint32_t words[8];
  for (uint32_t i = 0; i < 8; i++)
    words[i] = seed * 2654435761u + i;
  uint32_t h = 2166136261u;
  for (uint32_t i = 0; i < 8; i++)
    for (uint32_t b = 0; b < 4; b++) {
      h ^= (words[i] >> (8 * b)) & 0xff;
      h *= 16777619u;
    }
  return h;
}
