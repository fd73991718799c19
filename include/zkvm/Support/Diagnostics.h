//===- zkvm/Support/Diagnostics.h - Located compiler diagnostics ----------===//
//
// Every tool reports problems in source-like inputs (MASM, .inputs JSON) the way
// clang does: "file:line:col: error: message", the source line, and a caret.
// The engine wraps llvm::SourceMgr, counts errors, caps how many are printed,
// and keeps notes attached to the diagnostic they explain.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_SUPPORT_DIAGNOSTICS_H
#define ZKVM_SUPPORT_DIAGNOSTICS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/SMLoc.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace zkvm {

enum class DiagLevel { Error, Warning, Note, Remark };

/// Whether diagnostics are colored. Auto follows LLVM's `--color` option and
/// whether the stream is a terminal.
enum class ColorMode { Auto, Always, Never };

class DiagnosticEngine {
public:
  explicit DiagnosticEngine(llvm::SourceMgr &SM, llvm::raw_ostream &OS = llvm::errs());

  /// Reports a diagnostic at Loc (may be invalid: then only "tool: level: msg").
  void report(llvm::SMLoc Loc, DiagLevel Level, const llvm::Twine &Msg,
              llvm::ArrayRef<llvm::SMRange> Ranges = {},
              llvm::ArrayRef<llvm::SMFixIt> FixIts = {});

  void error(llvm::SMLoc Loc, const llvm::Twine &Msg, llvm::ArrayRef<llvm::SMRange> Ranges = {}) {
    report(Loc, DiagLevel::Error, Msg, Ranges);
  }
  void warning(llvm::SMLoc Loc, const llvm::Twine &Msg,
               llvm::ArrayRef<llvm::SMRange> Ranges = {}) {
    report(Loc, DiagLevel::Warning, Msg, Ranges);
  }
  /// A note belongs to the error or warning before it: it is dropped when
  /// that diagnostic was suppressed.
  void note(llvm::SMLoc Loc, const llvm::Twine &Msg, llvm::ArrayRef<llvm::SMRange> Ranges = {}) {
    report(Loc, DiagLevel::Note, Msg, Ranges);
  }

  unsigned getNumErrors() const { return NumErrors; }
  unsigned getNumWarnings() const { return NumWarnings; }
  bool hasErrors() const { return NumErrors != 0; }

  /// After this many errors further ones are counted but not printed, and a
  /// single "too many errors" line is emitted. 0 means no limit.
  void setErrorLimit(unsigned Limit) { ErrorLimit = Limit; }
  /// True once the error limit is reached: callers may stop early.
  bool reachedErrorLimit() const { return ErrorLimit != 0 && NumErrors >= ErrorLimit; }

  void setWarningsAsErrors(bool Enable) { WarningsAsErrors = Enable; }
  void setSuppressWarnings(bool Enable) { SuppressWarnings = Enable; }
  void setColorMode(ColorMode Mode) { Color = Mode; }
  /// Name printed before diagnostics without a location ("zkasm: error: ...").
  void setToolName(llvm::StringRef Name) { ToolName = Name.str(); }

  llvm::SourceMgr &getSourceMgr() { return SM; }

  /// Prints "N errors generated." (or warnings) the way clang does; nothing if clean.
  void printSummary();

private:
  bool useColor() const;
  void print(llvm::SMLoc Loc, DiagLevel Level, const llvm::Twine &Msg,
             llvm::ArrayRef<llvm::SMRange> Ranges, llvm::ArrayRef<llvm::SMFixIt> FixIts);

  llvm::SourceMgr &SM;
  llvm::raw_ostream &OS;
  std::string ToolName;
  unsigned NumErrors = 0;
  unsigned NumWarnings = 0;
  unsigned ErrorLimit = 20;
  bool WarningsAsErrors = false;
  bool SuppressWarnings = false;
  bool LastWasSuppressed = false;
  bool PrintedLimitNote = false;
  ColorMode Color = ColorMode::Auto;
};

} // namespace zkvm

#endif // ZKVM_SUPPORT_DIAGNOSTICS_H
