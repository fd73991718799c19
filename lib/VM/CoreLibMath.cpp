//===- CoreLibMath.cpp - Event handlers of miden::core (Math) ------===//

#include "zkvm/VM/CoreLibrary.h"

namespace zkvm {
namespace corelib {

llvm::Error registerMathHandlers(DefaultHost &Host) {
  // No event of this area has a handler yet.
  (void)Host;
  return llvm::Error::success();
}

} // namespace corelib
} // namespace zkvm
