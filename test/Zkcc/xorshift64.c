// RUN: %difftest %s %t
#include <stdint.h>
// The xorshift64* generator.
// ARGS: 1 10
// ARGS: 88172645463325252 3
uint64_t main(uint64_t s, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
  }
  return s * 2685821657736338717ull;
}
