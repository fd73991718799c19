//===- Air.cpp - Algebraic intermediate representations -------------------===//

#include "zkvm/Air/Air.h"

#include <algorithm>

namespace zkvm {

Air::~Air() = default;

unsigned Air::numCompositionColumns() const {
  unsigned Max = 1;
  for (unsigned D : mainConstraintDegrees())
    Max = std::max(Max, D);
  for (unsigned D : auxConstraintDegrees())
    Max = std::max(Max, D);
  return std::max(1u, Max - 1);
}

} // namespace zkvm
