//===- zkcc.cpp - The zkvm C compiler driver ------------------------------===//
//
// Parses a C file with Clang (libTooling), generates Miden assembly from its
// AST (CodeGen.cpp) and assembles that in-process, with the core library,
// into a MAST program: `zkcc prog.c -o prog.masb` (or `-o prog.masm` for the
// readable assembly with source-line comments). docs/zkcc.md has the details.
//
//===----------------------------------------------------------------------===//

#include "CodeGen.h"

#include "zkvm/Asm/Assembler.h"
#include "zkvm/Mast/Lowering.h"
#include "zkvm/Mast/MastForest.h"
#include "zkvm/Mast/MastFormat.h"
#include "zkvm/Support/Diagnostics.h"
#include "zkvm/Support/Error.h"
#include "zkvm/Support/OutputFile.h"
#include "zkvm/Support/ToolMain.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace llvm;
using namespace zkvm;

namespace {

enum class EmitKind { Auto, Masm, Masb, Hash };

cl::opt<std::string> InputFilename(cl::Positional, cl::desc("<input .c file>"), cl::Required,
                                   cl::cat(getToolCategory()));
cl::opt<std::string> OutputFilename("o",
                                    cl::desc("Output file: .masm for assembly text, anything "
                                             "else a MAST binary ('-' for stdout)"),
                                    cl::value_desc("filename"), cl::cat(getToolCategory()));
cl::opt<EmitKind>
    Emit("emit", cl::desc("What to produce (default: from the -o extension)"),
         cl::init(EmitKind::Auto),
         cl::values(clEnumValN(EmitKind::Masm, "masm", "Miden assembly with source comments"),
                    clEnumValN(EmitKind::Masb, "masb", "a MAST program binary"),
                    clEnumValN(EmitKind::Hash, "hash", "the program hash only")),
         cl::cat(getToolCategory()));
cl::list<std::string> IncludeDirs("I", cl::Prefix, cl::desc("Add an include directory"),
                                  cl::value_desc("dir"), cl::cat(getToolCategory()));
cl::list<std::string> Defines("D", cl::Prefix, cl::desc("Define a macro"),
                              cl::value_desc("name[=value]"), cl::cat(getToolCategory()));
cl::opt<bool> NoComments("no-source-comments",
                         cl::desc("Leave the source-line comments out of --emit=masm"),
                         cl::cat(getToolCategory()));

/// Generates the assembly once Clang has built the AST without errors.
class GenConsumer : public clang::ASTConsumer {
public:
  GenConsumer(std::string &Out, bool &Ok) : Out(Out), Ok(Ok) {}
  void HandleTranslationUnit(clang::ASTContext &Ctx) override {
    if (Ctx.getDiagnostics().hasErrorOccurred())
      return;
    zkcc::CodeGenOptions Opts;
    Opts.SourceComments = !NoComments;
    Ok = zkcc::generateMasm(Ctx, Opts, Out);
  }

private:
  std::string &Out;
  bool &Ok;
};

class GenAction : public clang::ASTFrontendAction {
public:
  GenAction(std::string &Out, bool &Ok) : Out(Out), Ok(Ok) {}
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance &,
                                                        StringRef) override {
    return std::make_unique<GenConsumer>(Out, Ok);
  }

private:
  std::string &Out;
  bool &Ok;
};

class GenFactory : public clang::tooling::FrontendActionFactory {
public:
  GenFactory(std::string &Out, bool &Ok) : Out(Out), Ok(Ok) {}
  std::unique_ptr<clang::FrontendAction> create() override {
    return std::make_unique<GenAction>(Out, Ok);
  }

private:
  std::string &Out;
  bool &Ok;
};

