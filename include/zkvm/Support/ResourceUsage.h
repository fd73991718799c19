//===- zkvm/Support/ResourceUsage.h - What the process has used ---------===//
//
// Peak memory is a headline figure of a prover (docs/performance.md), so the
// tools report it next to their timings.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_SUPPORT_RESOURCEUSAGE_H
#define ZKVM_SUPPORT_RESOURCEUSAGE_H

#include <cstdint>

namespace zkvm {

/// The largest resident set this process has had so far, in bytes (0 where
/// the system does not say).
uint64_t peakResidentBytes();

} // namespace zkvm

#endif // ZKVM_SUPPORT_RESOURCEUSAGE_H
