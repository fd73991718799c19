//===- zkprove.cpp - execute a program and produce a STARK proof of the run ===//

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
  zkvm::initTool(argc, argv, "zkprove - execute a program and produce a STARK proof of the run\n");

  auto Buffer = MemoryBuffer::getFileOrSTDIN(InputFilename);
  if (!Buffer)
    return zkvm::reportToolError("zkprove", zkvm::createError("cannot open '" + InputFilename +
                                                         "': " + Buffer.getError().message()));
  return zkvm::reportToolError("zkprove", zkvm::createError("this stage is not part of this build yet"));
}
