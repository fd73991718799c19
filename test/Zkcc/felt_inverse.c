// RUN: %difftest %s %t
#include <stdint.h>
#include "zkvm.h"
// Inverses: x * x^-1 = 1, and the inverse of 0 fails on both sides.
// ARGS: 3
// ARGS: 18446744069414584320
// ARGS: 0
uint64_t main(felt x) {
  felt y = zk_inv(x);
  zk_assert(zk_eq(zk_mul(x, y), zk_felt(1)));
  return zk_felt_value(y);
}
