// RUN: %difftest %s %t
#include <stdint.h>
// Signed division truncates toward zero; % takes the sign of the dividend.
// ARGS: -7 2
// ARGS: 7 -2
// ARGS: -7 -2
// ARGS: 100 7
// ARGS: -2147483647 3
int32_t main(int32_t a, int32_t b) {
  return (a / b) * 1000 + (a % b) * 10 + (a * b - a + b);
}
