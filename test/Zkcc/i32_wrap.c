// RUN: %difftest %s %t
#include <stdint.h>
// Overflow wraps (the native side is built with -fwrapv).
// ARGS: 2147483647 1
// ARGS: -2147483648 -1
int32_t main(int32_t a, int32_t b) { return (a + b) ^ (a - b) ^ (a * 3); }
