//===- zkvm/zkvm.h - Assemble, run, prove and verify from C++ ------*- C++ -*-===//
//
// The embedding API: the whole toolchain in a few calls.
//
//   auto Vm = zkvm::Zkvm::fromSource("begin push.1 push.2 add end");
//   if (!Vm) ...                                   // llvm::Error with diagnostics
//   auto Run = Vm->execute();                      // output stack, cycles
//   auto Proof = Vm->generateProof();              // a zkvm proof file's bytes
//   auto Public = zkvm::Zkvm::verifyProof(Proof->Bytes);   // what the proof states
//
// A Zkvm holds one assembled program. Inputs are Miden's: the stack top
// first, the advice stack first-popped first (zkvm::ProgramInputs, which
// parseInputsFile() reads from a `.inputs` file).
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_ZKVM_H
#define ZKVM_ZKVM_H

#include "zkvm/Air/Options.h"
#include "zkvm/Air/Vm/VmAir.h"
#include "zkvm/Mast/MastForest.h"
#include "zkvm/VM/AdviceInputs.h"
#include "zkvm/VM/Processor.h"

#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace zkvm {

struct ZkvmOptions {
  /// Library roots for source programs: namespace -> directory. The bundled
  /// core library (miden::core) is added unless NoCoreLibrary.
  std::vector<std::pair<std::string, std::string>> LibraryRoots;
  bool NoCoreLibrary = false;
  /// Kernel module source, for programs that syscall (empty: none).
  std::string KernelSource;
  ExecutionOptions Execution;
};

/// A proof of one run, and what it states.
struct ZkvmProof {
  /// The proof file (what zkprove writes and zkverify reads).
  std::vector<uint8_t> Bytes;
  vmair::VmPublicInputs Public;
  uint64_t Cycles = 0;
  size_t TraceLength = 0;
  SecurityLevel Security;
};

class Zkvm {
public:
  /// Assembles Miden assembly (v0.20 syntax). Errors carry the assembler's
  /// diagnostics (file:line:col: error: ...).
  static llvm::Expected<Zkvm>
  fromSource(llvm::StringRef Source, llvm::StringRef Name = "program.masm", ZkvmOptions Opts = {});
  /// Loads a .masb (zkasm's output) or assembles a .masm file.
  static llvm::Expected<Zkvm> fromFile(llvm::StringRef Path, ZkvmOptions Opts = {});

  const MastForest &program() const { return *Program; }
  /// The program hash (MAST root), as Miden v0.20.6 computes it.
  const Digest &programHash() const;

  /// Runs the program (the fast executor); core-library events are handled.
  llvm::Expected<ExecutionResult> execute(const ProgramInputs &Inputs = {}) const;

  /// Runs the program and proves the run.
  llvm::Expected<ZkvmProof>
  generateProof(const ProgramInputs &Inputs = {},
                const ProofOptions &Proof = ProofOptions::security96(HashKind::Blake3)) const;

  /// Checks a proof file; on success returns what it proves (program hash,
  /// stack inputs and outputs, kernel, final precompile transcript state). The caller must still compare those
  /// with what it expects. Proofs below MinSecurityBits are rejected.
  static llvm::Expected<vmair::VmPublicInputs> verifyProof(llvm::ArrayRef<uint8_t> ProofFile,
                                                           unsigned MinSecurityBits = 90);

  /// As verifyProof, also reporting the proof's trace length and security.
  struct VerifiedProof {
    vmair::VmPublicInputs Public;
    size_t TraceLength = 0;
    SecurityLevel Security;
  };
  static llvm::Expected<VerifiedProof> checkProof(llvm::ArrayRef<uint8_t> ProofFile,
                                                  unsigned MinSecurityBits = 90);

private:
  Zkvm(std::shared_ptr<MastForest> Program, ZkvmOptions Opts)
      : Program(std::move(Program)), Opts(std::move(Opts)) {}

  std::shared_ptr<MastForest> Program;
  ZkvmOptions Opts;
};

} // namespace zkvm

#endif // ZKVM_ZKVM_H
