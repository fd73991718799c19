//===- zkvm/IR/Operation.h - VM operations (basic-block ops) ---*- C++ -*-===//
//
// An Operation is one VM operation as it appears inside a MAST basic block:
// an opcode from ISA.def plus, for PUSH, the hashed immediate, and for
// ASSERT/MPVERIFY/U32ASSERT2, the (unhashed) error code.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_IR_OPERATION_H
#define ZKVM_IR_OPERATION_H

#include "zkvm/Field/Goldilocks.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <optional>

namespace zkvm {

/// Every basic-block operation; the enumerator's value is its 7-bit opcode.
enum class OpCode : uint8_t {
#define ZKVM_OP(Name, Opcode, Mnemonic, Imm) Name = Opcode,
#include "zkvm/IR/ISA.def"
};

/// Control-flow operations: node-digest domains and decoder markers.
enum class ControlOpCode : uint8_t {
#define ZKVM_CONTROL_OP(Name, Opcode, Mnemonic) Name = Opcode,
#include "zkvm/IR/ISA.def"
};

enum class OpImmKind : uint8_t { None, Felt, ErrCode };

/// Table lookups (generated from ISA.def).
llvm::StringRef getOpMnemonic(OpCode Op);
OpImmKind getOpImmKind(OpCode Op);
/// "join", "span", "end"... (the decoder's control operations).
llvm::StringRef getControlOpMnemonic(ControlOpCode Op);
/// The basic-block operation with this opcode, if any.
std::optional<OpCode> getOpCodeFromValue(unsigned Value);
/// The operation with this lower-case mnemonic ("add", "movup2"...), if any.
std::optional<OpCode> lookupOpMnemonic(llvm::StringRef Mnemonic);

struct Operation {
  OpCode Code = OpCode::Noop;
  /// PUSH: the value pushed; ASSERT, MPVERIFY, U32ASSERT2: the error code.
  Felt Imm;

  Operation() = default;
  constexpr Operation(OpCode Code, Felt Imm = Felt()) : Code(Code), Imm(Imm) {}

  uint8_t opcode() const { return uint8_t(Code); }
  /// True for PUSH, the only operation whose immediate enters the digest.
  bool hasHashedImmediate() const { return Code == OpCode::Push; }
  bool hasErrorCode() const { return getOpImmKind(Code) == OpImmKind::ErrCode; }

  friend bool operator==(const Operation &A, const Operation &B) {
    return A.Code == B.Code && A.Imm == B.Imm;
  }
  friend bool operator!=(const Operation &A, const Operation &B) { return !(A == B); }
};

/// Prints `add`, `push.12`, `assert.err=0x...` style text.
llvm::raw_ostream &operator<<(llvm::raw_ostream &OS, const Operation &Op);

} // namespace zkvm

#endif // ZKVM_IR_OPERATION_H
