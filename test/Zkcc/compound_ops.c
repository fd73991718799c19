// RUN: %difftest %s %t
#include <stdint.h>
// Every compound assignment operator, on locals and array elements.
// ARGS: 1000 7
uint32_t main(uint32_t a, uint32_t b) {
  uint32_t v[2] = {a, b};
  v[0] += b; v[0] -= 3; v[0] *= b; v[0] /= 2; v[0] %= 100000;
  v[1] <<= 3; v[1] >>= 1; v[1] &= 0xff; v[1] |= 0x100; v[1] ^= 0x55;
  uint64_t w = a;
  w *= w; w += b; w >>= 2;
  return v[0] + v[1] + (uint32_t)w;
}
