//===- zkvm/Asm/InstLowering.h - Instructions to VM operations -*- C++ -*-===//
//
// Expands one checked assembly instruction into the exact VM operation
// sequence Miden v0.20.6's assembler emits: the sequence is hashed into the
// program's MAST root, so it must match operation for operation.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_ASM_INSTLOWERING_H
#define ZKVM_ASM_INSTLOWERING_H

#include "zkvm/Asm/AST.h"
#include "zkvm/IR/Operation.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace zkvm {

class DiagnosticEngine;

/// Where an instruction is being lowered.
struct InstLoweringContext {
  /// Locals declared by the enclosing procedure (loc_* and locaddr).
  uint32_t NumLocals = 0;
  /// True inside a procedure, false in `begin` (which cannot have locals).
  bool InProcedure = false;
  /// Where `.err="..."` messages are recorded (error code -> message), so the
  /// VM can report them; may be null.
  std::map<uint64_t, std::string> *ErrorMessages = nullptr;
};

/// Appends I's operations to Out. I must have passed sema: every immediate
/// is a literal (Int, Word or String; no Const), in range. Invocations
/// (exec, call, syscall, dynexec, dyncall, procref) are not handled here:
/// they become IR nodes. Reports an error and returns false for what only
/// lowering can detect (e.g. division by an immediate zero).
bool lowerInstruction(const ast::Instruction &I, const InstLoweringContext &Ctx,
                      std::vector<Operation> &Out, DiagnosticEngine &Diags);

/// The error code an `assert.err="Msg"` carries (Miden v0.20's mapping of a
/// message to a field element).
Felt errorCodeForMessage(llvm::StringRef Msg);

/// The id of event Name (`emit.event("Name")`, `const E = event("Name")`).
Felt eventIdForName(llvm::StringRef Name);

/// Miden v0.20.6's system events: emitted by instructions (`PUSH id EMIT DROP`)
/// and handled by the VM itself. Each id is eventIdForName of its "sys::" name.
enum class SysEvent : uint8_t {
  MerkleNodeMerge,
  MerkleNodeToStack,
  MapValueToStack,
  MapValueCountToStack,
  MapValueToStackN0,
  MapValueToStackN4,
  MapValueToStackN8,
  HasMapKey,
  Ext2Inv,
  U32Clz,
  U32Ctz,
  U32Clo,
  U32Cto,
  ILog2,
  MemToMap,
  HdwordToMap,
  HdwordToMapWithDomain,
  HqwordToMap,
  HpermToMap,
  Count
};
llvm::StringRef sysEventName(SysEvent E);
Felt sysEventId(SysEvent E);
/// The system event with this id, if it is one.
std::optional<SysEvent> lookupSysEvent(Felt Id);

} // namespace zkvm

#endif // ZKVM_ASM_INSTLOWERING_H
