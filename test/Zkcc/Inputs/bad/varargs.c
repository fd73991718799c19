#include <stdint.h>
static uint32_t sum(uint32_t n, ...) { return n; }
uint32_t main(uint32_t x) { return sum(1, x); }
