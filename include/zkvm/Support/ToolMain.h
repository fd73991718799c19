//===- zkvm/Support/ToolMain.h - Shared command-line set-up ---------------===//
//
// All zkvm tools share one option category, LLVM-style --help/--version, and
// hide the hundreds of options that the shared libLLVM registers.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_SUPPORT_TOOLMAIN_H
#define ZKVM_SUPPORT_TOOLMAIN_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"

namespace zkvm {

/// The category every zkvm tool option belongs to; --help lists only these.
llvm::cl::OptionCategory &getToolCategory();

/// Parses the command line of a zkvm tool: installs the version printer and
/// crash handlers, hides LLVM's own options and reports bad flags (exit 1).
void initTool(int &Argc, char **&Argv, llvm::StringRef Overview);

/// "zkvm <version>" as printed by --version.
llvm::StringRef getVersionString();

} // namespace zkvm

#endif // ZKVM_SUPPORT_TOOLMAIN_H
