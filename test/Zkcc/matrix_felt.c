// RUN: %difftest %s %t
#include <stdint.h>
#include "zkvm.h"
// A 3x3 matrix power over the field (felts in arrays and structs).
// PROVE
// ARGS: 5
struct mat { felt m[3][3]; };
static void mul(const struct mat *a, const struct mat *b, struct mat *r) {
  for (uint32_t i = 0; i < 3; i++)
    for (uint32_t j = 0; j < 3; j++) {
      felt s = zk_felt(0);
      for (uint32_t k = 0; k < 3; k++)
        s = zk_add(s, zk_mul(a->m[i][k], b->m[k][j]));
      r->m[i][j] = s;
    }
}
felt main(uint32_t n) {
  struct mat a, r, t;
  for (uint32_t i = 0; i < 3; i++)
    for (uint32_t j = 0; j < 3; j++) {
      a.m[i][j] = zk_felt(i * 3 + j + 1);
      r.m[i][j] = zk_felt(i == j);
    }
  for (uint32_t k = 0; k < n; k++) {
    mul(&r, &a, &t);
    r = t;
  }
  return zk_add(r.m[0][0], r.m[2][1]);
}
