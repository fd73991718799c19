//===- zkprove.cpp - execute a program and produce a STARK proof of the run ===//
//
// Runs a .masm/.masb program (inputs as zkrun takes them), builds the VM
// AIR's trace (lib/Air/Vm/VmAir.cpp), proves it and writes a proof file
// (docs/formats.md) atomically: a temporary file in the output's directory,
// renamed over the output only once complete. Prints the cycles, the trace
// length, the time of each phase, the proof size and its security.
//
//===----------------------------------------------------------------------===//

#include "ProgramLoader.h"

#include "zkvm/Air/Vm/VmAir.h"
#include "zkvm/Prover/Prover.h"
#include "zkvm/Support/Diagnostics.h"
#include "zkvm/Support/Error.h"
#include "zkvm/Support/OutputFile.h"
#include "zkvm/Support/ResourceUsage.h"
#include "zkvm/Support/ToolMain.h"
#include "zkvm/VM/AdviceInputs.h"
#include "zkvm/VM/CoreLibrary.h"
#include "zkvm/VM/ExecutionTrace.h"
#include "zkvm/VM/Processor.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>

using namespace llvm;
using namespace zkvm;

namespace {

cl::opt<std::string> InputFilename(cl::Positional, cl::desc("<program .masm|.masb>"), cl::Required,
                                   cl::cat(getToolCategory()));
cl::opt<std::string> OutputFilename("o", cl::desc("Proof file to write"),
                                    cl::value_desc("prog.proof"), cl::Required,
                                    cl::cat(getToolCategory()));
cl::opt<unsigned> Security("security", cl::desc("Target security in bits: 96 or 128 (default 96)"),
                           cl::init(96), cl::cat(getToolCategory()));
cl::opt<std::string> HashName("hasher", cl::desc("Commitment hash: blake3 (default) or rpo"),
                              cl::init("blake3"), cl::cat(getToolCategory()));
cl::opt<bool> Json("json", cl::desc("Print the report as JSON"), cl::cat(getToolCategory()));
cl::opt<bool> NoProgress("no-progress",
                         cl::desc("Do not show progress on the terminal (it is never shown when "
                                  "stderr is not a terminal, or with --json)"),
                         cl::cat(getToolCategory()));
cl::opt<uint64_t> MaxCycles("max-cycles", cl::desc("Fail after this many cycles (default 2^29)"),
                            cl::init(uint64_t(1) << 29), cl::cat(getToolCategory()));

/// What the proof does not cover, printed with every proof.
const char *CoverageNote =
    "the proof binds the program hash, the 16 stack inputs and outputs, the kernel digests and "
    "the final precompile transcript state (LOGPRECOMPILE); advice inputs stay private, and the "
    "precompile requests behind the transcript are not checked. Not in the AIR (programs "
    "using it are refused): FRIE2F4 with poe = 0; see docs/design.md, VM AIR: integration";

double secondsSince(std::chrono::steady_clock::time_point T) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - T).count();
}

