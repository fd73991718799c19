// RUN: %difftest %s %t
#include <stdint.h>
// Arithmetic right shift of negative values; left shift.
// ARGS: -16 2
// ARGS: -1 31
// ARGS: 1024 3
// ARGS: -2147483648 1
int32_t main(int32_t a, int32_t n) { return (a >> n) + (a << 1) - (-a); }
