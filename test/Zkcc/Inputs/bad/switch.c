#include <stdint.h>
uint32_t main(uint32_t x) {
  switch (x) {
  case 1:
    return 5;
  }
  return 0;
}
