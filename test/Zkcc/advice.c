// RUN: %difftest %s %t
#include <stdint.h>
#include "zkvm.h"
// Non-deterministic advice: the prover supplies a square root, the program checks it.
// ARGS: 49; ADVICE: 7
// ARGS: 50; ADVICE: 7
// ARGS: 1000000; ADVICE: 1000
uint32_t main(uint32_t n) {
  uint32_t r = zk_advice_u32();
  zk_assert((uint64_t)r * r == n);
  return r;
}
