//===- CodeGen.h - zkcc: Clang AST to Miden assembly ------------*- C++ -*-===//
//
// Walks the AST of one C translation unit and writes an equivalent Miden
// assembly program (docs/zkcc.md describes the subset and the conventions).
// Everything outside the subset is reported through Clang's diagnostics, at
// the offending source location.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_TOOLS_ZKCC_CODEGEN_H
#define ZKVM_TOOLS_ZKCC_CODEGEN_H

#include <string>

namespace clang {
class ASTContext;
} // namespace clang

namespace zkcc {

struct CodeGenOptions {
  /// Put `# file:line  source text` comments before the code of each statement.
  bool SourceComments = true;
};

/// Generates the program for the translation unit of Ctx into Out. Returns
/// false after reporting errors through Ctx's diagnostics engine.
bool generateMasm(clang::ASTContext &Ctx, const CodeGenOptions &Opts, std::string &Out);

} // namespace zkcc

#endif // ZKVM_TOOLS_ZKCC_CODEGEN_H
