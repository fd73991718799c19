//===- Memory.cpp - The VM's random-access memory ------------------------===//

#include "zkvm/VM/Memory.h"

#include <algorithm>

namespace zkvm {

std::vector<std::pair<uint32_t, Felt>> Memory::contents(ContextId Ctx) const {
  std::vector<std::pair<uint32_t, Felt>> R;
  for (const auto &[Key, P] : Pages) {
    if (uint32_t(Key >> 32) != Ctx)
      continue;
    uint32_t Base = uint32_t(Key) << PageBits;
    for (uint32_t I = 0; I < PageSize; ++I)
      if (!P->Data[I].isZero())
        R.push_back({Base + I, P->Data[I]});
  }
  std::sort(R.begin(), R.end(), [](const auto &A, const auto &B) { return A.first < B.first; });
  return R;
}

} // namespace zkvm
