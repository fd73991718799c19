//===- DiffExecFuzzer.cpp - The fast executor against the tracing one -----===//
//
// Turns the fuzz bytes into a valid MASM program (straight-line field, u32,
// stack, memory, local, hash and advice instructions, if/else, repeat and
// bounded while loops, exec and call of earlier procedures), stack inputs
// and an advice stack, then runs it with execute() (the fast path) and with
// executeForTrace() (the path the prover uses), and with the two other
// instantiations of the interpreter, executeWithProfile() and
// executeWithHook(). All must agree on everything: the output stack, the
// cycle count, the advice left over, or the error message (which names the
// cycle). The trace must hold one record per cycle, the hook must be called
// once per cycle, and the profile must count every cycle once. Any
// difference aborts.
//
// The replay executable also runs it on pseudo-random inputs
// (`zkvm-diff-exec-fuzzer-replay --random=N`), a plain unit test of the same
// property in builds without libFuzzer.
//
//===----------------------------------------------------------------------===//

#include "zkvm/VM/ExecutionTrace.h"
#include "zkvm/VM/Processor.h"
#include "zkvm/VM/Profile.h"
#include "zkvm/VM/StepHook.h"
#include "zkvm/zkvm.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace llvm;
using namespace zkvm;

namespace {

/// Reads the fuzz bytes; past the end everything is zero.
class ByteReader {
public:
  ByteReader(const uint8_t *Data, size_t Size) : P(Data), E(Data + Size) {}
  bool done() const { return P == E; }
  uint8_t byte() { return P < E ? *P++ : 0; }
  unsigned below(unsigned N) { return N ? byte() % N : 0; }
  uint64_t u64() {
    uint64_t V = 0;
    for (int I = 0; I < 8; ++I)
      V |= uint64_t(byte()) << (8 * I);
    return V;
  }
  /// A field element, biased towards the edges of the u32 and felt ranges.
  uint64_t felt() {
    // clang-format off
    static const uint64_t Edges[] = {
        0, 1, 2, 3, 7, 31, 32, 63, 64, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE,
        0xFFFFFFFF, 0x100000000, Felt::Modulus - 1, Felt::Modulus - 2, 0xFFFFFFFF00000000};
    // clang-format on
    unsigned K = byte();
    if (K < 128)
      return Edges[K % (sizeof(Edges) / sizeof(Edges[0]))];
    if (K < 224)
      return byte() | uint64_t(byte()) << 8 | uint64_t(byte()) << 16 | uint64_t(byte()) << 24;
    return u64() % Felt::Modulus;
  }

private:
  const uint8_t *P, *E;
};

/// Instructions without immediates.
// clang-format off
const char *const Plain[] = {
    "add", "sub", "mul", "div", "neg", "inv", "pow2", "ilog2", "not", "and", "or", "xor", "eq",
    "neq", "lt", "lte", "gt", "gte", "eqw", "is_odd", "nop", "ext2add", "ext2sub", "ext2mul",
    "ext2div", "ext2neg", "ext2inv", "u32test", "u32testw", "u32assert", "u32assert2", "u32split",
    "u32cast", "u32wrapping_add", "u32overflowing_add", "u32overflowing_add3", "u32wrapping_add3",
    "u32wrapping_sub", "u32overflowing_sub", "u32wrapping_mul", "u32overflowing_mul",
    "u32overflowing_madd", "u32wrapping_madd", "u32div", "u32mod", "u32divmod", "u32and", "u32or",
    "u32xor", "u32not", "u32shl", "u32shr", "u32rotl", "u32rotr", "u32popcnt", "u32clz", "u32ctz",
    "u32clo", "u32cto", "u32lt", "u32lte", "u32gt", "u32gte", "u32min", "u32max", "drop", "dropw",
    "padw", "dup", "dupw", "swap", "swapw", "swapdw", "reversew", "cswap", "cswapw", "cdrop",
    "cdropw", "sdepth", "clk", "hperm", "hmerge", "hash", "nop", "adv_loadw", "mem_load",
    "mem_store", "mem_loadw_be", "mem_storew_be", "mem_loadw_le", "mem_storew_le"};
// clang-format on

class ProgramGen {
public:
  explicit ProgramGen(ByteReader &R) : R(R) {}

  std::string generate() {
    unsigned NumProcs = R.below(3);
    for (unsigned I = 0; I < NumProcs; ++I) {
      unsigned Locals = R.below(3) * 4;
      CurLocals = Locals;
      if (Locals)
        Out += "@locals(" + std::to_string(Locals) + ")\n";
      Out += "proc p" + std::to_string(I) + "\n";
      block(1, /*Procs=*/I);
      Out += "end\n";
    }
    CurLocals = 0;
    Out += "begin\n";
    block(1, NumProcs);
    Out += "end\n";
    return Out;
  }

private:
  void line(unsigned Depth, const std::string &S) {
    Out.append(2 * Depth, ' ');
    Out += S;
    Out += '\n';
  }
  std::string num(uint64_t V) { return std::to_string(V); }
  std::string addr() { return num(R.below(16) * 4 + (R.below(2) ? R.below(4) : 0)); }
  std::string waddr() { return num(R.below(16) * 4); }