/// The directory holding zkvm.h: next to the tools in a build or install
/// tree, else the source tree's.
std::string findZkvmHeaderDir(const char *Argv0) {
  std::string Exe = sys::fs::getMainExecutable(Argv0, (void *)&findZkvmHeaderDir);
  SmallString<256> Bin(sys::path::parent_path(Exe));
  for (const char *Rel : {"../lib/zkcc/include", "../share/zkvm/zkcc/include"}) {
    SmallString<256> P(Bin);
    sys::path::append(P, Rel);
    SmallString<256> H(P);
    sys::path::append(H, "zkvm.h");
    if (sys::fs::exists(H))
      return std::string(P);
  }
  return ZKCC_SOURCE_INCLUDE_DIR;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  initTool(argc, argv, "zkcc - compile a C subset into a zkvm program (docs/zkcc.md)\n");

  EmitKind Kind = Emit;
  if (Kind == EmitKind::Auto)
    Kind = StringRef(OutputFilename).endswith(".masm") ? EmitKind::Masm : EmitKind::Masb;
  if (OutputFilename.empty()) {
    if (Kind == EmitKind::Masb) {
      SmallString<256> Default(sys::path::filename(InputFilename));
      sys::path::replace_extension(Default, "masb");
      OutputFilename = std::string(Default);
    } else {
      OutputFilename = "-";
    }
  }
  if (!sys::fs::exists(InputFilename))
    return reportToolError(
        "zkcc", createError("cannot open '" + InputFilename + "': no such file or directory"));

  std::vector<std::string> Args = {"-xc",
                                   "-std=c11",
                                   "-D__ZKCC__=1",
                                   "-fno-builtin",
                                   "-ffreestanding",
                                   "-resource-dir=" ZKCC_RESOURCE_DIR,
                                   "-I" + findZkvmHeaderDir(argv[0])};
  for (const std::string &I : IncludeDirs)
    Args.push_back("-I" + I);
  for (const std::string &D : Defines)
    Args.push_back("-D" + D);
  clang::tooling::FixedCompilationDatabase DB(".", Args);
  clang::tooling::ClangTool Tool(DB, {InputFilename});
  Tool.setPrintErrorMessage(false); // the diagnostics said it all
  std::string Masm;
  bool Ok = false;
  GenFactory Factory(Masm, Ok);
  int RC = Tool.run(&Factory);
  if (RC != 0 || !Ok)
    return 1;

  if (Kind == EmitKind::Masm) {
    ArrayRef<uint8_t> Bytes(reinterpret_cast<const uint8_t *>(Masm.data()), Masm.size());
    if (Error E = writeOutputFile(OutputFilename, Bytes))
      return reportToolError("zkcc", std::move(E));
    return 0;
  }

  // Assemble the generated text in-process, as zkasm would.
  SourceMgr SM;
  DiagnosticEngine Diags(SM);
  Diags.setToolName("zkcc");
  Diags.setSuppressWarnings(true);
  std::string BufName = InputFilename + ".masm";
  unsigned ID = SM.AddNewSourceBuffer(MemoryBuffer::getMemBufferCopy(Masm, BufName), SMLoc());
  AssemblerOptions AO;
  std::string Core = findBundledCoreLibrary(argv[0], (void *)&findZkvmHeaderDir);
  if (!Core.empty())
    AO.Libraries.push_back({"miden::core", Core});
  Assembler Asm(Diags, AO);
  std::unique_ptr<ir::Unit> Unit = Asm.assembleProgram(ID);
  if (!Unit || Diags.hasErrors()) {
    Diags.printSummary();
    return reportToolError("zkcc", createError("internal error: the generated assembly for '" +
                                               InputFilename + "' does not assemble"));
  }
  Expected<MastForest> Forest = lowerToMast(*Unit, &SM);
  if (!Forest)
    return reportToolError("zkcc", Forest.takeError());
  if (Kind == EmitKind::Hash) {
    std::string H = Forest->digest(*Forest->entrypoint()).toHex() + "\n";
    if (Error E = writeOutputFile(
            OutputFilename,
            ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(H.data()), H.size())))
      return reportToolError("zkcc", std::move(E));
    return 0;
  }
  if (Error E = writeMastForestFile(*Forest, OutputFilename))
    return reportToolError("zkcc", std::move(E));
  return 0;
}
