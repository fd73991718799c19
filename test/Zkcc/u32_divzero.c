// RUN: %difftest %s %t
#include <stdint.h>
// Division by zero fails on both sides (SIGFPE natively, a VM error on the zkvm).
// ARGS: 10 0
// ARGS: 10 3
uint32_t main(uint32_t a, uint32_t b) { return a / b; }
