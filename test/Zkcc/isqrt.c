// RUN: %difftest %s %t
#include <stdint.h>
// Integer square root by Newton's method on 64-bit values.
// ARGS: 0
// ARGS: 1000000
// ARGS: 18446744073709551615
uint64_t main(uint64_t n) {
  if (n < 2)
    return n;
  uint64_t x = n, y = (x + 1) / 2;
  while (y < x) {
    x = y;
    y = (x + n / x) / 2;
  }
  return x;
}
