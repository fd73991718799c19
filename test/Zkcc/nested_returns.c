// RUN: %difftest %s %t
#include <stdint.h>
// Returns from doubly nested loops inside a function called from a loop that
// itself uses break and continue: each procedure has its own control flag.
// ARGS: 20 7
// ARGS: 50 13
static uint32_t find_pair(uint32_t limit, uint32_t target) {
  for (uint32_t i = 1; i < limit; i++)
    for (uint32_t j = i; j < limit; j++) {
      if (i * j == target)
        return i * 1000 + j;
      if (i * j > target)
        break;
    }
  return 0;
}
uint32_t main(uint32_t n, uint32_t step) {
  uint32_t found = 0, sum = 0;
  for (uint32_t t = 1; t < n * step; t += step) {
    uint32_t p = find_pair(n, t);
    if (!p)
      continue;
    found++;
    sum += p;
    if (found == 5)
      break;
  }
  return sum * 10 + found;
}
