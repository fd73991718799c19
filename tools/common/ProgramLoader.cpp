//===- ProgramLoader.cpp - Shared front end of the execution tools -------===//

#include "ProgramLoader.h"

#include "zkvm/Asm/Assembler.h"
#include "zkvm/Mast/Lowering.h"
#include "zkvm/Mast/MastFormat.h"
#include "zkvm/Support/Error.h"
#include "zkvm/Support/ToolMain.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;

namespace zkvm {

namespace {
cl::list<std::string> LibraryRootsOpt(
    "L", cl::Prefix,
    cl::desc("Add a library root for source programs: 'ns=dir' maps module ns::a::b to "
             "dir/a/b.masm (a bare dir maps 'miden::core')"),
    cl::value_desc("ns=dir"), cl::cat(getToolCategory()));
cl::opt<bool> NoCoreLibraryOpt("nostdlib",
                               cl::desc("Do not make the bundled core library available"),
                               cl::cat(getToolCategory()));
cl::list<std::string> LibrariesOpt("l", cl::Prefix,
                                   cl::desc("Load a MAST library (.masl) for procedures the "
                                            "program references by digest"),
                                   cl::value_desc("lib.masl"), cl::cat(getToolCategory()));
cl::opt<std::string> KernelOpt("kernel",
                               cl::desc("Kernel module for a source program (its pub procedures "
                                        "are the syscall targets)"),
                               cl::value_desc("kernel.masm"), cl::cat(getToolCategory()));
cl::opt<std::string> InputsFileOpt("i",
                                   cl::desc("Miden .inputs JSON file (operand_stack: the LAST "
                                            "value is the top of the stack)"),
                                   cl::value_desc("file.inputs"), cl::cat(getToolCategory()));
cl::alias InputsFileLongOpt("inputs", cl::aliasopt(InputsFileOpt));
cl::opt<std::string> StackInputsOpt("stack",
                                    cl::desc("Initial operand stack, comma-separated, TOP FIRST "
                                             "(replaces operand_stack from -i)"),
                                    cl::value_desc("a,b,.."), cl::cat(getToolCategory()));
cl::opt<std::string> AdviceStackOpt("advice",
                                    cl::desc("Advice stack, comma-separated, first popped first "
                                             "(replaces advice_stack from -i)"),
                                    cl::value_desc("a,b,.."), cl::cat(getToolCategory()));
} // namespace

Expected<ProgramInputs> loadRunInputs() {
  ProgramInputs Inputs;
  if (!InputsFileOpt.empty()) {
    Expected<ProgramInputs> Loaded = parseInputsFile(InputsFileOpt);
    if (!Loaded)
      return Loaded.takeError();
    Inputs = std::move(*Loaded);
  }
  if (StackInputsOpt.getNumOccurrences()) {
    Expected<std::vector<Felt>> V = parseFeltList(StackInputsOpt);
    if (!V)
      return createError("--stack: " + toString(V.takeError()));
    if (V->size() > MaxStackInputs)
      return createError("--stack: at most 16 values, got " + Twine(V->size()));
    Inputs.StackInputs = std::move(*V);
  }
  if (AdviceStackOpt.getNumOccurrences()) {
    Expected<std::vector<Felt>> V = parseFeltList(AdviceStackOpt);
    if (!V)
      return createError("--advice: " + toString(V.takeError()));
    Inputs.Advice.Stack = std::move(*V);
  }
  return std::move(Inputs);
}

std::string findCoreLibrary(const char *Argv0) {
  return findBundledCoreLibrary(Argv0, (void *)&findCoreLibrary);
}

Expected<MastForest> loadProgram(StringRef Path, const char *Argv0, DiagnosticEngine &Diags) {
  auto Buffer = MemoryBuffer::getFileOrSTDIN(Path);
  if (!Buffer)
    return createError("cannot open '" + Path + "': " + Buffer.getError().message());
  ArrayRef<uint8_t> Bytes(reinterpret_cast<const uint8_t *>((*Buffer)->getBufferStart()),
                          (*Buffer)->getBufferSize());
  // A MAST image is recognised by its magic, whatever the file is called.
  if (isMastImage(Bytes) || Path.endswith(".masb") || Path.endswith(".masl")) {
    Expected<MastForest> F = readMastForest(Bytes, Path);
    if (!F)
      return F.takeError();
    if (F->kind() != MastKind::Program || !F->entrypoint())
      return createError("'" + Path + "' is a " + getMastKindName(F->kind()) + ", not a program");
    return F;
  }
  SourceMgr &SM = Diags.getSourceMgr();
  unsigned ID = SM.AddNewSourceBuffer(std::move(*Buffer), SMLoc());
  AssemblerOptions AO;
  for (StringRef L : LibraryRootsOpt) {
    auto [NS, Dir] = L.split('=');
    if (Dir.empty())
      AO.Libraries.push_back({"miden::core", NS.str()});
    else
      AO.Libraries.push_back({NS.str(), Dir.str()});
  }
  if (!NoCoreLibraryOpt) {
    std::string Core = findCoreLibrary(Argv0);
    if (!Core.empty())
      AO.Libraries.push_back({"miden::core", Core});
  }
  Assembler Asm(Diags, AO);
  if (!KernelOpt.empty()) {
    auto KernelBuffer = MemoryBuffer::getFile(KernelOpt);
    if (!KernelBuffer)
      return createError("cannot open '" + KernelOpt + "': " + KernelBuffer.getError().message());
    if (!Asm.setKernel(SM.AddNewSourceBuffer(std::move(*KernelBuffer), SMLoc()))) {
      Diags.printSummary();
      return createError("could not assemble the kernel '" + KernelOpt + "'");
    }
  }
  std::unique_ptr<ir::Unit> Unit = Asm.assembleProgram(ID);
  if (!Unit || Diags.hasErrors()) {
    Diags.printSummary();
    return createError("could not assemble '" + Path + "'");
  }
  return lowerToMast(*Unit, &SM);
}

Error loadLibraries(DefaultHost &Host) {
  for (const std::string &Path : LibrariesOpt) {
    Expected<MastForest> F = readMastForestFile(Path);
    if (!F)
      return F.takeError();
    Host.addLibrary(std::make_shared<const MastForest>(std::move(*F)));
  }
  return Error::success();
}

void reportExecutionError(const ExecutionError &E, StringRef ToolName, DiagnosticEngine &Diags) {
  SourceMgr &SM = Diags.getSourceMgr();
  SMLoc Loc;
  if (const auto &L = E.location()) {
    // The program's own source is usually loaded already; library sources are
    // read on demand.
    unsigned Buf = 0;
    for (unsigned I = 1; I <= SM.getNumBuffers(); ++I)
      if (SM.getMemoryBuffer(I)->getBufferIdentifier() == L->File) {
        Buf = I;
        break;
      }
    if (!Buf) {
      if (auto B = MemoryBuffer::getFile(L->File))
        Buf = SM.AddNewSourceBuffer(std::move(*B), SMLoc());
    }
    if (Buf)
      Loc = SM.FindLocForLineAndColumn(Buf, L->Line, L->Col);
  }
  Diags.error(Loc, E.text() + " (at cycle " + Twine(E.cycle()) + ")");
  if (!Loc.isValid() && E.location())
    errs() << "  at " << E.location()->File << ":" << E.location()->Line << ":" << E.location()->Col
           << "\n";
}

} // namespace zkvm
