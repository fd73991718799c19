#include <stdint.h>
uint32_t helper(uint32_t);
uint32_t main(uint32_t x) { return helper(x); }
