// RUN: %difftest %s %t
#include <stdint.h>
// 64-bit arithmetic through the core library's u64 routines.
// ARGS: 18446744073709551615 2
// ARGS: 1234567890123 987654321
// ARGS: 5 7
uint64_t main(uint64_t a, uint64_t b) {
  return (a + b) ^ (a - b) ^ (a * b) ^ (a / b) ^ (a % b);
}
