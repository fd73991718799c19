// RUN: %difftest %s %t
#include <stdint.h>
// Enum constants, sizeof (in C bytes) and array lengths.
// ARGS: 2
enum color { RED = 3, GREEN, BLUE = 10 };
uint32_t main(uint32_t k) {
  uint64_t arr[5];
  uint32_t n = sizeof(arr) / sizeof(arr[0]);
  enum color c = GREEN;
  return n * 1000 + c * k + BLUE + sizeof(uint64_t);
}
