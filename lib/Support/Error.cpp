//===- Error.cpp - Error conventions --------------------------------------===//

#include "zkvm/Support/Error.h"

#include "llvm/Support/WithColor.h"

using namespace llvm;

char zkvm::FileFormatError::ID = 0;

void zkvm::FileFormatError::log(raw_ostream &OS) const {
  OS << File << ": at byte " << Offset << ": " << Msg;
}

int zkvm::reportToolError(StringRef ToolName, Error E) {
  handleAllErrors(std::move(E), [&](const ErrorInfoBase &Info) {
    WithColor::error(errs(), ToolName) << Info.message() << "\n";
  });
  return 1;
}
