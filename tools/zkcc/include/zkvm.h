/*===- zkvm.h - zkcc's interface to the zkvm: field elements, advice, asserts -===*
 *
 * Include this header in C programs compiled with zkcc (docs/zkcc.md). zkcc
 * defines __ZKCC__ and turns the zk_* functions declared here into VM
 * instructions. Any other C compiler gets plain C definitions with the same
 * results, so a program can be compiled natively and on the zkvm and the two
 * outputs compared.
 *
 *===----------------------------------------------------------------------===*/
#ifndef ZKVM_ZKCC_ZKVM_H
#define ZKVM_ZKCC_ZKVM_H

#include <stdint.h>

/* An element of the Goldilocks field, p = 2^64 - 2^32 + 1: one VM stack element.
 * A struct so that C's own operators cannot be applied to it by mistake; use the
 * zk_* functions below. zkcc recognises the tag `zk_felt`. */
typedef struct zk_felt {
  uint64_t zk_value_; /* canonical value, < ZK_P (native builds only) */
} felt;

#define ZK_P 0xFFFFFFFF00000001ULL

#ifdef __ZKCC__

/* Intrinsics: zkcc compiles each call to a short sequence of VM instructions. */
felt zk_felt(uint64_t v);             /* v mod p */
uint64_t zk_felt_value(felt a);       /* the canonical value, in [0, p) */
felt zk_add(felt a, felt b);          /* a + b mod p */
felt zk_sub(felt a, felt b);          /* a - b mod p */
felt zk_mul(felt a, felt b);          /* a * b mod p */
felt zk_div(felt a, felt b);          /* a / b; fails when b = 0 */
felt zk_neg(felt a);                  /* -a */
felt zk_inv(felt a);                  /* 1 / a; fails when a = 0 */
felt zk_pow(felt a, uint32_t e);      /* a^e */
int zk_eq(felt a, felt b);            /* 1 when a = b, else 0 */
felt zk_advice(void);                 /* pops the next element of the advice stack */
uint32_t zk_advice_u32(void);         /* the same, failing unless it is below 2^32 */
void zk_assert(int cond);             /* fails the execution (no proof) unless cond != 0 */
void zk_hash(const felt *in, felt *out); /* out[0..4) = RPO256 hash of the 4 elements in[0..4) */
void zk_hmerge(const felt *a, const felt *b, felt *out); /* out = RPO256 merge of digests a, b */

#else /* Native fallbacks with the same semantics. */

#include <stdio.h>
#include <stdlib.h>

/* The advice stack of a native run: the test harness defines these. */
extern uint64_t zk_native_advice[];
extern unsigned zk_native_advice_count;
extern unsigned zk_native_advice_next;

static inline felt zk__make(uint64_t v) {
  felt r;
  r.zk_value_ = v;
  return r;
}
static inline felt zk_felt(uint64_t v) { return zk__make(v % ZK_P); }
static inline uint64_t zk_felt_value(felt a) { return a.zk_value_; }
static inline felt zk_add(felt a, felt b) {
  return zk__make((uint64_t)(((__uint128_t)a.zk_value_ + b.zk_value_) % ZK_P));
}
static inline felt zk_sub(felt a, felt b) {
  return zk__make((uint64_t)(((__uint128_t)a.zk_value_ + ZK_P - b.zk_value_) % ZK_P));
}
static inline felt zk_mul(felt a, felt b) {
  return zk__make((uint64_t)(((__uint128_t)a.zk_value_ * b.zk_value_) % ZK_P));
}
static inline felt zk_neg(felt a) { return zk__make((ZK_P - a.zk_value_) % ZK_P); }
static inline felt zk__pow64(felt a, uint64_t e) {
  felt r = zk__make(1);
  while (e) {
    if (e & 1)
      r = zk_mul(r, a);
    a = zk_mul(a, a);
    e >>= 1;
  }
  return r;
}
static inline felt zk_pow(felt a, uint32_t e) { return zk__pow64(a, e); }
static inline void zk__fail(const char *what) {
  fprintf(stderr, "error: %s\n", what);
  exit(1);
}
static inline felt zk_inv(felt a) {
  if (a.zk_value_ == 0)
    zk__fail("inverse of zero");
  return zk__pow64(a, ZK_P - 2);
}
static inline felt zk_div(felt a, felt b) { return zk_mul(a, zk_inv(b)); }
static inline int zk_eq(felt a, felt b) { return a.zk_value_ == b.zk_value_; }
static inline felt zk_advice(void) {
  if (zk_native_advice_next >= zk_native_advice_count)
    zk__fail("advice stack is empty");
  return zk_felt(zk_native_advice[zk_native_advice_next++]);
}
static inline uint32_t zk_advice_u32(void) {
  uint64_t v = zk_felt_value(zk_advice());
  if (v > 0xFFFFFFFFu)
    zk__fail("advice value is not a u32");
  return (uint32_t)v;
}
static inline void zk_assert(int cond) {
  if (!cond)
    zk__fail("zk_assert failed");
}

#endif /* __ZKCC__ */

#endif /* ZKVM_ZKCC_ZKVM_H */
