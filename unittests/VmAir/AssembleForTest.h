//===- AssembleForTest.h - Programs for the VM AIR tests ----------*- C++ -*-===//
//
// Assembles a test program (with an optional kernel) into a forest; assembly
// errors fail the calling test with the diagnostics.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_UNITTESTS_VMAIR_ASSEMBLEFORTEST_H
#define ZKVM_UNITTESTS_VMAIR_ASSEMBLEFORTEST_H

#include "zkvm/Asm/Assembler.h"
#include "zkvm/Mast/Lowering.h"
#include "zkvm/Support/Diagnostics.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <memory>

namespace zkvm {

inline std::unique_ptr<MastForest> assembleForTest(llvm::StringRef Source,
                                                   llvm::StringRef Kernel = "") {
  llvm::SourceMgr SM;
  std::string Errors;
  llvm::raw_string_ostream ES(Errors);
  DiagnosticEngine Diags(SM, ES);
  Assembler Asm(Diags, AssemblerOptions());
  if (!Kernel.empty()) {
    unsigned K = SM.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(Kernel, "kernel.masm"),
                                       llvm::SMLoc());
    EXPECT_TRUE(Asm.setKernel(K)) << ES.str();
  }
  unsigned Id = SM.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(Source, "test.masm"),
                                      llvm::SMLoc());
  std::unique_ptr<ir::Unit> U = Asm.assembleProgram(Id);
  EXPECT_TRUE(U && !Diags.hasErrors()) << ES.str();
  if (!U)
    return nullptr;
  return std::make_unique<MastForest>(llvm::cantFail(lowerToMast(*U, &SM)));
}

} // namespace zkvm

#endif // ZKVM_UNITTESTS_VMAIR_ASSEMBLEFORTEST_H
