// RUN: %difftest %s %t
#include <stdint.h>
#include "zkvm.h"
// Horner evaluation of a polynomial over the field, coefficients in a felt array.
// ARGS: 2
// ARGS: 1000000007
felt main(uint64_t x) {
  felt c[6];
  for (uint32_t i = 0; i < 6; i++)
    c[i] = zk_felt((uint64_t)i * 0xfffffffull + 1);
  felt acc = zk_felt(0), fx = zk_felt(x);
  for (int32_t i = 5; i >= 0; i--)
    acc = zk_add(zk_mul(acc, fx), c[i]);
  return acc;
}
