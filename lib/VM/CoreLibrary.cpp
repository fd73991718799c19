//===- CoreLibrary.cpp - Host side of miden::core -------------------------===//

#include "zkvm/VM/CoreLibrary.h"

namespace zkvm {

llvm::Error registerCoreLibraryHandlers(DefaultHost &Host) {
  if (llvm::Error E = corelib::registerMathHandlers(Host))
    return E;
  if (llvm::Error E = corelib::registerCollectionsHandlers(Host))
    return E;
  if (llvm::Error E = corelib::registerCryptoHandlers(Host))
    return E;
  return corelib::registerDsaHandlers(Host);
}

} // namespace zkvm
