// RUN: %difftest %s %t
#include <stdint.h>
// do/while runs its body at least once.
// ARGS: 0
// ARGS: 5
uint32_t main(uint32_t n) {
  uint32_t i = 0, s = 0;
  do {
    s += 10;
    i++;
  } while (i < n);
  return s;
}
