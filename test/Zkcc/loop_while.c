// RUN: %difftest %s %t
#include <stdint.h>
// Collatz steps with a while loop.
// ARGS: 27
// ARGS: 1
// ARGS: 97
uint32_t main(uint32_t n) {
  uint32_t steps = 0;
  while (n != 1) {
    n = (n % 2) ? 3 * n + 1 : n / 2;
    ++steps;
  }
  return steps;
}
