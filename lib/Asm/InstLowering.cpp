//===- InstLowering.cpp - Instructions to VM operations -------------------===//
//
// One function per instruction family, each appending the operation sequence
// Miden v0.20.6 emits. Sequences are block-digest inputs: a reordered, added
// or missing operation changes the program hash, so every sequence here is
// checked against Miden's real output (unittests/Asm/InstLoweringTest.cpp).
//
// Two folding rules come from Miden's parser rather than its code generator
// and are easy to get wrong:
//  - a literal immediate is folded while parsing (add.0 -> nothing, add.1 ->
//    INCR, mul.0 -> DROP PAD, u32and.0 -> DROP PAD, ...);
//  - an immediate written as a constant is not (the parser cannot see its
//    value), so it reaches the code generator, which folds differently:
//    add.ZERO -> NOOP, mul.ONE -> NOOP, u32shl.ZERO -> NOOP, u32and.ZERO ->
//    PAD U32AND. Sema marks immediates it resolved from constants
//    (Immediate::FromConstant), which is how the two are told apart here.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Asm/InstLowering.h"

#include "zkvm/Crypto/Blake3.h"
#include "zkvm/Support/Diagnostics.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/MathExtras.h"

#include <array>
#include <cassert>
#include <initializer_list>
#include <iterator>
#include <tuple>

using namespace llvm;

namespace zkvm {

using ast::Immediate;
using ast::InstKind;
using ast::Instruction;

namespace {

using O = OpCode;

/// Memory address of the frame pointer (Miden v0.20: 2^32 - 2).
constexpr uint64_t FmpAddress = 0xFFFFFFFEull;

/// MOVUPn / MOVDNn for n in 2..8.
OpCode movUp(unsigned N) {
  static constexpr OpCode Ops[] = {O::MovUp2, O::MovUp3, O::MovUp4, O::MovUp5,
                                   O::MovUp6, O::MovUp7, O::MovUp8};
  assert(N >= 2 && N <= 8);
  return Ops[N - 2];
}
OpCode movDn(unsigned N) {
  static constexpr OpCode Ops[] = {O::MovDn2, O::MovDn3, O::MovDn4, O::MovDn5,
                                   O::MovDn6, O::MovDn7, O::MovDn8};
  assert(N >= 2 && N <= 8);
  return Ops[N - 2];
}

/// Appends operations to the output; the sequence helpers shared by several
/// instructions live here.
class OpSink {
public:
  explicit OpSink(std::vector<Operation> &Out) : Out(Out) {}

  void op(const Operation &Op, unsigned Count = 1) { Out.insert(Out.end(), Count, Op); }
  void ops(std::initializer_list<Operation> List) { Out.insert(Out.end(), List); }

  /// A PUSH of V, whatever V is (Miden uses a plain PUSH in most expansions).
  void push(Felt V) { op(Operation(O::Push, V)); }
  /// Miden's cheapest way to push a constant: PAD for 0, PAD INCR for 1.
  void pushValue(Felt V) {
    if (V == Felt(0))
      op(O::Pad);
    else if (V == Felt(1))
      ops({O::Pad, O::Incr});
    else
      push(V);
  }
  /// Runs a system event's handler: PUSH id, EMIT, DROP.
  void sysEvent(SysEvent E) { ops({Operation(O::Push, sysEventId(E)), O::Emit, O::Drop}); }
  void assertOp(Felt Err = Felt()) { op(Operation(O::Assert, Err)); }

  /// [e, ...] -> [2^e, ...]; fails unless e < 64.
  void pow2() {
    push(Felt(2));
    ops({O::Pad, O::Incr, O::Swap, O::Pad});
    op(O::Expacc, 6);
    ops({O::Drop, O::Drop, O::Swap, O::Eqz});
    assertOp();
  }
  /// [e, b, ...] -> [b^e, ...] for an e of at most Bits bits.
  void expBits(unsigned Bits) {
    ops({O::Pad, O::Incr, O::MovUp2, O::Pad});
    op(O::Expacc, Bits);
    ops({O::Drop, O::Drop, O::Swap, O::Eqz});
    assertOp();
  }
  /// [a, b, c, d, ...] -> [d, c, b, a, ...]
  void reverseWord() { ops({O::MovDn3, O::Swap, O::MovUp2}); }
  /// [B, A, ...] -> [hash(A, B), ...]
  void hmerge() {
    // Capacity [0, 0, 0, 0] under the two words, then keep the digest word.
    op(O::Pad, 4);
    ops({O::SwapW2, O::SwapW, O::HPerm});
    op(O::Drop, 4);
    op(O::SwapW);
    op(O::Drop, 4);
  }

private:
  std::vector<Operation> &Out;
};

/// Lowers one instruction; member functions share the diagnostics plumbing.
class Lowering {
public:
  Lowering(const Instruction &I, const InstLoweringContext &Ctx, std::vector<Operation> &Out,
           DiagnosticEngine &Diags)
      : I(I), Ctx(Ctx), S(Out), Diags(Diags) {}

  bool run();

private:
  bool error(const Twine &Msg) {
    Diags.error(I.Range.Start, Msg, {I.Range});
    return false;
  }
  bool internalError(const Twine &Msg) {
    return error("internal error: '" + ast::getMnemonic(I.Kind) + "': " + Msg);
  }
  StringRef mnemonic() const { return ast::getMnemonic(I.Kind); }

  const Immediate *optImm() const { return I.Imms.empty() ? nullptr : &I.Imms.front(); }
  /// Whether sema resolved Imm from a named constant (see the file comment).
  static bool fromConstant(const Immediate &Imm) { return Imm.FromConstant; }
  /// An identity immediate: nothing when literal (folded by Miden's parser),
  /// a NOOP when named.
  void foldedNoop(bool Named) {
    if (Named)
      S.op(O::Noop);
  }
  /// Reads an integer immediate no larger than Max.
  bool intImm(const Immediate &Imm, uint64_t Max, uint64_t &V);
  /// The stack position of an Indexed instruction (its default when absent).
  bool index(unsigned &N);
  /// The error code of an ErrMsg-form instruction (0 without a message).
  bool errCode(Felt &Code);

