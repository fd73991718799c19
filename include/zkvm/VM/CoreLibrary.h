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

#include <cstdint>
#include <vector>

namespace zkvm {

/// Adds the handlers of every core-library event to Host.
llvm::Error registerCoreLibraryHandlers(DefaultHost &Host);

namespace corelib {
// One registration function per area of the library (lib/VM/CoreLib*.cpp).
llvm::Error registerMathHandlers(DefaultHost &Host);
llvm::Error registerCollectionsHandlers(DefaultHost &Host);
llvm::Error registerCryptoHandlers(DefaultHost &Host);
llvm::Error registerDsaHandlers(DefaultHost &Host);

/// Reads Len bytes packed four to a u32 limb (little-endian) from the memory
/// of the current context at the word-aligned element address Ptr: the rules
/// of Miden's hash and signature precompiles (aligned, in range, every limb
/// a u32, zero padding past Len), with their error messages.
llvm::Error readPackedMemory(const ProcessState &S, uint64_t Ptr, uint64_t Len,
                             std::vector<uint8_t> &Out);
} // namespace corelib

} // namespace zkvm

#endif // ZKVM_VM_CORELIBRARY_H
