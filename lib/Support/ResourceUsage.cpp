//===- ResourceUsage.cpp - What the process has used --------------------===//

#include "zkvm/Support/ResourceUsage.h"

#include <sys/resource.h>

namespace zkvm {

uint64_t peakResidentBytes() {
  struct rusage Usage;
  if (getrusage(RUSAGE_SELF, &Usage) != 0)
    return 0;
  return uint64_t(Usage.ru_maxrss) * 1024; // Linux reports KiB
}

} // namespace zkvm