  bool lowerFieldImm(const Immediate &Imm);
  bool lowerExp();
  bool lowerU32Imm(const Immediate &Imm);
  bool lowerPush();
  bool lowerLocal();
  bool lowerMemImm(const Immediate &Imm);
  bool lowerEmit();
  bool lowerStack();
  bool lowerFixed();
  bool lowerWithErrorCode();

  // Sequences shared by several forms.
  bool lowerComparison();
  void ilog2();
  void u32Not();
  void u32Popcnt();
  void u32Clz();
  void u32Clo();
  void u32Ctz();
  void u32Cto();
  void u32Rotr();
  void mtreeSet();
  void ext2Inverse();

  const Instruction &I;
  const InstLoweringContext &Ctx;
  OpSink S;
  DiagnosticEngine &Diags;
};

bool Lowering::intImm(const Immediate &Imm, uint64_t Max, uint64_t &V) {
  if (Imm.K != Immediate::Kind::Int)
    return internalError("expected an integer immediate");
  if (Imm.Int > Max)
    return error("immediate " + Twine(Imm.Int) + " of '" + mnemonic() +
                 "' is out of range; expected 0 to " + Twine(Max));
  V = Imm.Int;
  return true;
}

bool Lowering::index(unsigned &N) {
  int Min, Max, Default;
  ast::getIndexRange(I.Kind, Min, Max, Default);
  const Immediate *Imm = optImm();
  if (!Imm) {
    if (Default < 0)
      return error("'" + mnemonic() + "' needs a stack position");
    N = unsigned(Default);
    return true;
  }
  uint64_t V;
  if (!intImm(*Imm, uint64_t(Max), V))
    return false;
  if (V < uint64_t(Min))
    return error("'" + mnemonic() + "' position " + Twine(V) + " is out of range; expected " +
                 Twine(Min) + " to " + Twine(Max));
  N = unsigned(V);
  return true;
}

bool Lowering::errCode(Felt &Code) {
  Code = Felt();
  const Immediate *Imm = optImm();
  if (!Imm)
    return true;
  if (Imm->K != Immediate::Kind::String)
    return internalError("an error message must be a string");
  Code = errorCodeForMessage(Imm->Text);
  if (Ctx.ErrorMessages)
    Ctx.ErrorMessages->emplace(Code.value(), Imm->Text);
  return true;
}

// --- Field operations ------------------------------------------------------------

bool Lowering::lowerComparison() {
  // [b, a] -> split both into u32 halves; compare the high halves (flags:
  // a_hi < b_hi, a_hi == b_hi), then the low halves, and combine:
  // hi_flag | (eq_hi & lo_flag). gt and gte compare with the operands
  // swapped; lte and gte count equal low halves in.
  bool Greater = I.Kind == InstKind::Gt || I.Kind == InstKind::Gte;
  bool OrEqual = I.Kind == InstKind::Lte || I.Kind == InstKind::Gte;
  S.ops({O::U32Split, O::MovUp2, O::U32Split});
  if (Greater)
    S.ops({O::Swap, O::MovDn2, O::U32Sub, O::Swap, O::Eqz, O::MovUp3, O::MovUp3});
  else
    S.ops({O::MovUp2, O::U32Sub, O::Swap, O::Eqz, O::MovUp2, O::MovUp3});
  if (OrEqual)
    S.ops({O::U32Sub, O::Swap, O::Eqz, O::Or});
  else
    S.ops({O::U32Sub, O::Swap, O::Drop});
  S.ops({O::And, O::Or});
  return true;
}

void Lowering::ilog2() {
  // The advice provider supplies k = floor(log2 n); check it on the u32 half
  // of n that holds 2^k: n_half & (2 * 2^k - 1) == n_half.
  S.sysEvent(SysEvent::ILog2);
  S.ops({O::AdvPop, O::Dup0});
  S.pow2();
  // Split n and 2^k into halves.
  S.ops({O::MovUp2, O::U32Split, O::MovUp2, O::U32Split});
  // Keep the halves where 2^k's bit is.
  S.ops({O::Dup1, O::Eqz, O::Dup0, O::MovDn3, O::CSwap, O::Drop, O::MovDn3, O::CSwap, O::Drop});
  // The mask 2 * 2^k - 1, applied and compared.
  S.ops({O::Swap, O::Pad, O::Incr, O::Incr, O::Mul, O::Pad, O::Incr, O::Neg, O::Add});
  S.ops({O::Dup1, O::U32And, O::Eq});
  S.assertOp();
}

bool Lowering::lowerFieldImm(const Immediate &Imm) {
  uint64_t V;
  if (!intImm(Imm, Felt::Modulus - 1, V))
    return false;
  Felt F(V);
  bool Named = fromConstant(Imm);
  switch (I.Kind) {
  case InstKind::Add:
    if (V == 0)
      foldedNoop(Named);
    else if (V == 1)
      S.op(O::Incr);
    else if (V == 2)
      S.ops({O::Incr, O::Incr});
    else
      S.ops({Operation(O::Push, F), O::Add});
    return true;
  case InstKind::Sub:
    if (V == 0)
      foldedNoop(Named);
    else
      S.ops({Operation(O::Push, -F), O::Add});
    return true;
  case InstKind::Mul:
    if (V == 0)
      S.ops({O::Drop, O::Pad});
    else if (V == 1)
      foldedNoop(Named);
    else
      S.ops({Operation(O::Push, F), O::Mul});
    return true;
  case InstKind::Div:
    if (V == 0)
      return error("division by zero: '" + mnemonic() + "' has an immediate divisor of 0");
    if (V == 1)
      foldedNoop(Named);
    else
      S.ops({Operation(O::Push, F.inverse()), O::Mul});
    return true;
  case InstKind::Eq:
    if (V == 0)
      S.op(O::Eqz);
    else
      S.ops({Operation(O::Push, F), O::Eq});
    return true;
  case InstKind::Neq:
    if (V == 0)
      S.ops({O::Eqz, O::Not});
    else
      S.ops({Operation(O::Push, F), O::Eq, O::Not});
    return true;
  // The comparisons with an immediate are a push and the plain form.
  case InstKind::Lt:
  case InstKind::Lte:
  case InstKind::Gt:
  case InstKind::Gte:
    S.pushValue(F);
    return lowerComparison();
  default:
    return internalError("unexpected immediate");
  }
}

bool Lowering::lowerExp() {
  if (I.ExpBits >= 0) {
    if (I.ExpBits >= 64)
      return error("'exp.u" + Twine(unsigned(I.ExpBits)) +
                   "': the exponent bit length must be at most 63");
    S.expBits(unsigned(I.ExpBits));
    return true;
  }
  const Immediate *Imm = optImm();
  if (!Imm) {
    S.expBits(64);
    return true;
  }
  uint64_t V;
  if (!intImm(*Imm, Felt::Modulus - 1, V))
    return false;
  // Small powers are cheaper as repeated multiplication.
  if (V == 0) {
    S.ops({O::Drop, O::Pad, O::Incr});
  } else if (V == 1) {
    S.op(O::Noop);
  } else if (V <= 7) {
    S.op(O::Dup0, unsigned(V - 1));
    S.op(O::Mul, unsigned(V - 1));
  } else {
    S.push(Felt(V));
    S.expBits(Log2_64(V) + 1); // the exponent's bit length
  }
  return true;
}

// --- u32 operations -------------------------------------------------------------------

void Lowering::u32Not() {
  // 2^32 - 1 - a, after checking both operands are u32.
  S.ops({Operation(O::Push, Felt(0xFFFFFFFFull)), Operation(O::U32Assert2), O::Swap, O::U32Sub,
         O::Drop});
}

void Lowering::u32Popcnt() {
  // The classic SWAR bit count, shifts done as divisions by powers of two.
  auto Push = [&](uint64_t V) { S.push(Felt(V)); };
  // i -= (i >> 1) & 0x55555555
  S.op(O::Dup0);
  Push(2);
  S.ops({O::U32Div, O::Drop});
  Push(0x55555555);
  S.ops({O::U32And, O::U32Sub, O::Drop});
  // i = (i & 0x33333333) + ((i >> 2) & 0x33333333)
  S.op(O::Dup0);
  Push(4);
  S.ops({O::U32Div, O::Drop});
  Push(0x33333333);
  S.ops({O::U32And, O::Swap});
  Push(0x33333333);
  S.ops({O::U32And, O::U32Add, O::Drop});
  // i = (i + (i >> 4)) & 0x0F0F0F0F
  S.op(O::Dup0);
  Push(16);
  S.ops({O::U32Div, O::Drop, O::U32Add, O::Drop});
  Push(0x0F0F0F0F);
  S.op(O::U32And);
  // (i * 0x01010101) >> 24
  Push(0x01010101);
  S.ops({O::U32Mul, O::Drop});
  Push(1u << 24);
  S.ops({O::U32Div, O::Drop});
}

// The four bit counts take the count from the advice provider and check it
// with masks built from 2^count (or 2^(32 - count)).

void Lowering::u32Clz() {
  S.sysEvent(SysEvent::U32Clz);
  S.op(O::AdvPop);
  S.ops({Operation(O::Push, Felt(32)), O::Dup1, O::Neg, O::Add});
  S.pow2(); // 2^(32 - clz)
  // m = (2^(32 - clz) - 1) / 2 and m + 1, the bit that must be set.
  S.ops({Operation(O::Push, Felt(1)), O::Neg, O::Add, Operation(O::Push, Felt(2)), O::U32Div,
         O::Drop, O::Dup0, O::Incr});
  // The mask of the clz + 1 leading bits, applied to n.
  S.ops({Operation(O::Push, Felt(0xFFFFFFFFull)), O::MovUp2, O::Neg, O::Add});
  S.ops({O::Dup3, O::Eqz, O::MovDn3, O::MovUp4, O::U32And});
  // Equal, or n was zero (clz = 32).
  S.ops({O::Eq, O::MovUp2, O::Or});
  S.assertOp();
}

void Lowering::u32Clo() {
  S.sysEvent(SysEvent::U32Clo);
  S.op(O::AdvPop);
  S.ops({Operation(O::Push, Felt(32)), O::Dup1, O::Neg, O::Add});
  S.pow2(); // 2^(32 - clo)
  // t = 2^(32 - clo) - 1; the mask of the clo + 1 leading bits, applied to n.
  S.ops({Operation(O::Push, Felt(1)), O::Neg, O::Add, O::Dup0, Operation(O::Push, Felt(2)),
         O::U32Div, O::Drop});
  S.ops({Operation(O::Push, Felt(0xFFFFFFFFull)), O::Swap, O::Neg, O::Add, O::MovUp3, O::U32And});
  // Must equal the mask of the clo leading bits.
  S.ops({Operation(O::Push, Felt(0xFFFFFFFFull)), O::MovUp2, O::Neg, O::Add, O::Eq});
  S.assertOp();
}

void Lowering::u32Ctz() {
  S.sysEvent(SysEvent::U32Ctz);
  S.ops({O::AdvPop, O::Swap, O::Dup1});
  S.pow2(); // 2^ctz
  // 2^ctz - 1, and 2^ctz's low half (2^32 when ctz = 32 has none).
  S.ops({O::Dup0, O::Pad, O::Incr, O::Neg, O::Add, O::Swap, O::U32Split, O::Drop});
  // n & (2^(ctz + 1) - 1) must be 2^ctz.
  S.ops({O::Dup0, O::MovUp2, O::Add, O::MovUp2, O::U32And, O::Eq});
  S.assertOp();
}

void Lowering::u32Cto() {
  S.sysEvent(SysEvent::U32Cto);
  S.ops({O::AdvPop, O::Swap, O::Dup1});
  S.pow2(); // 2^cto
  S.ops({O::Dup0, O::Pad, O::Incr, O::Neg, O::Add, O::Swap, O::U32Split, O::Drop});
  // n & (2^(cto + 1) - 1) must be 2^cto - 1.
  S.ops({O::Dup1, O::Add, O::MovUp2, O::U32And, O::Eq});
  S.assertOp();
}

void Lowering::u32Rotr() {
  // Rotating right by b is rotating left by 32 - b.
  S.ops({Operation(O::Push, Felt(32)), O::Swap, O::U32Sub, O::Drop});
  S.pow2();
  S.ops({O::Mul, O::U32Split, O::Add});
}

bool Lowering::lowerU32Imm(const Immediate &Imm) {
  bool IsShift = I.Kind == InstKind::U32Shl || I.Kind == InstKind::U32Shr ||
                 I.Kind == InstKind::U32Rotl || I.Kind == InstKind::U32Rotr;
  bool IsMemory = I.Kind == InstKind::MemLoad || I.Kind == InstKind::MemLoadWBe ||
                  I.Kind == InstKind::MemLoadWLe || I.Kind == InstKind::MemStore ||
                  I.Kind == InstKind::MemStoreWBe || I.Kind == InstKind::MemStoreWLe;
  if (IsMemory)
    return lowerMemImm(Imm);
  uint64_t V;
  if (!intImm(Imm, IsShift ? 31 : 0xFFFFFFFFull, V))
    return false;
  bool Named = fromConstant(Imm);
  // Literal identities Miden's parser folds away entirely.
  auto FoldsToNothing = [&](uint64_t Value) { return !Named && V == Value; };

  switch (I.Kind) {
  case InstKind::U32WrappingAdd:
  case InstKind::U32WrappingSub:
  case InstKind::U32Or:
  case InstKind::U32Xor:
    if (FoldsToNothing(0))
      return true;
    break;
  case InstKind::U32WrappingMul:
  case InstKind::U32And:
    // A literal zero makes the result zero: DROP, then push.0.
    if (FoldsToNothing(0)) {
      S.ops({O::Drop, O::Pad});
      return true;
    }
    if (I.Kind == InstKind::U32WrappingMul && FoldsToNothing(1))
      return true;
    break;
  case InstKind::U32Div:
  case InstKind::U32Mod:
  case InstKind::U32DivMod:
    if (V == 0)
      return error("division by zero: '" + mnemonic() + "' has an immediate divisor of 0");
    if (I.Kind == InstKind::U32Div && FoldsToNothing(1))
      return true;
    break;
  case InstKind::U32Shl:
  case InstKind::U32Shr:
  case InstKind::U32Rotl:
  case InstKind::U32Rotr:
    // Multiply or divide by a constant power of two instead of computing it.
    if (V == 0) {
      // A named zero survives the parser and becomes a NOOP.
      foldedNoop(Named);
      return true;
    }
    if (I.Kind == InstKind::U32Rotr) {
      S.ops({Operation(O::Push, Felt(uint64_t(1) << (32 - V))), O::U32Mul, O::Add});
      return true;
    }
    S.push(Felt(uint64_t(1) << V));
    if (I.Kind == InstKind::U32Shl)
      S.ops({O::U32Mul, O::Drop});
    else if (I.Kind == InstKind::U32Shr)
      S.ops({O::U32Div, O::Drop});
    else
      S.ops({O::U32Mul, O::Add});
    return true;
  default:
    break;
  }
  // Otherwise the immediate is pushed and the plain form follows.
  S.pushValue(Felt(V));
  if (I.Kind == InstKind::U32Not) {
    u32Not();
    return true;
  }
  return lowerFixed() || internalError("unexpected immediate");
}

// --- Stack manipulation -------------------------------------------------------------

bool Lowering::lowerStack() {
  unsigned N;
  if (!index(N))
    return false;
  switch (I.Kind) {
  case InstKind::Dup: {
    // The VM has DUP0-7 and the odd DUPs above 8. An even position above 8
    // is reached as PAD (shifting the stack by one), the next odd DUP, ADD.
    static constexpr OpCode Low[] = {O::Dup0, O::Dup1, O::Dup2, O::Dup3,
                                     O::Dup4, O::Dup5, O::Dup6, O::Dup7};
    static constexpr OpCode HighOdd[] = {O::Dup9, O::Dup11, O::Dup13, O::Dup15};
    if (N <= 7)
      S.op(Low[N]);
    else if (N % 2 == 1)
      S.op(HighOdd[(N - 8) / 2]);
    else
      S.ops({O::Pad, HighOdd[(N - 8) / 2], O::Add});
    return true;
  }
  case InstKind::DupW: {
    static constexpr OpCode Top[] = {O::Dup3, O::Dup7, O::Dup11, O::Dup15};
    S.op(Top[N], 4);
    return true;
  }
  case InstKind::Swap:
    if (N == 1)
      S.op(O::Swap);
    else if (N == 2)
      S.ops({O::Swap, O::MovUp2});
    else if (N <= 8)
      S.ops({movDn(N - 1), movUp(N)});
    else if (N == 9)
      S.ops({O::MovDn8, O::SwapDW, O::Swap, O::SwapDW, O::MovUp8});
    else if (N == 10)
      S.ops({O::MovDn8, O::SwapDW, O::Swap, O::MovUp2, O::SwapDW, O::MovUp8});
    else
      S.ops({O::MovDn8, O::SwapDW, movDn(N - 9), movUp(N - 8), O::SwapDW, O::MovUp8});
    return true;
  case InstKind::SwapW: {
    static constexpr OpCode Ops[] = {O::Noop, O::SwapW, O::SwapW2, O::SwapW3};
    S.op(Ops[N]);
    return true;
  }
  case InstKind::MovUp:
    // Beyond 8, swap the top two double words to bring the element in reach.
    if (N <= 8)
      S.op(movUp(N));
    else if (N == 9)
      S.ops({O::SwapDW, O::Swap, O::SwapDW, O::MovUp8});
    else
      S.ops({O::SwapDW, movUp(N - 8), O::SwapDW, O::MovUp8});
    return true;
  case InstKind::MovDn:
    if (N <= 8)
      S.op(movDn(N));
    else if (N == 9)
      S.ops({O::MovDn8, O::SwapDW, O::Swap, O::SwapDW});
    else
      S.ops({O::MovDn8, O::SwapDW, movDn(N - 8), O::SwapDW});
    return true;
  case InstKind::MovUpW:
    if (N == 2)
      S.ops({O::SwapW, O::SwapW2});
    else
      S.ops({O::SwapW, O::SwapW2, O::SwapW3});
    return true;
  case InstKind::MovDnW:
    if (N == 2)
      S.ops({O::SwapW2, O::SwapW});
    else
      S.ops({O::SwapW3, O::SwapW2, O::SwapW});
    return true;
  case InstKind::AdvPush:
    S.op(O::AdvPop, N);
    return true;
  default:
    return internalError("not an indexed instruction");
  }
}

// --- Input / output ---------------------------------------------------------------------

bool Lowering::lowerPush() {
  if (I.Imms.empty())
    return internalError("push without a value");
  const Immediate &First = I.Imms.front();
  if (First.K == Immediate::Kind::Word) {
    if (I.Imms.size() != 1)
      return internalError("a word must be pushed alone");
    unsigned Lo = 0, Hi = 4;
    if (I.Slice) {
      std::tie(Lo, Hi) = *I.Slice;
      if (Lo >= Hi || Hi > 4)
        return error("invalid word slice [" + Twine(Lo) + ".." + Twine(Hi) + "]");
    }
    // Word elements are pushed first to last: the last ends on top.
    for (unsigned K = Lo; K < Hi; ++K)
      S.pushValue(First.W[K]);
    return true;
  }
  if (I.Slice)
    return internalError("only a word can be sliced");
  for (const Immediate &Imm : I.Imms) {
    uint64_t V;
    if (!intImm(Imm, Felt::Modulus - 1, V))
      return false;
    S.pushValue(Felt(V));
  }
  return true;
}

bool Lowering::lowerLocal() {
  if (I.Imms.empty())
    return internalError("missing local index");
  uint64_t Index;
  if (!intImm(I.Imms.front(), 0xFFFF, Index))
    return false;
  bool IsWord = I.Kind == InstKind::LocLoadWBe || I.Kind == InstKind::LocLoadWLe ||
                I.Kind == InstKind::LocStoreWBe || I.Kind == InstKind::LocStoreWLe;
  if (IsWord && Index % 4 != 0)
    return error("invalid local word index " + Twine(Index) + " for '" + mnemonic() +
                 "': the index of a local word must be a multiple of 4");
  if (!Ctx.InProcedure)
    return error("'" + mnemonic() + "' can only be used inside a procedure: 'begin' has no locals");
  uint64_t NumLocals = Ctx.NumLocals;
  if (NumLocals == 0)
    return error("invalid procedure local reference: the procedure does not allocate any locals "
                 "(declare them with @locals(N))");
  if (IsWord && NumLocals < 4)
    return error("invalid procedure local reference: '" + mnemonic() +
                 "' accesses a word, but the procedure only allocates " + Twine(NumLocals) +
                 " locals");
  uint64_t Last = IsWord ? NumLocals - 4 : NumLocals - 1;
  if (Index > Last)
    return error("invalid procedure local index " + Twine(Index) +
                 ": the procedure only allocates " + Twine(NumLocals) + " locals" +
                 (IsWord ? ", and a word needs 4 of them from the index" : ""));

  // The frame pointer points just past the frame, whose size is the local
  // count rounded up to a word: local i is at fmp - (frame - i).
  uint64_t Frame = alignTo(NumLocals, 4);
  auto PushAddress = [&] {
    S.pushValue(-Felt(Frame - Index));
    S.ops({Operation(O::Push, Felt(FmpAddress)), O::MLoad, O::Add});
  };
  switch (I.Kind) {
  case InstKind::Locaddr:
    PushAddress();
    return true;
  case InstKind::LocLoad:
    PushAddress();
    S.op(O::MLoad);
    return true;
  case InstKind::LocLoadWBe:
    PushAddress();
    S.op(O::MLoadW);
    return true;
  case InstKind::LocLoadWLe:
    PushAddress();
    S.op(O::MLoadW);
    S.reverseWord();
    return true;
  case InstKind::LocStore:
    PushAddress();
    S.ops({O::MStore, O::Drop});
    return true;
  case InstKind::LocStoreWBe:
    PushAddress();
    S.op(O::MStoreW);
    return true;
  case InstKind::LocStoreWLe:
    S.reverseWord();
    PushAddress();
    S.op(O::MStoreW);
    S.reverseWord();
    return true;
  default:
    return internalError("not a local instruction");
  }
}

bool Lowering::lowerMemImm(const Immediate &Imm) {
  uint64_t Addr;
  if (!intImm(Imm, 0xFFFFFFFFull, Addr))
    return false;
  Felt A(Addr);
  switch (I.Kind) {
  case InstKind::MemLoad:
    S.pushValue(A);
    S.op(O::MLoad);
    return true;
  case InstKind::MemLoadWBe:
    S.pushValue(A);
    S.op(O::MLoadW);
    return true;
  case InstKind::MemLoadWLe:
    S.pushValue(A);
    S.op(O::MLoadW);
    S.reverseWord();
    return true;
  case InstKind::MemStore:
    S.pushValue(A);
    S.ops({O::MStore, O::Drop});
    return true;
  case InstKind::MemStoreWBe:
    S.pushValue(A);
    S.op(O::MStoreW);
    return true;
  case InstKind::MemStoreWLe:
    S.reverseWord();
    S.pushValue(A);
    S.op(O::MStoreW);
    S.reverseWord();
    return true;
  default:
    return internalError("unexpected immediate");
  }
}

bool Lowering::lowerEmit() {
  const Immediate *Imm = optImm();
  if (!Imm) {
    // The event id is already on the stack.
    S.op(O::Emit);
    return true;
  }
  Felt Id;
  if (Imm->K == Immediate::Kind::String) {
    Id = eventIdForName(Imm->Text);
  } else {
    uint64_t V;
    if (!intImm(*Imm, Felt::Modulus - 1, V))
      return false;
    Id = Felt(V);
  }
  // A plain PUSH even for ids 0 and 1; DROP leaves the stack unchanged.
  S.ops({Operation(O::Push, Id), O::Emit, O::Drop});
  return true;
}

// --- Cryptographic operations -------------------------------------------------------------

void Lowering::mtreeSet() {
  // [d, i, R, V_new, ...] -> [V_old, R_new, ...]: fetch V_old from the advice
  // provider, keep a copy (two elements at a time: the stack is 14 deep and
  // DUP reaches 16), update, then drop what is no longer needed.
  S.sysEvent(SysEvent::MerkleNodeToStack);
  S.op(O::AdvPop, 4);
  S.ops({O::MovUp5, O::MovUp5, O::Dup5, O::Dup5, O::SwapDW, O::SwapW, O::SwapW2});
  S.ops({O::Dup13, O::Dup13, O::MrUpdate});
  S.ops({O::MovUp4, O::Drop, O::MovUp4, O::Drop}); // d, i
  S.op(O::SwapW);
  S.op(O::Drop, 4); // R_old
  S.op(O::SwapW);
  S.op(O::Drop, 4); // V_new
  S.op(O::SwapW);
}

void Lowering::ext2Inverse() {
  // Take the inverse from the advice provider and check a * a' == 1.
  S.sysEvent(SysEvent::Ext2Inv);
  S.ops({O::AdvPop, O::AdvPop, O::Ext2Mul, O::MovUp2, O::Eqz});
  S.assertOp();
  S.op(O::MovUp2);
  S.assertOp();
}

// --- Dispatch -----------------------------------------------------------------------------

bool Lowering::lowerFixed() {
  // One line per instruction whose expansion never varies.
#define FIXED(Kind, ...)                                                                           \
  case InstKind::Kind:                                                                             \
    S.ops({__VA_ARGS__});                                                                          \
    return true;
  switch (I.Kind) {
    // Field operations.
    FIXED(Add, O::Add)
    FIXED(Sub, O::Neg, O::Add)
    FIXED(Mul, O::Mul)
    FIXED(Div, O::Inv, O::Mul)
    FIXED(Neg, O::Neg)
    FIXED(Inv, O::Inv)
    FIXED(Not, O::Not)
    FIXED(And, O::And)
    FIXED(Or, O::Or)
    FIXED(Xor, O::Dup0, O::Dup2, O::Or, O::MovDn2, O::And, O::Not, O::And) // (a|b) & !(a&b)
    FIXED(Eq, O::Eq)
    FIXED(Neq, O::Eq, O::Not)
    FIXED(Eqw, O::Dup7, O::Dup4, O::Eq, O::Dup7, O::Dup4, O::Eq, O::And, O::Dup6, O::Dup3, O::Eq,
          O::And, O::Dup5, O::Dup2, O::Eq, O::And)
    FIXED(IsOdd, O::U32Split, O::Drop, O::Pad, O::Incr, O::U32And)
    FIXED(Ext2Add, O::Swap, O::MovUp3, O::Add, O::MovDn2, O::Add)
    FIXED(Ext2Sub, O::Neg, O::Swap, O::Neg, O::MovUp3, O::Add, O::MovDn2, O::Add)
    FIXED(Ext2Mul, O::Ext2Mul, O::Drop, O::Drop)
    FIXED(Ext2Neg, O::Neg, O::Swap, O::Neg, O::Swap)

    // u32 operations (the forms without an immediate).
    FIXED(U32Test, O::Dup0, O::U32Split, O::Swap, O::Drop, O::Eqz)
    FIXED(U32Split, O::U32Split)
    FIXED(U32Cast, O::U32Split, O::Drop)
    FIXED(U32WrappingAdd, O::U32Add, O::Drop)
    FIXED(U32OverflowingAdd, O::U32Add)
    FIXED(U32OverflowingAdd3, O::U32Add3)
    FIXED(U32WrappingAdd3, O::U32Add3, O::Drop)
    FIXED(U32WrappingSub, O::U32Sub, O::Drop)
    FIXED(U32OverflowingSub, O::U32Sub)
    FIXED(U32WrappingMul, O::U32Mul, O::Drop)
    FIXED(U32OverflowingMul, O::U32Mul)
    FIXED(U32OverflowingMadd, O::U32Madd)
    FIXED(U32WrappingMadd, O::U32Madd, O::Drop)
    FIXED(U32Div, O::U32Div, O::Drop)
    FIXED(U32Mod, O::U32Div, O::Swap, O::Drop)
    FIXED(U32DivMod, O::U32Div)
    FIXED(U32And, O::U32And)
    FIXED(U32Or, O::Dup1, O::Dup1, O::U32And, O::Neg, O::Add, O::Add) // a + b - (a & b)
    FIXED(U32Xor, O::U32Xor)
    FIXED(U32Lt, O::U32Sub, O::Swap, O::Drop) // the borrow of a - b
    FIXED(U32Lte, O::Swap, O::U32Sub, O::Swap, O::Drop, O::Not)
    FIXED(U32Gt, O::Swap, O::U32Sub, O::Swap, O::Drop)
    FIXED(U32Gte, O::U32Sub, O::Swap, O::Drop, O::Not)
    FIXED(U32Min, O::Dup1, O::Dup1, O::U32Sub, O::Swap, O::Drop, O::Eqz, O::CSwap, O::Drop)
    FIXED(U32Max, O::Dup1, O::Dup1, O::U32Sub, O::Swap, O::Drop, O::Eqz, O::CSwap, O::Swap, O::Drop)

    // Stack manipulation.
    FIXED(Drop, O::Drop)
    FIXED(DropW, O::Drop, O::Drop, O::Drop, O::Drop)
    FIXED(PadW, O::Pad, O::Pad, O::Pad, O::Pad)
    FIXED(SwapDW, O::SwapDW)
    FIXED(CSwap, O::CSwap)
    FIXED(CSwapW, O::CSwapW)
    FIXED(CDrop, O::CSwap, O::Drop)
    FIXED(CDropW, O::CSwapW, O::Drop, O::Drop, O::Drop, O::Drop)

    // Input / output.
    FIXED(Sdepth, O::SDepth)
    FIXED(Caller, O::Caller)
    FIXED(Clk, O::Clk)
    FIXED(MemLoad, O::MLoad)
    FIXED(MemLoadWBe, O::MLoadW)
    FIXED(MemStore, O::MStore, O::Drop)
    FIXED(MemStoreWBe, O::MStoreW)
    FIXED(MemStream, O::MStream)
    FIXED(AdvPipe, O::Pipe)
    FIXED(AdvLoadW, O::AdvPopW)

    // Cryptographic operations.
    FIXED(HPerm, O::HPerm)
    FIXED(CryptoStream, O::CryptoStream)
    FIXED(FriExt2Fold4, O::FriE2F4)
    FIXED(HornerBase, O::HornerBase)
    FIXED(HornerExt, O::HornerExt)
    FIXED(EvalCircuit, O::EvalCircuit)
    FIXED(LogPrecompile, O::LogPrecompile)

    // `breakpoint` keeps a NOOP to stop at; `debug` and `trace` are
    // decorators, which never enter the digest.
    FIXED(Nop, O::Noop)
    FIXED(Breakpoint, O::Noop)
  case InstKind::Debug:
  case InstKind::Trace:
    return true;
  default:
    return false;
  }
#undef FIXED
}

bool Lowering::lowerWithErrorCode() {
  Felt Err;
  if (!errCode(Err))
    return false;
  switch (I.Kind) {
  case InstKind::Assert:
    S.assertOp(Err);
    return true;
  case InstKind::Assertz:
    S.op(O::Eqz);
    S.assertOp(Err);
    return true;
  case InstKind::AssertEq:
    S.op(O::Eq);
    S.assertOp(Err);
    return true;
  case InstKind::AssertEqw:
    // Compare element by element, bringing each of A up to its mate in B.
    for (OpCode Up : {O::MovUp4, O::MovUp3, O::MovUp2}) {
      S.ops({Up, O::Eq});
      S.assertOp(Err);
    }
    S.op(O::Eq);
    S.assertOp(Err);
    return true;
  case InstKind::U32Assert:
    S.ops({O::Pad, Operation(O::U32Assert2, Err), O::Drop});
    return true;
  case InstKind::U32Assert2:
    S.op(Operation(O::U32Assert2, Err));
    return true;
  case InstKind::U32AssertW:
    // Two pairs, each brought to the top in turn.
    S.ops({Operation(O::U32Assert2, Err), O::MovUp3, O::MovUp3, Operation(O::U32Assert2, Err),
           O::MovUp3, O::MovUp3});
    return true;
  case InstKind::MTreeVerify:
    S.op(Operation(O::MpVerify, Err));
    return true;
  default:
    return internalError("no error code expected");
  }
}

bool Lowering::run() {
  switch (ast::getInstForm(I.Kind)) {
  case ast::InstForm::Indexed:
    return lowerStack();
  case ast::InstForm::Local:
    return lowerLocal();
  case ast::InstForm::Push:
    return lowerPush();
  case ast::InstForm::ErrMsg:
    return lowerWithErrorCode();
  case ast::InstForm::Emit:
    return lowerEmit();
  case ast::InstForm::Target:
    return internalError("invocations are IR nodes, not operations");
  case ast::InstForm::OptFelt:
    if (I.Kind == InstKind::Exp)
      return lowerExp();
    if (const Immediate *Imm = optImm())
      return lowerFieldImm(*Imm);
    break;
  case ast::InstForm::OptU32:
  case ast::InstForm::OptShift:
    if (const Immediate *Imm = optImm())
      return lowerU32Imm(*Imm);
    break;
  default:
    break;
  }
  if (lowerFixed())
    return true;

  switch (I.Kind) {
  case InstKind::Pow2:
    S.pow2();
    return true;
  case InstKind::ILog2:
    ilog2();
    return true;
  case InstKind::Lt:
  case InstKind::Lte:
  case InstKind::Gt:
  case InstKind::Gte:
    return lowerComparison();
  case InstKind::Ext2Div:
    // a * (1 / b): the inverse check of ext2inv, then a multiplication.
    ext2Inverse();
    S.ops({O::Ext2Mul, O::Drop, O::Drop});
    return true;
  case InstKind::Ext2Inv:
    ext2Inverse();
    return true;

  case InstKind::U32TestW:
    // u32test on each element, combined with AND.
    S.ops({O::Dup3, O::U32Split, O::Swap, O::Drop, O::Eqz});
    for (OpCode D : {O::Dup3, O::Dup2, O::Dup1})
      S.ops({D, O::U32Split, O::Swap, O::Drop, O::Eqz, O::And});
    return true;
  case InstKind::U32Not:
    u32Not();
    return true;
  case InstKind::U32Shl:
    S.pow2();
    S.ops({O::U32Mul, O::Drop});
    return true;
  case InstKind::U32Shr:
    S.pow2();
    S.ops({O::U32Div, O::Drop});
    return true;
  case InstKind::U32Rotl:
    // The overflow limb of a * 2^b holds the bits rotated out.
    S.pow2();
    S.ops({O::U32Mul, O::Add});
    return true;
  case InstKind::U32Rotr:
    u32Rotr();
    return true;
  case InstKind::U32Popcnt:
    u32Popcnt();
    return true;
  case InstKind::U32Clz:
    u32Clz();
    return true;
  case InstKind::U32Ctz:
    u32Ctz();
    return true;
  case InstKind::U32Clo:
    u32Clo();
    return true;
  case InstKind::U32Cto:
    u32Cto();
    return true;

  case InstKind::Reversew:
    S.reverseWord();
    return true;
  case InstKind::Reversedw:
    S.reverseWord();
    S.op(O::SwapW);
    S.reverseWord();
    return true;

  case InstKind::MemLoadWLe:
    S.op(O::MLoadW);
    S.reverseWord();
    return true;
  case InstKind::MemStoreWLe:
    // Reverse the word under the address, store it, restore the order.
    S.op(O::MovDn4);
    S.reverseWord();
    S.ops({O::MovUp4, O::MStoreW});
    S.reverseWord();
    return true;
  case InstKind::AdvPushMapVal:
    S.sysEvent(SysEvent::MapValueToStack);
    return true;
  case InstKind::AdvPushMapValCount:
    S.sysEvent(SysEvent::MapValueCountToStack);
    return true;
  case InstKind::AdvPushMapValN: {
    uint64_t Pad = 0;
    if (const Immediate *Imm = optImm())
      if (!intImm(*Imm, 8, Pad))
        return false;
    if (Pad != 0 && Pad != 4 && Pad != 8)
      return error("'adv.push_mapvaln' pads to 0, 4 or 8 elements, not " + Twine(Pad));
    S.sysEvent(Pad == 0   ? SysEvent::MapValueToStackN0
               : Pad == 4 ? SysEvent::MapValueToStackN4
                          : SysEvent::MapValueToStackN8);
    return true;
  }
  case InstKind::AdvHasMapKey:
    S.sysEvent(SysEvent::HasMapKey);
    return true;
  case InstKind::AdvPushMtNode:
    S.sysEvent(SysEvent::MerkleNodeToStack);
    return true;
  case InstKind::AdvInsertMem:
    S.sysEvent(SysEvent::MemToMap);
    return true;
  case InstKind::AdvInsertHdword:
    S.sysEvent(SysEvent::HdwordToMap);
    return true;
  case InstKind::AdvInsertHdwordD:
    S.sysEvent(SysEvent::HdwordToMapWithDomain);
    return true;
  case InstKind::AdvInsertHqword:
    S.sysEvent(SysEvent::HqwordToMap);
    return true;
  case InstKind::AdvInsertHperm:
    S.sysEvent(SysEvent::HpermToMap);
    return true;

  case InstKind::Hash:
    // One permutation of [A, 0, 0, 0, 0] with capacity [4, 0, 0, 0] (the
    // element count), keeping the digest word.
    S.push(Felt(4));
    S.ops({O::Pad, O::Pad, O::Pad, O::SwapW, O::Pad, O::Dup7, O::Dup7, O::Dup7, O::HPerm});
    S.op(O::Drop, 4);
    S.op(O::SwapW);
    S.op(O::Drop, 4);
    return true;
  case InstKind::HMerge:
    S.hmerge();
    return true;
  case InstKind::MTreeGet:
    S.sysEvent(SysEvent::MerkleNodeToStack);
    S.op(O::AdvPop, 4);
    S.ops({Operation(O::MpVerify), O::MovUp4, O::Drop, O::MovUp4, O::Drop});
    return true;
  case InstKind::MTreeSet:
    mtreeSet();
    return true;
  case InstKind::MTreeMerge:
    S.sysEvent(SysEvent::MerkleNodeMerge);
    S.hmerge();
    return true;

  default:
    return internalError("no lowering for this instruction");
  }
}

/// First 8 bytes of BLAKE3(Text), little-endian, reduced into the field.
Felt hashStringToFelt(StringRef Text) {
  Blake3Digest D =
      Blake3::hash(ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(Text.data()), Text.size()));
  uint64_t V = 0;
  for (unsigned K = 0; K < 8; ++K)
    V |= uint64_t(D[K]) << (8 * K);
  return Felt(V);
}

} // namespace

