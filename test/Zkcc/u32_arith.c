// RUN: %difftest %s %t
#include <stdint.h>
// u32 wrapping add/sub/mul, division and remainder.
// ARGS: 7 3
// ARGS: 4294967295 2
// ARGS: 0 1
// ARGS: 123456789 987654
uint32_t main(uint32_t a, uint32_t b) {
  uint32_t s = a + b, d = a - b, m = a * b;
  return s ^ (d * 3u) ^ (m + 1u) ^ (a / b) ^ (a % b << 7);
}
