// RUN: %difftest %s %t
#include <stdint.h>
// The comma operator and nested conditionals.
// ARGS: 1 2 3
// ARGS: 3 2 1
// ARGS: 2 3 1
uint32_t main(uint32_t a, uint32_t b, uint32_t c) {
  uint32_t m = a > b ? (a > c ? a : c) : (b > c ? b : c);
  uint32_t t = (a++, b++, a + b);
  return m * 100 + t;
}
