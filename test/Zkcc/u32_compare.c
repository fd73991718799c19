// RUN: %difftest %s %t
#include <stdint.h>
// Unsigned comparisons give 0 or 1.
// ARGS: 1 2
// ARGS: 2 1
// ARGS: 4294967295 0
// ARGS: 5 5
uint32_t main(uint32_t a, uint32_t b) {
  return (a < b) | (a <= b) << 1 | (a > b) << 2 | (a >= b) << 3 | (a == b) << 4 | (a != b) << 5;
}
