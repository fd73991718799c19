// RUN: %difftest %s %t
#include <stdint.h>
// Pointer walks: negative indices, comparisons, pointers to struct members and
// into the middle of arrays, a pointer stored in a struct.
// ARGS: 3
// ARGS: 6
struct cursor {
  uint32_t *at;
  uint32_t steps;
};
static void advance(struct cursor *c, uint32_t n) {
  c->at += n;
  c->steps += n;
}
uint32_t main(uint32_t n) {
  uint32_t a[10];
  for (uint32_t i = 0; i < 10; i++)
    a[i] = 100 + i * i;
  struct cursor c = {a, 0};
  advance(&c, n);
  uint32_t *end = &a[9];
  uint32_t s = c.at[-1] + *c.at + (c.at < end) * 7 + (c.at == a + n);
  uint32_t *field = &c.steps;
  *field += 10;
  while (c.at != end) {
    s += *c.at++;
  }
  return s + c.steps;
}
