//===- Debugger.cpp - zkrun --debug ----------------------------------------===//
//
// The session is a StepHook: before every cycle it decides whether to pause
// (a step count ran out, a breakpoint hit, or a replay reached its target)
// and, when paused, reads commands until one resumes the run. Going back is
// a replay: the run is restarted and paused at the earlier cycle, which is
// exact because execution is deterministic.
//
//===----------------------------------------------------------------------===//

#include "Debugger.h"

#include "zkvm/VM/StepHook.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <string>
#include <vector>

using namespace llvm;

namespace zkvm {
namespace {

struct Breakpoint {
  bool IsLine = false;
  std::string Proc; ///< procedure name (IsLine = false)
  std::string File; ///< file name or suffix; empty matches any
  unsigned Line = 0;
};

std::string opText(const StepInfo &I) {
  if (I.IsControl)
    return getControlOpMnemonic(ControlOpCode(I.Opcode)).str();
  std::string S;
  raw_string_ostream OS(S);
  if (auto Code = getOpCodeFromValue(I.Opcode))
    OS << Operation(*Code, I.Imm);
  return OS.str();
}

class Session : public StepHook {
public:
  enum class Mode { Step, Continue, Replay };

  Session(SourceMgr &SM, std::istream &In, raw_ostream &Out) : SM(SM), In(In), Out(Out) {}

  Mode M = Mode::Step;
  /// Step: pause when the clock reaches Target; Replay: pause exactly there.
  uint64_t Target = 0;
  std::optional<uint64_t> RestartAt;
  bool Quit = false;
  std::vector<Breakpoint> Breaks;

  /// Per-run state, reset before each (re)play.
  void beginRun() {
    Procs.clear();
    PendingPop = false;
    LastLine = 0;
    LastFile = 0;
  }

  bool onCycle(const ProcessState &S, const StepInfo &I) override;

private:
  struct Frame {
    const MastForest *Forest;
    MastNodeId Node;
    std::string Name;
  };

  std::optional<SourceLoc> location(const StepInfo &I) const;
  std::string procedureName(const MastForest &F, MastNodeId Node) const;
  bool breakpointHit(const StepInfo &I, bool Entered, const std::optional<SourceLoc> &L) const;
  void showLocation(const ProcessState &S, const StepInfo &I,
                    const std::optional<SourceLoc> &L) const;
  void printSourceLine(const MastForest &F, const SourceLoc &L) const;
  /// Reads commands; returns false to stop the run.
  bool prompt(const ProcessState &S, const StepInfo &I, const std::optional<SourceLoc> &L);

