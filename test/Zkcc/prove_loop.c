// RUN: %difftest %s %t
#include <stdint.h>
// A loop with break and a global, proved and verified.
// PROVE
// ARGS: 12
uint32_t acc;
uint32_t main(uint32_t n) {
  for (uint32_t i = 0;; i++) {
    if (i == n)
      break;
    acc += i * i;
  }
  return acc;
}
