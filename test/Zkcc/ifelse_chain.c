// RUN: %difftest %s %t
#include <stdint.h>
// if / else if / else chains and the conditional operator.
// ARGS: 5
// ARGS: 50
// ARGS: 500
// ARGS: 5000
uint32_t main(uint32_t x) {
  uint32_t r;
  if (x < 10)
    r = 1;
  else if (x < 100)
    r = 2;
  else if (x < 1000)
    r = 3;
  else
    r = 4;
  return r * 10 + (x & 1 ? 7 : 9);
}
