//===- zkvm/Asm/Parser.h - Miden assembly parser ---------------*- C++ -*-===//
//
// A recursive-descent parser for Miden v0.20 assembly (programs, library
// modules, kernels). It also accepts the older dot syntax (`proc.foo.2`,
// `export.foo`, `use.std::math::u64`, `const.X=1`) with a warning giving the
// current spelling; `std::` paths are read as `miden::core::`.
// Errors are reported through the DiagnosticEngine; the parser recovers at
// the next instruction or declaration so one run reports several errors.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_ASM_PARSER_H
#define ZKVM_ASM_PARSER_H

#include "zkvm/Asm/AST.h"

#include "llvm/Support/SourceMgr.h"

#include <memory>

namespace zkvm {

class DiagnosticEngine;

/// Parses buffer BufferID of the diagnostics' SourceMgr as the module named
/// ModulePath. Returns null if any error was reported.
std::unique_ptr<ast::Module> parseModule(DiagnosticEngine &Diags, unsigned BufferID,
                                         llvm::StringRef ModulePath);

/// Maps a legacy `std::...` path to `miden::core::...`; other paths unchanged.
std::string canonicalizeLibraryPath(llvm::StringRef Path);

} // namespace zkvm

#endif // ZKVM_ASM_PARSER_H
