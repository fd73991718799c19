// RUN: %difftest %s %t
#include <stdint.h>
// Globals with initializers, a static local that keeps its value across calls.
// ARGS: 3
// ARGS: 10
uint64_t big = 0x123456789abcdefull;
int32_t neg = -42;
static uint32_t next_id(void) {
  static uint32_t id = 100;
  return id++;
}
uint64_t main(uint32_t n) {
  uint32_t last = 0;
  for (uint32_t i = 0; i < n; i++)
    last = next_id();
  big += last;
  return big + (uint32_t)neg;
}
