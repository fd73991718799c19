// RUN: %difftest %s %t
#include <stdint.h>
#include "zkvm.h"
// A Merkle root over 8 leaves with zk_hash (leaves) and zk_hmerge (inner
// nodes); the native build uses the C RPO256 of zkvm.h. Also proved.
// PROVE
// ARGS: 1
// ARGS: 1000000007
uint64_t main(uint64_t seed) {
  felt nodes[16][4];
  for (uint32_t i = 0; i < 8; i++) {
    felt leaf[4];
    for (uint32_t j = 0; j < 4; j++)
      leaf[j] = zk_felt(seed * (i + 1) + j);
    zk_hash(leaf, nodes[8 + i]);
  }
  for (uint32_t i = 7; i >= 1; i--)
    zk_hmerge(nodes[2 * i], nodes[2 * i + 1], nodes[i]);
  return zk_felt_value(nodes[1][0]) ^ zk_felt_value(nodes[1][3]);
}
