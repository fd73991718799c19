//===- zkrun.cpp - Execute a program on the zkvm ---------------------------===//
//
// Runs a .masm or .masb program with optional `.inputs` and prints the output
// stack (top first), the cycle count and the program hash. Failures print the
// VM's message at the failing instruction's source location and exit 1.
//
//===----------------------------------------------------------------------===//

#include "Debugger.h"
#include "ProgramLoader.h"

#include "zkvm/Support/Diagnostics.h"
#include "zkvm/Support/Error.h"
#include "zkvm/Support/ToolMain.h"
#include "zkvm/VM/AdviceInputs.h"
#include "zkvm/VM/CoreLibrary.h"
#include "zkvm/VM/ExecutionTrace.h"
#include "zkvm/VM/Processor.h"
#include "zkvm/VM/Profile.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <iostream>

using namespace llvm;
using namespace zkvm;

namespace {

cl::opt<std::string> InputFilename(cl::Positional, cl::desc("<program .masm|.masb>"), cl::Required,
                                   cl::cat(getToolCategory()));
cl::opt<bool> Json("json", cl::desc("Print the result as JSON"), cl::cat(getToolCategory()));
cl::opt<bool> Trace("trace",
                    cl::desc("Run the trace-recording executor and print what the trace holds"),
                    cl::cat(getToolCategory()));
cl::opt<bool> Profile("profile",
                      cl::desc("Count cycles per procedure and per operation, and the chiplet "
                               "rows the run implies"),
                      cl::cat(getToolCategory()));
cl::opt<bool> Debug("debug",
                    cl::desc("Run under the interactive debugger (commands from stdin; "
                             "'help' lists them)"),
                    cl::cat(getToolCategory()));
cl::opt<uint64_t> MaxCycles("max-cycles", cl::desc("Fail after this many cycles (default 2^29)"),
                            cl::init(uint64_t(1) << 29), cl::cat(getToolCategory()));

/// Operation name for a profile line.
std::string opName(unsigned Code, bool Control) {
  if (Control)
    return getControlOpMnemonic(ControlOpCode(Code)).str();
  if (auto Op = getOpCodeFromValue(Code))
    return getOpMnemonic(*Op).str();
  return "op" + std::to_string(Code);
}

/// The profile's operations, most cycles first.
std::vector<std::pair<std::string, uint64_t>> opCounts(const ExecutionProfile &P) {
  std::vector<std::pair<std::string, uint64_t>> Ops;
  for (unsigned C = 0; C < 128; ++C) {
    if (P.OpCycles[C])
      Ops.push_back({opName(C, false), P.OpCycles[C]});
    if (P.ControlCycles[C])
      Ops.push_back({opName(C, true), P.ControlCycles[C]});
  }
  std::stable_sort(Ops.begin(), Ops.end(),
                   [](const auto &A, const auto &B) { return A.second > B.second; });
  return Ops;
}

void printProfile(raw_ostream &OS, const ExecutionProfile &P, uint64_t Cycles) {
  auto Pct = [&](uint64_t N) { return formatv("{0,5:f1}%", Cycles ? 100.0 * N / Cycles : 0.0); };
  OS << "profile:\n  procedures (own MAST nodes; merged ones count as their caller):\n"
     << formatv("    {0,10} {1,6}  {2,10}  {3,6}  {4}\n", "exclusive", "", "inclusive", "calls",
                "procedure");
  for (const ProcedureProfile &PP : P.Procedures)
    OS << formatv("    {0,10} {1}  {2,10}  {3,6}  {4}\n", PP.Exclusive, Pct(PP.Exclusive),
                  PP.Inclusive, PP.Calls, PP.Name);
  OS << "  operations (cycles):\n";
  auto Ops = opCounts(P);
  for (size_t I = 0; I < Ops.size() && I < 16; ++I)
    OS << formatv("    {0,10} {1}  {2}\n", Ops[I].second, Pct(Ops[I].second), Ops[I].first);
  if (Ops.size() > 16)
    OS << "    ... " << (Ops.size() - 16) << " more\n";
  OS << formatv("  chiplets: hasher {0} rows, bitwise {1} rows, memory {2} rows; {3} range "
                "checks\n",
                P.HasherRows, P.BitwiseRows, P.MemoryRows, P.RangeChecks);
}

json::Object profileJson(const ExecutionProfile &P) {
  json::Array Procs;
  for (const ProcedureProfile &PP : P.Procedures)
    Procs.push_back(json::Object{{"name", PP.Name},
                                 {"root", PP.Root.toHex()},
                                 {"calls", int64_t(PP.Calls)},
                                 {"inclusive", int64_t(PP.Inclusive)},
                                 {"exclusive", int64_t(PP.Exclusive)}});
  json::Object Ops;
  for (const auto &[Name, Count] : opCounts(P))
    Ops[Name] = int64_t(Count);
  return json::Object{
      {"procedures", std::move(Procs)},       {"operations", std::move(Ops)},
      {"hasher_rows", int64_t(P.HasherRows)}, {"bitwise_rows", int64_t(P.BitwiseRows)},
      {"memory_rows", int64_t(P.MemoryRows)}, {"range_checks", int64_t(P.RangeChecks)}};
}

std::string stackText(ArrayRef<Felt> Stack) {
  std::string S;
  for (size_t I = 0; I < Stack.size(); ++I)
    S += (I ? " " : "") + std::to_string(Stack[I].value());
  return S;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  initTool(argc, argv, "zkrun - execute a Miden v0.20 program on the zkvm\n");

  SourceMgr SM;
  DiagnosticEngine Diags(SM);
  Diags.setToolName("zkrun");

  Expected<ProgramInputs> LoadedInputs = loadRunInputs();
  if (!LoadedInputs)
    return reportToolError("zkrun", LoadedInputs.takeError());
  ProgramInputs &Inputs = *LoadedInputs;

  Expected<MastForest> Program = loadProgram(InputFilename, argv[0], Diags);
  if (!Program)
    return reportToolError("zkrun", Program.takeError());

  DefaultHost Host;
  if (Error E = registerCoreLibraryHandlers(Host))
    return reportToolError("zkrun", std::move(E));
  if (Error E = loadLibraries(Host))
    return reportToolError("zkrun", std::move(E));

  ExecutionOptions Opts;
  Opts.MaxCycles = MaxCycles;
  if (Debug) {
    if (Trace || Profile || Json)
      return reportToolError("zkrun",
                             createError("--debug cannot be combined with --trace, --profile or "
                                         "--json"));
    return runDebugger(*Program, Inputs, Host, Opts, SM, std::cin, outs());
  }
  if (Trace && Profile)
    return reportToolError("zkrun", createError("--trace and --profile cannot be combined"));
  ExecutionTrace TraceRecord;
  ExecutionProfile ProfileRecord;
  Expected<ExecutionResult> Result =
      Trace     ? executeForTrace(*Program, Inputs.StackInputs, std::move(Inputs.Advice), Host,
                                  TraceRecord, Opts)
      : Profile ? executeWithProfile(*Program, Inputs.StackInputs, std::move(Inputs.Advice), Host,
                                     ProfileRecord, Opts)
                : execute(*Program, Inputs.StackInputs, std::move(Inputs.Advice), Host, Opts);
  if (!Result) {
    Error Rest = handleErrors(Result.takeError(), [&](const ExecutionError &E) {
      reportExecutionError(E, "zkrun", Diags);
    });
    if (Rest)
      return reportToolError("zkrun", std::move(Rest));
    return 1;
  }

  std::string Hash = Program->digest(*Program->entrypoint()).toHex();
  if (Json) {
    json::Array Stack;
    for (Felt V : Result->Stack)
      Stack.push_back(std::to_string(V.value()));
    json::Object Out{
        {"program_hash", Hash}, {"stack", std::move(Stack)}, {"cycles", int64_t(Result->Cycles)}};
    if (Trace)
      Out["trace"] = json::Object{{"rows", int64_t(TraceRecord.Cycles.size())},
                                  {"hasher_requests", int64_t(TraceRecord.Hasher.size())},
                                  {"bitwise_requests", int64_t(TraceRecord.Bitwise.size())},
                                  {"memory_accesses", int64_t(TraceRecord.MemoryAccesses.size())},
                                  {"range_checks", int64_t(TraceRecord.RangeChecks.size())},
                                  {"kernel_calls", int64_t(TraceRecord.KernelCalls.size())}};
    if (Profile)
      Out["profile"] = profileJson(ProfileRecord);
    outs() << formatv("{0:2}", json::Value(std::move(Out))) << "\n";
    return 0;
  }
  outs() << "program hash: " << Hash << "\n"
         << "cycles:       " << Result->Cycles << "\n"
         << "stack:        " << stackText(Result->Stack) << "  (top first)\n";
  if (Trace)
    outs() << formatv(
        "trace:        {0} rows; {1} hasher, {2} bitwise, {3} memory, {4} range-check "
        "requests\n",
        TraceRecord.Cycles.size(), TraceRecord.Hasher.size(), TraceRecord.Bitwise.size(),
        TraceRecord.MemoryAccesses.size(), TraceRecord.RangeChecks.size());
  if (Profile)
    printProfile(outs(), ProfileRecord, Result->Cycles);
  return 0;
}
