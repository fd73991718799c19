// RUN: %difftest %s %t
#include <stdint.h>
// Shifts and rotations built from them.
// ARGS: 1 0
// ARGS: 2863311530 31
// ARGS: 4294967295 17
// ARGS: 12345 5
uint32_t main(uint32_t x, uint32_t n) {
  uint32_t rotl = (x << n) | (n ? x >> (32 - n) : 0);
  return (x << n) + (x >> n) * 3 + rotl;
}
