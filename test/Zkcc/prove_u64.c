// RUN: %difftest %s %t
#include <stdint.h>
// A small u64 program that is also proved and verified.
// PROVE
// ARGS: 1234567 89
uint64_t main(uint64_t a, uint32_t b) { return a * b + (a >> 3) - b; }
