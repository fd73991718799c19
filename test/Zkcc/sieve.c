// RUN: %difftest %s %t
#include <stdint.h>
// Sieve of Eratosthenes in a global array.
// ARGS: 100
// ARGS: 200
uint32_t composite[201];
uint32_t main(uint32_t n) {
  uint32_t count = 0;
  for (uint32_t i = 2; i <= n; i++) {
    if (composite[i])
      continue;
    count++;
    for (uint32_t j = i * i; j <= n; j += i)
      composite[j] = 1;
  }
  return count;
}
