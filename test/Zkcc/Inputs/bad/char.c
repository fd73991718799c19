#include <stdint.h>
uint32_t main(uint32_t x) {
  uint8_t b = x;
  return b;
}
