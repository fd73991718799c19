// RUN: %difftest %s %t
#include <stdint.h>
// 64-bit and/or/xor/not and a popcount loop.
// ARGS: 18364758544493064720 1085102592571150095
// ARGS: 0 18446744073709551615
uint32_t main(uint64_t a, uint64_t b) {
  uint64_t x = (a & b) | (~a ^ b);
  uint32_t c = 0;
  while (x) {
    c += (uint32_t)(x & 1);
    x >>= 1;
  }
  return c;
}
