// RUN: %difftest %s %t
#include <stdint.h>
#include "zkvm.h"
// A hash chain: each digest is merged with a counter word; the result is
// checked element by element against a second computation.
// ARGS: 3 5
// ARGS: 10 0
felt main(uint32_t n, felt start) {
  felt d[4] = {start, zk_felt(1), zk_felt(2), zk_felt(3)};
  felt again[4] = {start, zk_felt(1), zk_felt(2), zk_felt(3)};
  for (uint32_t i = 0; i < n; i++) {
    felt ctr[4] = {zk_felt(i), zk_felt(0), zk_felt(0), zk_felt(0)};
    zk_hmerge(d, ctr, d);
    zk_hmerge(again, ctr, again);
  }
  for (uint32_t j = 0; j < 4; j++)
    zk_assert(zk_eq(d[j], again[j]));
  return zk_add(d[0], zk_mul(d[1], d[2]));
}
