//===- CoreLibMath.cpp - Event handlers of miden::core (Math) ------===//
//
// Host hints for miden::core::math (stdlib/math/*.masm):
//
//  - u64::u64_div: [event, b_hi, b_lo, a_hi, a_lo, ...] -> pushes the
//    quotient q = a / b and the remainder r = a % b onto the advice stack so
//    that they are popped as q_lo, q_hi, r_lo, r_hi (two `adv_push.2` leave
//    [q_hi, q_lo] and then [r_hi, r_lo] on the operand stack). The procedure
//    that emits the event checks the answer. Fails, as Miden's handler does,
//    when a limb is not a u32 ("value V at divisor_hi is not a valid u32") or
//    when b = 0 ("division by zero").
//
//===----------------------------------------------------------------------===//

#include "zkvm/Support/Error.h"
#include "zkvm/VM/CoreLibrary.h"

#include <string>

namespace zkvm {
namespace corelib {

namespace {

/// Reads the u32 limb at stack position Pos, or fails naming it.
llvm::Error readLimb(const ProcessState &S, unsigned Pos, const char *Name, uint64_t &Out) {
  Out = S.Stack.get(Pos).value();
  if (Out > 0xFFFFFFFFull)
    return createError("value " + std::to_string(Out) + " at " + Name + " is not a valid u32");
  return llvm::Error::success();
}

llvm::Error u64Div(ProcessState &S) {
  uint64_t BHi, BLo, AHi, ALo;
  if (llvm::Error E = readLimb(S, 1, "divisor_hi", BHi))
    return E;
  if (llvm::Error E = readLimb(S, 2, "divisor_lo", BLo))
    return E;
  uint64_t B = (BHi << 32) | BLo;
  if (B == 0)
    return createError("division by zero");
  if (llvm::Error E = readLimb(S, 3, "dividend_hi", AHi))
    return E;
  if (llvm::Error E = readLimb(S, 4, "dividend_lo", ALo))
    return E;
  uint64_t A = (AHi << 32) | ALo;
  uint64_t Q = A / B, R = A % B;
  // Pushed so that q_lo is popped first, then q_hi, r_lo, r_hi.
  S.Advice.pushStack(Felt(R >> 32));
  S.Advice.pushStack(Felt(R & 0xFFFFFFFFull));
  S.Advice.pushStack(Felt(Q >> 32));
  S.Advice.pushStack(Felt(Q & 0xFFFFFFFFull));
  return llvm::Error::success();
}

} // namespace

llvm::Error registerMathHandlers(DefaultHost &Host) {
  return Host.addEventHandler("miden::core::math::u64::u64_div", u64Div);
}

} // namespace corelib
} // namespace zkvm