/// Writes Bytes to Path through a temporary file in the same directory.
} // namespace

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  initTool(argc, argv, "zkprove - execute a program and produce a STARK proof of the run\n");
  auto Fail = [](Error E) { return reportToolError("zkprove", std::move(E)); };

  ProofOptions Opts;
  HashKind Hash;
  if (HashName == "blake3")
    Hash = HashKind::Blake3;
  else if (HashName == "rpo")
    Hash = HashKind::Rpo256;
  else
    return Fail(createError("--hasher: expected blake3 or rpo, got '" + HashName + "'"));
  if (Security == 96)
    Opts = ProofOptions::security96(Hash);
  else if (Security == 128)
    Opts = ProofOptions::security128(Hash);
  else
    return Fail(createError("--security: expected 96 or 128, got " + Twine(Security.getValue())));

  SourceMgr SM;
  DiagnosticEngine Diags(SM);
  Diags.setToolName("zkprove");
  Expected<ProgramInputs> LoadedInputs = loadRunInputs();
  if (!LoadedInputs)
    return Fail(LoadedInputs.takeError());
  ProgramInputs &Inputs = *LoadedInputs;

  Expected<MastForest> Program = loadProgram(InputFilename, argv[0], Diags);
  if (!Program)
    return Fail(Program.takeError());
  DefaultHost Host;
  if (Error E = registerCoreLibraryHandlers(Host))
    return Fail(std::move(E));
  if (Error E = loadLibraries(Host))
    return Fail(std::move(E));

  ExecutionOptions EOpts;
  EOpts.MaxCycles = MaxCycles;
  auto T0 = std::chrono::steady_clock::now();
  // Progress on a terminal only (never in --json output or logs): one line
  // on stderr, rewritten in place, erased when done.
  const bool ShowProgress = !Json && !NoProgress && sys::Process::StandardErrIsDisplayed();
  auto Status = [&](StringRef Phase, double Done) {
    if (!ShowProgress)
      return;
    errs() << formatv("\r\x1b[Kzkprove: {0} {1,3}%  {2:f1} s", Phase, unsigned(Done * 100 + 0.5),
                      secondsSince(T0));
    errs().flush();
  };
  auto EndStatus = [&] {
    if (ShowProgress)
      errs() << "\r\x1b[K";
  };
  Status("executing", 0);
  ExecutionTrace Trace;
  Expected<ExecutionResult> Result =
      executeForTrace(*Program, Inputs.StackInputs, std::move(Inputs.Advice), Host, Trace, EOpts);
  if (!Result) {
    EndStatus();
    Error Rest = handleErrors(Result.takeError(), [&](const ExecutionError &E) {
      reportExecutionError(E, "zkprove", Diags);
    });
    if (Rest)
      return Fail(std::move(Rest));
    return 1;
  }
  double TExec = secondsSince(T0);

  Status("building the trace", 0);
  auto T1 = std::chrono::steady_clock::now();
  Expected<vmair::VmTrace> Vm =
      vmair::buildVmTrace(Trace, *Program, Inputs.StackInputs, Result->Stack);
  if (!Vm) {
    EndStatus();
    return Fail(Vm.takeError());
  }
  double TTrace = secondsSince(T1);
  Trace = ExecutionTrace(); // the columns hold everything from here on
  const size_t Len = Vm->Main[0].size();
  vmair::VmAir Air(Len, Vm->Public);

  auto T2 = std::chrono::steady_clock::now();
  Expected<StarkProof> Proof =
      prove(Air, std::move(Vm->Main), Opts,
            [&](StringRef Phase, double Done) { Status(("proving: " + Phase).str(), Done); });
  EndStatus();
  if (!Proof)
    return Fail(Proof.takeError());
  double TProve = secondsSince(T2);

  auto T3 = std::chrono::steady_clock::now();
  std::vector<uint8_t> File = vmair::writeProofFile(Vm->Public, Proof->serialize());
  if (Error E = writeOutputFile(OutputFilename, File))
    return Fail(std::move(E));
  double TWrite = secondsSince(T3);

  const uint64_t PeakRss = peakResidentBytes();
  SecurityLevel Sec = estimateSecurity(
      Opts, Len, Air.mainConstraintDegrees().size() + Air.auxConstraintDegrees().size());
  std::string HashHex = Vm->Public.ProgramHash.toHex();
  // With the proof on stdout (-o -) the report goes to stderr.
  raw_ostream &Report = OutputFilename == "-" ? errs() : outs();
  if (Json) {
    json::Object O{
        {"program_hash", HashHex},
        {"cycles", int64_t(Result->Cycles)},
        {"trace_length", int64_t(Len)},
        {"proof", OutputFilename.getValue()},
        {"proof_bytes", int64_t(File.size())},
        {"security_bits", int64_t(Sec.Conjectured)},
        {"proven_security_bits", int64_t(Sec.Proven)},
        {"hasher", HashName.getValue()},
        {"precompile_transcript", Vm->Public.PrecompileTranscript.toHex()},
        {"seconds",
         json::Object{{"execute", TExec}, {"trace", TTrace}, {"prove", TProve}, {"write", TWrite}}},
        {"peak_rss_bytes", int64_t(PeakRss)},
        {"coverage", CoverageNote}};
    Report << formatv("{0:2}", json::Value(std::move(O))) << "\n";
    return 0;
  }
  Report << "program hash: " << HashHex << "\n"
         << "cycles: " << Result->Cycles << "\n"
         << "trace length: " << Len << " rows (" << vmair::MainWidth << " main columns, "
         << vmair::VmAuxWidth << " aux columns)\n"
         << formatv("time: execute {0:f3}s, trace {1:f3}s, prove {2:f3}s, write {3:f3}s\n", TExec,
                    TTrace, TProve, TWrite)
         << formatv("memory: peak {0:f2} GB resident\n", double(PeakRss) / 1e9)
         << "proof: " << OutputFilename << " (" << File.size() << " bytes)\n"
         << "precompile transcript: " << Vm->Public.PrecompileTranscript.toHex() << "\n"
         << "security: " << Sec.Conjectured << " bits conjectured (" << Sec.Proven
         << " proven), hasher " << HashName << "\n"
         << "coverage: " << CoverageNote << "\n";
  return 0;
}
