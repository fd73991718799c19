//===- zkvm/IR/IR.h - Structured-control-flow IR over VM ops ---*- C++ -*-===//
//
// The assembler's output and the MAST builder's input (and later other front
// ends', such as zkcc). A procedure body is a list of nodes: straight-line
// blocks of VM operations and structured control flow (if/else, while,
// repeat, exec/call/syscall of procedures, dynamic calls). Every node and
// every operation keeps its source location.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_IR_IR_H
#define ZKVM_IR_IR_H

#include "zkvm/Crypto/Digest.h"
#include "zkvm/IR/Operation.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SMLoc.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace zkvm {
namespace ir {

struct Procedure;

/// What an exec/call/syscall/procref refers to: a procedure in this IR, or
/// a MAST root from elsewhere (a compiled library, a literal root).
struct Callee {
  Procedure *Proc = nullptr;
  Digest Root; ///< when Proc is null
  bool isExternal() const { return Proc == nullptr; }
};

struct Node {
  enum class Kind : uint8_t {
    Block,   ///< Ops
    If,      ///< Then / Else, condition popped from the stack
    While,   ///< Body = Then
    Repeat,  ///< Body = Then, Count times
    Exec,    ///< inline the callee (same context)
    Call,    ///< new context
    SysCall, ///< kernel procedure in the root context
    ProcRef, ///< push the callee's MAST root (4 PUSH operations)
    DynExec,
    DynCall,
  };
  Kind K = Kind::Block;
  llvm::SMRange Loc;
  std::vector<Operation> Ops;
  std::vector<llvm::SMLoc> OpLocs; ///< parallel to Ops (may be invalid)
  std::vector<Node> Then, Else;
  uint32_t Count = 0;
  Callee Target;
};

using Body = std::vector<Node>;

struct Procedure {
  std::string Module; ///< "miden::core::math::u64", "$exec" for programs
  std::string Name;   ///< "wrapping_add"; "$main" for the entry point
  bool Exported = false;
  uint32_t NumLocals = 0;
  Body Code;
  llvm::SMRange Loc;
  std::string Docs;

  std::string qualifiedName() const { return Module + "::" + Name; }
};

/// A set of procedures: a program (with an entry point) or a library (with
/// exports), plus the advice map entries its source declared.
struct Unit {
  std::vector<std::unique_ptr<Procedure>> Procedures;
  Procedure *Entry = nullptr;
  std::map<Digest, std::vector<Felt>> AdviceMap;
  /// A program's kernel: the procedures `syscall` may enter, in declaration
  /// order (their digests become the program's kernel).
  std::vector<Procedure *> KernelProcedures;
  /// Error code -> the `.err="..."` message it came from.
  std::map<uint64_t, std::string> ErrorMessages;

  Procedure *addProcedure(std::unique_ptr<Procedure> P) {
    Procedures.push_back(std::move(P));
    return Procedures.back().get();
  }
};

/// Prints the unit (zkasm --emit=ir).
void print(llvm::raw_ostream &OS, const Unit &U);

/// Checks structural invariants (non-empty blocks and bodies, callees that
/// belong to the unit, no self-recursion through exec); returns a message
/// for the first violation, or "" when valid.
std::string verify(const Unit &U);

/// Removes procedures that neither the entry point nor an export can reach.
/// Returns how many were removed.
unsigned eliminateDeadProcedures(Unit &U);

} // namespace ir
} // namespace zkvm

#endif // ZKVM_IR_IR_H
