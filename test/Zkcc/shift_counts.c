// RUN: %difftest %s %t
#include <stdint.h>
// Run-time shift counts across the whole range of 32- and 64-bit shifts,
// reduced in the source so that the C is defined for every input.
// ARGS: 2863311530 0
// ARGS: 2863311530 31
// ARGS: 2863311530 32
// ARGS: 2863311530 45
uint64_t main(uint32_t x, uint32_t n) {
  uint64_t w = ((uint64_t)x << 32) | x;
  uint32_t m = n & 31;
  return ((uint64_t)(x << m) ^ (x >> m)) + (w << (n & 63)) + (w >> (n & 63));
}
