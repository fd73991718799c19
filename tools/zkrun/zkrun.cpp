//===- zkrun.cpp - Execute a program on the zkvm ---------------------------===//
//
// Runs a .masm or .masb program with optional `.inputs` and prints the output
// stack (top first), the cycle count and the program hash. Failures print the
// VM's message at the failing instruction's source location and exit 1.
//
//===----------------------------------------------------------------------===//

#include "ProgramLoader.h"

#include "zkvm/Support/Diagnostics.h"
#include "zkvm/Support/Error.h"
#include "zkvm/Support/ToolMain.h"
#include "zkvm/VM/AdviceInputs.h"
#include "zkvm/VM/CoreLibrary.h"
#include "zkvm/VM/ExecutionTrace.h"
#include "zkvm/VM/Processor.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace zkvm;

namespace {

cl::opt<std::string> InputFilename(cl::Positional, cl::desc("<program .masm|.masb>"), cl::Required,
                                   cl::cat(getToolCategory()));
cl::opt<std::string> InputsFile("i",
                                cl::desc("Miden .inputs JSON file (operand_stack: the LAST value "
                                         "is the top of the stack)"),
                                cl::value_desc("file.inputs"), cl::cat(getToolCategory()));
cl::alias InputsFileLong("inputs", cl::aliasopt(InputsFile));
cl::opt<std::string> StackInputs("stack",
                                 cl::desc("Initial operand stack, comma-separated, TOP FIRST "
                                          "(replaces operand_stack from -i)"),
                                 cl::value_desc("a,b,.."), cl::cat(getToolCategory()));
cl::opt<std::string> AdviceStack("advice",
                                 cl::desc("Advice stack, comma-separated, first popped first "
                                          "(replaces advice_stack from -i)"),
                                 cl::value_desc("a,b,.."), cl::cat(getToolCategory()));
cl::opt<bool> Json("json", cl::desc("Print the result as JSON"), cl::cat(getToolCategory()));
cl::opt<bool> Trace("trace",
                    cl::desc("Run the trace-recording executor and print what the trace holds"),
                    cl::cat(getToolCategory()));
cl::opt<uint64_t> MaxCycles("max-cycles", cl::desc("Fail after this many cycles (default 2^29)"),
                            cl::init(uint64_t(1) << 29), cl::cat(getToolCategory()));

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

  ProgramInputs Inputs;
  if (!InputsFile.empty()) {
    Expected<ProgramInputs> Loaded = parseInputsFile(InputsFile);
    if (!Loaded)
      return reportToolError("zkrun", Loaded.takeError());
    Inputs = std::move(*Loaded);
  }
  if (StackInputs.getNumOccurrences()) {
    Expected<std::vector<Felt>> V = parseFeltList(StackInputs);
    if (!V)
      return reportToolError("zkrun", createError("--stack: " + toString(V.takeError())));
    if (V->size() > MaxStackInputs)
      return reportToolError("zkrun",
                             createError("--stack: at most 16 values, got " + Twine(V->size())));
    Inputs.StackInputs = std::move(*V);
  }
  if (AdviceStack.getNumOccurrences()) {
    Expected<std::vector<Felt>> V = parseFeltList(AdviceStack);
    if (!V)
      return reportToolError("zkrun", createError("--advice: " + toString(V.takeError())));
    Inputs.Advice.Stack = std::move(*V);
  }

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
  ExecutionTrace TraceRecord;
  Expected<ExecutionResult> Result =
      Trace ? executeForTrace(*Program, Inputs.StackInputs, std::move(Inputs.Advice), Host,
                              TraceRecord, Opts)
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
  return 0;
}
