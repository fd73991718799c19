//===- zkvm/Support/OutputFile.h - Writing output files safely ----*- C++ -*-===//
//
// Tools never leave a partial output file behind: a regular file is written
// to a temporary next to it and renamed over it only once complete. Paths
// that are not regular files -- "-" (standard output), /dev/null, a pipe --
// are written directly: renaming over them would replace the device.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_SUPPORT_OUTPUTFILE_H
#define ZKVM_SUPPORT_OUTPUTFILE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>

namespace zkvm {

llvm::Error writeOutputFile(llvm::StringRef Path, llvm::ArrayRef<uint8_t> Bytes);

} // namespace zkvm

#endif // ZKVM_SUPPORT_OUTPUTFILE_H
