//===- ParserFuzzer.cpp - Fuzz the MASM front end -------------------------===//
//
// Arbitrary bytes as a MASM module: parse, check and lower to IR (a program
// when the module has `begin`, otherwise a one-module library), with every
// diagnostic going to a null stream. Nothing may crash, hang or leak. When
// the module parses, its printed form must parse back and print the same.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Asm/AST.h"
#include "zkvm/Asm/Assembler.h"
#include "zkvm/Asm/Parser.h"
#include "zkvm/Support/Diagnostics.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <cstdlib>

using namespace llvm;
using namespace zkvm;

static std::string printed(const ast::Module &M) {
  std::string S;
  raw_string_ostream OS(S);
  ast::printModule(OS, M);
  return OS.str();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  StringRef Text(reinterpret_cast<const char *>(Data), Size);
  SourceMgr SM;
  DiagnosticEngine Diags(SM, nulls());
  unsigned ID = SM.AddNewSourceBuffer(MemoryBuffer::getMemBufferCopy(Text, "fuzz.masm"), SMLoc());

  std::unique_ptr<ast::Module> M = parseModule(Diags, ID, "$exec");
  if (!M)
    return 0;

  // The printer's output is canonical: it parses back to the same module.
  std::string Once = printed(*M);
  unsigned ID2 =
      SM.AddNewSourceBuffer(MemoryBuffer::getMemBufferCopy(Once, "printed.masm"), SMLoc());
  std::unique_ptr<ast::Module> Again = parseModule(Diags, ID2, "$exec");
  if (!Again || printed(*Again) != Once) {
    std::fprintf(stderr, "printed module does not round-trip:\n%s\n", Once.c_str());
    std::abort();
  }

  // Name resolution, constants, ranges, recursion and IR lowering. No library
  // roots: imports fail to resolve, cleanly.
  SourceMgr SM2;
  DiagnosticEngine Diags2(SM2, nulls());
  unsigned ID3 = SM2.AddNewSourceBuffer(MemoryBuffer::getMemBufferCopy(Text, "fuzz.masm"), SMLoc());
  Assembler Asm(Diags2, AssemblerOptions());
  if (M->isExecutable())
    (void)Asm.assembleProgram(ID3);
  else
    (void)Asm.assembleLibrary({{ID3, std::string("fuzz::lib")}});
  return 0;
}
