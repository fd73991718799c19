#include <stdint.h>
struct s { uint32_t a; };
static uint32_t get(struct s v) { return v.a; }
uint32_t main(uint32_t x) { struct s v = {x}; return get(v); }
