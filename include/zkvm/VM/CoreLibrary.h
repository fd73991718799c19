//===- zkvm/VM/CoreLibrary.h - Host side of miden::core ----------*- C++ -*-===//
//
// Some core-library procedures ask the host for non-deterministic hints
// (u64 division, sorted-array lower bounds, SMT leaf lookups...) by emitting
// events whose ids are hashes of their names, exactly as Miden v0.20.6's core
// library does. registerCoreLibraryHandlers installs our handlers for them.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_VM_CORELIBRARY_H
#define ZKVM_VM_CORELIBRARY_H

#include "zkvm/VM/Processor.h"

#include "llvm/Support/Error.h"

namespace zkvm {

/// Adds the handlers of every core-library event to Host.
llvm::Error registerCoreLibraryHandlers(DefaultHost &Host);

namespace corelib {
// One registration function per area of the library (lib/VM/CoreLib*.cpp).
llvm::Error registerMathHandlers(DefaultHost &Host);
llvm::Error registerCollectionsHandlers(DefaultHost &Host);
llvm::Error registerCryptoHandlers(DefaultHost &Host);
llvm::Error registerDsaHandlers(DefaultHost &Host);
} // namespace corelib

} // namespace zkvm

#endif // ZKVM_VM_CORELIBRARY_H
