// RUN: %difftest %s %t
#include <stdint.h>
// Fibonacci numbers in 64 bits (wrapping past F(93)).
// ARGS: 10
// ARGS: 90
// ARGS: 100
uint64_t main(uint32_t n) {
  uint64_t a = 0, b = 1;
  for (uint32_t i = 0; i < n; i++) {
    uint64_t t = a + b;
    a = b;
    b = t;
  }
  return a;
}
