#include <stdint.h>
uint32_t main(uint32_t x) { return y; }
