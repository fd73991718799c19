//===- zkvm/VM/Processor.h - Executing MAST programs -------------*- C++ -*-===//
//
// The VM: runs a program's MAST exactly as Miden v0.20.6 does -- same output
// stack, same cycle count, same failures. Two entry points share one
// interpreter (a template over a tracer):
//   execute()          the fast path: no trace, nothing recorded;
//   executeForTrace()  also records what the AIR needs (ExecutionTrace.h).
//
// Cycle accounting follows Miden's decoder: SPAN, RESPAN, END, JOIN, SPLIT,
// LOOP, REPEAT, CALL, SYSCALL, DYN, DYNCALL each take one cycle, and so does
// every operation of a basic block, padding NOOPs included.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_VM_PROCESSOR_H
#define ZKVM_VM_PROCESSOR_H

#include "zkvm/Mast/MastForest.h"
#include "zkvm/VM/AdviceProvider.h"
#include "zkvm/VM/Memory.h"
#include "zkvm/VM/OperandStack.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace zkvm {

/// The memory address holding the frame pointer, and its value on entry to a
/// context (Miden v0.20: FMP_ADDR = 2^32 - 2, FMP_INIT_VALUE = 2^31).
constexpr uint32_t FmpAddress = 0xFFFFFFFEu;
constexpr uint64_t FmpInitValue = 0x80000000ull;

/// The VM state a host sees when it handles an event.
struct ProcessState {
  OperandStack Stack;
  Memory Mem;
  AdviceProvider Advice;
  uint64_t Clk = 0;
  ContextId Ctx = 0;
  /// The root of the procedure that entered the current context via call or
  /// dyncall (zero in the root context); CALLER returns it.
  Digest CallerHash;
};

/// Handles what the VM cannot do alone: events outside Miden's system set,
/// and procedures known only by their digest (External nodes, dynexec).
class Host {
public:
  virtual ~Host();
  /// Called for EMIT with a non-system event id (also in s0). The handler
  /// may change the advice provider; it must not change the stack.
  virtual llvm::Error onEvent(ProcessState &State, Felt EventId) = 0;
  /// A forest in which Root is a procedure root, or null.
  virtual const MastForest *findProcedure(const Digest &Root) const = 0;
};

/// A host with a table of event handlers and a list of libraries.
class DefaultHost : public Host {
public:
  using EventHandler = std::function<llvm::Error(ProcessState &)>;

  /// Registers a handler for the event named Name (its id is Miden's hash of
  /// the name). Registering an id twice is an error.
  llvm::Error addEventHandler(llvm::StringRef Name, EventHandler Handler);
  void addLibrary(std::shared_ptr<const MastForest> Library);

  llvm::Error onEvent(ProcessState &State, Felt EventId) override;
  const MastForest *findProcedure(const Digest &Root) const override;

private:
  struct NamedHandler {
    std::string Name;
    EventHandler Handler;
  };
  llvm::DenseMap<uint64_t, NamedHandler> Handlers;
  std::vector<std::shared_ptr<const MastForest>> Libraries;
};

struct ExecutionOptions {
  /// Execution fails when the clock would pass this many cycles (Miden's
  /// default is 2^29).
  uint64_t MaxCycles = uint64_t(1) << 29;
  /// The operand stack may not grow deeper than this.
  size_t MaxStackDepth = OperandStack::DefaultMaxDepth;
  /// Allow more than 16 elements on the stack at the end (Miden fails).
  bool AllowDeepOutputStack = false;
};

/// Where a failure happened, resolved against the forest's source files.
struct FailureLocation {
  std::string File;
  uint32_t Line = 0, Col = 0;
};

/// A failed execution: Miden's message, the cycle, and the source location of
/// the failing instruction when the program carries locations.
class ExecutionError : public llvm::ErrorInfo<ExecutionError> {
public:
  static char ID;
  ExecutionError(std::string Message, uint64_t Cycle, std::optional<FailureLocation> Loc)
      : Message(std::move(Message)), Cycle(Cycle), Loc(std::move(Loc)) {}

  const std::string &text() const { return Message; }
  uint64_t cycle() const { return Cycle; }
  const std::optional<FailureLocation> &location() const { return Loc; }

  void log(llvm::raw_ostream &OS) const override;
  std::error_code convertToErrorCode() const override { return llvm::inconvertibleErrorCode(); }

private:
  std::string Message;
  uint64_t Cycle;
  std::optional<FailureLocation> Loc;
};

struct ExecutionResult {
  /// The final operand stack, top first (16 elements unless
  /// AllowDeepOutputStack let a deeper one through).
  std::vector<Felt> Stack;
  /// Clock cycles executed (the trace length before padding).
  uint64_t Cycles = 0;
  /// What remains of the advice stack, in pop order.
  std::vector<Felt> AdviceStack;
};

class ExecutionTrace;

/// Runs Program's entrypoint with StackInputs (top first, at most 16).
llvm::Expected<ExecutionResult> execute(const MastForest &Program, llvm::ArrayRef<Felt> StackInputs,
                                        AdviceInputs Advice, Host &H,
                                        const ExecutionOptions &Opts = {});

/// As execute(), and records the execution trace.
llvm::Expected<ExecutionResult> executeForTrace(const MastForest &Program,
                                                llvm::ArrayRef<Felt> StackInputs,
                                                AdviceInputs Advice, Host &H, ExecutionTrace &Trace,
                                                const ExecutionOptions &Opts = {});

} // namespace zkvm

#endif // ZKVM_VM_PROCESSOR_H
