//===- zkasm.cpp - The zkvm assembler driver ------------------------------===//
//
// Reads Miden assembly and produces a MAST program or library, or prints an
// intermediate form (--emit=ast|ir|mast|hash).
//
//===----------------------------------------------------------------------===//

#include "zkvm/Asm/Assembler.h"
#include "zkvm/Mast/Lowering.h"
#include "zkvm/Mast/MastForest.h"
#include "zkvm/Mast/MastFormat.h"
#include "zkvm/Mast/MastPrinter.h"
#include "zkvm/Support/Diagnostics.h"
#include "zkvm/Support/Error.h"
#include "zkvm/Support/ToolMain.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;
using namespace zkvm;

namespace {

enum class EmitKind { Binary, Ast, Ir, Mast, Hash };

cl::list<std::string> InputFilenames(cl::Positional, cl::desc("<input .masm files>"),
                                     cl::cat(getToolCategory()));
cl::opt<std::string> OutputFilename("o", cl::desc("Output file ('-' for stdout)"),
                                    cl::value_desc("filename"), cl::cat(getToolCategory()));
cl::opt<EmitKind>
    Emit("emit", cl::desc("What to produce"), cl::init(EmitKind::Binary),
         cl::values(clEnumValN(EmitKind::Binary, "masb", "a MAST binary (.masb/.masl; default)"),
                    clEnumValN(EmitKind::Ast, "ast", "the parsed source, in canonical syntax"),
                    clEnumValN(EmitKind::Ir, "ir", "the IR after lowering"),
                    clEnumValN(EmitKind::Mast, "mast", "the MAST forest as text"),
                    clEnumValN(EmitKind::Hash, "hash", "the program hash (MAST root) only")),
         cl::cat(getToolCategory()));
cl::opt<bool> Library("lib", cl::desc("Assemble library modules (no 'begin') into a .masl"),
                      cl::cat(getToolCategory()));
cl::list<std::string>
    ModuleNames("module",
                cl::desc("Module path of the corresponding library input (default: from the "
                         "file name under --namespace)"),
                cl::value_desc("a::b"), cl::cat(getToolCategory()));
cl::opt<std::string> Namespace("namespace", cl::desc("Namespace of library modules"),
                               cl::init("lib"), cl::cat(getToolCategory()));
cl::list<std::string> LibraryPaths(
    "L", cl::Prefix,
    cl::desc("Add a library root: 'ns=dir' maps module ns::a::b to dir/a/b.masm (a bare dir "
             "maps 'miden::core')"),
    cl::value_desc("ns=dir"), cl::cat(getToolCategory()));
cl::opt<bool> NoCoreLibrary("nostdlib", cl::desc("Do not make the bundled core library available"),
                            cl::cat(getToolCategory()));
cl::opt<bool> KeepDead("keep-dead-procs", cl::desc("Keep procedures nothing reaches"),
                       cl::cat(getToolCategory()));
cl::opt<bool> WarningsAsErrors("Werror", cl::desc("Treat warnings as errors"),
                               cl::cat(getToolCategory()));
cl::opt<bool> NoWarnings("w", cl::desc("Suppress warnings"), cl::cat(getToolCategory()));
cl::opt<unsigned> ErrorLimit("ferror-limit", cl::desc("Stop after this many errors (0: no limit)"),
                             cl::init(20), cl::cat(getToolCategory()));
cl::opt<std::string> KernelFile("kernel",
                                cl::desc("Kernel module (pub procedures are the syscall targets) "
                                         "for the program"),
                                cl::value_desc("kernel.masm"), cl::cat(getToolCategory()));
cl::opt<bool> Json("json", cl::desc("With --emit=hash: print a JSON object"),
                   cl::cat(getToolCategory()));

std::string defaultModulePath(StringRef File) {
  return Namespace + "::" + sys::path::stem(File).str();
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  initTool(argc, argv, "zkasm - assemble Miden assembly (v0.20) into a MAST program or library\n");
  if (InputFilenames.empty())
    InputFilenames.push_back("-");
  if (!Library && InputFilenames.size() != 1)
    return reportToolError("zkasm", createError("a program is one source file; use --lib to "
                                                "assemble several library modules"));
  if (!ModuleNames.empty() && ModuleNames.size() != InputFilenames.size())
    return reportToolError("zkasm", createError("give one --module per input file"));

  SourceMgr SM;
  DiagnosticEngine Diags(SM);
  Diags.setToolName("zkasm");
  Diags.setErrorLimit(ErrorLimit);
  Diags.setWarningsAsErrors(WarningsAsErrors);
  Diags.setSuppressWarnings(NoWarnings);

  AssemblerOptions Opts;
  Opts.KeepDeadProcedures = KeepDead;
  for (StringRef L : LibraryPaths) {
    auto [NS, Dir] = L.split('=');
    if (Dir.empty())
      Opts.Libraries.push_back({"miden::core", NS.str()});
    else
      Opts.Libraries.push_back({NS.str(), Dir.str()});
  }
  if (!NoCoreLibrary) {
    std::string Core = findBundledCoreLibrary(argv[0], (void *)&defaultModulePath);
    if (!Core.empty())
      Opts.Libraries.push_back({"miden::core", Core});
  }

  std::vector<std::pair<unsigned, std::string>> Sources;
  for (size_t I = 0; I < InputFilenames.size(); ++I) {
    auto Buffer = MemoryBuffer::getFileOrSTDIN(InputFilenames[I]);
    if (!Buffer)
      return reportToolError("zkasm", createError("cannot open '" + InputFilenames[I] +
                                                  "': " + Buffer.getError().message()));
    unsigned ID = SM.AddNewSourceBuffer(std::move(*Buffer), SMLoc());
    std::string Path =
        Library ? (ModuleNames.empty() ? defaultModulePath(InputFilenames[I]) : ModuleNames[I])
                : "$exec";
    Sources.push_back({ID, Path});
  }

  Assembler Asm(Diags, Opts);
  auto Finish = [&](int Code) {
    Diags.printSummary();
    return Code;
  };
  if (!KernelFile.empty()) {
    if (Library)
      return reportToolError("zkasm", createError("--kernel applies to programs, not --lib"));
    auto Buffer = MemoryBuffer::getFile(KernelFile);
    if (!Buffer)
      return reportToolError(
          "zkasm", createError("cannot open '" + KernelFile + "': " + Buffer.getError().message()));
    if (!Asm.setKernel(SM.AddNewSourceBuffer(std::move(*Buffer), SMLoc())))
      return Finish(1);
  }

  if (Emit == EmitKind::Ast) {
    std::string Text;
    raw_string_ostream OS(Text);
    for (auto &[ID, Path] : Sources) {
      auto M = Asm.parseOnly(ID, Path);
      if (!M)
        return Finish(1);
      ast::printModule(OS, *M);
    }
    if (Diags.hasErrors())
      return Finish(1);
    std::error_code EC;
    ToolOutputFile Out(OutputFilename.empty() ? std::string("-") : OutputFilename.getValue(), EC,
                       sys::fs::OF_Text);
    if (EC)
      return reportToolError("zkasm",
                             createError("cannot write '" + OutputFilename + "': " + EC.message()));
    Out.os() << OS.str();
    Out.keep();
    return Finish(0);
  }

  std::unique_ptr<ir::Unit> Unit =
      Library ? Asm.assembleLibrary(Sources) : Asm.assembleProgram(Sources[0].first);
  if (!Unit || Diags.hasErrors())
    return Finish(1);

  std::string Text;
  raw_string_ostream OS(Text);
  if (Emit == EmitKind::Ir) {
    ir::print(OS, *Unit);
  } else {
    Expected<MastForest> Forest = lowerToMast(*Unit, &SM);
    if (!Forest) {
      Diags.printSummary();
      return reportToolError("zkasm", Forest.takeError());
    }
    switch (Emit) {
    case EmitKind::Mast:
      printForest(OS, *Forest);
      break;
    case EmitKind::Hash:
      if (Library) {
        if (Json) {
          json::Object Exports;
          for (const auto &E : Forest->exports())
            Exports[E.Path] = Forest->digest(E.Node).toHex();
          OS << formatv("{0:2}", json::Value(json::Object{{"exports", std::move(Exports)}}))
             << '\n';
        } else {
          for (const auto &E : Forest->exports())
            OS << Forest->digest(E.Node).toHex() << ' ' << E.Path << '\n';
        }
      } else if (Json) {
        OS << formatv("{0:2}", json::Value(json::Object{
                                   {"program_hash", Forest->digest(*Forest->entrypoint()).toHex()},
                                   {"nodes", int64_t(Forest->numNodes())}}))
           << '\n';
      } else {
        OS << Forest->digest(*Forest->entrypoint()).toHex() << '\n';
      }
      break;
    case EmitKind::Binary: {
      if (OutputFilename.empty()) {
        StringRef In = InputFilenames[0] == "-" ? "out" : StringRef(InputFilenames[0]);
        SmallString<256> Default(In);
        sys::path::replace_extension(Default, Library ? "masl" : "masb");
        OutputFilename = std::string(Default);
      }
      // Written through a temporary file: no partial output on failure.
      if (Error E = writeMastForestFile(*Forest, OutputFilename)) {
        Diags.printSummary();
        return reportToolError("zkasm", std::move(E));
      }
      return Finish(0);
    }
    default:
      break;
    }
  }
  std::error_code EC;
  ToolOutputFile Out(OutputFilename.empty() ? std::string("-") : OutputFilename.getValue(), EC,
                     sys::fs::OF_Text);
  if (EC)
    return reportToolError("zkasm",
                           createError("cannot write '" + OutputFilename + "': " + EC.message()));
  Out.os() << OS.str();
  Out.keep();
  return Finish(0);
}
