//===- ProgramLoader.h - Shared front end of zkrun/zkprove/zkverify -*- C++ -*-=//
//
// The execution tools take a program either as Miden assembly (assembled on
// the fly, with the bundled core library on the search path) or as a .masb
// produced by zkasm, and optional libraries (.masl) that External nodes and
// dynexec targets resolve against.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_TOOLS_PROGRAMLOADER_H
#define ZKVM_TOOLS_PROGRAMLOADER_H

#include "zkvm/Mast/MastForest.h"
#include "zkvm/Support/Diagnostics.h"
#include "zkvm/VM/AdviceInputs.h"
#include "zkvm/VM/Processor.h"

#include "llvm/Support/CommandLine.h"

#include <memory>
#include <string>
#include <vector>

namespace zkvm {

// Linking this library gives a tool the options -L ns=dir, --nostdlib and
// -l lib.masl (in the tool's option category).

/// The bundled core library's source directory ("" when not found).
std::string findCoreLibrary(const char *Argv0);

/// Reads a .masb program or assembles a .masm one; diagnostics go to Diags
/// (whose SourceMgr keeps the sources, so runtime errors can point into them).
llvm::Expected<MastForest> loadProgram(llvm::StringRef Path, const char *Argv0,
                                       DiagnosticEngine &Diags);

/// The program's inputs from the options -i/--inputs (a .inputs file),
/// --stack (top first) and --advice (first popped first); the last two
/// replace the file's lists.
llvm::Expected<ProgramInputs> loadRunInputs();

/// Loads the -l libraries into Host.
llvm::Error loadLibraries(DefaultHost &Host);

/// Prints an execution failure the way compilers print errors: the source
/// line of the failing instruction with a caret when known, then the cycle.
void reportExecutionError(const ExecutionError &E, llvm::StringRef ToolName,
                          DiagnosticEngine &Diags);

} // namespace zkvm

#endif // ZKVM_TOOLS_PROGRAMLOADER_H
