//===- StackRangeTestUtil.h - Lit programs and a components-only AIR for tests --===//
//
// Loads the lit suite's VM programs (test/VM/*.masm with their --stack and
// --advice inputs), runs them with executeForTrace, and wraps the system,
// stack and range components (plus the stand-in decoder columns they read)
// in a standalone AIR with the overflow-table and range-check buses.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_UNITTESTS_VMAIR_STACKRANGETESTUTIL_H
#define ZKVM_UNITTESTS_VMAIR_STACKRANGETESTUTIL_H

#include "zkvm/Air/Vm/Range.h"
#include "zkvm/Air/Vm/Stack.h"
#include "zkvm/Air/Vm/System.h"
#include "zkvm/Asm/Assembler.h"
#include "zkvm/Mast/Lowering.h"
#include "zkvm/Support/Diagnostics.h"
#include "zkvm/VM/CoreLibrary.h"
#include "zkvm/VM/Processor.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <set>
#include <string>

namespace zkvm {
namespace vmair {
namespace testutil {

inline std::string errorOf(llvm::Error E) {
  return E ? llvm::toString(std::move(E)) : std::string();
}

struct LitProgram {
  std::string Name;
  MastForest Program;
  std::vector<Felt> Inputs;
  ExecutionTrace Trace;
  std::vector<Felt> Outputs;
};

inline std::vector<Felt> parseFelts(llvm::StringRef S) {
  std::vector<Felt> Out;
  llvm::SmallVector<llvm::StringRef, 16> Parts;
  S.split(Parts, ',', -1, false);
  for (llvm::StringRef P : Parts) {
    uint64_t V = 0;
    if (!P.trim().getAsInteger(10, V))
      Out.push_back(Felt(V));
  }
  return Out;
}

/// Assembles and runs one program; false if it does not assemble or run.
inline bool runProgram(llvm::StringRef Name, llvm::StringRef Source, std::vector<Felt> Inputs,
                       std::vector<Felt> Advice, LitProgram &Out) {
  llvm::SourceMgr SM;
  std::string Errors;
  llvm::raw_string_ostream ES(Errors);
  DiagnosticEngine Diags(SM, ES);
  unsigned Id =
      SM.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(Source, Name), llvm::SMLoc());
  Assembler Asm(Diags, AssemblerOptions());
  std::unique_ptr<ir::Unit> U = Asm.assembleProgram(Id);
  if (!U || Diags.hasErrors())
    return false;
  llvm::Expected<MastForest> F = lowerToMast(*U, &SM);
  if (!F) {
    llvm::consumeError(F.takeError());
    return false;
  }
  Out.Name = Name.str();
  Out.Program = std::move(*F);
  Out.Inputs = Inputs;
  DefaultHost H;
  llvm::consumeError(registerCoreLibraryHandlers(H));
  AdviceInputs AI;
  AI.Stack = std::move(Advice);
  llvm::Expected<ExecutionResult> R =
      executeForTrace(Out.Program, Inputs, std::move(AI), H, Out.Trace);
  if (!R) {
    llvm::consumeError(R.takeError());
    return false;
  }
  Out.Outputs = R->Stack;
  return Out.Outputs.size() == 16;
}

/// test/VM/*.masm that run with plain --stack / --advice options.
inline std::vector<LitProgram> loadLitPrograms() {
  llvm::SmallString<256> Dir(__FILE__);
  llvm::sys::path::remove_filename(Dir); // unittests/VmAir
  llvm::sys::path::remove_filename(Dir); // unittests
  llvm::sys::path::remove_filename(Dir); // root
  llvm::sys::path::append(Dir, "test", "VM");
  std::vector<std::string> Files;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC; It.increment(EC))
    if (llvm::StringRef(It->path()).endswith(".masm"))
      Files.push_back(It->path());
  std::sort(Files.begin(), Files.end());
  std::vector<LitProgram> Out;
  for (const std::string &Path : Files) {
    auto Buf = llvm::MemoryBuffer::getFile(Path);
    if (!Buf)
      continue;
    llvm::StringRef Text = (*Buf)->getBuffer();
    // The zkrun line (the first RUN line may be the program-hash check).
    size_t RunPos = Text.find("# RUN: %zkrun");
    if (RunPos == llvm::StringRef::npos)
      continue; // a failing program ("RUN: not %zkrun"), or no run at all
    llvm::StringRef Run = Text.substr(RunPos).split('\n').first;
    if (Run.contains("not ") || Run.contains(" -i") || Run.contains("--kernel") ||
        Run.contains(" -l"))
      continue;
    std::vector<Felt> Inputs, Advice;
    llvm::SmallVector<llvm::StringRef, 8> Words;
    Run.split(Words, ' ', -1, false);
    for (size_t I = 0; I + 1 < Words.size(); ++I) {
      if (Words[I] == "--stack")
        Inputs = parseFelts(Words[I + 1]);
      if (Words[I] == "--advice")
        Advice = parseFelts(Words[I + 1]);
    }
    LitProgram P;
    if (runProgram(llvm::sys::path::stem(Path), Text, Inputs, Advice, P))
      Out.push_back(std::move(P));
  }
  return Out;
}

/// A main trace with the system, stack and range columns and the decoder
/// columns they read.
struct VmTrace {
  MainTrace Main;
  std::vector<Felt> Inputs, Outputs;
};

inline VmTrace buildTrace(const LitProgram &P, llvm::ArrayRef<uint16_t> ExtraRange = {}) {
  VmTraceInputs In{P.Trace, P.Program};
  size_t Rows =
      std::max({systemRowsNeeded(In), stackRowsNeeded(In), rangeRowsNeeded(In, ExtraRange)});
  size_t Len = std::max<size_t>(MinTraceLength, llvm::PowerOf2Ceil(Rows));
  VmTrace T;
  T.Main.assign(MainWidth, std::vector<Felt>(Len));
  buildSystemColumns(In, T.Main);
  buildOpBitColumns(In, T.Main);
  buildStackHelperColumns(In, T.Main);
  buildStackColumns(In, T.Main);
  buildRangeColumns(In, T.Main, ExtraRange);
  T.Inputs = P.Inputs;
  T.Outputs = P.Outputs;
  return T;
}

/// System + stack + range constraints; aux columns: the overflow table (4
/// random elements) and the range bus (1).
class ComponentsAir : public AirBase<ComponentsAir> {
public:
  explicit ComponentsAir(const VmTrace &T)
      : AirBase(TraceInfo{MainWidth, 2, 5, T.Main[0].size()}), Inputs(T.Inputs),
        Outputs(T.Outputs) {}

