//===- zkvm/Asm/AST.h - Syntax tree of Miden assembly modules --*- C++ -*-===//
//
// The parser's output: one Module per source file, close to the text (names
// unresolved, constants unevaluated, immediates as written). Sema resolves
// and checks it; lowering turns it into IR. Every node keeps its source range
// for diagnostics.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_ASM_AST_H
#define ZKVM_ASM_AST_H

#include "zkvm/Crypto/Digest.h"
#include "zkvm/Field/Goldilocks.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SMLoc.h"
#include "llvm/Support/raw_ostream.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace zkvm {
namespace ast {

using Word = std::array<Felt, 4>;

/// Every assembly instruction (ISA.def's ZKVM_INST and ZKVM_INST_INDEXED).
enum class InstKind : uint16_t {
#define ZKVM_INST(Name, Mnemonic, Form, Effect) Name,
#define ZKVM_INST_INDEXED(Name, Mnemonic, Min, Max, Default, Effect) Name,
#include "zkvm/IR/ISA.def"
};

/// How an instruction's immediates are written (see ISA.def).
enum class InstForm : uint8_t {
  None,     ///< no immediate
  OptFelt,  ///< optional field element (add.5)
  OptU32,   ///< optional u32 (u32div.3, mem_load.100)
  OptShift, ///< optional shift amount 0..31 (u32shl.5)
  ErrMsg,   ///< optional .err="message" or .err=CONST
  Local,    ///< required local index (loc_load.0)
  Target,   ///< required invocation target (exec.foo)
  Push,     ///< push's value list, word or slice
  Emit,     ///< optional event (emit.CONST, emit.event("name"))
  Debug,    ///< debug.stack / mem / local / adv_stack with optional numbers
  U32,      ///< required u32 (trace.7)
  MapValN,  ///< optional padding 0, 4 or 8 (adv.push_mapvaln.4)
  Indexed,  ///< a stack position (ZKVM_INST_INDEXED)
};

llvm::StringRef getMnemonic(InstKind K);
InstForm getInstForm(InstKind K);
llvm::StringRef getStackEffect(InstKind K);
/// For Indexed forms: the allowed range and the default (-1: required).
void getIndexRange(InstKind K, int &Min, int &Max, int &Default);
std::optional<InstKind> lookupMnemonic(llvm::StringRef Mnemonic);
/// The replacement of a mnemonic Miden v0.20 removed, or "" if not removed.
llvm::StringRef getRemovedMnemonicReplacement(llvm::StringRef Mnemonic);
/// Every mnemonic, for "did you mean" suggestions and generated docs.
std::vector<llvm::StringRef> getAllMnemonics();

/// An immediate operand as written.
struct Immediate {
  enum class Kind : uint8_t { None, Int, Word, Const, String };
  Kind K = Kind::None;
  uint64_t Int = 0; ///< Int: the value (may exceed p; sema checks ranges)
  Word W{};         ///< Word: [a, b, c, d] in source order
  std::string Text; ///< Const: the name; String: the contents
  llvm::SMRange Range;
  /// Set by sema when it replaced a constant by its value: Miden folds
  /// literal immediates in its parser but constants only in code generation,
  /// so the two lower differently (e.g. add.0 vs add.ZERO).
  bool FromConstant = false;

