//===- zkvm/Asm/Assembler.h - Source modules to IR -------------*- C++ -*-===//
//
// The assembler driver behind zkasm: loads modules (the input and whatever it
// imports, found through library roots), checks them (names, constants,
// immediate ranges, recursion, visibility) and lowers them to IR.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_ASM_ASSEMBLER_H
#define ZKVM_ASM_ASSEMBLER_H

#include "zkvm/Asm/AST.h"
#include "zkvm/IR/IR.h"

#include "llvm/ADT/StringMap.h"

#include <memory>
#include <string>
#include <vector>

namespace zkvm {

class DiagnosticEngine;

struct LibraryRoot {
  std::string Namespace; ///< "miden::core"
  std::string Directory; ///< module a::b is <Directory>/a/b.masm
};

struct AssemblerOptions {
  std::vector<LibraryRoot> Libraries;
  /// Keep procedures nothing reaches (libraries keep all exports anyway).
  bool KeepDeadProcedures = false;
};

/// The bundled core library's source directory for a tool at Argv0:
/// <prefix>/stdlib or <prefix>/share/zkvm/stdlib next to its bin/, else the
/// source tree's; "" when none holds the library. MainAddr is any function
/// of the executable (for sys::fs::getMainExecutable).
std::string findBundledCoreLibrary(const char *Argv0, void *MainAddr);

class Assembler {
public:
  Assembler(DiagnosticEngine &Diags, AssemblerOptions Opts);
  ~Assembler();

  /// Parses and checks buffer BufferID (of the diagnostics' SourceMgr) as a
  /// program; returns its IR, or null after reporting errors.
  std::unique_ptr<ir::Unit> assembleProgram(unsigned BufferID);

  /// Assembles library modules (buffer, module path) into one unit whose
  /// exported procedures are the modules' `pub` procedures.
  std::unique_ptr<ir::Unit>
  assembleLibrary(llvm::ArrayRef<std::pair<unsigned, std::string>> Modules);

  /// Makes buffer BufferID the kernel: a library module (path `$kernel`)
  /// whose `pub` procedures are the only `syscall` targets. Programs
  /// assembled afterwards include those procedures and list their digests as
  /// the program's kernel. Returns false after reporting errors.
  bool setKernel(unsigned BufferID);

  /// Only parses (for --emit=ast).
  std::unique_ptr<ast::Module> parseOnly(unsigned BufferID, llvm::StringRef ModulePath);

  struct ModuleState;

private:
  ModuleState *loadModule(llvm::StringRef Path, llvm::SMRange ImportedFrom);
  ModuleState *addModule(std::unique_ptr<ast::Module> AST);
  bool checkModule(ModuleState &M);
  bool lowerModule(ModuleState &M, ir::Unit &U);
  bool finish(ir::Unit &U);

  DiagnosticEngine &Diags;
  AssemblerOptions Opts;
  llvm::StringMap<std::unique_ptr<ModuleState>> Modules;
  ModuleState *Kernel = nullptr;
  std::vector<ModuleState *> LoadOrder;
};

} // namespace zkvm

#endif // ZKVM_ASM_ASSEMBLER_H
