//===- Processor.cpp - The MAST interpreter ------------------------------===//
//
// One interpreter, templated over a tracer: with NoopTracer every recording
// hook compiles away (the fast path); with RecordingTracer the same code fills
// an ExecutionTrace. Control flow runs off an explicit continuation stack, so
// deep nesting never grows the C++ stack; basic blocks run as a tight loop
// over their (already batched) operations with one switch per operation.
//
//===----------------------------------------------------------------------===//

#include "zkvm/VM/Processor.h"
#include "zkvm/Asm/InstLowering.h"
#include "zkvm/Crypto/Rpo256.h"
#include "zkvm/Field/Extension.h"
#include "zkvm/VM/ExecutionTrace.h"
#include "zkvm/VM/Profile.h"
#include "zkvm/VM/StepHook.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Compiler.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstring>

using namespace llvm;

namespace zkvm {

char ExecutionError::ID = 0;

void ExecutionError::log(raw_ostream &OS) const { OS << Message; }

Host::~Host() = default;

Error DefaultHost::addEventHandler(StringRef Name, EventHandler Handler) {
  uint64_t Id = eventIdForName(Name).value();
  auto [It, Inserted] = Handlers.try_emplace(Id, NamedHandler{Name.str(), std::move(Handler)});
  if (!Inserted)
    return createStringError(inconvertibleErrorCode(), "attempted to add event handler for '" +
                                                           Name + "' (already registered as '" +
                                                           It->second.Name + "')");
  return Error::success();
}

void DefaultHost::addLibrary(std::shared_ptr<const MastForest> Library) {
  Libraries.push_back(std::move(Library));
}

Error DefaultHost::onEvent(ProcessState &State, Felt EventId) {
  auto It = Handlers.find(EventId.value());
  if (It == Handlers.end())
    return createStringError(inconvertibleErrorCode(), "no event handler registered");
  return It->second.Handler(State);
}

const MastForest *DefaultHost::findProcedure(const Digest &Root) const {
  for (const auto &L : Libraries)
    if (auto Id = L->findNode(Root); Id && L->isProcedureRoot(*Id))
      return L.get();
  return nullptr;
}

namespace {

using O = OpCode;

// --- Tracers -------------------------------------------------------------------

/// Every hook the interpreter calls, doing nothing; a tracer derives from it
/// and redefines the hooks it needs (the interpreter is a template over the
/// tracer, so the calls bind statically and empty hooks compile away).
struct TracerHooks {
  void cycle(const ProcessState &, uint8_t, bool, Felt, const MastForest *, MastNodeId, size_t,
             size_t) {}
  void node(const Digest &, uint64_t) {}
  void permute(uint64_t, const Felt *, const Felt *) {}
  void merkle(HasherRecord &&) {}
  void bitwise(bool, uint32_t, uint32_t) {}
  void memory(const MemoryRecord &) {}
  void range(uint64_t, uint64_t) {}
  void kernelCall(const Digest &) {}
  void circuit(ContextId, uint64_t, Felt, uint32_t, uint32_t) {}
};

struct NoopTracer : TracerHooks {
  static constexpr bool Enabled = false;
};

struct RecordingTracer {
  static constexpr bool Enabled = true;
  ExecutionTrace &T;

  void cycle(const ProcessState &P, uint8_t Opcode, bool IsControl, Felt Imm, const MastForest *F,
             MastNodeId Node, size_t Batch, size_t OpIndex) {
    CycleRecord R;
    R.Opcode = Opcode;
    R.IsControl = IsControl;
    R.Forest = F;
    R.Node = Node;
    R.Batch = uint32_t(Batch);
    R.OpIndex = uint32_t(OpIndex);
    R.Ctx = P.Ctx;
    R.Depth = uint32_t(P.Stack.depth());
    R.Imm = Imm;
    for (unsigned I = 0; I < 16; ++I)
      R.Stack[I] = P.Stack.get(I);
    T.Cycles.push_back(R);
  }
  void node(const Digest &D, uint64_t Clk) {
    T.BlockHashes.push_back(D);
    T.BlockHashClks.push_back(Clk);
  }
  void permute(uint64_t Clk, const Felt *In, const Felt *Out) {
    HasherRecord R;
    R.Kind = HasherRecord::Permute;
    R.Clk = Clk;
    std::copy(In, In + 12, R.In.begin());
    std::copy(Out, Out + 12, R.Out.begin());
    T.Hasher.push_back(std::move(R));
  }
  void merkle(HasherRecord &&R) { T.Hasher.push_back(std::move(R)); }
  void bitwise(bool IsXor, uint32_t A, uint32_t B) { T.Bitwise.push_back({IsXor, A, B}); }
  void memory(const MemoryRecord &R) { T.MemoryAccesses.push_back(R); }
  /// A u32 result's two 32-bit halves, as four 16-bit range checks.
  void range(uint64_t Lo, uint64_t Hi) {
    T.RangeChecks.push_back(uint16_t(Lo));
    T.RangeChecks.push_back(uint16_t(Lo >> 16));
    T.RangeChecks.push_back(uint16_t(Hi));
    T.RangeChecks.push_back(uint16_t(Hi >> 16));
  }
  void kernelCall(const Digest &D) { T.KernelCalls.push_back(D); }
  void circuit(ContextId Ctx, uint64_t Clk, Felt Ptr, uint32_t NumVars, uint32_t NumEval) {
    T.Circuits.push_back({Ctx, Clk, Ptr, NumVars, NumEval});
  }
};

/// Counts cycles per procedure (a procedure is entered at the first row of a
/// node that is a procedure root and left at that node's END row) and per
/// operation, and the chiplet rows the run implies.
struct ProfilingTracer : TracerHooks {
  static constexpr bool Enabled = true;
  explicit ProfilingTracer(ExecutionProfile &P) : P(P) {}
  ExecutionProfile &P;

  struct Frame {
    const MastForest *Forest;
    MastNodeId Node;
    uint64_t Enter;
    uint64_t Children = 0;
    size_t Index;
  };
  std::vector<Frame> Stack;
  DenseMap<std::pair<const MastForest *, MastNodeId>, size_t> Index;
  uint64_t LastClk = 0;

  size_t procedureIndex(const MastForest *F, MastNodeId Node) {
    auto [It, Inserted] = Index.try_emplace({F, Node}, P.Procedures.size());
    if (Inserted) {
      ProcedureProfile PP;
      PP.Root = F->digest(Node);
      auto Name = F->procedureNames().find(Node);
      if (Name != F->procedureNames().end()) {
        PP.Name = Name->second;
      } else {
        for (const auto &E : F->exports())
          if (E.Node == Node)
            PP.Name = E.Path;
        if (PP.Name.empty())
          PP.Name = "proc " + PP.Root.toHex().substr(0, 18);
      }
      P.Procedures.push_back(std::move(PP));
    }
    return It->second;
  }

