// The greatest common divisor of main's two arguments (docs/getting-started.md).
#include <stdint.h>

uint32_t gcd(uint32_t a, uint32_t b) {
  while (b != 0) {
    uint32_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

uint32_t main(uint32_t a, uint32_t b) { return gcd(a, b); }
