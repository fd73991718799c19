// RUN: %difftest %s %t
#include <stdint.h>
// Functions calling functions, with mixed argument types.
// ARGS: 3 4
// ARGS: 100 200
static uint64_t sq(uint64_t x) { return x * x; }
static uint32_t mix(uint32_t a, uint64_t b, int32_t c) { return a + (uint32_t)b - (uint32_t)c; }
static uint64_t hyp2(uint32_t a, uint32_t b) { return sq(a) + sq(b); }
uint64_t main(uint32_t a, uint32_t b) { return hyp2(a, b) + mix(a, sq(b), -3); }
