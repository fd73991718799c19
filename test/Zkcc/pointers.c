// RUN: %difftest %s %t
#include <stdint.h>
// Pointers to locals and globals, pointer arithmetic and differences.
// ARGS: 9
uint32_t counter;
static void bump(uint32_t *p, uint32_t by) { *p += by; }
int64_t main(uint32_t x) {
  uint32_t local = x;
  bump(&local, 5);
  bump(&counter, local);
  bump(&counter, 1);
  uint32_t a[6] = {1, 2, 3, 4, 5, 6};
  uint32_t *p = a, *q = &a[5];
  *p++ = 10;
  *++p = 20;
  uint64_t w[4];
  uint64_t *r = &w[3];
  return (q - p) * 1000 + counter * 10 + a[0] + a[2] + (r - w);
}
