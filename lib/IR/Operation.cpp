//===- Operation.cpp - VM operation table lookups -------------------------===//

#include "zkvm/IR/Operation.h"

#include "llvm/ADT/StringSwitch.h"

namespace zkvm {

llvm::StringRef getOpMnemonic(OpCode Op) {
  switch (Op) {
#define ZKVM_OP(Name, Opcode, Mnemonic, Imm)                                                       \
  case OpCode::Name:                                                                               \
    return Mnemonic;
#include "zkvm/IR/ISA.def"
  }
  return "<invalid>";
}

llvm::StringRef getControlOpMnemonic(ControlOpCode Op) {
  switch (Op) {
#define ZKVM_CONTROL_OP(Name, Opcode, Mnemonic)                                                    \
  case ControlOpCode::Name:                                                                        \
    return Mnemonic;
#include "zkvm/IR/ISA.def"
  }
  return "<invalid>";
}

OpImmKind getOpImmKind(OpCode Op) {
  switch (Op) {
#define ZKVM_OP(Name, Opcode, Mnemonic, Imm)                                                       \
  case OpCode::Name:                                                                               \
    return OpImmKind::Imm;
#include "zkvm/IR/ISA.def"
  }
  return OpImmKind::None;
}

std::optional<OpCode> getOpCodeFromValue(unsigned Value) {
  switch (Value) {
#define ZKVM_OP(Name, Opcode, Mnemonic, Imm)                                                       \
  case Opcode:                                                                                     \
    return OpCode::Name;
#include "zkvm/IR/ISA.def"
  default:
    return std::nullopt;
  }
}

std::optional<OpCode> lookupOpMnemonic(llvm::StringRef Mnemonic) {
  return llvm::StringSwitch<std::optional<OpCode>>(Mnemonic)
#define ZKVM_OP(Name, Opcode, Mnemonic, Imm) .Case(Mnemonic, OpCode::Name)
#include "zkvm/IR/ISA.def"
      .Default(std::nullopt);
}

llvm::raw_ostream &operator<<(llvm::raw_ostream &OS, const Operation &Op) {
  OS << getOpMnemonic(Op.Code);
  if (Op.Code == OpCode::Push)
    OS << '.' << Op.Imm.value();
  else if (Op.hasErrorCode() && Op.Imm != Felt())
    OS << ".err=" << Op.Imm.value();
  return OS;
}

} // namespace zkvm
