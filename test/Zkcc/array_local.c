// RUN: %difftest %s %t
#include <stdint.h>
// A local array, written and read with variable indices.
// ARGS: 5
// ARGS: 9
uint32_t main(uint32_t k) {
  uint32_t a[10];
  for (uint32_t i = 0; i < 10; i++)
    a[i] = i * k;
  uint32_t s = 0;
  for (uint32_t i = 0; i < 10; i += 2)
    s += a[i] + a[9 - i];
  return s + a[3];
}
