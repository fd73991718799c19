//===- zkvm/Support/Error.h - Error conventions ---------------------------===//
//
// zkvm uses llvm::Error / llvm::Expected<T> for every recoverable failure
// (bad input files, malformed proofs, failed verification). See docs/design.md,
// "Errors". Exceptions never cross LLVM frames.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_SUPPORT_ERROR_H
#define ZKVM_SUPPORT_ERROR_H

#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace zkvm {

/// A plain error with a message; the message is a sentence fragment without a
/// trailing period, in lower case ("proof is truncated at byte 12").
inline llvm::Error createError(const llvm::Twine &Msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Msg);
}

/// An error about a byte offset in a binary input (MAST or proof files).
class FileFormatError : public llvm::ErrorInfo<FileFormatError> {
public:
  static char ID;
  FileFormatError(std::string File, uint64_t Offset, std::string Msg)
      : File(std::move(File)), Offset(Offset), Msg(std::move(Msg)) {}
  void log(llvm::raw_ostream &OS) const override;
  std::error_code convertToErrorCode() const override { return llvm::inconvertibleErrorCode(); }

  const std::string &getFile() const { return File; }
  uint64_t getOffset() const { return Offset; }
  const std::string &getMessage() const { return Msg; }

private:
  std::string File;
  uint64_t Offset;
  std::string Msg;
};

/// Prints "tool: error: <message>" (colored when enabled) for each error in E
/// and returns the exit code tools use for failures (1).
int reportToolError(llvm::StringRef ToolName, llvm::Error E);

} // namespace zkvm

#endif // ZKVM_SUPPORT_ERROR_H
