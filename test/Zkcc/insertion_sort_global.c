// RUN: %difftest %s %t
#include <stdint.h>
// Insertion sort of a global array with signed keys.
// ARGS: 5
int32_t data[10] = {5, -3, 9, 0, -8, 7, 2, -1, 4, 6};
int32_t main(int32_t bias) {
  for (uint32_t i = 0; i < 10; i++)
    data[i] += bias;
  for (uint32_t i = 1; i < 10; i++) {
    int32_t key = data[i];
    uint32_t j = i;
    while (j > 0 && data[j - 1] > key) {
      data[j] = data[j - 1];
      j--;
    }
    data[j] = key;
  }
  return data[0] * 100 + data[9] * 10 + data[4];
}
