#include <stdint.h>
uint32_t main(uint32_t x) {
  double d = x * 0.5;
  return (uint32_t)d;
}
