// RUN: %difftest %s %t
#include <stdint.h>
// &, |, ^, ~ and logical operators.
// ARGS: 61680 3855
// ARGS: 0 4294967295
// ARGS: 0 0
uint32_t main(uint32_t a, uint32_t b) {
  uint32_t r = (a & b) + (a | b) * 2 + (a ^ b) * 3 + ~a;
  r += (a && b) + (a || b) * 10 + !a * 100;
  return r;
}
