// RUN: %difftest %s %t
#include <stdint.h>
// Sorting an array through a pointer parameter.
// ARGS: 12345
// ARGS: 1
static void sort(uint32_t *a, uint32_t n) {
  for (uint32_t i = 0; i < n; i++)
    for (uint32_t j = 0; j + 1 < n - i; j++)
      if (a[j] > a[j + 1]) {
        uint32_t t = a[j];
        a[j] = a[j + 1];
        a[j + 1] = t;
      }
}
uint32_t main(uint32_t seed) {
  uint32_t a[16];
  uint32_t x = seed;
  for (uint32_t i = 0; i < 16; i++) {
    x = x * 1103515245u + 12345u;
    a[i] = x >> 16;
  }
  sort(a, 16);
  uint32_t h = 0;
  for (uint32_t i = 0; i < 16; i++)
    h = h * 31 + a[i];
  return h + (a[0] <= a[15]);
}
