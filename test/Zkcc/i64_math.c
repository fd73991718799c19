// RUN: %difftest %s %t
#include <stdint.h>
// Signed 64-bit division, remainder, comparison and shifts.
// ARGS: -100000000000 7
// ARGS: 100000000000 -7
// ARGS: -9 -2
int64_t main(int64_t a, int64_t b) {
  int64_t r = a / b + a % b * 1000;
  if (a < b)
    r += 1;
  return r + (a >> 3) + (b << 2);
}
