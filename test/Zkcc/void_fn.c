// RUN: %difftest %s %t
#include <stdint.h>
// void functions with early returns writing through pointers.
// ARGS: 5
// ARGS: 0
static void clamp(uint32_t *v, uint32_t lo, uint32_t hi) {
  if (*v < lo) {
    *v = lo;
    return;
  }
  if (*v > hi)
    *v = hi;
}
uint32_t main(uint32_t x) {
  uint32_t a = x, b = x * 100, c = x + 2;
  clamp(&a, 3, 10);
  clamp(&b, 3, 10);
  clamp(&c, 3, 10);
  return a * 10000 + b * 100 + c;
}
