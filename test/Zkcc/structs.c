// RUN: %difftest %s %t
#include <stdint.h>
// Structs in locals and globals: members, nested structs, copies.
// ARGS: 3 4
struct vec { uint32_t x, y; };
struct seg { struct vec a, b; uint64_t tag; };
struct seg g;
uint64_t main(uint32_t x, uint32_t y) {
  struct vec v = {x, y};
  struct seg s;
  s.a = v;
  s.b.x = v.x * 2;
  s.b.y = v.y + 100;
  s.tag = 1ull << 40;
  g = s;
  g.a.y += 1;
  return g.a.x + g.a.y * 10 + g.b.x * 100 + g.b.y * 1000 + s.a.y + g.tag;
}