bool lowerInstruction(const Instruction &I, const InstLoweringContext &Ctx,
                      std::vector<Operation> &Out, DiagnosticEngine &Diags) {
  // On failure Out is left as it was.
  size_t Size = Out.size();
  bool OK = Lowering(I, Ctx, Out, Diags).run();
  if (!OK)
    Out.resize(Size);
  return OK;
}

Felt errorCodeForMessage(StringRef Msg) { return hashStringToFelt(Msg); }

Felt eventIdForName(StringRef Name) { return hashStringToFelt(Name); }

StringRef sysEventName(SysEvent E) {
  static constexpr const char *Names[] = {
      "sys::merkle_node_merge",
      "sys::merkle_node_to_stack",
      "sys::map_value_to_stack",
      "sys::map_value_count_to_stack",
      "sys::map_value_to_stack_n_0",
      "sys::map_value_to_stack_n_4",
      "sys::map_value_to_stack_n_8",
      "sys::has_map_key",
      "sys::ext2_inv",
      "sys::u32_clz",
      "sys::u32_ctz",
      "sys::u32_clo",
      "sys::u32_cto",
      "sys::ilog2",
      "sys::mem_to_map",
      "sys::hdword_to_map",
      "sys::hdword_to_map_with_domain",
      "sys::hqword_to_map",
      "sys::hperm_to_map",
  };
  static_assert(std::size(Names) == size_t(SysEvent::Count), "one name per event");
  return Names[size_t(E)];
}

Felt sysEventId(SysEvent E) {
  static const std::array<Felt, size_t(SysEvent::Count)> Ids = [] {
    std::array<Felt, size_t(SysEvent::Count)> A;
    for (size_t I = 0; I < A.size(); ++I)
      A[I] = eventIdForName(sysEventName(SysEvent(I)));
    return A;
  }();
  return Ids[size_t(E)];
}

std::optional<SysEvent> lookupSysEvent(Felt Id) {
  for (size_t I = 0; I < size_t(SysEvent::Count); ++I)
    if (sysEventId(SysEvent(I)) == Id)
      return SysEvent(I);
  return std::nullopt;
}

} // namespace zkvm
