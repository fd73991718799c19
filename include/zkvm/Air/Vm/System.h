//===- zkvm/Air/Vm/System.h - The system columns and their constraints -*- C++ -*-===//
//
// Columns 0..5 of the VM trace (VmLayout.h), as in Miden v0.20.6:
//
//   clk      the clock cycle: 0 on the first row, +1 on every row (padding
//            rows included);
//   ctx      the execution context: 0 for the root context, clk + 1 of the
//            CALL / DYNCALL that created it, 0 again inside a SYSCALL;
//   fn_hash  the digest of the procedure that created the current context
//            (what CALLER pushes): set by CALL / DYNCALL, kept by SYSCALL,
//            restored by the call's END.
//
// Miden's AIR constrains only clk (its docs leave ctx and fn_hash to the
// decoder's block stack table, which also carries the values an END
// restores). Here we also enforce, from the decoder's op bits, that ctx and
// fn_hash stay put except on calls and the END of a call, that CALL / DYNCALL
// set ctx' = clk + 1 and SYSCALL ctx' = 0. What an END restores and the
// callee digest CALL / DYNCALL load into fn_hash are left to the decoder's
// block stack table.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_AIR_VM_SYSTEM_H
#define ZKVM_AIR_VM_SYSTEM_H

#include "zkvm/Air/Vm/Stack.h"

namespace zkvm {
namespace vmair {

size_t systemRowsNeeded(const VmTraceInputs &In);
/// Fills columns 0..5 only.
void buildSystemColumns(const VmTraceInputs &In, MainTrace &Main);
/// {1, 6, 5, 6, 6, 6, 6, 6}
std::vector<unsigned> systemConstraintDegrees();
inline std::vector<std::vector<Felt>> systemPeriodicColumns() { return {}; }
/// clk = 0 on the first row.
std::vector<Assertion> systemAssertions();

constexpr unsigned NumSystemConstraints = 8;

template <class E>
void evaluateSystem(const EvalFrame<E> &M, llvm::ArrayRef<E>, llvm::MutableArrayRef<E> Out) {
  const E One = E(Felt::one());
  auto B = [&](unsigned I) -> const E & { return M.Current[OpBitsCol + I]; };
  auto NB = [&](unsigned I) { return One - B(I); };
  const E E0 = M.Current[OpBitsExtraCol], E1 = M.Current[OpBitsExtraCol + 1];
  // Flags of CALL (108), SYSCALL (104), END (112) (degree 4) and DYNCALL (92) (degree 5).
  E Call = E1 * NB(4) * B(3) * B(2), SysCall = E1 * NB(4) * B(3) * NB(2);
  E End = E1 * B(4) * NB(3) * NB(2);
  E DynCall = E0 * B(3) * B(2) * NB(1) * NB(0);
  E EndCall = End * M.Current[IsCallCol], EndSys = End * M.Current[IsSyscallCol];
  const E Clk = M.Current[ClkCol], Ctx = M.Current[CtxCol], CtxN = M.Next[CtxCol];
  Out[0] = M.Next[ClkCol] - Clk - One;            // clk' = clk + 1
  Out[1] = (Call + DynCall) * (CtxN - Clk - One); // a call's context id is clk + 1
  Out[2] = SysCall * CtxN;                        // a syscall runs in the root context
  Out[3] = (One - Call - DynCall - SysCall - EndCall - EndSys) * (CtxN - Ctx); // ctx kept
  for (unsigned I = 0; I < 4; ++I) // fn_hash kept outside CALL / DYNCALL and their END
    Out[4 + I] =
        (One - Call - DynCall - EndCall) * (M.Next[FnHashCol + I] - M.Current[FnHashCol + I]);
}

} // namespace vmair
} // namespace zkvm

#endif // ZKVM_AIR_VM_SYSTEM_H