  void cycle(const ProcessState &S, uint8_t Opcode, bool IsControl, Felt, const MastForest *F,
             MastNodeId Node, size_t, size_t OpIndex) {
    LastClk = S.Clk;
    if (!IsControl) {
      ++P.OpCycles[Opcode];
      return;
    }
    ++P.ControlCycles[Opcode];
    auto Op = ControlOpCode(Opcode);
    switch (Op) {
    case ControlOpCode::Span:
    case ControlOpCode::Join:
    case ControlOpCode::Split:
    case ControlOpCode::Loop:
    case ControlOpCode::Call:
    case ControlOpCode::SysCall:
    case ControlOpCode::Dyn:
    case ControlOpCode::DynCall:
      P.HasherRows += 8; // the block's hash (the first batch for SPAN)
      if (F->isProcedureRoot(Node))
        Stack.push_back({F, Node, S.Clk, 0, procedureIndex(F, Node)});
      break;
    case ControlOpCode::Respan:
      P.HasherRows += 8;
      break;
    case ControlOpCode::End:
      if (!Stack.empty() && Stack.back().Forest == F && Stack.back().Node == Node) {
        Frame Fr = Stack.back();
        Stack.pop_back();
        uint64_t Inclusive = S.Clk + 1 - Fr.Enter;
        ProcedureProfile &PP = P.Procedures[Fr.Index];
        ++PP.Calls;
        PP.Inclusive += Inclusive;
        PP.Exclusive += Inclusive - Fr.Children;
        if (!Stack.empty())
          Stack.back().Children += Inclusive;
      }
      break;
    default:
      break;
    }
    (void)OpIndex;
  }
  void permute(uint64_t, const Felt *, const Felt *) { P.HasherRows += 8; }
  void merkle(HasherRecord &&R) {
    P.HasherRows += 8 * R.Path.size() * (R.Kind == HasherRecord::MerkleUpdate ? 2 : 1);
  }
  void bitwise(bool, uint32_t, uint32_t) { P.BitwiseRows += 8; }
  void memory(const MemoryRecord &) { ++P.MemoryRows; }
  void range(uint64_t, uint64_t) { P.RangeChecks += 4; }
};

/// Hands every cycle to a StepHook; a hook that returns false unwinds the
/// interpreter with HookStop (only our own frames are on the stack here).
struct HookStop {
  uint64_t Cycle;
};
struct HookTracer : TracerHooks {
  static constexpr bool Enabled = true;
  StepHook &Hook;
  void cycle(const ProcessState &S, uint8_t Opcode, bool IsControl, Felt Imm, const MastForest *F,
             MastNodeId Node, size_t Batch, size_t OpIndex) {
    StepInfo I;
    I.Opcode = Opcode;
    I.IsControl = IsControl;
    I.Imm = Imm;
    I.Forest = F;
    I.Node = Node;
    I.Batch = Batch;
    I.OpIndex = OpIndex;
    if (!Hook.onCycle(S, I))
      throw HookStop{S.Clk};
  }
};

// --- System events: see zkvm/Asm/InstLowering.h ---------------------------------

/// Miden prints words in some messages as bare hex (no "0x").
std::string wordHex(const Word &W) { return toDigest(W).toHex().substr(2); }

std::string feltList(ArrayRef<Felt> Values) {
  std::string S = "[";
  for (size_t I = 0; I < Values.size(); ++I)
    S += (I ? ", " : "") + std::to_string(Values[I].value());
  return S + "]";
}

// Miden's FRI folding constants: tau is the 4th root of unity.
constexpr Felt TauInv = Felt::fromCanonical(18446462594437873665ull);
constexpr Felt Tau2Inv = Felt::fromCanonical(18446744069414584320ull);
constexpr Felt Tau3Inv = Felt::fromCanonical(281474976710656ull);
constexpr Felt TwoInv = Felt::fromCanonical(9223372034707292161ull);

QuadExt fold2(QuadExt FX, QuadExt FNegX, QuadExt Ep) {
  return (FX + FNegX + (FX - FNegX) * Ep) * TwoInv;
}

// --- The interpreter ------------------------------------------------------------

enum class ContKind : uint8_t {
  Start,
  FinishJoin,
  FinishSplit,
  FinishLoop,
  FinishCall,
  FinishDyn,
  EnterForest
};

struct Continuation {
  ContKind Kind;
  MastNodeId Node;
  const MastForest *Forest;
};

struct SavedContext {
  std::vector<Felt> Overflow;
  ContextId Ctx;
  Digest CallerHash;
};

/// Where an operation of a basic block sits, for error locations.
struct OpSite {
  const MastForest *Forest = nullptr;
  MastNodeId Node = 0;
  size_t Batch = 0, OpInBatch = 0;
};

template <class TracerT> class Interpreter : public ProcessState {
public:
  Interpreter(const MastForest &Program, ArrayRef<Felt> Inputs, AdviceInputs AdviceIn, Host &H,
              const ExecutionOptions &Opts, TracerT Tr)
      : Program(Program), H(H), Opts(Opts), Tr(std::move(Tr)) {
    Stack = OperandStack(Inputs);
    Advice = AdviceProvider(std::move(AdviceIn));
  }

  Expected<ExecutionResult> run();

private:
  // --- Failure reporting ----------------------------------------------------
  /// Records a failure of the operation being executed; returns false so
  /// operation handlers can `return fail(...)`.
  bool fail(std::string Message) {
    if (!Failed) {
      Failed = true;
      FailMessage = std::move(Message);
      FailCycle = Clk;
    }
    return false;
  }
  Error takeFailure(const OpSite *Site);

  // --- Stack helpers -------------------------------------------------------
  Word stackWord(unsigned I) const {
    const Felt *P = Stack.slot(I + 3);
    return Word{P[0], P[1], P[2], P[3]};
  }
  void setStackWord(unsigned I, const Word &W) {
    Felt *P = Stack.slot(I + 3);
    P[0] = W[0];
    P[1] = W[1];
    P[2] = W[2];
    P[3] = W[3];
  }
  LLVM_ATTRIBUTE_ALWAYS_INLINE bool push(Felt V) {
    if (LLVM_UNLIKELY(Stack.depth() >= Opts.MaxStackDepth))
      return stackOverflow();
    Stack.push(V);
    return true;
  }
  LLVM_ATTRIBUTE_NOINLINE bool stackOverflow() {
    return fail("failed to execute the program for internal reason: stack overflow");
  }
  void swapRange(unsigned A, unsigned B, unsigned N) {
    for (unsigned I = 0; I < N; ++I)
      std::swap(Stack.at(A + I), Stack.at(B + I));
  }
  void moveUp(unsigned N) {
    Felt *P = Stack.slot(N); // P[0] = s_N ... P[N] = s0
    Felt T = P[0];
    std::memmove(P, P + 1, N * sizeof(Felt));
    P[N] = T;
  }
  void moveDown(unsigned N) {
    Felt *P = Stack.slot(N);
    Felt T = P[N];
    std::memmove(P + 1, P, N * sizeof(Felt));
    P[0] = T;
  }

  // --- Checks ----------------------------------------------------------------
  bool binary(Felt V) {
    if (V.value() > 1)
      return fail(formatv("operation expected a binary value, but got {0}", V.value()).str());
    return true;
  }
  bool u32Operands(std::initializer_list<unsigned> Positions, Felt ErrCode) {
    SmallVector<Felt, 3> Bad;
    for (unsigned P : Positions)
      if (Stack.get(P).value() > 0xFFFFFFFFull)
        Bad.push_back(Stack.get(P));
    if (Bad.empty())
      return true;
    std::string Msg = "operation expected u32 values, but got values: " + feltList(Bad) +
                      " (error code: " + std::to_string(ErrCode.value()) + ")";
    if (const std::string *Text = errorMessage(ErrCode))
      Msg += " (message: " + *Text + ")";
    return fail(std::move(Msg));
  }
  bool address(Felt A, uint32_t &Out) {
    if (A.value() > 0xFFFFFFFFull)
      return fail(formatv("memory address cannot exceed 2^32 but was {0}", A.value()).str());
    Out = uint32_t(A.value());
    return true;
  }
  bool wordAddress(Felt A, uint32_t &Out) {
    if (!address(A, Out))
      return false;
    if (Out % 4 != 0)
      return fail(formatv("word memory access at address {0} in context {1} is unaligned at "
                          "clock cycle {2}",
                          Out, Ctx, Clk)
                      .str());
    return true;
  }
  const std::string *errorMessage(Felt Code) const {
    if (!CurForest)
      return nullptr;
    auto It = CurForest->errorMessages().find(Code.value());
    return It == CurForest->errorMessages().end() ? nullptr : &It->second;
  }
  bool adviceFailure(const Twine &What) {
    return fail(("advice provider error at clock cycle " + Twine(Clk) + ": " + What).str());
  }

  // --- Memory with tracing ---------------------------------------------------
  Felt memRead(uint32_t A) {
    Felt V = Mem.read(Ctx, A);
    if constexpr (TracerT::Enabled)
      Tr.memory({Ctx, A, Clk, false, false, Word{V, Felt(), Felt(), Felt()}});
    return V;
  }
  void memWrite(uint32_t A, Felt V) {
    Mem.write(Ctx, A, V);
    if constexpr (TracerT::Enabled)
      Tr.memory({Ctx, A, Clk, true, false, Word{V, Felt(), Felt(), Felt()}});
  }
  Word memReadWord(uint32_t A) {
    Word W = Mem.readWord(Ctx, A);
    if constexpr (TracerT::Enabled)
      Tr.memory({Ctx, A, Clk, false, true, W});
    return W;
  }
  void memWriteWord(uint32_t A, const Word &W) {
    Mem.writeWord(Ctx, A, W);
    if constexpr (TracerT::Enabled)
      Tr.memory({Ctx, A, Clk, true, true, W});
  }

  // --- Execution ------------------------------------------------------------
  bool executeOp(const Operation &Op);
  bool executeBlock(MastNodeId Id);
  bool handleEmit();
  bool handleSysEvent(SysEvent E);
  bool friFold4();
  bool hornerBase();
  bool hornerExt();
  bool merkleVerify(Felt ErrCode);
  bool merkleUpdate();
  bool cryptoStream();
  bool logPrecompile();
  bool evalCircuit();
  bool startCall(MastNodeId Id, bool IsSysCall);
  bool startDyn(MastNodeId Id, bool IsDynCall);
  bool enterProcedure(const Digest &Root, bool FromDyn);
  bool finishCall();
  void newContext(const Digest &Callee);
  /// Records the row of a control operation: the state BEFORE it acts, as
  /// in every trace row. The caller then applies it and advances the clock.
  void traceControl(ControlOpCode Op, MastNodeId Node, size_t Batch = 0) {
    if constexpr (TracerT::Enabled)
      Tr.cycle(*this, uint8_t(Op), true, Felt(), CurForest, Node, Batch, 0);
  }
  void controlCycle(ControlOpCode Op, MastNodeId Node, size_t Batch = 0) {
    traceControl(Op, Node, Batch);
    ++Clk;
  }
  bool checkCycles(uint64_t Needed) {
    if (Clk + Needed > Opts.MaxCycles)
      return fail(formatv("exceeded the allowed number of max cycles {0}", Opts.MaxCycles).str());
    return true;
  }

  const MastForest &Program;
  Host &H;
  const ExecutionOptions &Opts;
  TracerT Tr;
  const MastForest *CurForest = nullptr;
  std::vector<Continuation> Conts;
  std::vector<SavedContext> CallStack;
  /// log_precompile's running transcript capacity.
  Word TranscriptCap{};

  /// The executing operation's index in its basic block, padding included.
  uint64_t OpIdxInBlock = 0;

  bool Failed = false;
  std::string FailMessage;
  uint64_t FailCycle = 0;
  OpSite Site;
};

template <class TracerT> Error Interpreter<TracerT>::takeFailure(const OpSite *S) {
  std::optional<FailureLocation> Loc;
  if (S && S->Forest) {
    const BasicBlock &BB = S->Forest->block(S->Node);
    if (auto Raw = BB.rawOpIndex(S->Batch, S->OpInBatch); Raw && *Raw < BB.Locs.size()) {
      const SourceLoc &L = BB.Locs[*Raw];
      if (L.isValid() && L.File <= S->Forest->sourceFiles().size())
        Loc = FailureLocation{S->Forest->sourceFiles()[L.File - 1], L.Line, L.Col};
    }
  }
  return make_error<ExecutionError>(FailMessage, FailCycle, std::move(Loc));
}

template <class TracerT> bool Interpreter<TracerT>::executeBlock(MastNodeId Id) {
  const BasicBlock &BB = CurForest->block(Id);
  uint64_t Cycles = BB.numPaddedOps() + BB.Batches.size() + 1;
  if (!checkCycles(Cycles))
    return false;
  if constexpr (TracerT::Enabled)
    Tr.node(CurForest->digest(Id), Clk);
  controlCycle(ControlOpCode::Span, Id);
  OpIdxInBlock = 0;
  for (size_t B = 0; B < BB.Batches.size(); ++B) {
    if (B)
      controlCycle(ControlOpCode::Respan, Id, B);
    const std::vector<Operation> &Ops = BB.Batches[B].Ops;
    for (size_t I = 0, E = Ops.size(); I < E; ++I, ++OpIdxInBlock) {
      if constexpr (TracerT::Enabled)
        Tr.cycle(*this, Ops[I].opcode(), false, Ops[I].Imm, CurForest, Id, B, I);
      if (!executeOp(Ops[I])) {
        Site = OpSite{CurForest, Id, B, I};
        return false;
      }
      ++Clk;
    }
  }
  controlCycle(ControlOpCode::End, Id);
  return true;
}

template <class TracerT> bool Interpreter<TracerT>::executeOp(const Operation &Op) {
  OperandStack &S = Stack;
  switch (Op.Code) {
  case O::Noop:
    return true;
  case O::Eqz:
    S.set(0, Felt(S.get(0).isZero() ? 1 : 0));
    return true;
  case O::Neg:
    S.set(0, -S.get(0));
    return true;
  case O::Inv:
    if (S.get(0).isZero())
      return fail(formatv("division by zero at clock cycle {0}", Clk).str());
    S.set(0, S.get(0).inverse());
    return true;
  case O::Incr:
    S.set(0, S.get(0) + Felt::one());
    return true;
  case O::Not:
    if (!binary(S.get(0)))
      return false;
    S.set(0, Felt(1 - S.get(0).value()));
    return true;
  case O::MLoad: {
    uint32_t A;
    if (!address(S.get(0), A))
      return false;
    S.set(0, memRead(A));
    return true;
  }
  case O::Swap:
    std::swap(S.at(0), S.at(1));
    return true;
  case O::Caller:
    setStackWord(0, toWord(CallerHash));
    return true;
  // MOVUPn / MOVDNn: n is not a linear function of the opcode.
  case O::MovUp2:
    moveUp(2);
    return true;
  case O::MovUp3:
    moveUp(3);
    return true;
  case O::MovUp4:
    moveUp(4);
    return true;
  case O::MovUp5:
    moveUp(5);
    return true;
  case O::MovUp6:
    moveUp(6);
    return true;
  case O::MovUp7:
    moveUp(7);
    return true;
  case O::MovUp8:
    moveUp(8);
    return true;
  case O::MovDn2:
    moveDown(2);
    return true;
  case O::MovDn3:
    moveDown(3);
    return true;
  case O::MovDn4:
    moveDown(4);
    return true;
  case O::MovDn5:
    moveDown(5);
    return true;
  case O::MovDn6:
    moveDown(6);
    return true;
  case O::MovDn7:
    moveDown(7);
    return true;
  case O::MovDn8:
    moveDown(8);
    return true;
  case O::AdvPopW: {
    Word W;
    if (!Advice.popStackWord(W))
      return adviceFailure("advice stack read failed");
    setStackWord(0, W);
    return true;
  }
  case O::Expacc: {
    Felt Base = S.get(1), Acc = S.get(2);
    uint64_t Exp = S.get(3).value();
    uint64_t Bit = Exp & 1;
    S.set(0, Felt(Bit));
    S.set(1, Base * Base);
    S.set(2, Bit ? Acc * Base : Acc);
    S.set(3, Felt(Exp >> 1));
    return true;
  }
  case O::SwapW:
    swapRange(0, 4, 4);
    return true;
  case O::SwapW2:
    swapRange(0, 8, 4);
    return true;
  case O::SwapW3:
    swapRange(0, 12, 4);
    return true;
  case O::SwapDW:
    swapRange(0, 8, 8);
    return true;
  case O::Ext2Mul: {
    // [b1, b0, a1, a0] on top (b1 = s0): s2, s3 <- (a * b) in F_p[x]/(x^2 - x + 2).
    Felt B1 = S.get(0), B0 = S.get(1), A1 = S.get(2), A0 = S.get(3);
    Felt B0A0 = B0 * A0;
    S.set(2, (B0 + B1) * (A1 + A0) - B0A0);
    S.set(3, B0A0 - Felt(2) * B1 * A1);
    return true;
  }
  case O::Emit:
    return handleEmit();
  case O::Assert:
    if (S.get(0) != Felt::one()) {
      std::string What = "code: " + std::to_string(Op.Imm.value());
      if (const std::string *Text = errorMessage(Op.Imm))
        What = "message: " + *Text;
      return fail(formatv("assertion failed at clock cycle {0} with error {1}", Clk, What).str());
    }
    S.pop();
    return true;
  case O::Eq: {
    Felt B = S.get(0), A = S.get(1);
    S.pop();
    S.set(0, Felt(A == B ? 1 : 0));
    return true;
  }
  case O::Add: {
    Felt B = S.get(0), A = S.get(1);
    S.pop();
    S.set(0, A + B);
    return true;
  }
  case O::Mul: {
    Felt B = S.get(0), A = S.get(1);
    S.pop();
    S.set(0, A * B);
    return true;
  }
  case O::And:
  case O::Or: {
    Felt B = S.get(0), A = S.get(1);
    if (!binary(B) || !binary(A))
      return false;
    S.pop();
    uint64_t R = Op.Code == O::And ? (A.value() & B.value()) : (A.value() | B.value());
    S.set(0, Felt(R));
    return true;
  }
  case O::U32And:
  case O::U32Xor: {
    if (!u32Operands({0, 1}, Felt()))
      return false;
    uint32_t B = uint32_t(S.get(0).value()), A = uint32_t(S.get(1).value());
    bool IsXor = Op.Code == O::U32Xor;
    if constexpr (TracerT::Enabled)
      Tr.bitwise(IsXor, A, B);
    S.pop();
    S.set(0, Felt(IsXor ? (A ^ B) : (A & B)));
    return true;
  }
  case O::FriE2F4:
    return friFold4();
  case O::Drop:
    S.pop();
    return true;
  case O::CSwap:
  case O::CSwapW: {
    Felt C = S.get(0);
    S.pop();
    if (C.value() > 1)
      return fail(formatv("operation expected a binary value, but got {0}", C.value()).str());
    if (C.value() == 1)
      swapRange(0, Op.Code == O::CSwap ? 1 : 4, Op.Code == O::CSwap ? 1 : 4);
    return true;
  }
  case O::MLoadW: {
    Felt A = S.get(0);
    S.pop();
    uint32_t Addr;
    if (!wordAddress(A, Addr))
      return false;
    setStackWord(0, memReadWord(Addr));
    return true;
  }
  case O::MStore: {
    Felt A = S.get(0), V = S.get(1);
    S.pop();
    uint32_t Addr;
    if (!address(A, Addr))
      return false;
    memWrite(Addr, V);
    return true;
  }
  case O::MStoreW: {
    Felt A = S.get(0);
    Word W = stackWord(1);
    S.pop();
    uint32_t Addr;
    if (!wordAddress(A, Addr))
      return false;
    memWriteWord(Addr, W);
    return true;
  }
  case O::Pad:
    return push(Felt());
  case O::Dup0:
    return push(S.get(0));
  case O::Dup1:
    return push(S.get(1));
  case O::Dup2:
    return push(S.get(2));
  case O::Dup3:
    return push(S.get(3));
  case O::Dup4:
    return push(S.get(4));
  case O::Dup5:
    return push(S.get(5));
  case O::Dup6:
    return push(S.get(6));
  case O::Dup7:
    return push(S.get(7));
  case O::Dup9:
    return push(S.get(9));
  case O::Dup11:
    return push(S.get(11));
  case O::Dup13:
    return push(S.get(13));
  case O::Dup15:
    return push(S.get(15));
  case O::AdvPop: {
    Felt V;
    if (!Advice.popStack(V))
      return adviceFailure("advice stack read failed");
    return push(V);
  }
  case O::SDepth:
    return push(Felt(uint64_t(S.depth())));
  case O::Clk:
    return push(Felt(Clk));
  case O::U32Add: {
    if (!u32Operands({0, 1}, Felt()))
      return false;
    uint64_t R = S.get(0).value() + S.get(1).value();
    if constexpr (TracerT::Enabled)
      Tr.range(R & 0xFFFFFFFF, R >> 32);
    S.set(0, Felt(R >> 32));
    S.set(1, Felt(R & 0xFFFFFFFF));
    return true;
  }
  case O::U32Sub: {
    // Miden reports U32SUB's operand failures with the operation's index in
    // its block (padding included) as the error code.
    if (!u32Operands({0, 1}, Felt(OpIdxInBlock)))
      return false;
    uint64_t R = S.get(1).value() - S.get(0).value();
    if constexpr (TracerT::Enabled)
      Tr.range(R & 0xFFFFFFFF, 0);
    S.set(0, Felt(R >> 63));
    S.set(1, Felt(R & 0xFFFFFFFF));
    return true;
  }
  case O::U32Mul: {
    if (!u32Operands({0, 1}, Felt()))
      return false;
    uint64_t R = S.get(0).value() * S.get(1).value();
    if constexpr (TracerT::Enabled)
      Tr.range(R & 0xFFFFFFFF, R >> 32);
    S.set(0, Felt(R >> 32));
    S.set(1, Felt(R & 0xFFFFFFFF));
    return true;
  }
  case O::U32Div: {
    if (!u32Operands({0, 1}, Felt()))
      return false;
    uint64_t Den = S.get(0).value(), Num = S.get(1).value();
    if (Den == 0)
      return fail(formatv("division by zero at clock cycle {0}", Clk).str());
    uint64_t Q = Num / Den, R = Num - Q * Den;
    if constexpr (TracerT::Enabled)
      Tr.range(Num - Q, Den - R - 1);
    S.set(0, Felt(R));
    S.set(1, Felt(Q));
    return true;
  }
  case O::U32Split: {
    uint64_t V = S.get(0).value();
    if (!push(Felt()))
      return false;
    if constexpr (TracerT::Enabled)
      Tr.range(V & 0xFFFFFFFF, V >> 32);
    S.set(0, Felt(V >> 32));
    S.set(1, Felt(V & 0xFFFFFFFF));
    return true;
  }
  case O::U32Assert2:
    if (!u32Operands({0, 1}, Op.Imm))
      return false;
    if constexpr (TracerT::Enabled)
      Tr.range(S.get(0).value(), S.get(1).value());
    return true;
  case O::U32Add3: {
    if (!u32Operands({0, 1, 2}, Felt()))
      return false;
    uint64_t R = S.get(0).value() + S.get(1).value() + S.get(2).value();
    if constexpr (TracerT::Enabled)
      Tr.range(R & 0xFFFFFFFF, R >> 32);
    S.pop();
    S.set(0, Felt(R >> 32));
    S.set(1, Felt(R & 0xFFFFFFFF));
    return true;
  }
  case O::U32Madd: {
    if (!u32Operands({0, 1, 2}, Felt()))
      return false;
    uint64_t R = S.get(0).value() * S.get(1).value() + S.get(2).value();
    if constexpr (TracerT::Enabled)
      Tr.range(R & 0xFFFFFFFF, R >> 32);
    S.pop();
    S.set(0, Felt(R >> 32));
    S.set(1, Felt(R & 0xFFFFFFFF));
    return true;
  }
  case O::HPerm: {
    // The sponge state is s11..s0 (state[0] = s11): contiguous in the buffer.
    Felt *P = S.slot(11);
    Rpo256::State St;
    std::copy(P, P + 12, St.begin());
    Rpo256::permute(St);
    if constexpr (TracerT::Enabled)
      Tr.permute(Clk, P, St.data());
    std::copy(St.begin(), St.end(), P);
    return true;
  }
  case O::MpVerify:
    return merkleVerify(Op.Imm);
  case O::Pipe: {
    uint32_t Addr;
    if (!wordAddress(S.get(12), Addr))
      return false;
    Word W0, W1;
    if (!Advice.popStackWord(W0) || !Advice.popStackWord(W1))
      return adviceFailure("advice stack read failed");
    uint32_t Addr2;
    if (!wordAddress(S.get(12) + Felt(4), Addr2))
      return false;
    memWriteWord(Addr, W0);
    memWriteWord(Addr2, W1);
    setStackWord(0, W1);
    setStackWord(4, W0);
    S.set(12, S.get(12) + Felt(8));
    return true;
  }
  case O::MStream: {
    uint32_t Addr, Addr2;
    if (!wordAddress(S.get(12), Addr) || !wordAddress(S.get(12) + Felt(4), Addr2))
      return false;
    Word W0 = memReadWord(Addr), W1 = memReadWord(Addr2);
    setStackWord(0, W1);
    setStackWord(4, W0);
    S.set(12, S.get(12) + Felt(8));
    return true;
  }
  case O::HornerBase:
    return hornerBase();
  case O::HornerExt:
    return hornerExt();
  case O::Push:
    return push(Op.Imm);
  case O::EvalCircuit:
    return evalCircuit();
  case O::LogPrecompile:
    return logPrecompile();
  case O::MrUpdate:
    return merkleUpdate();
  case O::CryptoStream:
    return cryptoStream();
  }
  return fail(formatv("invalid operation code {0}", unsigned(Op.opcode())).str());
}

template <class TracerT> bool Interpreter<TracerT>::handleEmit() {
  Felt Id = Stack.get(0);
  if (auto E = lookupSysEvent(Id))
    return handleSysEvent(*E);
  if (Error Err = H.onEvent(*this, Id))
    return fail(formatv("error during processing of event with ID: {0}: {1}", Id.value(),
                        toString(std::move(Err)))
                    .str());
  return true;
}

template <class TracerT> bool Interpreter<TracerT>::handleSysEvent(SysEvent E) {
  OperandStack &S = Stack;
  auto MapError = [&](Error Err) { return adviceFailure(toString(std::move(Err))); };
  switch (E) {
  case SysEvent::MerkleNodeMerge: {
    Digest L = toDigest(stackWord(5)), R = toDigest(stackWord(1));
    Advice.store().mergeRoots(L, R);
    return true;
  }
  case SysEvent::MerkleNodeToStack: {
    Felt Depth = S.get(1), Index = S.get(2);
    Digest Root = toDigest(stackWord(3));
    Expected<Digest> Node = Advice.store().getNode(Root, Depth.value(), Index.value());
    if (!Node)
      return MapError(Node.takeError());
    Advice.pushStackWord(toWord(*Node));
    return true;
  }
  case SysEvent::MapValueToStack:
  case SysEvent::MapValueToStackN0:
  case SysEvent::MapValueToStackN4:
  case SysEvent::MapValueToStackN8: {
    bool WithLength = E != SysEvent::MapValueToStack;
    unsigned Pad = E == SysEvent::MapValueToStackN4 ? 4 : E == SysEvent::MapValueToStackN8 ? 8 : 0;
    if (Error Err = Advice.pushFromMap(toDigest(stackWord(1)), WithLength, Pad))
      return MapError(std::move(Err));
    return true;
  }
  case SysEvent::MapValueCountToStack: {
    Digest Key = toDigest(stackWord(1));
    const std::vector<Felt> *V = Advice.lookup(Key);
    if (!V)
      return adviceFailure("value for key " + Key.toHex() + " not present in the advice map");
    Advice.pushStack(Felt(uint64_t(V->size())));
    return true;
  }
  case SysEvent::HasMapKey:
    Advice.pushStack(Felt(Advice.lookup(toDigest(stackWord(1))) ? 1 : 0));
    return true;
  case SysEvent::Ext2Inv: {
    QuadExt A(S.get(2), S.get(1));
    if (A.isZero())
      return fail(formatv("division by zero at clock cycle {0}", Clk).str());
    QuadExt R = A.inverse();
    Advice.pushStack(R[1]);
    Advice.pushStack(R[0]);
    return true;
  }
  case SysEvent::U32Clz:
  case SysEvent::U32Ctz:
  case SysEvent::U32Clo:
  case SysEvent::U32Cto: {
    Felt V = S.get(1);
    if (V.value() > 0xFFFFFFFFull)
      return fail("operation expected u32 values, but got values: " + feltList(V) +
                  " (error code: 0)");
    uint32_t X = uint32_t(V.value());
    unsigned R;
    switch (E) {
    case SysEvent::U32Clz:
      R = X ? __builtin_clz(X) : 32;
      break;
    case SysEvent::U32Ctz:
      R = X ? __builtin_ctz(X) : 32;
      break;
    case SysEvent::U32Clo:
      R = ~X ? __builtin_clz(~X) : 32;
      break;
    default:
      R = ~X ? __builtin_ctz(~X) : 32;
      break;
    }
    Advice.pushStack(Felt(uint64_t(R)));
    return true;
  }
  case SysEvent::ILog2: {
    uint64_t N = S.get(1).value();
    if (N == 0)
      return fail(
          formatv("attempted to calculate integer logarithm with zero argument at clock cycle {0}",
                  Clk)
              .str());
    Advice.pushStack(Felt(uint64_t(63 - __builtin_clzll(N))));
    return true;
  }
  case SysEvent::MemToMap: {
    uint64_t Start = S.get(5).value(), End = S.get(6).value();
    if (Start > 0xFFFFFFFFull || End > 0xFFFFFFFFull)
      return fail(formatv("memory address cannot exceed 2^32 but was {0}",
                          Start > 0xFFFFFFFFull ? Start : End)
                      .str());
    if (Start > End)
      return fail(formatv("memory range start address cannot exceed end address, but was "
                          "({0}, {1})",
                          Start, End)
                      .str());
    std::vector<Felt> Values;
    Values.reserve(End - Start);
    for (uint64_t A = Start; A < End; ++A)
      Values.push_back(Mem.read(Ctx, uint32_t(A)));
    if (Error Err = Advice.insert(toDigest(stackWord(1)), std::move(Values)))
      return MapError(std::move(Err));
    return true;
  }
  case SysEvent::HdwordToMap:
  case SysEvent::HdwordToMapWithDomain: {
    Felt Domain = E == SysEvent::HdwordToMapWithDomain ? S.get(9) : Felt();
    Word W0 = stackWord(1), W1 = stackWord(5);
    Digest Key = Rpo256::mergeInDomain(toDigest(W1), toDigest(W0), Domain);
    std::vector<Felt> Values(W1.begin(), W1.end());
    Values.insert(Values.end(), W0.begin(), W0.end());
    if (Error Err = Advice.insert(Key, std::move(Values)))
      return MapError(std::move(Err));
    return true;
  }
  case SysEvent::HqwordToMap: {
    std::vector<Felt> Values;
    for (unsigned Start : {13u, 9u, 5u, 1u}) {
      Word W = stackWord(Start);
      Values.insert(Values.end(), W.begin(), W.end());
    }
    Digest Key = Rpo256::hashElements(Values);
    if (Error Err = Advice.insert(Key, std::move(Values)))
      return MapError(std::move(Err));
    return true;
  }
  case SysEvent::HpermToMap: {
    Rpo256::State St;
    for (unsigned I = 0; I < 12; ++I)
      St[I] = S.get(12 - I);
    std::vector<Felt> Values(St.begin() + Rpo256::RateBegin,
                             St.begin() + Rpo256::RateBegin + Rpo256::RateWidth);
    Rpo256::permute(St);
    if (Error Err = Advice.insert(Rpo256::digestOf(St), std::move(Values)))
      return MapError(std::move(Err));
    return true;
  }
  case SysEvent::Count:
    break;
  }
  return fail("unknown system event");
}

template <class TracerT> bool Interpreter<TracerT>::merkleVerify(Felt ErrCode) {
  OperandStack &S = Stack;
  Word Node = stackWord(0);
  Felt Depth = S.get(4), Index = S.get(5);
  Word Root = stackWord(6);
  Expected<MerkleProof> Proof =
      Advice.store().getPath(toDigest(Root), Depth.value(), Index.value());
  if (!Proof)
    return adviceFailure(toString(Proof.takeError()));
  const std::vector<Digest> *Path = &Proof->Siblings;
  Digest Acc = toDigest(Node);
  uint64_t Idx = Index.value();
  for (const Digest &Sibling : *Path) {
    Acc = (Idx & 1) ? Rpo256::merge(Sibling, Acc) : Rpo256::merge(Acc, Sibling);
    Idx >>= 1;
  }
  if constexpr (TracerT::Enabled) {
    HasherRecord R;
    R.Kind = HasherRecord::MerkleVerify;
    R.Clk = Clk;
    R.Leaf = Node;
    R.Index = Index.value();
    R.Root = Root;
    for (const Digest &D : *Path)
      R.Path.push_back(toWord(D));
    Tr.merkle(std::move(R));
  }
  if (Acc != toDigest(Root)) {
    std::string What = "code: " + std::to_string(ErrCode.value());
    if (const std::string *Text = errorMessage(ErrCode))
      What = "message: " + *Text;
    return fail(formatv("merkle path verification failed for value {0} at index {1} in the "
                        "Merkle tree with root {2} (error {3})",
                        wordHex(Node), Index.value(), wordHex(Root), What)
                    .str());
  }
  return true;
}

template <class TracerT> bool Interpreter<TracerT>::merkleUpdate() {
  OperandStack &S = Stack;
  Word OldValue = stackWord(0);
  Felt Depth = S.get(4), Index = S.get(5);
  Word OldRoot = stackWord(6), NewValue = stackWord(10);
  // As Miden does: the store learns the new tree first; the siblings it
  // returns are then checked against the claimed old root.
  Expected<RootPath> Updated =
      Advice.store().setNode(toDigest(OldRoot), Depth.value(), Index.value(), toDigest(NewValue));
  if (!Updated)
    return adviceFailure(toString(Updated.takeError()));
  const std::vector<Digest> *Path = &Updated->Siblings;
  if (Path->size() != Depth.value())
    return fail(formatv("invalid crypto operation: Merkle path length {0} does not match expected "
                        "depth {1} at clock cycle {2}",
                        Path->size(), Depth.value(), Clk)
                    .str());
  Digest OldAcc = toDigest(OldValue), NewAcc = toDigest(NewValue);
  uint64_t Idx = Index.value();
  for (const Digest &Sibling : *Path) {
    if (Idx & 1) {
      OldAcc = Rpo256::merge(Sibling, OldAcc);
      NewAcc = Rpo256::merge(Sibling, NewAcc);
    } else {
      OldAcc = Rpo256::merge(OldAcc, Sibling);
      NewAcc = Rpo256::merge(NewAcc, Sibling);
    }
    Idx >>= 1;
  }
  if (OldAcc != toDigest(OldRoot))
    return fail(formatv("merkle path verification failed for value {0} at index {1} in the "
                        "Merkle tree with root {2} (error code: 0)",
                        wordHex(OldValue), Index.value(), wordHex(OldRoot))
                    .str());
  if constexpr (TracerT::Enabled) {
    HasherRecord R;
    R.Kind = HasherRecord::MerkleUpdate;
    R.Clk = Clk;
    R.Leaf = OldValue;
    R.NewLeaf = NewValue;
    R.Index = Index.value();
    R.Root = OldRoot;
    R.NewRoot = toWord(NewAcc);
    for (const Digest &D : *Path)
      R.Path.push_back(toWord(D));
    Tr.merkle(std::move(R));
  }
  setStackWord(0, toWord(NewAcc));
  return true;
}

template <class TracerT> bool Interpreter<TracerT>::friFold4() {
  OperandStack &S = Stack;
  // Query values: word 4 holds v0..v3, word 0 holds v4..v7 (memory order).
  Word Hi = stackWord(0), Lo = stackWord(4);
  QuadExt Q[4] = {QuadExt(Lo[0], Lo[1]), QuadExt(Lo[2], Lo[3]), QuadExt(Hi[0], Hi[1]),
                  QuadExt(Hi[2], Hi[3])};
  Felt FoldedPos = S.get(8);
  uint64_t Segment = S.get(9).value();
  Felt Poe = S.get(10);
  QuadExt Prev(S.get(12), S.get(11));
  QuadExt Alpha(S.get(14), S.get(13));
  Felt LayerPtr = S.get(15);
  if (Segment > 3)
    return fail(formatv("FRI domain segment value cannot exceed 3, but was {0}", Segment).str());
  if (Q[Segment] != Prev)
    return fail("degree-respecting projection is inconsistent");
  static constexpr Felt TauFactor[4] = {Felt::one(), TauInv, Tau2Inv, Tau3Inv};
  Felt FTau = TauFactor[Segment];
  Felt X = Poe * FTau * Felt::generator();
  QuadExt Ev = Alpha * X.inverse();
  QuadExt Es = Ev * Ev;
  QuadExt Tmp0 = fold2(Q[0], Q[2], Ev);
  QuadExt Tmp1 = fold2(Q[1], Q[3], Ev * TauInv);
  QuadExt Folded = fold2(Tmp0, Tmp1, Es);
  Felt Poe2 = Poe * Poe, Poe4 = Poe2 * Poe2;
  S.pop();
  S.set(0, Tmp0[1]);
  S.set(1, Tmp0[0]);
  S.set(2, Tmp1[1]);
  S.set(3, Tmp1[0]);
  Word Flags{};
  Flags[Segment] = Felt::one();
  setStackWord(4, Flags);
  S.set(8, Poe2);
  S.set(9, FTau);
  S.set(10, LayerPtr + Felt(8));
  S.set(11, Poe4);
  S.set(12, FoldedPos);
  S.set(13, Folded[1]);
  S.set(14, Folded[0]);
  return true;
}

template <class TracerT> bool Interpreter<TracerT>::hornerBase() {
  OperandStack &S = Stack;
  uint32_t A0, A1;
  if (!address(S.get(13), A0) || !address(S.get(13) + Felt::one(), A1))
    return false;
  QuadExt Alpha(memRead(A0), memRead(A1));
  QuadExt Acc(S.get(15), S.get(14));
  // s0 is the highest-degree coefficient c7; s7 is c0.
  for (int I = 7; I >= 0; --I)
    Acc = Acc * Alpha + QuadExt(S.get(unsigned(I)));
  S.set(14, Acc[1]);
  S.set(15, Acc[0]);
  return true;
}

template <class TracerT> bool Interpreter<TracerT>::hornerExt() {
  OperandStack &S = Stack;
  uint32_t Addr;
  if (!wordAddress(S.get(13), Addr))
    return false;
  Word W = memReadWord(Addr);
  QuadExt Alpha(W[0], W[1]);
  QuadExt C[4] = {QuadExt(S.get(1), S.get(0)), QuadExt(S.get(3), S.get(2)),
                  QuadExt(S.get(5), S.get(4)), QuadExt(S.get(7), S.get(6))};
  QuadExt Acc(S.get(15), S.get(14));
  for (int I = 3; I >= 0; --I)
    Acc = C[I] + Alpha * Acc;
  S.set(14, Acc[1]);
  S.set(15, Acc[0]);
  return true;
}

template <class TracerT> bool Interpreter<TracerT>::cryptoStream() {
  OperandStack &S = Stack;
  uint64_t Src = S.get(12).value(), Dst = S.get(13).value();
  for (uint64_t A : {Src, Dst})
    if (A > 0xFFFFFFFFull || A + 8 > 0xFFFFFFFFull + 1)
      return fail(formatv("memory address cannot exceed 2^32 but was {0}", A).str());
  if (Src < Dst + 8 && Dst < Src + 8) {
    uint64_t Offending = (Dst >= Src && Dst < Src + 8) ? Dst : Dst + 4;
    return fail(formatv("memory address {0} in context {1} was read and written, or written "
                        "twice, in the same clock cycle {2}",
                        Offending, Ctx, Clk)
                    .str());
  }
  uint32_t SrcA, SrcB, DstA, DstB;
  if (!wordAddress(Felt(Src), SrcA) || !wordAddress(Felt(Src + 4), SrcB))
    return false;
  Word P0 = memReadWord(SrcA), P1 = memReadWord(SrcB);
  // rate[0..8] = s7, s6, ..., s0
  Word C0, C1;
  for (unsigned I = 0; I < 4; ++I) {
    C0[I] = P0[I] + S.get(7 - I);
    C1[I] = P1[I] + S.get(3 - I);
  }
  if (!wordAddress(Felt(Dst), DstA) || !wordAddress(Felt(Dst + 4), DstB))
    return false;
  memWriteWord(DstA, C0);
  memWriteWord(DstB, C1);
  setStackWord(0, C1);
  setStackWord(4, C0);
  S.set(12, Felt(Src + 8));
  S.set(13, Felt(Dst + 8));
  return true;
}

/// The ACE chiplet's operation: [ptr, num_read, num_eval] stay on the stack;
/// memory at ptr holds num_read/2 words of input wires (two extension
/// elements each), then num_eval gate encodings (one element each: left wire
/// id in bits 0..29, right in 30..59, op in 60..: 0 sub, 1 mul, 2 add). Wire
/// ids count down from num_read + num_eval - 1 in insertion order; the last
/// gate's value must be zero.
template <class TracerT> bool Interpreter<TracerT>::evalCircuit() {
  constexpr uint64_t MaxId = (uint64_t(1) << 30) - 1;
  auto Failure = [&](const Twine &Why) {
    return fail(("failed to execute arithmetic circuit evaluation operation: " + Why).str());
  };
  uint64_t NumVars = Stack.get(1).value(), NumEval = Stack.get(2).value();
  Felt Ptr = Stack.get(0);
  uint64_t NumWires = NumVars + NumEval;
  if (NumVars > MaxId || NumEval > MaxId || NumWires > MaxId)
    return Failure("num of wires must be less than 2^30 but was " + Twine(NumWires));
  if (NumVars % 2 != 0 || NumVars == 0)
    return Failure("num of variables should be word aligned and non-zero but was " +
                   Twine(NumVars));
  if (NumEval % 4 != 0 || NumEval == 0)
    return Failure("num of evaluation gates should be word aligned and non-zero but was " +
                   Twine(NumEval));
  std::vector<QuadExt> Wires;
  Wires.reserve(NumWires);
  for (uint64_t R = 0; R < NumVars / 2; ++R, Ptr += Felt(4)) {
    uint32_t Addr;
    if (!wordAddress(Ptr, Addr))
      return false;
    Word W = memReadWord(Addr);
    Wires.push_back(QuadExt(W[0], W[1]));
    Wires.push_back(QuadExt(W[2], W[3]));
  }
  // Wire id I is the (NumWires - 1 - I)-th value inserted.
  auto Read = [&](uint64_t Id, QuadExt &V) {
    if (Id + 1 > NumWires || NumWires - (Id + 1) >= Wires.size())
      return false;
    V = Wires[NumWires - (Id + 1)];
    return true;
  };
  for (uint64_t G = 0; G < NumEval; ++G, Ptr += Felt::one()) {
    uint32_t Addr;
    if (!address(Ptr, Addr))
      return false;
    uint64_t Enc = memRead(Addr).value();
    uint64_t L = Enc & MaxId, R = (Enc >> 30) & MaxId, Op = Enc >> 60;
    if (Op > 2)
      return Failure("failed to decode instruction");
    QuadExt VL, VR;
    if (!Read(L, VL) || !Read(R, VR))
      return Failure("failed to read from the wiring bus");
    Wires.push_back(Op == 0 ? VL - VR : Op == 1 ? VL * VR : VL + VR);
  }
  if (!Wires.back().isZero())
    return Failure("circuit does not evaluate to zero");
  if constexpr (TracerT::Enabled)
    Tr.circuit(Ctx, Clk, Stack.get(0), uint32_t(NumVars), uint32_t(NumEval));
  return true;
}

template <class TracerT> bool Interpreter<TracerT>::logPrecompile() {
  // State: capacity = the transcript, rate0 = TAG (word 4), rate1 = COMM (word 0).
  Rpo256::State St;
  Word Comm = stackWord(0), Tag = stackWord(4);
  for (unsigned I = 0; I < 4; ++I) {
    St[I] = TranscriptCap[I];
    St[4 + I] = Tag[I];
    St[8 + I] = Comm[I];
  }
  Rpo256::State In = St;
  Rpo256::permute(St);
  if constexpr (TracerT::Enabled)
    Tr.permute(Clk, In.data(), St.data());
  Word Cap{St[0], St[1], St[2], St[3]}, R0{St[4], St[5], St[6], St[7]},
      R1{St[8], St[9], St[10], St[11]};
  TranscriptCap = Cap;
  setStackWord(0, R1);
  setStackWord(4, R0);
  setStackWord(8, Cap);
  return true;
}

template <class TracerT> void Interpreter<TracerT>::newContext(const Digest &Callee) {
  ContextId New = ContextId(Clk + 1);
  CallStack.push_back({Stack.saveOverflow(), Ctx, CallerHash});
  Ctx = New;
  CallerHash = Callee;
  Mem.write(New, FmpAddress, Felt(FmpInitValue));
  if constexpr (TracerT::Enabled)
    Tr.memory({New, FmpAddress, Clk, true, false, Word{Felt(FmpInitValue), {}, {}, {}}});
}

template <class TracerT> bool Interpreter<TracerT>::startCall(MastNodeId Id, bool IsSysCall) {
  const MastNode &N = CurForest->node(Id);
  const Digest &Callee = CurForest->digest(N.Children[0]);
  traceControl(IsSysCall ? ControlOpCode::SysCall : ControlOpCode::Call, Id);
  if (IsSysCall) {
    const auto &K = Program.kernelDigests();
    if (std::find(K.begin(), K.end(), Callee) == K.end())
      return fail("syscall failed: procedure with root " + Callee.toHex().substr(2) +
                  " was not found in the kernel");
    if constexpr (TracerT::Enabled)
      Tr.kernelCall(Callee);
    CallStack.push_back({Stack.saveOverflow(), Ctx, CallerHash});
    Ctx = 0;
  } else {
    newContext(Callee);
  }
  Conts.push_back({ContKind::FinishCall, Id, CurForest});
  Conts.push_back({ContKind::Start, N.Children[0], CurForest});
  ++Clk;
  return true;
}

template <class TracerT> bool Interpreter<TracerT>::finishCall() {
  if (Stack.depth() > OperandStack::MinDepth)
    return fail(
        formatv("when returning from a call or dyncall, stack depth must be 16, but was {0}",
                Stack.depth())
            .str());
  SavedContext C = std::move(CallStack.back());
  CallStack.pop_back();
  Stack.restoreOverflow(C.Overflow);
  Ctx = C.Ctx;
  CallerHash = C.CallerHash;
  return true;
}

template <class TracerT> bool Interpreter<TracerT>::startDyn(MastNodeId Id, bool IsDynCall) {
  traceControl(IsDynCall ? ControlOpCode::DynCall : ControlOpCode::Dyn, Id);
  uint32_t Addr;
  if (!wordAddress(Stack.get(0), Addr))
    return false;
  Digest Callee = toDigest(memReadWord(Addr));
  Stack.pop();
  if (IsDynCall)
    newContext(Callee);
  Conts.push_back({ContKind::FinishDyn, Id, CurForest});
  if (!enterProcedure(Callee, true))
    return false;
  ++Clk;
  return true;
}

/// Pushes the start of the procedure with this root: from the current forest
/// if it has it, else from the host's libraries.
template <class TracerT>
bool Interpreter<TracerT>::enterProcedure(const Digest &Root, bool FromDyn) {
  if (auto Id = CurForest->findNode(Root); Id && CurForest->isProcedureRoot(*Id)) {
    Conts.push_back({ContKind::Start, *Id, CurForest});
    return true;
  }
  const MastForest *F = H.findProcedure(Root);
  if (!F) {
    if (FromDyn)
      return fail("failed to execute the dynamic code block provided by the stack with root " +
                  Root.toHex() + "; the block could not be found");
    return fail("no MAST forest contains the procedure with root digest " + Root.toHex());
  }
  auto Id = F->findNode(Root);
  if (Error Err = Advice.extendMap(F->adviceMap()))
    return adviceFailure(toString(std::move(Err)));
  Conts.push_back({ContKind::EnterForest, 0, CurForest});
  Conts.push_back({ContKind::Start, *Id, F});
  return true;
}

template <class TracerT> Expected<ExecutionResult> Interpreter<TracerT>::run() {
  if (!Program.entrypoint())
    return createStringError(inconvertibleErrorCode(),
                             "the MAST forest has no entrypoint (it is a library, not a program)");
  if (Error Err = Advice.extendMap(Program.adviceMap()))
    return createStringError(inconvertibleErrorCode(),
                             "advice provider error at clock cycle 0: " + toString(std::move(Err)));
  // The root context's frame pointer is set by the program's own prologue.
  CurForest = &Program;
  Conts.push_back({ContKind::Start, *Program.entrypoint(), &Program});

  while (!Conts.empty()) {
    Continuation C = Conts.back();
    Conts.pop_back();
    CurForest = C.Forest;
    bool Ok = true;
    switch (C.Kind) {
    case ContKind::Start: {
      const MastNode &N = CurForest->node(C.Node);
      if (N.Kind == MastNodeKind::Block) {
        Ok = executeBlock(C.Node);
        if (!Ok)
          return takeFailure(&Site);
        continue;
      }
      if (!checkCycles(1))
        return takeFailure(nullptr);
      if constexpr (TracerT::Enabled)
        if (N.Kind != MastNodeKind::External)
          Tr.node(N.Hash, Clk);
      switch (N.Kind) {
      case MastNodeKind::Block:
        break;
      case MastNodeKind::Join:
        Conts.push_back({ContKind::FinishJoin, C.Node, CurForest});
        Conts.push_back({ContKind::Start, N.Children[1], CurForest});
        Conts.push_back({ContKind::Start, N.Children[0], CurForest});
        controlCycle(ControlOpCode::Join, C.Node);
        break;
      case MastNodeKind::Split: {
        traceControl(ControlOpCode::Split, C.Node);
        Felt Cond = Stack.get(0);
        Stack.pop();
        if (Cond.value() > 1) {
          fail(formatv("if statement expected a binary value on top of the stack, but got {0}",
                       Cond.value())
                   .str());
          return takeFailure(nullptr);
        }
        Conts.push_back({ContKind::FinishSplit, C.Node, CurForest});
        Conts.push_back({ContKind::Start, Cond.value() ? N.Children[0] : N.Children[1], CurForest});
        ++Clk;
        break;
      }
      case MastNodeKind::Loop: {
        traceControl(ControlOpCode::Loop, C.Node);
        Felt Cond = Stack.get(0);
        Stack.pop();
        if (Cond.value() > 1) {
          fail(formatv("loop condition must be a binary value, but got {0}", Cond.value()).str());
          return takeFailure(nullptr);
        }
        ++Clk;
        if (Cond.value()) {
          Conts.push_back({ContKind::FinishLoop, C.Node, CurForest});
          Conts.push_back({ContKind::Start, N.Children[0], CurForest});
        } else {
          controlCycle(ControlOpCode::End, C.Node);
        }
        break;
      }
      case MastNodeKind::Call:
      case MastNodeKind::SysCall:
        Ok = startCall(C.Node, N.Kind == MastNodeKind::SysCall);
        break;
      case MastNodeKind::Dyn:
      case MastNodeKind::DynCall:
        Ok = startDyn(C.Node, N.Kind == MastNodeKind::DynCall);
        break;
      case MastNodeKind::External: {
        const MastForest *F = H.findProcedure(N.Hash);
        std::optional<MastNodeId> Target;
        if (F) {
          Target = F->findNode(N.Hash);
          if (Error Err = Advice.extendMap(F->adviceMap())) {
            adviceFailure(toString(std::move(Err)));
            return takeFailure(nullptr);
          }
        } else if (auto Local = CurForest->findNode(N.Hash)) {
          // Not in any library but defined in this forest after all.
          F = CurForest;
          Target = Local;
        }
        if (!F) {
          fail("no MAST forest contains the procedure with root digest " + N.Hash.toHex());
          return takeFailure(nullptr);
        }
        if (F->node(*Target).Kind == MastNodeKind::External) {
          fail("external node with mast root " + N.Hash.toHex() + " resolved to an external node");
          return takeFailure(nullptr);
        }
        Conts.push_back({ContKind::EnterForest, 0, CurForest});
        Conts.push_back({ContKind::Start, *Target, F});
        break;
      }
      }
      break;
    }
    case ContKind::FinishJoin:
    case ContKind::FinishSplit:
      controlCycle(ControlOpCode::End, C.Node);
      break;
    case ContKind::FinishLoop: {
      Felt Cond = Stack.get(0);
      if (Cond.value() > 1) {
        fail(formatv("loop condition must be a binary value, but got {0}", Cond.value()).str());
        return takeFailure(nullptr);
      }
      if (Cond.value() && !checkCycles(1))
        return takeFailure(nullptr);
      traceControl(Cond.value() ? ControlOpCode::Repeat : ControlOpCode::End, C.Node);
      Stack.pop();
      if (Cond.value()) {
        Conts.push_back({ContKind::FinishLoop, C.Node, CurForest});
        Conts.push_back({ContKind::Start, CurForest->node(C.Node).Children[0], CurForest});
      }
      ++Clk;
      break;
    }
    case ContKind::FinishCall:
      traceControl(ControlOpCode::End, C.Node);
      Ok = finishCall();
      if (Ok)
        ++Clk;
      break;
    case ContKind::FinishDyn:
      traceControl(ControlOpCode::End, C.Node);
      if (CurForest->node(C.Node).Kind == MastNodeKind::DynCall)
        Ok = finishCall();
      if (Ok)
        ++Clk;
      break;
    case ContKind::EnterForest:
      break;
    }
    if (!Ok)
      return takeFailure(nullptr);
  }

  ExecutionResult R;
  R.Stack = Stack.topFirst();
  R.Cycles = Clk;
  R.AdviceStack = Advice.stackInPopOrder();
  if (R.Stack.size() > OperandStack::MinDepth && !Opts.AllowDeepOutputStack) {
    fail(formatv("stack should have at most 16 elements at the end of program execution, but had "
                 "{0} elements",
                 R.Stack.size())
             .str());
    return takeFailure(nullptr);
  }
  return R;
}

} // namespace

Expected<ExecutionResult> execute(const MastForest &Program, ArrayRef<Felt> StackInputs,
                                  AdviceInputs Advice, Host &H, const ExecutionOptions &Opts) {
  if (StackInputs.size() > OperandStack::MinDepth)
    return createStringError(inconvertibleErrorCode(), "at most 16 stack inputs are allowed, got " +
                                                           Twine(StackInputs.size()));
  auto I = std::make_unique<Interpreter<NoopTracer>>(Program, StackInputs, std::move(Advice), H,
                                                     Opts, NoopTracer{});
  return I->run();
}

Expected<ExecutionResult> executeWithProfile(const MastForest &Program, ArrayRef<Felt> StackInputs,
                                             AdviceInputs Advice, Host &H,
                                             ExecutionProfile &Profile,
                                             const ExecutionOptions &Opts) {
  if (StackInputs.size() > OperandStack::MinDepth)
    return createStringError(inconvertibleErrorCode(), "at most 16 stack inputs are allowed, got " +
                                                           Twine(StackInputs.size()));
  Profile = ExecutionProfile();
  auto I = std::make_unique<Interpreter<ProfilingTracer>>(Program, StackInputs, std::move(Advice),
                                                          H, Opts, ProfilingTracer(Profile));
  Expected<ExecutionResult> R = I->run();
  std::stable_sort(Profile.Procedures.begin(), Profile.Procedures.end(),
                   [](const ProcedureProfile &A, const ProcedureProfile &B) {
                     return A.Exclusive > B.Exclusive;
                   });
  return R;
}

StepHook::~StepHook() = default;
char ExecutionStopped::ID = 0;
void ExecutionStopped::log(raw_ostream &OS) const { OS << "execution stopped at cycle " << Cycle; }

Expected<ExecutionResult> executeWithHook(const MastForest &Program, ArrayRef<Felt> StackInputs,
                                          AdviceInputs Advice, Host &H, StepHook &Hook,
                                          const ExecutionOptions &Opts) {
  if (StackInputs.size() > OperandStack::MinDepth)
    return createStringError(inconvertibleErrorCode(), "at most 16 stack inputs are allowed, got " +
                                                           Twine(StackInputs.size()));
  auto I = std::make_unique<Interpreter<HookTracer>>(Program, StackInputs, std::move(Advice), H,
                                                     Opts, HookTracer{{}, Hook});
  try {
    return I->run();
  } catch (const HookStop &Stop) {
    return make_error<ExecutionStopped>(Stop.Cycle);
  }
}

Expected<ExecutionResult> executeForTrace(const MastForest &Program, ArrayRef<Felt> StackInputs,
                                          AdviceInputs Advice, Host &H, ExecutionTrace &Trace,
                                          const ExecutionOptions &Opts) {
  if (StackInputs.size() > OperandStack::MinDepth)
    return createStringError(inconvertibleErrorCode(), "at most 16 stack inputs are allowed, got " +
                                                           Twine(StackInputs.size()));
  Trace.clear();
  auto I = std::make_unique<Interpreter<RecordingTracer>>(Program, StackInputs, std::move(Advice),
                                                          H, Opts, RecordingTracer{Trace});
  return I->run();
}

} // namespace zkvm
