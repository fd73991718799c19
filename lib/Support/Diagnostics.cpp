//===- Diagnostics.cpp - Located compiler diagnostics ---------------------===//

#include "zkvm/Support/Diagnostics.h"

#include "llvm/Support/WithColor.h"

using namespace llvm;
using namespace zkvm;

DiagnosticEngine::DiagnosticEngine(SourceMgr &SM, raw_ostream &OS) : SM(SM), OS(OS) {}

bool DiagnosticEngine::useColor() const {
  switch (Color) {
  case ColorMode::Always:
    return true;
  case ColorMode::Never:
    return false;
  case ColorMode::Auto:
    return WithColor(OS).colorsEnabled();
  }
  return false;
}

static SourceMgr::DiagKind toDiagKind(DiagLevel Level) {
  switch (Level) {
  case DiagLevel::Error:
    return SourceMgr::DK_Error;
  case DiagLevel::Warning:
    return SourceMgr::DK_Warning;
  case DiagLevel::Note:
    return SourceMgr::DK_Note;
  case DiagLevel::Remark:
    return SourceMgr::DK_Remark;
  }
  return SourceMgr::DK_Error;
}

void DiagnosticEngine::report(SMLoc Loc, DiagLevel Level, const Twine &Msg,
                              ArrayRef<SMRange> Ranges, ArrayRef<SMFixIt> FixIts) {
  if (Level == DiagLevel::Note || Level == DiagLevel::Remark) {
    if (LastWasSuppressed)
      return;
  } else {
    if (Level == DiagLevel::Warning && SuppressWarnings) {
      LastWasSuppressed = true;
      return;
    }
    if (Level == DiagLevel::Warning && WarningsAsErrors)
      Level = DiagLevel::Error;
    if (Level == DiagLevel::Error) {
      ++NumErrors;
      if (ErrorLimit != 0 && NumErrors > ErrorLimit) {
        LastWasSuppressed = true;
        if (!PrintedLimitNote) {
          PrintedLimitNote = true;
          print(SMLoc(), DiagLevel::Error, "too many errors emitted, stopping now", {}, {});
        }
        return;
      }
    } else {
      ++NumWarnings;
    }
    LastWasSuppressed = false;
  }

  print(Loc, Level, Msg, Ranges, FixIts);
}

namespace {
/// Forwards to another stream while claiming to be a color terminal, so that
/// SMDiagnostic emits escape codes when the user forced colors on a pipe.
class ForcedColorStream : public raw_ostream {
public:
  explicit ForcedColorStream(raw_ostream &Out) : Out(Out) {
    SetUnbuffered();
    enable_colors(true);
  }
  bool has_colors() const override { return true; }
  bool is_displayed() const override { return true; }

private:
  void write_impl(const char *Ptr, size_t Size) override { Out.write(Ptr, Size); }
  uint64_t current_pos() const override { return Out.tell(); }
  raw_ostream &Out;
};
} // namespace

void DiagnosticEngine::print(SMLoc Loc, DiagLevel Level, const Twine &Msg,
                             ArrayRef<SMRange> Ranges, ArrayRef<SMFixIt> FixIts) {
  bool Color = useColor();
  ForcedColorStream Forced(OS);
  raw_ostream &Dest = (Color && !OS.has_colors()) ? static_cast<raw_ostream &>(Forced) : OS;
  if (Loc.isValid()) {
    SM.GetMessage(Loc, toDiagKind(Level), Msg, Ranges, FixIts).print(nullptr, Dest, Color);
  } else {
    // Without a location the tool name stands where the file name would.
    SMDiagnostic(ToolName, toDiagKind(Level), Msg.str()).print(nullptr, Dest, Color);
  }
}

void DiagnosticEngine::printSummary() {
  auto Plural = [](unsigned N, StringRef Word) {
    return (Twine(N) + " " + Word + (N == 1 ? "" : "s")).str();
  };
  if (NumWarnings && NumErrors)
    OS << Plural(NumWarnings, "warning") << " and " << Plural(NumErrors, "error") << " generated.\n";
  else if (NumErrors)
    OS << Plural(NumErrors, "error") << " generated.\n";
  else if (NumWarnings)
    OS << Plural(NumWarnings, "warning") << " generated.\n";
}
