// RUN: %difftest %s %t
#include <stdint.h>
// A for loop summing squares.
// ARGS: 0
// ARGS: 1
// ARGS: 100
uint32_t main(uint32_t n) {
  uint32_t s = 0;
  for (uint32_t i = 1; i <= n; i++)
    s += i * i;
  return s;
}
