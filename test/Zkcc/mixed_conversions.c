// RUN: %difftest %s %t
#include <stdint.h>
// C's usual arithmetic conversions: int vs unsigned compares as unsigned,
// int vs int64_t widens with sign, negative constants, casts back down.
// ARGS: -1 1
// ARGS: 5 4294967295
// ARGS: -2147483648 0
uint64_t main(int32_t a, uint32_t b) {
  uint32_t r = 0;
  if ((uint32_t)a > b)
    r |= 1;
  if (a < (int64_t)b)
    r |= 2;
  int64_t w = a;
  w = w * -3 - 7;
  int32_t back = (int32_t)w;
  return (uint64_t)w + (uint64_t)(int64_t)back + r + (a < 0 ? 1000 : 2000);
}
