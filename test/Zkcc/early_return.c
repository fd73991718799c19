// RUN: %difftest %s %t
#include <stdint.h>
// Returns from inside loops and branches.
// ARGS: 17
// ARGS: 18
// ARGS: 1
// ARGS: 7919
static uint32_t is_prime(uint32_t n) {
  if (n < 2)
    return 0;
  for (uint32_t d = 2; d * d <= n; d++)
    if (n % d == 0)
      return 0;
  return 1;
}
uint32_t main(uint32_t n) {
  while (1) {
    if (is_prime(n))
      return n;
    n++;
  }
}
