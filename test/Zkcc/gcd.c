// RUN: %difftest %s %t
#include <stdint.h>
// Euclid's algorithm and the lcm.
// ARGS: 48 18
// ARGS: 17 5
// ARGS: 1071 462
static uint32_t gcd(uint32_t a, uint32_t b) {
  while (b) {
    uint32_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}
uint64_t main(uint32_t a, uint32_t b) { return (uint64_t)a / gcd(a, b) * b; }
