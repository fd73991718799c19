#include <stdint.h>
#include "scale.h"
uint32_t main(uint32_t x) { return x * SCALE + OFFSET; }
