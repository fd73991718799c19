// RUN: %difftest %s %t
#include <stdint.h>
// 64-bit comparisons.
// ARGS: 4294967296 4294967295
// ARGS: 1 18446744073709551615
// ARGS: 99 99
uint32_t main(uint64_t a, uint64_t b) {
  return (a < b) | (a <= b) << 1 | (a > b) << 2 | (a >= b) << 3 | (a == b) << 4 | (a != b) << 5;
}
