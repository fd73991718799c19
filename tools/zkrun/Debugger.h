//===- Debugger.h - zkrun --debug ---------------------------------*- C++ -*-===//
//
// A command-line debugger over the VM's step hook. It reads commands from a
// stream (a terminal or a script) and prints to another:
//
//   step [n] | s [n]        run n cycles (default 1)
//   continue | c            run to the next breakpoint or the end
//   back [n] | b [n]        go back n cycles (replays the run from the start:
//                           execution is deterministic)
//   break <proc>            stop when procedure <proc> is entered
//   break [<file>:]<line>   stop at the first cycle of a source line
//   delete                  remove every breakpoint
//   stack | mem <addr> [n] | advice | where     inspect
//   help | quit
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_TOOLS_ZKRUN_DEBUGGER_H
#define ZKVM_TOOLS_ZKRUN_DEBUGGER_H

#include "zkvm/VM/AdviceInputs.h"
#include "zkvm/VM/Processor.h"

#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <istream>

namespace zkvm {

/// Runs Program under the debugger; returns the process exit code.
int runDebugger(const MastForest &Program, const ProgramInputs &Inputs, Host &H,
                const ExecutionOptions &Opts, llvm::SourceMgr &SM, std::istream &In,
                llvm::raw_ostream &Out);

} // namespace zkvm

#endif // ZKVM_TOOLS_ZKRUN_DEBUGGER_H
