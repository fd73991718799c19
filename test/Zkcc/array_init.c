// RUN: %difftest %s %t
#include <stdint.h>
// Array initializers: the elements not given are zero.
// ARGS: 0
// ARGS: 7
uint32_t main(uint32_t x) {
  uint32_t a[12] = {1, 2, 3};
  uint64_t b[3] = {10, 20};
  a[11] += x;
  uint32_t s = 0;
  for (uint32_t i = 0; i < 12; i++)
    s = s * 3 + a[i];
  return s + (uint32_t)(b[0] + b[1] + b[2]);
}
