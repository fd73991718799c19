//===- Zkvm.cpp - The embedding API ---------------------------------------===//

#include "zkvm/zkvm.h"

#include "zkvm/Asm/Assembler.h"
#include "zkvm/Mast/Lowering.h"
#include "zkvm/Mast/MastFormat.h"
#include "zkvm/Prover/Prover.h"
#include "zkvm/Support/Diagnostics.h"
#include "zkvm/Support/Error.h"
#include "zkvm/VM/CoreLibrary.h"
#include "zkvm/VM/ExecutionTrace.h"
#include "zkvm/Verifier/Verifier.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace zkvm {

namespace {

/// Assembles the source in SM's buffer ID; diagnostics are collected into
/// the returned error.
Expected<MastForest> assembleBuffer(SourceMgr &SM, unsigned ID, const ZkvmOptions &Opts) {
  std::string Text;
  raw_string_ostream OS(Text);
  DiagnosticEngine Diags(SM, OS);
  Diags.setColorMode(ColorMode::Never);
  AssemblerOptions AO;
  for (const auto &[NS, Dir] : Opts.LibraryRoots)
    AO.Libraries.push_back({NS, Dir});
#ifdef ZKVM_STDLIB_DIR
  if (!Opts.NoCoreLibrary && sys::fs::is_directory(ZKVM_STDLIB_DIR))
    AO.Libraries.push_back({"miden::core", ZKVM_STDLIB_DIR});
#endif
  Assembler Asm(Diags, AO);
  if (!Opts.KernelSource.empty()) {
    unsigned K = SM.AddNewSourceBuffer(
        MemoryBuffer::getMemBufferCopy(Opts.KernelSource, "kernel.masm"), SMLoc());
    if (!Asm.setKernel(K))
      return createError("cannot assemble the kernel:\n" + OS.str());
  }
  std::unique_ptr<ir::Unit> Unit = Asm.assembleProgram(ID);
  if (!Unit || Diags.hasErrors())
    return createError("cannot assemble the program:\n" + OS.str());
  return lowerToMast(*Unit, &SM);
}

} // namespace

Expected<Zkvm> Zkvm::fromSource(StringRef Source, StringRef Name, ZkvmOptions Opts) {
  SourceMgr SM;
  unsigned ID = SM.AddNewSourceBuffer(MemoryBuffer::getMemBufferCopy(Source, Name), SMLoc());
  Expected<MastForest> F = assembleBuffer(SM, ID, Opts);
  if (!F)
    return F.takeError();
  return Zkvm(std::make_shared<MastForest>(std::move(*F)), std::move(Opts));
}

Expected<Zkvm> Zkvm::fromFile(StringRef Path, ZkvmOptions Opts) {
  auto Buffer = MemoryBuffer::getFile(Path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return createError("cannot open '" + Path + "': " + Buffer.getError().message());
  ArrayRef<uint8_t> Bytes(reinterpret_cast<const uint8_t *>((*Buffer)->getBufferStart()),
                          (*Buffer)->getBufferSize());
  if (isMastImage(Bytes)) {
    Expected<MastForest> F = readMastForest(Bytes, Path);
    if (!F)
      return F.takeError();
    if (F->kind() != MastKind::Program || !F->entrypoint())
      return createError("'" + Path + "' is a " + getMastKindName(F->kind()) + ", not a program");
    return Zkvm(std::make_shared<MastForest>(std::move(*F)), std::move(Opts));
  }
  SourceMgr SM;
  unsigned ID = SM.AddNewSourceBuffer(std::move(*Buffer), SMLoc());
  Expected<MastForest> F = assembleBuffer(SM, ID, Opts);
  if (!F)
    return F.takeError();
  return Zkvm(std::make_shared<MastForest>(std::move(*F)), std::move(Opts));
}

const Digest &Zkvm::programHash() const { return Program->digest(*Program->entrypoint()); }

Expected<ExecutionResult> Zkvm::execute(const ProgramInputs &Inputs) const {
  DefaultHost Host;
  if (Error E = registerCoreLibraryHandlers(Host))
    return std::move(E);
  return zkvm::execute(*Program, Inputs.StackInputs, Inputs.Advice, Host, Opts.Execution);
}

Expected<ZkvmProof> Zkvm::generateProof(const ProgramInputs &Inputs,
                                        const ProofOptions &ProofOpts) const {
  DefaultHost Host;
  if (Error E = registerCoreLibraryHandlers(Host))
    return std::move(E);
  ExecutionTrace Trace;
  Expected<ExecutionResult> Run =
      executeForTrace(*Program, Inputs.StackInputs, Inputs.Advice, Host, Trace, Opts.Execution);
  if (!Run)
    return Run.takeError();
  Expected<vmair::VmTrace> Vm =
      vmair::buildVmTrace(Trace, *Program, Inputs.StackInputs, Run->Stack);
  if (!Vm)
    return Vm.takeError();
  Trace = ExecutionTrace(); // the columns hold everything from here on
  const size_t Len = Vm->Main[0].size();
  vmair::VmAir Air(Len, Vm->Public);
  Expected<StarkProof> Proof = prove(Air, std::move(Vm->Main), ProofOpts);
  if (!Proof)
    return Proof.takeError();
  ZkvmProof Out;
  Out.Bytes = vmair::writeProofFile(Vm->Public, Proof->serialize());
  Out.Public = Vm->Public;
  Out.Cycles = Run->Cycles;
  Out.TraceLength = Len;
  Out.Security = estimateSecurity(
      ProofOpts, Len, Air.mainConstraintDegrees().size() + Air.auxConstraintDegrees().size());
  return std::move(Out);
}

Expected<Zkvm::VerifiedProof> Zkvm::checkProof(ArrayRef<uint8_t> ProofFile,
                                               unsigned MinSecurityBits) {
  Expected<vmair::VmProofFile> File = vmair::readProofFile(ProofFile);
  if (!File)
    return createError("invalid proof file: " + toString(File.takeError()));
  Expected<StarkProof> Proof = StarkProof::deserialize(File->Stark);
  if (!Proof)
    return createError("invalid proof: " + toString(Proof.takeError()));
  if (Proof->PublicInputs != File->Public.serialize())
    return createError("invalid proof file: the STARK proof's public inputs differ from the "
                       "file's");
  if (Proof->LogTraceLength < 6 || Proof->LogTraceLength > 32)
    return createError("invalid proof: trace length 2^" + Twine(Proof->LogTraceLength) +
                       " is out of range");
  vmair::VmAir Air(Proof->traceLength(), File->Public);
  if (Error E = verify(Air, *Proof, MinSecurityBits))
    return createError("proof rejected: " + toString(std::move(E)));
  VerifiedProof Out;
  Out.Public = File->Public;
  Out.TraceLength = Proof->traceLength();
  Out.Security =
      estimateSecurity(Proof->Options, Out.TraceLength,
                       Air.mainConstraintDegrees().size() + Air.auxConstraintDegrees().size());
  return std::move(Out);
}

Expected<vmair::VmPublicInputs> Zkvm::verifyProof(ArrayRef<uint8_t> ProofFile,
                                                  unsigned MinSecurityBits) {
  Expected<VerifiedProof> V = checkProof(ProofFile, MinSecurityBits);
  if (!V)
    return V.takeError();
  return V->Public;
}

} // namespace zkvm
