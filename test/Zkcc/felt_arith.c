// RUN: %difftest %s %t
#include <stdint.h>
#include "zkvm.h"
// Field arithmetic with the felt intrinsics of zkvm.h (native fallback: mod p in C).
// ARGS: 5 7
// ARGS: 18446744069414584320 2
// ARGS: 123456789 0
felt main(felt a, felt b) {
  felt s = zk_add(a, b), d = zk_sub(a, b), p = zk_mul(a, b);
  felt r = zk_add(zk_mul(s, d), zk_pow(p, 5));
  if (!zk_eq(b, zk_felt(0)))
    r = zk_add(r, zk_div(a, b));
  return zk_add(r, zk_neg(zk_felt(3)));
}