  bool isNone() const { return K == Kind::None; }
  static Immediate makeInt(uint64_t V, llvm::SMRange R) {
    Immediate I;
    I.K = Kind::Int;
    I.Int = V;
    I.Range = R;
    return I;
  }
};

/// The target of exec/call/syscall/procref.
struct InvocationTarget {
  enum class Kind : uint8_t { None, Name, Path, MastRoot };
  Kind K = Kind::None;
  /// Name: the procedure name; Path: "a::b::proc" (Absolute when written
  /// "::a::b::proc").
  std::string Path;
  bool Absolute = false;
  Digest Root;
  llvm::SMRange Range;
};

enum class DebugKind : uint8_t { Stack, Mem, Local, AdvStack };

struct Instruction {
  InstKind Kind = InstKind::Nop;
  llvm::SMRange Range;
  /// Immediates in order (push values; the index; the u32; debug's numbers;
  /// the error message; the event for emit).
  std::vector<Immediate> Imms;
  InvocationTarget Target;
  /// exp.uN: N in 0..63 (-1 when not that form).
  int8_t ExpBits = -1;
  /// push.W[a..b] / push.W[a]: the slice bounds.
  std::optional<std::pair<unsigned, unsigned>> Slice;
  /// emit.event("name"): Imms[0] is the name as a String.
  bool EmitEventLiteral = false;
  DebugKind Debug = DebugKind::Stack;
};

struct Op;
using Block = std::vector<Op>;

struct Op {
  enum class Kind : uint8_t { Inst, If, While, Repeat };
  Kind K = Kind::Inst;
  llvm::SMRange Range;
  Instruction Inst; ///< Inst
  Block Then, Else; ///< If: the blocks as written (before and after `else`;
                    ///< if.false runs Then when the condition is 0);
                    ///< While/Repeat: the body in Then
  bool HasElse = false;
  bool IfFalse = false; ///< written as if.false (for printing)
  Immediate Count;      ///< Repeat: the count (integer or constant)
};

/// A constant expression tree.
struct ConstExpr {
  enum class Kind : uint8_t { Int, Word, String, Var, HashWord, HashEvent, Binary };
  enum class BinOp : uint8_t { Add, Sub, Mul, Div, IntDiv };
  Kind K = Kind::Int;
  BinOp Op = BinOp::Add;
  uint64_t Int = 0;
  Word W{};
  std::string Text; ///< String contents, Var name, hash input
  std::unique_ptr<ConstExpr> Lhs, Rhs;
  llvm::SMRange Range;
};

struct ConstDecl {
  std::string Name;
  bool Public = false;
  ConstExpr Value;
  llvm::SMRange Range, NameRange;
  std::string Docs;
};

struct Import {
  /// "miden::core::math::u64" (or a re-exported procedure path).
  std::string Path;
  /// The local name: the last path component or the `->` alias.
  std::string Alias;
  bool Public = false; ///< pub use: re-export
  bool IsMastRoot = false;
  Digest Root;
  llvm::SMRange Range, PathRange;
};

struct AdvMapEntry {
  std::string Name;
  std::optional<Word> Key;
  std::vector<Felt> Values;
  llvm::SMRange Range;
};

struct Attribute {
  std::string Name;
  std::string Text; ///< everything after the name, as written
  llvm::SMRange Range;
};

struct Procedure {
  std::string Name;
  bool Public = false;
  uint32_t NumLocals = 0;
  bool HasLocalsAttr = false;
  Block Body;
  llvm::SMRange Range, NameRange;
  std::string Docs;
  std::string Signature; ///< as written, e.g. "(a: felt) -> felt"
  std::vector<Attribute> Attributes;
};

struct TypeDecl {
  std::string Name;
  bool Public = false;
  std::string Text; ///< the definition as written
  llvm::SMRange Range;
};

struct Module {
  /// Executable modules have `begin`; library modules do not.
  std::string Path; ///< "miden::core::math::u64", or "$exec" for programs
  std::string Docs;
  std::vector<Import> Imports;
  std::vector<ConstDecl> Consts;
  std::vector<AdvMapEntry> AdvMap;
  std::vector<TypeDecl> Types;
  std::vector<Procedure> Procs;
  std::optional<Block> Begin;
  llvm::SMRange BeginRange;

  bool isExecutable() const { return Begin.has_value(); }
};

/// Prints the module in canonical v0.20 syntax (zkasm --emit=ast); the output
/// parses back to an equal module.
void printModule(llvm::raw_ostream &OS, const Module &M);
void printInstruction(llvm::raw_ostream &OS, const Instruction &I);

} // namespace ast
} // namespace zkvm

#endif // ZKVM_ASM_AST_H
