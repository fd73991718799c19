// RUN: %difftest %s %t
#include <stdint.h>
// Signed comparisons.
// ARGS: -1 1
// ARGS: 1 -1
// ARGS: -5 -5
// ARGS: -2147483648 2147483647
int32_t main(int32_t a, int32_t b) {
  return (a < b) | (a <= b) << 1 | (a > b) << 2 | (a >= b) << 3 | (a == b) << 4;
}
