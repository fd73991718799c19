//===- ToolMain.cpp - Shared command-line set-up --------------------------===//

#include "zkvm/Support/ToolMain.h"

#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

#ifndef ZKVM_VERSION_STRING
#define ZKVM_VERSION_STRING "unknown"
#endif

cl::OptionCategory &zkvm::getToolCategory() {
  static cl::OptionCategory Category("zkvm options");
  return Category;
}

StringRef zkvm::getVersionString() { return "zkvm " ZKVM_VERSION_STRING; }

void zkvm::initTool(int &Argc, char **&Argv, StringRef Overview) {
  cl::SetVersionPrinter([](raw_ostream &OS) {
    OS << getVersionString() << " (Miden VM v0.20.6 compatible; RPO256, Goldilocks)\n";
  });
  // libLLVM registers its own options in every process that loads it; show
  // only ours (and --color, which the diagnostics honour).
  cl::HideUnrelatedOptions({&getToolCategory(), &getColorCategory()});
  cl::ParseCommandLineOptions(Argc, Argv, Overview);
}
