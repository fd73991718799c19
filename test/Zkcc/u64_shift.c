// RUN: %difftest %s %t
#include <stdint.h>
// 64-bit shifts, including across the limb boundary.
// ARGS: 1 63
// ARGS: 18446744073709551615 33
// ARGS: 81985529216486895 4
// ARGS: 81985529216486895 32
uint64_t main(uint64_t x, uint32_t n) { return (x << n) ^ (x >> n) ^ ~x; }
