//===- zkvm/VM/StepHook.h - Observing a run cycle by cycle --------*- C++ -*-===//
//
// executeWithHook() calls a StepHook before every clock cycle with the state
// the cycle starts from and where the decoder is. Debuggers and custom
// tracing tools build on it; a hook stops the run by returning false.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_VM_STEPHOOK_H
#define ZKVM_VM_STEPHOOK_H

#include "zkvm/VM/Processor.h"

namespace zkvm {

struct StepInfo {
  /// A basic-block opcode, or a ControlOpCode when IsControl.
  uint8_t Opcode = 0;
  bool IsControl = false;
  /// PUSH's immediate or the error code of ASSERT-like operations.
  Felt Imm;
  /// The node executing (the block for SPAN/RESPAN/END and its operations),
  /// and for operations their batch and index in it.
  const MastForest *Forest = nullptr;
  MastNodeId Node = 0;
  size_t Batch = 0, OpIndex = 0;
};

class StepHook {
public:
  virtual ~StepHook();
  /// Called before each cycle; returning false stops the run (execute
  /// reports "execution stopped" as a StepHook error).
  virtual bool onCycle(const ProcessState &State, const StepInfo &Info) = 0;
};

/// As execute(), calling Hook before every cycle.
llvm::Expected<ExecutionResult> executeWithHook(const MastForest &Program,
                                                llvm::ArrayRef<Felt> StackInputs,
                                                AdviceInputs Advice, Host &H, StepHook &Hook,
                                                const ExecutionOptions &Opts = {});

/// The error executeWithHook returns when the hook stopped the run.
class ExecutionStopped : public llvm::ErrorInfo<ExecutionStopped> {
public:
  static char ID;
  explicit ExecutionStopped(uint64_t Cycle) : Cycle(Cycle) {}
  uint64_t cycle() const { return Cycle; }
  void log(llvm::raw_ostream &OS) const override;
  std::error_code convertToErrorCode() const override { return llvm::inconvertibleErrorCode(); }

private:
  uint64_t Cycle;
};

} // namespace zkvm

#endif // ZKVM_VM_STEPHOOK_H
