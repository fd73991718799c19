// RUN: %difftest %s %t
#include <stdint.h>
// break and continue in nested loops.
// ARGS: 10
// ARGS: 30
uint32_t main(uint32_t n) {
  uint32_t s = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (i % 3 == 0)
      continue;
    for (uint32_t j = 0;; j++) {
      if (j >= i)
        break;
      if (j % 2)
        continue;
      s += j;
    }
    if (s > 500)
      break;
    s += i;
  }
  return s;
}
