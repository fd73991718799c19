// RUN: %difftest %s %t
#include <stdint.h>
// A 64x64 -> 128-bit product assembled from 32-bit halves.
// ARGS: 18446744073709551615 18446744073709551615
// ARGS: 12345678901234567 98765432109876543
uint64_t main(uint64_t a, uint64_t b) {
  uint64_t al = a & 0xffffffffu, ah = a >> 32, bl = b & 0xffffffffu, bh = b >> 32;
  uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
  uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
  return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}