  SourceMgr &SM;
  std::istream &In;
  raw_ostream &Out;
  std::vector<Frame> Procs;
  bool PendingPop = false;
  uint32_t LastLine = 0, LastFile = 0;
};

std::optional<SourceLoc> Session::location(const StepInfo &I) const {
  if (I.IsControl || !I.Forest || I.Forest->node(I.Node).Kind != MastNodeKind::Block)
    return std::nullopt;
  const BasicBlock &BB = I.Forest->block(I.Node);
  auto Raw = BB.rawOpIndex(I.Batch, I.OpIndex);
  if (!Raw || *Raw >= BB.Locs.size() || !BB.Locs[*Raw].isValid())
    return std::nullopt;
  return BB.Locs[*Raw];
}

std::string Session::procedureName(const MastForest &F, MastNodeId Node) const {
  auto It = F.procedureNames().find(Node);
  if (It != F.procedureNames().end())
    return It->second;
  for (const auto &E : F.exports())
    if (E.Node == Node)
      return E.Path;
  return "proc " + F.digest(Node).toHex().substr(0, 18);
}

bool Session::breakpointHit(const StepInfo &I, bool Entered,
                            const std::optional<SourceLoc> &L) const {
  for (const Breakpoint &B : Breaks) {
    if (!B.IsLine) {
      if (Entered && !Procs.empty() && Procs.back().Forest == I.Forest &&
          Procs.back().Node == I.Node) {
        StringRef Name = Procs.back().Name;
        if (Name == B.Proc || Name.endswith("::" + B.Proc))
          return true;
      }
      continue;
    }
    if (!L || L->Line != B.Line || (L->Line == LastLine && L->File == LastFile))
      continue;
    if (B.File.empty())
      return true;
    StringRef File = I.Forest->sourceFiles()[L->File - 1];
    if (File == B.File || File.endswith("/" + B.File))
      return true;
  }
  return false;
}

void Session::printSourceLine(const MastForest &F, const SourceLoc &L) const {
  StringRef File = F.sourceFiles()[L.File - 1];
  for (unsigned B = 1; B <= SM.getNumBuffers(); ++B) {
    const MemoryBuffer *MB = SM.getMemoryBuffer(B);
    if (MB->getBufferIdentifier() != File)
      continue;
    SMLoc Loc = SM.FindLocForLineAndColumn(B, L.Line, 1);
    if (!Loc.isValid())
      return;
    StringRef Rest(Loc.getPointer(), MB->getBufferEnd() - Loc.getPointer());
    Out << "  " << L.Line << " | " << Rest.split('\n').first.rtrim() << "\n";
    return;
  }
}

void Session::showLocation(const ProcessState &S, const StepInfo &I,
                           const std::optional<SourceLoc> &L) const {
  Out << "cycle " << S.Clk << ": " << opText(I);
  if (!Procs.empty())
    Out << " in " << Procs.back().Name;
  if (L)
    Out << " at " << sys::path::filename(I.Forest->sourceFiles()[L->File - 1]) << ":" << L->Line
        << ":" << L->Col;
  Out << "\n";
  if (L)
    printSourceLine(*I.Forest, *L);
}

bool Session::onCycle(const ProcessState &S, const StepInfo &I) {
  if (PendingPop) {
    Procs.pop_back();
    PendingPop = false;
  }
  bool Entered = false;
  if (I.IsControl && I.Forest) {
    auto Op = ControlOpCode(I.Opcode);
    bool Starts = Op != ControlOpCode::End && Op != ControlOpCode::Respan &&
                  Op != ControlOpCode::Repeat && Op != ControlOpCode::Halt;
    if (Starts && I.Forest->isProcedureRoot(I.Node)) {
      Procs.push_back({I.Forest, I.Node, procedureName(*I.Forest, I.Node)});
      Entered = true;
    } else if (Op == ControlOpCode::End && !Procs.empty() && Procs.back().Forest == I.Forest &&
               Procs.back().Node == I.Node) {
      PendingPop = true; // the END row still belongs to the procedure
    }
  }
  std::optional<SourceLoc> L = location(I);
  bool Pause = false;
  switch (M) {
  case Mode::Replay:
    Pause = S.Clk == Target;
    break;
  case Mode::Step:
    Pause = S.Clk >= Target;
    break;
  case Mode::Continue:
    Pause = breakpointHit(I, Entered, L);
    break;
  }
  if (L) {
    LastLine = L->Line;
    LastFile = L->File;
  }
  if (!Pause)
    return true;
  return prompt(S, I, L);
}

bool Session::prompt(const ProcessState &S, const StepInfo &I, const std::optional<SourceLoc> &L) {
  showLocation(S, I, L);
  std::string LineText;
  while (true) {
    Out << "(zkdb) ";
    Out.flush();
    if (!std::getline(In, LineText)) {
      Out << "\n";
      Quit = true;
      return false;
    }
    SmallVector<StringRef, 4> Words;
    SplitString(LineText, Words);
    if (Words.empty())
      continue;
    StringRef Cmd = Words[0];
    auto Count = [&](uint64_t Default) -> std::optional<uint64_t> {
      uint64_t N = Default;
      if (Words.size() > 1 && Words[1].getAsInteger(0, N)) {
        Out << "error: '" << Words[1] << "' is not a number\n";
        return std::nullopt;
      }
      return N;
    };
    if (Cmd == "step" || Cmd == "s") {
      auto N = Count(1);
      if (!N)
        continue;
      M = Mode::Step;
      Target = S.Clk + std::max<uint64_t>(*N, 1);
      return true;
    }
    if (Cmd == "continue" || Cmd == "c") {
      M = Mode::Continue;
      return true;
    }
    if (Cmd == "back" || Cmd == "b") {
      auto N = Count(1);
      if (!N)
        continue;
      RestartAt = S.Clk - std::min<uint64_t>(*N, S.Clk);
      return false;
    }
    if (Cmd == "break") {
      if (Words.size() != 2) {
        Out << "error: usage: break <procedure> | break [<file>:]<line>\n";
        continue;
      }
      Breakpoint B;
      auto [File, LineStr] = Words[1].rsplit(':');
      unsigned Line;
      if (LineStr.empty() && !File.getAsInteger(10, Line)) {
        B.IsLine = true;
        B.Line = Line;
      } else if (!LineStr.empty() && !LineStr.getAsInteger(10, Line)) {
        B.IsLine = true;
        B.File = File.str();
        B.Line = Line;
      } else {
        B.Proc = Words[1].str();
      }
      Breaks.push_back(B);
      Out << "breakpoint " << Breaks.size() << ": "
          << (B.IsLine ? (B.File.empty() ? "line " : B.File + ":") + std::to_string(B.Line)
                       : "procedure " + B.Proc)
          << "\n";
      continue;
    }
    if (Cmd == "delete") {
      Breaks.clear();
      Out << "all breakpoints deleted\n";
      continue;
    }
    if (Cmd == "stack") {
      Out << "depth " << S.Stack.depth() << ":";
      for (unsigned K = 0; K < 16; ++K)
        Out << " " << S.Stack.get(K).value();
      Out << "\n";
      continue;
    }
    if (Cmd == "mem") {
      uint64_t Addr = 0, N = 1;
      if (Words.size() < 2 || Words[1].getAsInteger(0, Addr) || Addr > 0xFFFFFFFFull ||
          (Words.size() > 2 && Words[2].getAsInteger(0, N))) {
        Out << "error: usage: mem <address> [count]\n";
        continue;
      }
      for (uint64_t K = 0; K < N && Addr + K <= 0xFFFFFFFFull; ++K)
        Out << "mem[" << (Addr + K) << "] = " << S.Mem.read(S.Ctx, uint32_t(Addr + K)).value()
            << "\n";
      continue;
    }
    if (Cmd == "advice") {
      std::vector<Felt> A = S.Advice.stackInPopOrder();
      Out << "advice stack (" << A.size() << ", next first):";
      for (size_t K = 0; K < A.size() && K < 32; ++K)
        Out << " " << A[K].value();
      Out << (A.size() > 32 ? " ...\n" : "\n");
      continue;
    }
    if (Cmd == "where") {
      Out << "cycle " << S.Clk << ", context " << S.Ctx << "\n";
      for (size_t K = Procs.size(); K-- > 0;)
        Out << "  #" << (Procs.size() - 1 - K) << " " << Procs[K].Name << "\n";
      continue;
    }
    if (Cmd == "help" || Cmd == "h") {
      Out << "commands: step [n], continue, back [n], break <proc>|[<file>:]<line>, delete, "
             "stack, mem <addr> [n], advice, where, quit\n";
      continue;
    }
    if (Cmd == "quit" || Cmd == "q") {
      Quit = true;
      return false;
    }
    Out << "error: unknown command '" << Cmd << "' (try 'help')\n";
  }
}

} // namespace

int runDebugger(const MastForest &Program, const ProgramInputs &Inputs, Host &H,
                const ExecutionOptions &Opts, SourceMgr &SM, std::istream &In, raw_ostream &Out) {
  Session S(SM, In, Out);
  while (true) {
    S.beginRun();
    AdviceInputs Advice = Inputs.Advice;
    Expected<ExecutionResult> R =
        executeWithHook(Program, Inputs.StackInputs, std::move(Advice), H, S, Opts);
    if (R) {
      Out << "program finished after " << R->Cycles << " cycles; stack:";
      for (Felt V : R->Stack)
        Out << " " << V.value();
      Out << "\n";
      return 0;
    }
    int Code = 1;
    handleAllErrors(
        R.takeError(),
        [&](const ExecutionStopped &) {
          Code = 0;
          if (S.RestartAt) {
            S.M = Session::Mode::Replay;
            S.Target = *S.RestartAt;
            S.RestartAt.reset();
            Code = -1;
          }
        },
        [&](const ErrorInfoBase &E) { Out << "program failed: " << E.message() << "\n"; });
    if (Code >= 0)
      return Code;
  }
}

} // namespace zkvm
