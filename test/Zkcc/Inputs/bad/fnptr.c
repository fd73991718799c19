#include <stdint.h>
static uint32_t twice(uint32_t x) { return 2 * x; }
uint32_t main(uint32_t x) {
  uint32_t (*f)(uint32_t) = twice;
  return f(x);
}