  llvm::StringRef name() const override { return "vm-stack-range"; }
  std::vector<uint8_t> publicInputs() const override {
    std::vector<uint8_t> B;
    for (const std::vector<Felt> *V : {&Inputs, &Outputs}) {
      B.push_back(uint8_t(V->size()));
      for (Felt X : *V)
        for (unsigned I = 0; I < 8; ++I)
          B.push_back(uint8_t(X.value() >> (8 * I)));
    }
    return B;
  }
  std::vector<unsigned> mainConstraintDegrees() const override {
    std::vector<unsigned> D = systemConstraintDegrees();
    for (auto Part : {stackConstraintDegrees(), rangeConstraintDegrees()})
      D.insert(D.end(), Part.begin(), Part.end());
    return D;
  }
  std::vector<unsigned> auxConstraintDegrees() const override { return {9, 9}; }
  std::vector<Assertion> assertions() const override {
    size_t Last = traceLength() - 1;
    std::vector<Assertion> A = systemAssertions();
    for (auto Part : {stackAssertions(Inputs, Outputs, Last), rangeAssertions(Last)})
      A.insert(A.end(), Part.begin(), Part.end());
    A.push_back({true, 0, 0, Felt::one()});
    A.push_back({true, 0, Last, Felt::one()});
    A.push_back({true, 1, 0, Felt()});
    A.push_back({true, 1, Last, Felt()});
    return A;
  }

  template <class E>
  void evaluateMain(const EvalFrame<E> &M, llvm::ArrayRef<E> P,
                    llvm::MutableArrayRef<E> Out) const {
    evaluateSystem<E>(M, P, Out.slice(0, NumSystemConstraints));
    evaluateStack<E>(M, P, Out.slice(NumSystemConstraints, NumStackConstraints));
    evaluateRange<E>(M, P, Out.slice(NumSystemConstraints + NumStackConstraints, 1));
  }
  template <class F, class E>
  void evaluateAux(const EvalFrame<F> &M, const EvalFrame<E> &A, llvm::ArrayRef<F>,
                   llvm::ArrayRef<E> R, llvm::MutableArrayRef<E> Out) const {
    Out[0] = evaluateStackOverflowBus<F, E>(M, A.Current[0], A.Next[0], R.slice(0, 4));
    F Zero = F(Felt());
    Out[1] = evaluateRangeBus<F, E>(M, A.Current[1], A.Next[1], R[4], Zero, Zero, Zero);
  }
  template <class E>
  std::vector<std::vector<E>> buildAux(const TraceColumns &T, llvm::ArrayRef<E> R) const {
    return {buildStackOverflowColumn<E>(T, R.slice(0, 4)), buildRangeBusColumn<E>(T, R[4])};
  }

private:
  std::vector<Felt> Inputs, Outputs;
};

} // namespace testutil
} // namespace vmair
} // namespace zkvm

#endif // ZKVM_UNITTESTS_VMAIR_STACKRANGETESTUTIL_H
