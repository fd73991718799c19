#include <stdint.h>
static int32_t zkcc_i32_div(int32_t x) { return x / 3; }
uint32_t main(int32_t x) { return zkcc_i32_div(x) + x / 7; }
