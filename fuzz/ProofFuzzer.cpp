//===- ProofFuzzer.cpp - Fuzz the proof reader and the verifier -----------===//
//
// Arbitrary bytes as a zkvm proof file, checked as zkverify does it
// (Zkvm::checkProof: readProofFile, StarkProof::deserialize, the VM AIR's
// verifier), with a minimum security of 0 bits so that the cheap seed proofs
// (ProofPrograms.h) verify. Nothing may crash or hang, and a proof that is
// accepted must
//  - be canonical: the parsed file and STARK proof write back to the same
//    bytes;
//  - prove one of the fuzzer's own programs (ProofPrograms.h), with no kernel
//    and the empty precompile transcript (none of them runs log_precompile);
//  - state what that program really outputs on the stated stack inputs.
// The last two make an accepted forgery (a proof of a false statement, or of
// a statement the fuzzer never proved) a crash.
//
//===----------------------------------------------------------------------===//

#include "ProofPrograms.h"

#include "zkvm/Air/Proof.h"
#include "zkvm/Air/Vm/VmAir.h"
#include "zkvm/zkvm.h"

#include "llvm/Support/Error.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

using namespace llvm;
using namespace zkvm;

[[noreturn]] static void fail(const char *What) {
  std::fprintf(stderr, "proof fuzzer: %s\n", What);
  std::abort();
}

static const std::vector<std::unique_ptr<Zkvm>> &knownPrograms() {
  static const std::vector<std::unique_ptr<Zkvm>> Programs = [] {
    std::vector<std::unique_ptr<Zkvm>> Out;
    for (const fuzz::ProofProgram &P : fuzz::proofPrograms()) {
      ZkvmOptions ZO;
      ZO.NoCoreLibrary = true;
      Expected<Zkvm> Vm = Zkvm::fromSource(P.Source, P.Name, ZO);
      if (!Vm) {
        std::fprintf(stderr, "%s\n", toString(Vm.takeError()).c_str());
        fail("a known program does not assemble");
      }
      Out.push_back(std::make_unique<Zkvm>(std::move(*Vm)));
    }
    return Out;
  }();
  return Programs;
}

static void checkAccepted(ArrayRef<uint8_t> Bytes, const Zkvm::VerifiedProof &V) {
  // Canonical encoding: what was accepted is exactly what the writers produce.
  Expected<vmair::VmProofFile> File = vmair::readProofFile(Bytes);
  if (!File) {
    consumeError(File.takeError());
    fail("an accepted proof file does not read");
  }
  Expected<StarkProof> Stark = StarkProof::deserialize(File->Stark);
  if (!Stark) {
    consumeError(Stark.takeError());
    fail("an accepted STARK proof does not deserialize");
  }
  if (Stark->serialize() != File->Stark)
    fail("an accepted STARK proof is not canonically encoded");
  if (vmair::writeProofFile(File->Public, File->Stark) !=
      std::vector<uint8_t>(Bytes.begin(), Bytes.end()))
    fail("an accepted proof file is not canonically encoded");
  if (!(File->Public == V.Public))
    fail("checkProof reports other public inputs than the file's");

  // The statement must be true: a known program, run on the stated inputs,
  // gives the stated outputs.
  if (!V.Public.KernelDigests.empty())
    fail("accepted a proof with kernel procedures (none of the fuzzer's programs has one)");
  if (V.Public.PrecompileTranscript != Digest())
    fail("accepted a proof with a precompile transcript (none of the fuzzer's programs logs one)");
  const Zkvm *Program = nullptr;
  for (const std::unique_ptr<Zkvm> &P : knownPrograms())
    if (P->programHash() == V.Public.ProgramHash)
      Program = P.get();
  if (!Program)
    fail("accepted a proof of a program the fuzzer never proved");
  ProgramInputs In;
  In.StackInputs.assign(V.Public.StackInputs.begin(), V.Public.StackInputs.end());
  Expected<ExecutionResult> Run = Program->execute(In);
  if (!Run) {
    consumeError(Run.takeError());
    fail("accepted a proof of a run that fails");
  }
  std::vector<Felt> Outputs(V.Public.StackOutputs.begin(), V.Public.StackOutputs.end());
  if (Run->Stack != Outputs)
    fail("accepted a proof whose stack outputs are not the program's");
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  ArrayRef<uint8_t> Bytes(Data, Size);
  Expected<Zkvm::VerifiedProof> V = Zkvm::checkProof(Bytes, /*MinSecurityBits=*/0);
  if (!V) {
    consumeError(V.takeError());
    return 0;
  }
  checkAccepted(Bytes, *V);
  return 0;
}
