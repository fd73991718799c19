// RUN: %difftest %s %t
#include <stdint.h>
// Modular exponentiation with 64-bit intermediates.
// ARGS: 2 10 1000
// ARGS: 3 200 1000000007
// ARGS: 7 65537 4294967291
uint32_t main(uint32_t b, uint32_t e, uint32_t m) {
  uint64_t r = 1, x = b % m;
  while (e) {
    if (e & 1)
      r = r * x % m;
    x = x * x % m;
    e >>= 1;
  }
  return (uint32_t)r;
}
