//===- zkasm.cpp - The zkvm assembler driver ------------------------------===//
//
// Reads Miden assembly and produces a MAST program or library.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Support/Error.h"
#include "zkvm/Support/ToolMain.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;

static cl::opt<std::string> InputFilename(cl::Positional, cl::desc("<input .masm>"), cl::init("-"),
                                          cl::cat(zkvm::getToolCategory()));
static cl::opt<std::string> OutputFilename("o", cl::desc("Output file"),
                                           cl::value_desc("filename"),
                                           cl::cat(zkvm::getToolCategory()));

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  zkvm::initTool(argc, argv, "zkasm - assemble Miden assembly into a MAST program\n");

  auto Buffer = MemoryBuffer::getFileOrSTDIN(InputFilename);
  if (!Buffer)
    return zkvm::reportToolError(
        "zkasm", zkvm::createError("cannot open '" + InputFilename +
                                   "': " + Buffer.getError().message()));
  return zkvm::reportToolError("zkasm",
                               zkvm::createError("the assembler is not part of this build yet"));
}
