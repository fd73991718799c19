// RUN: %difftest %s %t
#include <stdint.h>
// A two-dimensional array: a 4x4 matrix product.
// ARGS: 1
// ARGS: 3
uint32_t main(uint32_t k) {
  uint32_t m[4][4], r[4][4];
  for (uint32_t i = 0; i < 4; i++)
    for (uint32_t j = 0; j < 4; j++)
      m[i][j] = i * 4 + j + k;
  for (uint32_t i = 0; i < 4; i++)
    for (uint32_t j = 0; j < 4; j++) {
      r[i][j] = 0;
      for (uint32_t t = 0; t < 4; t++)
        r[i][j] += m[i][t] * m[t][j];
    }
  return r[0][0] + r[1][2] * 3 + r[3][3] * 7;
}
