// RUN: %difftest %s %t
#include <stdint.h>
// Conversions between 32- and 64-bit, signed and unsigned, and _Bool.
// ARGS: -5 4294967295
// ARGS: 7 0
uint64_t main(int32_t a, uint32_t b) {
  int64_t s = a;          // sign extension
  uint64_t u = b;         // zero extension
  uint32_t t = (uint32_t)(s + (int64_t)u);
  _Bool z = b;
  return (uint64_t)s + u * 3 + t + z;
}
