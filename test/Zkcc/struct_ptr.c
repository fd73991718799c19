// RUN: %difftest %s %t
#include <stdint.h>
// Structs through pointers: ->, arrays of structs.
// ARGS: 4
struct item { uint32_t key; uint64_t value; };
static void fill(struct item *it, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    it[i].key = i * 7;
    (it + i)->value = (uint64_t)i << 33;
  }
}
static uint64_t total(const struct item *it, uint32_t n) {
  uint64_t s = 0;
  for (const struct item *p = it; p != it + n; p++)
    s += p->key + p->value;
  return s;
}
uint64_t main(uint32_t n) {
  struct item items[8];
  fill(items, 8);
  return total(items, n);
}