  /// A sequence of instructions; Procs procedures (p0..) may be invoked.
  void block(unsigned Depth, unsigned Procs) {
    unsigned N = 1 + R.below(12), I = 0;
    for (; I < N && Budget && !R.done(); ++I, --Budget)
      instruction(Depth, Procs);
    if (I == 0)
      line(Depth, "nop"); // a block needs an instruction
  }

  void instruction(unsigned Depth, unsigned Procs) {
    unsigned K = R.byte();
    const unsigned NumPlain = sizeof(Plain) / sizeof(Plain[0]);
    if (K < 100) {
      std::string Op = Plain[K % NumPlain];
      // Most of the time, make the operands valid (u32 values, binary
      // flags) so that programs run on past the operation.
      if (R.below(4)) {
        if (Op.rfind("u32", 0) == 0 && Op.rfind("u32test", 0) && Op.rfind("u32assert", 0) &&
            Op != "u32cast" && Op != "u32split")
          Op = "u32cast swap u32cast swap " + Op;
        else if (Op == "not" || Op == "and" || Op == "or" || Op == "xor" || Op == "cswap" ||
                 Op == "cswapw" || Op == "cdrop" || Op == "cdropw")
          Op = "eq.0 swap eq.0 swap " + Op;
      }
      line(Depth, Op);
      return;
    }
    switch (K % 24) {
    case 0:
    case 1:
    case 2:
      line(Depth, "push." + num(R.felt()));
      return;
    case 3:
      line(Depth, "dup." + num(R.below(16)));
      return;
    case 4:
      line(Depth, "swap." + num(1 + R.below(15)));
      return;
    case 5:
      line(Depth, "movup." + num(2 + R.below(14)));
      return;
    case 6:
      line(Depth, "movdn." + num(2 + R.below(14)));
      return;
    case 7: {
      static const char *const W[] = {"dupw.", "swapw.", "movupw.", "movdnw."};
      unsigned Op = R.below(4);
      line(Depth, W[Op] + num(Op < 2 ? 1 + R.below(3) : 2 + R.below(2)));
      return;
    }
    case 8: {
      static const char *const Imm[] = {"add.", "sub.", "mul.", "div.", "eq.", "neq.",
                                        "lt.",  "lte.", "gt.",  "gte.", "exp."};
      unsigned Op = R.below(11);
      uint64_t V = R.felt();
      line(Depth, Imm[Op] + num(Op == 3 && V == 0 ? 1 : V)); // div.0 does not assemble
      return;
    }
    case 9: {
      static const char *const Imm[] = {"u32wrapping_add.", "u32wrapping_sub.", "u32wrapping_mul.",
                                        "u32div.",          "u32mod.",          "u32lt."};
      unsigned Op = R.below(6);
      uint64_t V = R.felt() & 0xFFFFFFFF;
      line(Depth, Imm[Op] + num((Op == 3 || Op == 4) && V == 0 ? 1 : V));
      return;
    }
    case 10: {
      static const char *const Sh[] = {"u32shl.", "u32shr.", "u32rotl.", "u32rotr."};
      line(Depth, Sh[R.below(4)] + num(R.below(32)));
      return;
    }
    case 11:
      line(Depth, (R.below(2) ? "mem_load." : "mem_store.") + addr());
      return;
    case 12: {
      static const char *const W[] = {"mem_loadw_be.", "mem_storew_be.", "mem_loadw_le.",
                                      "mem_storew_le."};
      line(Depth, W[R.below(4)] + waddr());
      return;
    }
    case 13:
      line(Depth, "adv_push." + num(1 + R.below(16)));
      return;
    case 14:
      if (CurLocals) {
        static const char *const L[] = {"loc_load.", "loc_store.", "locaddr."};
        line(Depth, L[R.below(3)] + num(R.below(CurLocals)));
        return;
      }
      line(Depth, "push." + num(R.felt()));
      return;
    case 15:
      if (CurLocals) {
        static const char *const L[] = {"loc_loadw_be.", "loc_storew_be.", "loc_loadw_le.",
                                        "loc_storew_le."};
        line(Depth, L[R.below(4)] + num(R.below(CurLocals / 4) * 4));
        return;
      }
      line(Depth, "u32cast");
      return;
    case 16:
    case 17:
      if (Procs) {
        line(Depth, (R.below(3) ? "exec.p" : "call.p") + num(R.below(Procs)));
        return;
      }
      line(Depth, "u32split");
      return;
    case 18:
    case 19:
      if (Depth < MaxDepth) {
        // A binary condition from the stack.
        line(Depth, "dup." + num(R.below(4)) + " push." + num(R.below(4)) + " lt");
        line(Depth, "if.true");
        block(Depth + 1, Procs);
        if (R.below(2)) {
          line(Depth, "else");
          block(Depth + 1, Procs);
        }
        line(Depth, "end");
        return;
      }
      line(Depth, "swap");
      return;
    case 20:
    case 21:
      if (Depth < MaxDepth) {
        line(Depth, "repeat." + num(1 + R.below(4)));
        block(Depth + 1, Procs);
        line(Depth, "end");
        return;
      }
      line(Depth, "dup");
      return;
    case 22:
    case 23:
      if (Depth < MaxDepth) {
        // At most 4 iterations, counted in a memory cell of its own (random
        // memory instructions stay below address 64).
        std::string Counter = num(1024 + 4 * NextLoop++);
        line(Depth, "push." + num(1 + R.below(4)) + " mem_store." + Counter + " push.1");
        line(Depth, "while.true");
        block(Depth + 1, Procs);
        line(Depth + 1, "mem_load." + Counter + " sub.1 dup mem_store." + Counter + " neq.0");
        line(Depth, "end");
        return;
      }
      line(Depth, "drop");
      return;
    }
  }

