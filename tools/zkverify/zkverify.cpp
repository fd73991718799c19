//===- zkverify.cpp - check a STARK proof without re-running the program ===//

#include "zkvm/Support/Error.h"
#include "zkvm/Support/ToolMain.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;

static cl::opt<std::string> InputFilename(cl::Positional, cl::desc("<input>"), cl::Required,
                                          cl::cat(zkvm::getToolCategory()));

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  zkvm::initTool(argc, argv, "zkverify - check a STARK proof without re-running the program\n");

  auto Buffer = MemoryBuffer::getFileOrSTDIN(InputFilename);
  if (!Buffer)
    return zkvm::reportToolError("zkverify", zkvm::createError("cannot open '" + InputFilename +
                                                         "': " + Buffer.getError().message()));
  return zkvm::reportToolError("zkverify", zkvm::createError("this stage is not part of this build yet"));
}
