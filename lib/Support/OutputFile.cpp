//===- OutputFile.cpp - Writing output files safely ------------------------===//

#include "zkvm/Support/OutputFile.h"
#include "zkvm/Support/Error.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace zkvm {

static Error writeDirectly(StringRef Path, ArrayRef<uint8_t> Bytes) {
  if (Path == "-") {
    // Through outs(), never a stream of our own on fd 1: closing that would
    // close stdout for the rest of the tool (its report, its exit flush).
    outs().write(reinterpret_cast<const char *>(Bytes.data()), Bytes.size());
    outs().flush();
    if (outs().has_error()) {
      std::string Msg = outs().error().message();
      outs().clear_error();
      return createError("cannot write to stdout: " + Msg);
    }
    return Error::success();
  }
  std::error_code EC;
  raw_fd_ostream OS(Path, EC, sys::fs::OF_None);
  if (EC)
    return createError("cannot write '" + Path + "': " + EC.message());
  OS.write(reinterpret_cast<const char *>(Bytes.data()), Bytes.size());
  OS.close();
  if (OS.has_error()) {
    std::string Msg = OS.error().message();
    OS.clear_error();
    return createError("cannot write '" + Path + "': " + Msg);
  }
  return Error::success();
}

Error writeOutputFile(StringRef Path, ArrayRef<uint8_t> Bytes) {
  if (Path == "-")
    return writeDirectly(Path, Bytes);
  sys::fs::file_status Status;
  if (!sys::fs::status(Path, Status) && sys::fs::exists(Status) &&
      Status.type() != sys::fs::file_type::regular_file)
    return writeDirectly(Path, Bytes); // a device or a pipe: never rename over it
  Expected<sys::fs::TempFile> Temp = sys::fs::TempFile::create(Path + ".tmp-%%%%%%");
  if (!Temp)
    return createError("cannot create a temporary file next to '" + Path +
                       "': " + toString(Temp.takeError()));
  {
    raw_fd_ostream OS(Temp->FD, /*shouldClose=*/false);
    OS.write(reinterpret_cast<const char *>(Bytes.data()), Bytes.size());
    OS.flush();
    if (OS.has_error()) {
      std::string Msg = OS.error().message();
      OS.clear_error();
      consumeError(Temp->discard());
      return createError("cannot write '" + Path + "': " + Msg);
    }
  }
  if (Error E = Temp->keep(Path))
    return createError("cannot write '" + Path + "': " + toString(std::move(E)));
  return Error::success();
}

} // namespace zkvm
