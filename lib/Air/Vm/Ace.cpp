//===- Ace.cpp - The ACE chiplet's rows (trace generation) ------------------===//
//
// See zkvm/Air/Vm/Ace.h for the layout. The circuit is re-read from the
// memory reads the EVALCIRCUIT cycle recorded (the VM records n_read / 2 word
// reads, then n_eval element reads, all at the operation's clock cycle).
//
//===----------------------------------------------------------------------===//

#include "zkvm/Air/Vm/Ace.h"
#include "zkvm/Field/Extension.h"
#include "zkvm/Support/Error.h"

#include <unordered_map>

using namespace llvm;

namespace zkvm {
namespace vmair {

size_t aceRowsNeeded(const ExecutionTrace &Trace) {
  size_t N = 0;
  for (const CircuitRecord &C : Trace.Circuits)
    N += C.NumVars / 2 + C.NumEval;
  return N;
}

Expected<std::vector<AceRow>> buildAceRows(const ExecutionTrace &Trace) {
  // The memory reads of each EVALCIRCUIT cycle, in order.
  std::unordered_map<uint64_t, std::vector<const MemoryRecord *>> ReadsAt;
  for (const CircuitRecord &C : Trace.Circuits)
    ReadsAt.emplace(C.Clk, std::vector<const MemoryRecord *>());
  for (const MemoryRecord &M : Trace.MemoryAccesses) {
    auto It = ReadsAt.find(M.Clk);
    if (It != ReadsAt.end() && !M.IsWrite)
      It->second.push_back(&M);
  }
  constexpr uint64_t IdMask = (uint64_t(1) << ace::IdBits) - 1;
  std::vector<AceRow> Rows;
  Rows.reserve(aceRowsNeeded(Trace));
  for (const CircuitRecord &C : Trace.Circuits) {
    const std::vector<const MemoryRecord *> &Reads = ReadsAt[C.Clk];
    size_t NumReadRows = C.NumVars / 2, NumRows = NumReadRows + C.NumEval;
    uint64_t NumWires = uint64_t(C.NumVars) + C.NumEval;
    if (C.NumVars % 2 != 0 || Reads.size() != NumRows)
      return createError("ACE: EVALCIRCUIT at cycle " + Twine(C.Clk) +
                         " has no matching memory reads");
    size_t First = Rows.size();
    std::vector<QuadExt> Value(NumWires);   // by wire id
    std::vector<uint64_t> FanOut(NumWires); // by wire id
    Felt Ptr = C.Ptr;
    uint64_t Id = NumWires - 1;
    for (size_t R = 0; R < NumRows; ++R) {
      const MemoryRecord &M = *Reads[R];
      AceRow Row{};
      Row[ace::SStart] = Felt(R == 0 ? 1 : 0);
      Row[ace::Ctx] = Felt(uint64_t(C.Ctx));
      Row[ace::Ptr] = Ptr;
      Row[ace::Clk] = Felt(C.Clk);
      Row[ace::Id0] = Felt(Id);
      if (R < NumReadRows) { // READ: two wires from one word
        if (!M.IsWord)
          return createError("ACE: expected a word read at cycle " + Twine(C.Clk));
        Value[Id] = QuadExt(M.Values[0], M.Values[1]);
        Value[Id - 1] = QuadExt(M.Values[2], M.Values[3]);
        for (unsigned J = 0; J < 4; ++J)
          Row[ace::V0 + (J < 2 ? J : 1 + J)] = M.Values[J];
        Row[ace::Id1] = Felt(Id - 1);
        Row[ace::NEvalOrId2] = Felt(uint64_t(C.NumEval));
        Ptr += Felt(4);
        Id -= 2;
      } else { // EVAL: one gate
        uint64_t Enc = M.Values[0].value();
        uint64_t L = Enc & IdMask, Rt = (Enc >> ace::IdBits) & IdMask, Op = Enc >> 60;
        if (Op > 2 || L <= Id || Rt <= Id || L >= NumWires || Rt >= NumWires)
          return createError("ACE: malformed gate at cycle " + Twine(C.Clk));
        QuadExt VL = Value[L], VR = Value[Rt];
        QuadExt Out = Op == 0 ? VL - VR : Op == 1 ? VL * VR : VL + VR;
        Value[Id] = Out;
        ++FanOut[L];
        ++FanOut[Rt];
        Row[ace::SBlock] = Felt::one();
        Row[ace::Op] = Felt(Op) - Felt::one();
        Row[ace::V0] = Out[0];
        Row[ace::V0 + 1] = Out[1];
        Row[ace::Id1] = Felt(L);
        Row[ace::V1] = VL[0];
        Row[ace::V1 + 1] = VL[1];
        Row[ace::NEvalOrId2] = Felt(Rt);
        Row[ace::V2] = VR[0];
        Row[ace::V2 + 1] = VR[1];
        Ptr += Felt::one();
        --Id;
      }
      Rows.push_back(Row);
    }
    if (!Value[0].isZero())
      return createError("ACE: circuit at cycle " + Twine(C.Clk) + " does not evaluate to zero");
    // Fan-outs are known once every gate is read: fill m0 (and m1 on READ rows).
    for (size_t R = 0; R < NumRows; ++R) {
      AceRow &Row = Rows[First + R];
      uint64_t Id0 = Row[ace::Id0].value();
      Row[ace::M0] = Felt(FanOut[Id0]);
      if (R < NumReadRows)
        Row[ace::M1] = Felt(FanOut[Id0 - 1]);
    }
  }
  return std::move(Rows);
}

std::vector<unsigned> aceConstraintDegrees() {
  // In evaluateAce's order (f_ace has degree 4, f_next and f_end 6).
  return {6, 6, 6, 7, 6, 6, 8, 7, 7, 7, 7, 7, 7, 6, 8, 9, 9, 7, 7, 7};
}

} // namespace vmair
} // namespace zkvm
