// RUN: %difftest %s %t
#include <stdint.h>
// Pre/post increment and decrement values.
// ARGS: 5
uint32_t main(uint32_t x) {
  uint32_t a = x, b = x;
  uint32_t r = a++ * 100 + ++b * 10;
  r += a-- + --b;
  uint64_t c = 4294967295u;
  c++;
  return r + a * 1000 + b * 10000 + (uint32_t)(c >> 32);
}
