//===- CoreLibraryPath.cpp - Where the bundled core library lives ----------===//

#include "zkvm/Asm/Assembler.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace zkvm {

/// A directory is the core library only if it holds its modules (a build
/// tree may well contain an unrelated `stdlib/`).
static bool isCoreLibrary(StringRef Dir) {
  SmallString<256> Probe(Dir);
  sys::path::append(Probe, "math", "u64.masm");
  return sys::fs::exists(Probe);
}

std::string findBundledCoreLibrary(const char *Argv0, void *MainAddr) {
  std::string Exe = sys::fs::getMainExecutable(Argv0, MainAddr);
  SmallString<256> Root(sys::path::parent_path(sys::path::parent_path(Exe)));
  for (const char *Rel : {"stdlib", "share/zkvm/stdlib"}) {
    SmallString<256> Candidate = Root;
    sys::path::append(Candidate, Rel);
    if (isCoreLibrary(Candidate))
      return std::string(Candidate);
  }
#ifdef ZKVM_SOURCE_STDLIB_DIR
  if (isCoreLibrary(ZKVM_SOURCE_STDLIB_DIR))
    return ZKVM_SOURCE_STDLIB_DIR;
#endif
  return "";
}

} // namespace zkvm
