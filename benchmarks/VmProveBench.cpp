//===- VmProveBench.cpp - Proving VM runs with the VM AIR -----------------===//
//
// BM_ProveLoop/N proves a counting loop of about 2^N cycles (trace rows the
// next power of two) at 96 bits with BLAKE3, as `zkprove` does: the timed
// part is the STARK prover only (execution and trace building are not).
// Counters: cycles, rows, proof bytes and the proving rate (cycles/s).
//
//===----------------------------------------------------------------------===//

#include "zkvm/Air/Vm/VmAir.h"
#include "zkvm/Asm/Assembler.h"
#include "zkvm/Mast/Lowering.h"
#include "zkvm/Prover/Prover.h"
#include "zkvm/Support/Diagnostics.h"
#include "zkvm/VM/Processor.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <benchmark/benchmark.h>

#include <memory>
#include <string>

using namespace zkvm;
using namespace zkvm::vmair;
using namespace llvm;

namespace {

/// 14 cycles per iteration; a little under 2^N cycles in all.
std::string loopSource(unsigned LogCycles) {
  size_t Iterations = ((size_t(1) << LogCycles) - 256) / 14;
  return "begin push.1 push." + std::to_string(Iterations) +
         " push.1 while.true swap dup mul push.7 add swap sub.1 dup neq.0 end drop drop end";
}

void BM_ProveLoop(benchmark::State &State) {
  SourceMgr SM;
  std::string Errors;
  raw_string_ostream ES(Errors);
  DiagnosticEngine Diags(SM, ES);
  Assembler Asm(Diags, AssemblerOptions());
  unsigned Id = SM.AddNewSourceBuffer(
      MemoryBuffer::getMemBufferCopy(loopSource(unsigned(State.range(0))), "loop.masm"), SMLoc());
  std::unique_ptr<ir::Unit> U = Asm.assembleProgram(Id);
  if (!U || Diags.hasErrors()) {
    State.SkipWithError(("assembly failed: " + ES.str()).c_str());
    return;
  }
  MastForest Forest = cantFail(lowerToMast(*U, &SM));
  DefaultHost H;
  ExecutionTrace Trace;
  Expected<ExecutionResult> Res = executeForTrace(Forest, {}, {}, H, Trace);
  if (!Res) {
    State.SkipWithError(toString(Res.takeError()).c_str());
    return;
  }
  Expected<VmTrace> T = buildVmTrace(Trace, Forest, {}, Res->Stack);
  if (!T) {
    State.SkipWithError(toString(T.takeError()).c_str());
    return;
  }
  VmAir A(T->Main[0].size(), T->Public);
  size_t Bytes = 0;
  for (auto _ : State) {
    auto P = prove(A, T->Main, ProofOptions::security96());
    if (!P) {
      State.SkipWithError(toString(P.takeError()).c_str());
      return;
    }
    Bytes = P->serialize().size();
    benchmark::DoNotOptimize(Bytes);
  }
  double Cycles = double(Trace.Cycles.size());
  State.counters["cycles"] = Cycles;
  State.counters["rows"] = double(T->Main[0].size());
  State.counters["proof_bytes"] = double(Bytes);
  State.counters["cycles_per_s"] =
      benchmark::Counter(Cycles * double(State.iterations()), benchmark::Counter::kIsRate);
}

} // namespace

// /20 is the 2^20 figure: one proof takes ~30 s and ~2.6 GB.
BENCHMARK(BM_ProveLoop)->Arg(16)->Arg(18)->Arg(20)->Unit(benchmark::kMillisecond)->UseRealTime();
