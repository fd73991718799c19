// RUN: %difftest %s %t
#include <stdint.h>
// Binary search in a sorted global table.
// ARGS: 37
// ARGS: 38
// ARGS: 2
// ARGS: 97
static const uint32_t primes[25] = {2,  3,  5,  7,  11, 13, 17, 19, 23, 29, 31, 37, 41,
                                    43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97};
int32_t main(uint32_t x) {
  uint32_t lo = 0, hi = 25;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (primes[mid] == x)
      return (int32_t)mid;
    if (primes[mid] < x)
      lo = mid + 1;
    else
      hi = mid;
  }
  return -1;
}
