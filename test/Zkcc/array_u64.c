// RUN: %difftest %s %t
#include <stdint.h>
// An array of 64-bit elements (two VM elements each).
// ARGS: 3
uint64_t main(uint32_t seed) {
  uint64_t v[8];
  v[0] = seed;
  for (uint32_t i = 1; i < 8; i++)
    v[i] = v[i - 1] * 6364136223846793005ull + 1442695040888963407ull;
  uint64_t x = 0;
  for (uint32_t i = 0; i < 8; i++)
    x ^= v[i] >> (i * 4);
  return x;
}
