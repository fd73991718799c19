//===- zkvm/Mast/MastFormat.h - MAST binary files (.masb, .masl) -*- C++ -*-===//
//
// zkvm's own versioned binary form of a MAST forest: programs (.masb),
// libraries and kernels (.masl). The layout is documented in docs/formats.md,
// "MAST binary format". Reading validates everything (structure, bounds,
// opcodes, canonical field elements, every node digest, the checksum) and
// reports problems as FileFormatError with the byte offset; it never trusts
// the file.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_MAST_MASTFORMAT_H
#define ZKVM_MAST_MASTFORMAT_H

#include "zkvm/Mast/MastForest.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace zkvm {

/// The magic bytes at offset 0 and the format version this build writes.
inline constexpr char MastMagic[6] = {'Z', 'K', 'M', 'A', 'S', 'T'};
inline constexpr uint16_t MastFormatVersion = 1;

/// Options for writing.
struct MastWriteOptions {
  /// Include per-operation source locations and the source file names.
  bool DebugInfo = true;
};

/// The file image of a forest. Fails when the forest does not fit its kind
/// (a program needs an entrypoint; libraries and kernels have none).
llvm::Expected<std::vector<uint8_t>> writeMastForest(const MastForest &F,
                                                     const MastWriteOptions &Opts = {});

/// Writes the image to Path through a temporary file, so a failure never
/// leaves a partial file behind.
llvm::Error writeMastForestFile(const MastForest &F, llvm::StringRef Path,
                                const MastWriteOptions &Opts = {});

/// Parses and validates an image; FileName only labels errors.
llvm::Expected<MastForest> readMastForest(llvm::ArrayRef<uint8_t> Bytes,
                                          llvm::StringRef FileName = "<memory>");

/// Reads and validates the file at Path.
llvm::Expected<MastForest> readMastForestFile(llvm::StringRef Path);

/// True if Bytes starts with MastMagic (a cheap "is this a MAST file?").
bool isMastImage(llvm::ArrayRef<uint8_t> Bytes);

} // namespace zkvm

#endif // ZKVM_MAST_MASTFORMAT_H
