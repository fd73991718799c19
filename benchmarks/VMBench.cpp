//===- VMBench.cpp - Fast-executor throughput ------------------------------===//
//
// BM_Execute/<program>: cycles per second of execute() (the fast path, no
// trace) on loops that stress control flow, field arithmetic, u32 operations
// and hashing. Reported as the "cycles/s" counter.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Asm/Assembler.h"
#include "zkvm/Mast/Lowering.h"
#include "zkvm/Support/Diagnostics.h"
#include "zkvm/VM/ExecutionTrace.h"
#include "zkvm/VM/Processor.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <benchmark/benchmark.h>

#include <cstdlib>

using namespace zkvm;
using namespace llvm;

namespace {

MastForest assembleOrDie(const std::string &Source) {
  SourceMgr SM;
  DiagnosticEngine Diags(SM);
  unsigned Id =
      SM.AddNewSourceBuffer(MemoryBuffer::getMemBufferCopy(Source, "bench.masm"), SMLoc());
  Assembler Asm(Diags, AssemblerOptions());
  std::unique_ptr<ir::Unit> U = Asm.assembleProgram(Id);
  if (!U || Diags.hasErrors())
    std::abort();
  return cantFail(lowerToMast(*U));
}

/// A counting loop of Iterations rounds around Body, which works on the
/// element below the counter and leaves the counter on top.
std::string loopProgram(unsigned Iterations, const std::string &Body) {
  return "begin push.1 push." + std::to_string(Iterations) + " push.1 while.true " + Body +
         " sub.1 dup neq.0 end drop drop end";
}

const char *const Bodies[] = {
    /* Loop */ "",
    /* Arith */ "swap repeat.8 dup mul push.7 add dup.1 add end swap",
    /* U32 */
    "swap repeat.8 push.12345 u32wrapping_add push.3 u32wrapping_mul u32split drop end swap",
    /* Hash */ "padw padw padw hperm dropw dropw dropw",
    /* Memory */ "repeat.8 dup mem_store.100 mem_load.100 drop end",
};

void runProgram(benchmark::State &State, unsigned Kind, bool Trace) {
  MastForest F = assembleOrDie(loopProgram(10000, Bodies[Kind]));
  DefaultHost Host;
  uint64_t Cycles = 0;
  ExecutionTrace T;
  for (auto _ : State) {
    Expected<ExecutionResult> R =
        Trace ? executeForTrace(F, {}, {}, Host, T) : execute(F, {}, {}, Host);
    if (!R) {
      State.SkipWithError(toString(R.takeError()).c_str());
      return;
    }
    Cycles += R->Cycles;
    benchmark::DoNotOptimize(R->Stack.data());
  }
  State.counters["cycles/s"] = benchmark::Counter(double(Cycles), benchmark::Counter::kIsRate);
}

void BM_Execute(benchmark::State &State) { runProgram(State, unsigned(State.range(0)), false); }
void BM_ExecuteForTrace(benchmark::State &State) {
  runProgram(State, unsigned(State.range(0)), true);
}

} // namespace

// 0: Loop, 1: Arith, 2: U32, 3: Hash, 4: Memory
BENCHMARK(BM_Execute)->DenseRange(0, 4)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExecuteForTrace)->Arg(1)->Unit(benchmark::kMillisecond);