  static constexpr unsigned MaxDepth = 4;
  ByteReader &R;
  std::string Out;
  unsigned Budget = 160;
  unsigned CurLocals = 0;
  unsigned NextLoop = 0;
};

[[noreturn]] void mismatch(const std::string &Source, const std::string &What) {
  std::fprintf(stderr, "differential execution: %s\nprogram:\n%s\n", What.c_str(), Source.c_str());
  std::abort();
}

std::string describe(Expected<ExecutionResult> &R) {
  if (!R)
    return "error: " + toString(R.takeError());
  std::string S = "cycles " + std::to_string(R->Cycles) + ", stack";
  for (Felt F : R->Stack)
    S += " " + std::to_string(F.value());
  S += ", advice";
  for (Felt F : R->AdviceStack)
    S += " " + std::to_string(F.value());
  return S;
}

/// Counts the cycles it is called for; never stops the run.
class CountingHook : public StepHook {
public:
  uint64_t Calls = 0;
  bool onCycle(const ProcessState &, const StepInfo &) override {
    ++Calls;
    return true;
  }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  ByteReader R(Data, Size);
  ProgramInputs In;
  for (unsigned I = 0, N = R.below(17); I < N; ++I)
    In.StackInputs.push_back(Felt(R.felt()));
  for (unsigned I = 0, N = R.below(33); I < N; ++I)
    In.Advice.Stack.push_back(Felt(R.felt()));
  std::string Source = ProgramGen(R).generate();

  ZkvmOptions ZO;
  ZO.NoCoreLibrary = true;
  Expected<Zkvm> Vm = Zkvm::fromSource(Source, "diff.masm", ZO);
  if (!Vm) {
    // The generator only writes valid programs.
    std::fprintf(stderr, "%s\n", toString(Vm.takeError()).c_str());
    mismatch(Source, "the generated program does not assemble");
  }

  ExecutionOptions EO;
  EO.MaxCycles = 1 << 16;
  EO.AllowDeepOutputStack = true;
  DefaultHost FastHost, TraceHost;
  Expected<ExecutionResult> Fast = execute(Vm->program(), In.StackInputs, In.Advice, FastHost, EO);
  ExecutionTrace Trace;
  Expected<ExecutionResult> Traced =
      executeForTrace(Vm->program(), In.StackInputs, In.Advice, TraceHost, Trace, EO);
  DefaultHost ProfileHost, HookHost;
  ExecutionProfile Profile;
  Expected<ExecutionResult> Profiled =
      executeWithProfile(Vm->program(), In.StackInputs, In.Advice, ProfileHost, Profile, EO);
  CountingHook Hook;
  Expected<ExecutionResult> Hooked =
      executeWithHook(Vm->program(), In.StackInputs, In.Advice, HookHost, Hook, EO);

  bool Ok = bool(Traced);
  uint64_t Cycles = Ok ? Traced->Cycles : 0;
  std::string A = describe(Fast), B = describe(Traced), C = describe(Profiled),
              D = describe(Hooked);
  if (std::getenv("ZKVM_DIFF_EXEC_VERBOSE")) // what the programs do, to tune the generator
    std::fprintf(stderr, "%s\n", A.substr(0, 100).c_str());
  if (A != B)
    mismatch(Source, "execute: " + A + "\nexecuteForTrace: " + B);
  if (A != C)
    mismatch(Source, "execute: " + A + "\nexecuteWithProfile: " + C);
  if (A != D)
    mismatch(Source, "execute: " + A + "\nexecuteWithHook: " + D);
  if (!Ok)
    return 0;
  if (Trace.Cycles.size() != Cycles)
    mismatch(Source, "the trace holds " + std::to_string(Trace.Cycles.size()) +
                         " cycle records for " + std::to_string(Cycles) + " cycles");
  if (Hook.Calls != Cycles)
    mismatch(Source, "the hook was called " + std::to_string(Hook.Calls) + " times for " +
                         std::to_string(Cycles) + " cycles");
  uint64_t Counted = 0;
  for (uint64_t N : Profile.OpCycles)
    Counted += N;
  for (uint64_t N : Profile.ControlCycles)
    Counted += N;
  if (Counted != Cycles)
    mismatch(Source, "the profile counts " + std::to_string(Counted) + " cycles of " +
                         std::to_string(Cycles));
  return 0;
}
