//===- LargeArray.cpp - Uninitialized arrays on huge pages ----------------===//

#include "zkvm/Support/LargeArray.h"

#include <cstdlib>
#include <new>
#include <sys/mman.h>

namespace zkvm {

static constexpr size_t HugePage = size_t(2) << 20;

void *detail::allocateLarge(size_t Bytes) {
  if (Bytes == 0)
    Bytes = 1;
  if (Bytes < HugePage) {
    void *P = std::malloc(Bytes);
    if (!P)
      throw std::bad_alloc();
    return P;
  }
  size_t Rounded = (Bytes + HugePage - 1) / HugePage * HugePage;
  void *P = std::aligned_alloc(HugePage, Rounded);
  if (!P)
    throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  // Advice only: failure (e.g. THP disabled) just means small pages.
  (void)madvise(P, Rounded, MADV_HUGEPAGE);
#endif
  return P;
}

void detail::freeLarge(void *Ptr) { std::free(Ptr); }

} // namespace zkvm
