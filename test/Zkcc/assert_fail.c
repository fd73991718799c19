// RUN: %difftest %s %t
#include <stdint.h>
#include "zkvm.h"
// zk_assert fails the run (no output) when its condition is false.
// ARGS: 4
// ARGS: 5
uint32_t main(uint32_t x) {
  zk_assert(x % 2 == 0);
  return x / 2;
}
