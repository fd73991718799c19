//===- zkvm/VM/OperandStack.h - The VM's operand stack -----------*- C++ -*-===//
//
// Miden's operand stack: never shallower than 16 elements (removing one at
// depth 16 shifts a zero in at position 15), deeper elements live in the
// "overflow table". Elements are kept in one buffer with the top at the high
// end, so position i is Buf[Top - 1 - i] and a stack word [s3, s2, s1, s0]
// is four consecutive elements in memory order. call/syscall/dyncall hide the
// caller's overflow: saveOverflow/restoreOverflow move it aside and back.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_VM_OPERANDSTACK_H
#define ZKVM_VM_OPERANDSTACK_H

#include "zkvm/Field/Goldilocks.h"

#include "llvm/ADT/ArrayRef.h"

#include <cassert>
#include <cstring>
#include <vector>

namespace zkvm {

class OperandStack {
public:
  static constexpr unsigned MinDepth = 16;
  /// Miden v0.20.6's default limit (its fixed stack buffer).
  static constexpr size_t DefaultMaxDepth = 6615;

  /// Inputs are top first; missing ones are zero.
  explicit OperandStack(llvm::ArrayRef<Felt> TopFirst = {}) : Buf(InitialCapacity) {
    Bot = InitialBottom;
    Top = Bot + MinDepth;
    for (size_t I = 0; I < TopFirst.size() && I < MinDepth; ++I)
      Buf[Top - 1 - I] = TopFirst[I];
  }

  size_t depth() const { return Top - Bot; }
  Felt get(unsigned I) const { return Buf[Top - 1 - I]; }
  Felt &at(unsigned I) { return Buf[Top - 1 - I]; }
  void set(unsigned I, Felt V) { Buf[Top - 1 - I] = V; }
  /// Pointer to position I: the stack word starting at I is P[-3..0] as
  /// [s(I+3), s(I+2), s(I+1), s(I)].
  Felt *slot(unsigned I) { return &Buf[Top - 1 - I]; }
  const Felt *slot(unsigned I) const { return &Buf[Top - 1 - I]; }

  /// The caller enforces the depth limit.
  void push(Felt V) {
    if (Top == Buf.size())
      grow();
    Buf[Top++] = V;
  }
  void pop() {
    --Top;
    if (Top - Bot < MinDepth) {
      if (Bot == 0)
        recenter();
      Buf[--Bot] = Felt();
    }
  }

  /// Hides the overflow (everything below position 15) for a new context.
  std::vector<Felt> saveOverflow() {
    std::vector<Felt> Saved(Buf.begin() + Bot, Buf.begin() + (Top - MinDepth));
    Bot = Top - MinDepth;
    return Saved;
  }
  /// Brings back an overflow hidden by saveOverflow; the stack must be 16 deep.
  void restoreOverflow(const std::vector<Felt> &Saved) {
    assert(depth() == MinDepth);
    while (Bot < Saved.size())
      recenter();
    Bot -= Saved.size();
    std::copy(Saved.begin(), Saved.end(), Buf.begin() + Bot);
  }

  /// The whole stack, top first.
  std::vector<Felt> topFirst() const {
    std::vector<Felt> R;
    R.reserve(depth());
    for (size_t I = Top; I-- > Bot;)
      R.push_back(Buf[I]);
    return R;
  }

private:
  static constexpr size_t InitialCapacity = 8192;
  static constexpr size_t InitialBottom = 256;

  void grow() { Buf.resize(Buf.size() * 2); }
  /// Moves the live elements up to make room below the bottom.
  void recenter() {
    size_t Shift = InitialBottom > Bot ? InitialBottom : Bot;
    if (Top + Shift > Buf.size())
      Buf.resize(2 * (Top + Shift));
    std::memmove(&Buf[Bot + Shift], &Buf[Bot], (Top - Bot) * sizeof(Felt));
    Bot += Shift;
    Top += Shift;
  }

  std::vector<Felt> Buf;
  size_t Bot, Top;
};

} // namespace zkvm

#endif // ZKVM_VM_OPERANDSTACK_H
