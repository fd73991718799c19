//===- zkverify.cpp - check a STARK proof of a program run -----------------===//
//
// Reads a proof file (docs/formats.md), verifies the STARK proof against the
// VM AIR with the public inputs the file carries, then checks them against
// the expectations given on the command line (program hash, stack inputs and
// outputs, final precompile transcript state). Prints the public inputs; exits
// 0 only if the proof and every expectation hold, 1 with the first failure.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Air/Vm/VmAir.h"
#include "zkvm/Support/Error.h"
#include "zkvm/Support/ToolMain.h"
#include "zkvm/VM/AdviceInputs.h"
#include "zkvm/Verifier/Verifier.h"
#include "zkvm/zkvm.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace zkvm;

namespace {

cl::opt<std::string> ProofFilename(cl::Positional, cl::desc("<prog.proof> ('-' for stdin)"),
                                   cl::Required, cl::cat(getToolCategory()));
cl::opt<std::string> ProgramHash("program-hash",
                                 cl::desc("Expected program hash (as zkasm --emit=hash prints)"),
                                 cl::value_desc("0x.."), cl::cat(getToolCategory()));
cl::opt<std::string> InputsFile("i",
                                cl::desc("Miden .inputs JSON file: its operand_stack must be the "
                                         "proof's stack inputs"),
                                cl::value_desc("file.inputs"), cl::cat(getToolCategory()));
cl::alias InputsFileLong("inputs", cl::aliasopt(InputsFile));
cl::opt<std::string> StackInputs("stack",
                                 cl::desc("Expected stack inputs, comma-separated, TOP FIRST "
                                          "(replaces operand_stack from -i)"),
                                 cl::value_desc("a,b,.."), cl::cat(getToolCategory()));
cl::opt<std::string> StackOutputs("stack-outputs",
                                  cl::desc("Expected stack outputs, comma-separated, TOP FIRST "
                                           "(the remaining slots must be 0)"),
                                  cl::value_desc("a,b,.."), cl::cat(getToolCategory()));
cl::opt<std::string> PrecompileTranscript(
    "precompile-transcript",
    cl::desc("Expected final precompile transcript state (the sponge "
             "capacity after the run's last log_precompile; 0x00.. when none)"),
    cl::value_desc("0x.."), cl::cat(getToolCategory()));
cl::opt<unsigned> MinSecurity("min-security",
                              cl::desc("Reject proofs below this conjectured security (default "
                                       "90 bits)"),
                              cl::init(90), cl::cat(getToolCategory()));
cl::opt<bool> Json("json", cl::desc("Print the result as JSON"), cl::cat(getToolCategory()));

std::string feltList(ArrayRef<Felt> V) {
  std::string S;
  for (size_t I = 0; I < V.size(); ++I)
    S += (I ? "," : "") + std::to_string(V[I].value());
  return S;
}

/// Expected values (top first, zero-padded to 16) against the proof's.
Error expectStack(StringRef What, ArrayRef<Felt> Expected, const std::array<Felt, 16> &Actual) {
  if (Expected.size() > 16)
    return createError(What + ": at most 16 values, got " + Twine(Expected.size()));
  for (unsigned I = 0; I < 16; ++I) {
    Felt E = I < Expected.size() ? Expected[I] : Felt();
    if (E != Actual[I])
      return createError(formatv("{0} mismatch at position {1} (0 = top): expected {2}, the "
                                 "proof has {3}",
                                 What, I, E.value(), Actual[I].value())
                             .str());
  }
  return Error::success();
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  initTool(argc, argv, "zkverify - check a STARK proof of a zkvm program run\n");
  auto Fail = [](Error E) { return reportToolError("zkverify", std::move(E)); };

  // Parse every expectation before reading the proof, so bad flags fail fast.
  std::optional<Digest> WantHash;
  if (ProgramHash.getNumOccurrences()) {
    Expected<Digest> D = Digest::fromHex(ProgramHash);
    if (!D)
      return Fail(createError("--program-hash: " + toString(D.takeError())));
    WantHash = *D;
  }
  std::optional<Digest> WantTranscript;
  if (PrecompileTranscript.getNumOccurrences()) {
    Expected<Digest> D = Digest::fromHex(PrecompileTranscript);
    if (!D)
      return Fail(createError("--precompile-transcript: " + toString(D.takeError())));
    WantTranscript = *D;
  }
  std::optional<std::vector<Felt>> WantInputs, WantOutputs;
  if (!InputsFile.empty()) {
    Expected<ProgramInputs> Loaded = parseInputsFile(InputsFile);
    if (!Loaded)
      return Fail(Loaded.takeError());
    WantInputs = std::move(Loaded->StackInputs);
  }
  if (StackInputs.getNumOccurrences()) {
    Expected<std::vector<Felt>> V = parseFeltList(StackInputs);
    if (!V)
      return Fail(createError("--stack: " + toString(V.takeError())));
    WantInputs = std::move(*V);
  }
  if (StackOutputs.getNumOccurrences()) {
    Expected<std::vector<Felt>> V = parseFeltList(StackOutputs);
    if (!V)
      return Fail(createError("--stack-outputs: " + toString(V.takeError())));
    WantOutputs = std::move(*V);
  }

  // '-' reads the proof from stdin (zkprove -o - | zkverify -).
  auto Buffer = MemoryBuffer::getFileOrSTDIN(ProofFilename, /*IsText=*/false,
                                             /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return Fail(createError("cannot open '" + ProofFilename + "': " + Buffer.getError().message()));
  ArrayRef<uint8_t> Bytes(reinterpret_cast<const uint8_t *>((*Buffer)->getBufferStart()),
                          (*Buffer)->getBufferSize());
  Expected<Zkvm::VerifiedProof> Verified = Zkvm::checkProof(Bytes, MinSecurity);
  if (!Verified)
    return Fail(Verified.takeError());
  const vmair::VmPublicInputs &Pub = Verified->Public;
  const SecurityLevel &Sec = Verified->Security;

  if (WantHash && *WantHash != Pub.ProgramHash)
    return Fail(createError("program hash mismatch: expected " + WantHash->toHex() +
                            ", the proof is for " + Pub.ProgramHash.toHex()));
  if (WantTranscript && *WantTranscript != Pub.PrecompileTranscript)
    return Fail(createError("precompile transcript mismatch: expected " + WantTranscript->toHex() +
                            ", the proof has " + Pub.PrecompileTranscript.toHex()));
  if (WantInputs)
    if (Error E = expectStack("stack inputs", *WantInputs, Pub.StackInputs))
      return Fail(std::move(E));
  if (WantOutputs)
    if (Error E = expectStack("stack outputs", *WantOutputs, Pub.StackOutputs))
      return Fail(std::move(E));

  if (Json) {
    json::Array Kernel;
    for (const Digest &D : Pub.KernelDigests)
      Kernel.push_back(D.toHex());
    json::Object O{{"verified", true},
                   {"program_hash", Pub.ProgramHash.toHex()},
                   {"stack_inputs", feltList(Pub.StackInputs)},
                   {"stack_outputs", feltList(Pub.StackOutputs)},
                   {"kernel_digests", std::move(Kernel)},
                   {"precompile_transcript", Pub.PrecompileTranscript.toHex()},
                   {"trace_length", int64_t(Verified->TraceLength)},
                   {"security_bits", int64_t(Sec.Conjectured)}};
    outs() << formatv("{0:2}", json::Value(std::move(O))) << "\n";
    return 0;
  }
  outs() << "program hash: " << Pub.ProgramHash.toHex() << "\n"
         << "stack inputs: " << feltList(Pub.StackInputs) << "\n"
         << "stack outputs: " << feltList(Pub.StackOutputs) << "\n";
  for (const Digest &D : Pub.KernelDigests)
    outs() << "kernel procedure: " << D.toHex() << "\n";
  outs() << "precompile transcript: " << Pub.PrecompileTranscript.toHex() << "\n";
  outs() << "trace length: " << Verified->TraceLength << "\n"
         << "security: " << Sec.Conjectured << " bits conjectured\n"
         << "proof verified\n";
  return 0;
}
