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

/* RPO256 (Rescue Prime Optimized), the permutation behind the VM's hash
 * instructions: 12 elements, capacity [0, 4), rate [4, 12), digest [4, 8). */
static const uint64_t zk__rpo_mds[12] = {7, 23, 8, 26, 13, 10, 9, 7, 6, 22, 21, 8};
static const uint64_t zk__rpo_ark1[7][12] = {
{5789762306288267392ULL, 6522564764413701783ULL, 17809893479458208203ULL, 107145243989736508ULL, 6388978042437517382ULL, 15844067734406016715ULL, 9975000513555218239ULL, 3344984123768313364ULL, 9959189626657347191ULL, 12960773468763563665ULL, 9602914297752488475ULL, 16657542370200465908ULL},
  {12987190162843096997ULL, 653957632802705281ULL, 4441654670647621225ULL, 4038207883745915761ULL, 5613464648874830118ULL, 13222989726778338773ULL, 3037761201230264149ULL, 16683759727265180203ULL, 8337364536491240715ULL, 3227397518293416448ULL, 8110510111539674682ULL, 2872078294163232137ULL},
  {18072785500942327487ULL, 6200974112677013481ULL, 17682092219085884187ULL, 10599526828986756440ULL, 975003873302957338ULL, 8264241093196931281ULL, 10065763900435475170ULL, 2181131744534710197ULL, 6317303992309418647ULL, 1401440938888741532ULL, 8884468225181997494ULL, 13066900325715521532ULL},
  {5674685213610121970ULL, 5759084860419474071ULL, 13943282657648897737ULL, 1352748651966375394ULL, 17110913224029905221ULL, 1003883795902368422ULL, 4141870621881018291ULL, 8121410972417424656ULL, 14300518605864919529ULL, 13712227150607670181ULL, 17021852944633065291ULL, 6252096473787587650ULL},
  {4887609836208846458ULL, 3027115137917284492ULL, 9595098600469470675ULL, 10528569829048484079ULL, 7864689113198939815ULL, 17533723827845969040ULL, 5781638039037710951ULL, 17024078752430719006ULL, 109659393484013511ULL, 7158933660534805869ULL, 2955076958026921730ULL, 7433723648458773977ULL},
  {16308865189192447297ULL, 11977192855656444890ULL, 12532242556065780287ULL, 14594890931430968898ULL, 7291784239689209784ULL, 5514718540551361949ULL, 10025733853830934803ULL, 7293794580341021693ULL, 6728552937464861756ULL, 6332385040983343262ULL, 13277683694236792804ULL, 2600778905124452676ULL},
  {7123075680859040534ULL, 1034205548717903090ULL, 7717824418247931797ULL, 3019070937878604058ULL, 11403792746066867460ULL, 10280580802233112374ULL, 337153209462421218ULL, 13333398568519923717ULL, 3596153696935337464ULL, 8104208463525993784ULL, 14345062289456085693ULL, 17036731477169661256ULL},
};
static const uint64_t zk__rpo_ark2[7][12] = {
{6077062762357204287ULL, 15277620170502011191ULL, 5358738125714196705ULL, 14233283787297595718ULL, 13792579614346651365ULL, 11614812331536767105ULL, 14871063686742261166ULL, 10148237148793043499ULL, 4457428952329675767ULL, 15590786458219172475ULL, 10063319113072092615ULL, 14200078843431360086ULL},
  {6202948458916099932ULL, 17690140365333231091ULL, 3595001575307484651ULL, 373995945117666487ULL, 1235734395091296013ULL, 14172757457833931602ULL, 707573103686350224ULL, 15453217512188187135ULL, 219777875004506018ULL, 17876696346199469008ULL, 17731621626449383378ULL, 2897136237748376248ULL},
  {8023374565629191455ULL, 15013690343205953430ULL, 4485500052507912973ULL, 12489737547229155153ULL, 9500452585969030576ULL, 2054001340201038870ULL, 12420704059284934186ULL, 355990932618543755ULL, 9071225051243523860ULL, 12766199826003448536ULL, 9045979173463556963ULL, 12934431667190679898ULL},
  {18389244934624494276ULL, 16731736864863925227ULL, 4440209734760478192ULL, 17208448209698888938ULL, 8739495587021565984ULL, 17000774922218161967ULL, 13533282547195532087ULL, 525402848358706231ULL, 16987541523062161972ULL, 5466806524462797102ULL, 14512769585918244983ULL, 10973956031244051118ULL},
  {6982293561042362913ULL, 14065426295947720331ULL, 16451845770444974180ULL, 7139138592091306727ULL, 9012006439959783127ULL, 14619614108529063361ULL, 1394813199588124371ULL, 4635111139507788575ULL, 16217473952264203365ULL, 10782018226466330683ULL, 6844229992533662050ULL, 7446486531695178711ULL},
  {3736792340494631448ULL, 577852220195055341ULL, 6689998335515779805ULL, 13886063479078013492ULL, 14358505101923202168ULL, 7744142531772274164ULL, 16135070735728404443ULL, 12290902521256031137ULL, 12059913662657709804ULL, 16456018495793751911ULL, 4571485474751953524ULL, 17200392109565783176ULL},
  {17130398059294018733ULL, 519782857322261988ULL, 9625384390925085478ULL, 1664893052631119222ULL, 7629576092524553570ULL, 3485239601103661425ULL, 9755891797164033838ULL, 15218148195153269027ULL, 16460604813734957368ULL, 9643968136937729763ULL, 3611348709641382851ULL, 18256379591337759196ULL},
};
static inline void zk__rpo_mds_apply(uint64_t *s) {
  uint64_t t[12];
  for (int r = 0; r < 12; r++) {
    __uint128_t acc = 0;
    for (int c = 0; c < 12; c++)
      acc += (__uint128_t)zk__rpo_mds[(c + 12 - r) % 12] * s[c];
    t[r] = (uint64_t)(acc % ZK_P);
  }
  for (int r = 0; r < 12; r++)
    s[r] = t[r];
}
static inline void zk__rpo_permute(uint64_t *s) {
  for (int round = 0; round < 7; round++) {
    zk__rpo_mds_apply(s);
    for (int i = 0; i < 12; i++)
      s[i] = zk_felt_value(zk__pow64(zk_add(zk__make(s[i]), zk_felt(zk__rpo_ark1[round][i])), 7));
    zk__rpo_mds_apply(s);
    for (int i = 0; i < 12; i++)
      s[i] = zk_felt_value(zk__pow64(zk_add(zk__make(s[i]), zk_felt(zk__rpo_ark2[round][i])),
                                     10540996611094048183ULL));
  }
}
static inline void zk_hash(const felt *in, felt *out) {
  uint64_t s[12] = {4};
  for (int i = 0; i < 4; i++)
    s[4 + i] = in[i].zk_value_;
  zk__rpo_permute(s);
  for (int i = 0; i < 4; i++)
    out[i] = zk__make(s[4 + i]);
}
static inline void zk_hmerge(const felt *a, const felt *b, felt *out) {
  uint64_t s[12] = {0};
  for (int i = 0; i < 4; i++) {
    s[4 + i] = a[i].zk_value_;
    s[8 + i] = b[i].zk_value_;
  }
  zk__rpo_permute(s);
  for (int i = 0; i < 4; i++)
    out[i] = zk__make(s[4 + i]);
}

#endif /* __ZKCC__ */

#endif /* ZKVM_ZKCC_ZKVM_H */
