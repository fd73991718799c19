//===- Assembler.cpp - Source modules to IR -------------------------------===//
//
// Sema and lowering. Each module is parsed once and checked once: constants
// are evaluated, immediates replaced by literals and range-checked, and every
// invocation target resolved (loading imported modules from the library
// roots). Lowering is lazy: only procedures reachable from the entry point
// (or a library's exports) become IR.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Asm/Assembler.h"
#include "zkvm/Asm/InstLowering.h"
#include "zkvm/Asm/Parser.h"
#include "zkvm/Crypto/Blake3.h"
#include "zkvm/Crypto/Rpo256.h"
#include "zkvm/Support/Diagnostics.h"
#include "zkvm/Support/Suggest.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cstring>
#include <functional>

using namespace llvm;

namespace zkvm {

using namespace ast;

namespace {

/// The value of a constant after evaluation.
struct ConstValue {
  enum class Kind : uint8_t { Felt, Word, String };
  Kind K = Kind::Felt;
  Felt F;
  Word W{};
  std::string S;
  /// Defined by event("name") (directly or through other constants): the
  /// only constants `emit.C` accepts.
  bool IsEvent = false;
};

/// Miden's word("text"): the BLAKE3 digest of the text as four 8-byte
/// little-endian integers, each reduced into the field.
Word hashStringToWord(StringRef Text) {
  Blake3Digest D = Blake3::hash(arrayRefFromStringRef(Text));
  Word W;
  for (unsigned I = 0; I < 4; ++I) {
    uint64_t V;
    std::memcpy(&V, D.data() + 8 * I, 8);
    W[I] = Felt(V);
  }
  return W;
}

/// What an invocation target resolved to.
struct ResolvedTarget {
  Assembler::ModuleState *Module = nullptr;
  Procedure *Proc = nullptr;
  Digest Root; ///< when Module is null
};

/// The module path of a kernel (Miden's `$kernel` namespace).
constexpr const char KernelModulePath[] = "$kernel";

constexpr uint64_t FmpAddress = 0xFFFFFFFEull;   // 2^32 - 2
constexpr uint64_t FmpInitValue = 0x80000000ull; // 2^31

} // namespace

struct Assembler::ModuleState {
  std::unique_ptr<Module> AST;
  bool Checked = false, CheckOK = false, Checking = false;
  StringMap<ConstValue> Consts;
  StringMap<const Import *> Aliases;
  StringMap<Procedure *> Procs;
  StringSet<> UsedAliases;
  DenseMap<const Instruction *, ResolvedTarget> Targets;
  DenseMap<const Procedure *, ir::Procedure *> Lowered;
  /// Procedures this module's procedures invoke (for recursion detection).
  DenseMap<const Procedure *, std::vector<std::pair<ModuleState *, Procedure *>>> Calls;
};

Assembler::Assembler(DiagnosticEngine &Diags, AssemblerOptions Opts)
    : Diags(Diags), Opts(std::move(Opts)) {}
Assembler::~Assembler() = default;

std::unique_ptr<Module> Assembler::parseOnly(unsigned BufferID, StringRef ModulePath) {
  return parseModule(Diags, BufferID, ModulePath);
}

Assembler::ModuleState *Assembler::addModule(std::unique_ptr<Module> AST) {
  auto State = std::make_unique<ModuleState>();
  std::string Path = AST->Path;
  State->AST = std::move(AST);
  ModuleState *Raw = State.get();
  Modules[Path] = std::move(State);
  LoadOrder.push_back(Raw);
  return Raw;
}

Assembler::ModuleState *Assembler::loadModule(StringRef Path, SMRange ImportedFrom) {
  auto It = Modules.find(Path);
  if (It != Modules.end())
    return It->second.get();
  for (const LibraryRoot &Root : Opts.Libraries) {
    StringRef Rest;
    if (Path == Root.Namespace)
      Rest = "";
    else if (Path.startswith(Root.Namespace + "::"))
      Rest = Path.drop_front(Root.Namespace.size() + 2);
    else
      continue;
    SmallString<256> File(Root.Directory);
    SmallVector<StringRef, 8> Parts;
    Rest.split(Parts, "::");
    for (StringRef P : Parts)
      if (!P.empty())
        sys::path::append(File, P);
    SmallString<256> Candidate = File;
    Candidate += ".masm";
    if (!sys::fs::exists(Candidate)) {
      Candidate = File;
      sys::path::append(Candidate, "mod.masm");
      if (!sys::fs::exists(Candidate))
        continue;
    }
    auto Buffer = MemoryBuffer::getFile(Candidate);
    if (!Buffer) {
      Diags.error(ImportedFrom.Start,
                  "cannot read module '" + Path + "' from '" + Candidate +
                      "': " + Buffer.getError().message(),
                  {ImportedFrom});
      return nullptr;
    }
    unsigned ID = Diags.getSourceMgr().AddNewSourceBuffer(std::move(*Buffer), ImportedFrom.Start);
    auto AST = parseModule(Diags, ID, Path);
    if (!AST)
      return nullptr;
    if (AST->isExecutable()) {
      Diags.error(AST->BeginRange.Start,
                  "library module '" + Path + "' cannot have a 'begin' block");
      return nullptr;
    }
    ModuleState *M = addModule(std::move(AST));
    if (!checkModule(*M))
      return nullptr;
    return M;
  }
  return nullptr;
}

// --- Constants ----------------------------------------------------------------------

namespace {

class ConstEvaluator {
public:
  ConstEvaluator(DiagnosticEngine &Diags, const Module &M, StringMap<ConstValue> &Values)
      : Diags(Diags), Values(Values) {
    for (const ConstDecl &C : M.Consts)
      Decls[C.Name] = &C;
  }

  bool evaluate(const ConstDecl &C) {
    if (Values.count(C.Name))
      return true;
    if (!InProgress.insert(C.Name).second) {
      Diags.error(C.NameRange.Start, "constant '" + C.Name + "' is defined in terms of itself",
                  {C.NameRange});
      return false;
    }
    ConstValue V;
    bool OK = eval(C.Value, V);
    InProgress.erase(C.Name);
    if (OK)
      Values[C.Name] = V;
    return OK;
  }

private:
  bool eval(const ConstExpr &E, ConstValue &V) {
    switch (E.K) {
    case ConstExpr::Kind::Int:
      if (E.Int >= Felt::Modulus) {
        Diags.error(E.Range.Start, "value " + Twine(E.Int) + " is not a field element", {E.Range});
        return false;
      }
      V.K = ConstValue::Kind::Felt;
      V.F = Felt(E.Int);
      return true;
    case ConstExpr::Kind::Word:
      V.K = ConstValue::Kind::Word;
      V.W = E.W;
      return true;
    case ConstExpr::Kind::String:
      V.K = ConstValue::Kind::String;
      V.S = E.Text;
      return true;
    case ConstExpr::Kind::HashWord:
      V.K = ConstValue::Kind::Word;
      V.W = hashStringToWord(E.Text);
      return true;
    case ConstExpr::Kind::HashEvent:
      V.K = ConstValue::Kind::Felt;
      V.F = eventIdForName(E.Text);
      V.IsEvent = true;
      return true;
    case ConstExpr::Kind::Var: {
      auto It = Decls.find(E.Text);
      if (It == Decls.end()) {
        Diags.error(E.Range.Start, "undefined constant '" + E.Text + "'", {E.Range});
        return false;
      }
      if (!evaluate(*It->second))
        return false;
      V = Values[E.Text];
      return true;
    }
    case ConstExpr::Kind::Binary: {
      ConstValue L, R;
      if (!eval(*E.Lhs, L) || !eval(*E.Rhs, R))
        return false;
      if (L.K != ConstValue::Kind::Felt || R.K != ConstValue::Kind::Felt) {
        Diags.error(E.Range.Start, "arithmetic on a word or string constant", {E.Range});
        return false;
      }
      V.K = ConstValue::Kind::Felt;
      switch (E.Op) {
      case ConstExpr::BinOp::Add:
        V.F = L.F + R.F;
        return true;
      case ConstExpr::BinOp::Sub:
        V.F = L.F - R.F;
        return true;
      case ConstExpr::BinOp::Mul:
        V.F = L.F * R.F;
        return true;
      case ConstExpr::BinOp::Div:
      case ConstExpr::BinOp::IntDiv:
        if (R.F == Felt()) {
          Diags.error(E.Rhs->Range.Start, "division by zero in a constant expression",
                      {E.Rhs->Range});
          return false;
        }
        V.F = E.Op == ConstExpr::BinOp::Div ? L.F * R.F.inverse() : Felt(L.F.value() / R.F.value());
        return true;
      }
      return false;
    }
    }
    return false;
  }

  DiagnosticEngine &Diags;
  StringMap<ConstValue> &Values;
  StringMap<const ConstDecl *> Decls;
  StringSet<> InProgress;
};

} // namespace

// --- Checking a module ----------------------------------------------------------------

namespace {

class ModuleChecker {
public:
  using ModuleState = Assembler::ModuleState;
  using Loader = std::function<ModuleState *(StringRef, SMRange)>;

  ModuleChecker(DiagnosticEngine &Diags, ModuleState &M, Loader Load)
      : Diags(Diags), M(M), Load(std::move(Load)) {}

  bool run();

private:
  bool checkBlock(Procedure *P, Block &B, unsigned Depth);
  bool checkInstruction(Procedure *P, Instruction &I);
  bool resolveImmediate(Immediate &Imm, bool AllowWord, bool AllowString);
  bool checkRange(const Immediate &Imm, uint64_t Min, uint64_t Max, StringRef What);
  bool resolveTarget(Procedure *P, Instruction &I);
  bool findProcedure(ModuleState &In, StringRef Name, SMRange Use, ResolvedTarget &Out,
                     unsigned Depth);

  DiagnosticEngine &Diags;
  ModuleState &M;
  Loader Load;
};

bool ModuleChecker::run() {
  Module &AST = *M.AST;
  bool OK = true;
  // Names must be unique within their kind.
  for (const Import &I : AST.Imports) {
    auto [It, Inserted] = M.Aliases.try_emplace(I.Alias, &I);
    if (!Inserted) {
      Diags.error(I.Range.Start, "'" + I.Alias + "' is imported twice", {I.PathRange});
      Diags.note(It->second->Range.Start, "previous import is here");
      OK = false;
    }
  }
  for (Procedure &P : AST.Procs) {
    auto [It, Inserted] = M.Procs.try_emplace(P.Name, &P);
    if (!Inserted) {
      Diags.error(P.NameRange.Start, "procedure '" + P.Name + "' is defined twice", {P.NameRange});
      Diags.note(It->second->NameRange.Start, "previous definition is here");
      OK = false;
    }
    if (AST.isExecutable() && P.Public) {
      // Miden rejects exports in executable modules (a syntax error there).
      Diags.error(P.NameRange.Start,
                  "a program cannot export procedures: remove 'pub' from '" + P.Name +
                      "' (only 'begin' is a program's entry point)",
                  {P.NameRange});
      OK = false;
    }
  }
  StringMap<const ConstDecl *> SeenConsts;
  for (const ConstDecl &C : AST.Consts) {
    auto [It, Inserted] = SeenConsts.try_emplace(C.Name, &C);
    if (!Inserted) {
      Diags.error(C.NameRange.Start, "constant '" + C.Name + "' is defined twice", {C.NameRange});
      Diags.note(It->second->NameRange.Start, "previous definition is here");
      OK = false;
    }
  }
  ConstEvaluator Eval(Diags, AST, M.Consts);
  for (const ConstDecl &C : AST.Consts)
    OK &= Eval.evaluate(C);
  // Advice map entries become word constants named after them.
  for (const AdvMapEntry &E : AST.AdvMap) {
    ConstValue V;
    V.K = ConstValue::Kind::Word;
    if (E.Key) {
      V.W = *E.Key;
    } else {
      Digest D = Rpo256::hashElements(E.Values);
      for (unsigned I = 0; I < 4; ++I)
        V.W[I] = D[I];
    }
    if (!M.Consts.try_emplace(E.Name, V).second) {
      Diags.error(E.Range.Start, "'" + E.Name + "' is already defined as a constant", {E.Range});
      OK = false;
    }
  }
  for (Procedure &P : AST.Procs)
    OK &= checkBlock(&P, P.Body, 0);
  if (AST.Begin)
    OK &= checkBlock(nullptr, *AST.Begin, 0);
  for (const Import &I : AST.Imports)
    if (!I.Public && M.Aliases.lookup(I.Alias) == &I && !M.UsedAliases.count(I.Alias))
      Diags.warning(I.Range.Start, "unused import '" + I.Alias + "'", {I.PathRange});
  return OK;
}

bool ModuleChecker::checkBlock(Procedure *P, Block &B, unsigned Depth) {
  if (Depth > 256) {
    Diags.error(B.front().Range.Start, "control flow is nested more than 256 levels deep",
                {B.front().Range});
    return false;
  }
  bool OK = true;
  for (Op &O : B) {
    if (Diags.reachedErrorLimit())
      return false;
    switch (O.K) {
    case Op::Kind::Inst:
      OK &= checkInstruction(P, O.Inst);
      break;
    case Op::Kind::If:
      OK &= checkBlock(P, O.Then, Depth + 1);
      if (!O.Else.empty())
        OK &= checkBlock(P, O.Else, Depth + 1);
      break;
    case Op::Kind::While:
      OK &= checkBlock(P, O.Then, Depth + 1);
      break;
    case Op::Kind::Repeat:
      if (!resolveImmediate(O.Count, false, false) ||
          !checkRange(O.Count, 1, 0xFFFFFFFFull, "repeat count")) {
        OK = false;
        break;
      }
      OK &= checkBlock(P, O.Then, Depth + 1);
      break;
    }
  }
  return OK;
}

bool ModuleChecker::resolveImmediate(Immediate &Imm, bool AllowWord, bool AllowString) {
  if (Imm.K == Immediate::Kind::Const) {
    auto It = M.Consts.find(Imm.Text);
    if (It == M.Consts.end()) {
      Diags.error(Imm.Range.Start, "undefined constant '" + Imm.Text + "'", {Imm.Range});
      return false;
    }
    const ConstValue &V = It->second;
    Imm.FromConstant = true;
    switch (V.K) {
    case ConstValue::Kind::Felt:
      Imm.K = Immediate::Kind::Int;
      Imm.Int = V.F.value();
      break;
    case ConstValue::Kind::Word:
      Imm.K = Immediate::Kind::Word;
      Imm.W = V.W;
      break;
    case ConstValue::Kind::String:
      Imm.K = Immediate::Kind::String;
      Imm.Text = V.S;
      break;
    }
  }
  if (Imm.K == Immediate::Kind::Word && !AllowWord) {
    Diags.error(Imm.Range.Start, "expected a single value here, not a word", {Imm.Range});
    return false;
  }
  if (Imm.K == Immediate::Kind::String && !AllowString) {
    Diags.error(Imm.Range.Start, "expected a number here, not a string", {Imm.Range});
    return false;
  }
  return true;
}

bool ModuleChecker::checkRange(const Immediate &Imm, uint64_t Min, uint64_t Max, StringRef What) {
  if (Imm.K != Immediate::Kind::Int)
    return true;
  if (Imm.Int < Min || Imm.Int > Max) {
    Diags.error(Imm.Range.Start,
                What + " " + Twine(Imm.Int) + " is out of range; expected " + Twine(Min) + " to " +
                    Twine(Max),
                {Imm.Range});
    return false;
  }
  return true;
}

bool ModuleChecker::checkInstruction(Procedure *P, Instruction &I) {
  constexpr uint64_t MaxFelt = Felt::Modulus - 1;
  bool OK = true;
  switch (getInstForm(I.Kind)) {
  case InstForm::None:
    return true;
  case InstForm::Emit:
    // Miden accepts emit.event("name") and emit.C with C = event("name").
    for (Immediate &Imm : I.Imms) {
      if (Imm.K == Immediate::Kind::String)
        continue;
      if (Imm.K != Immediate::Kind::Const) {
        Diags.error(Imm.Range.Start,
                    "'emit' takes event(\"name\") or a constant defined with event(\"name\")",
                    {Imm.Range});
        OK = false;
        continue;
      }
      auto It = M.Consts.find(Imm.Text);
      if (It != M.Consts.end() && !It->second.IsEvent) {
        Diags.error(Imm.Range.Start,
                    "constant '" + Imm.Text + "' is not an event; define it with event(\"name\")",
                    {Imm.Range});
        OK = false;
        continue;
      }
      OK &= resolveImmediate(Imm, false, false);
    }
    return OK;
  case InstForm::OptFelt:
    for (Immediate &Imm : I.Imms)
      OK &= resolveImmediate(Imm, false, false) && checkRange(Imm, 0, MaxFelt, "value");
    return OK;
  case InstForm::OptU32:
  case InstForm::U32:
    for (Immediate &Imm : I.Imms)
      OK &= resolveImmediate(Imm, false, false) && checkRange(Imm, 0, 0xFFFFFFFFull, "value");
    return OK;
  case InstForm::OptShift:
    for (Immediate &Imm : I.Imms)
      OK &= resolveImmediate(Imm, false, false) && checkRange(Imm, 0, 31, "shift amount");
    return OK;
  case InstForm::Local:
    for (Immediate &Imm : I.Imms)
      OK &= resolveImmediate(Imm, false, false) && checkRange(Imm, 0, 0xFFFF, "local index");
    return OK;
  case InstForm::MapValN:
    for (Immediate &Imm : I.Imms) {
      if (!resolveImmediate(Imm, false, false))
        return false;
      if (Imm.Int != 0 && Imm.Int != 4 && Imm.Int != 8) {
        Diags.error(Imm.Range.Start,
                    "'adv.push_mapvaln' pads to 0, 4 or 8 elements, not " + Twine(Imm.Int),
                    {Imm.Range});
        return false;
      }
    }
    return true;
  case InstForm::Indexed: {
    int Min, Max, Default;
    getIndexRange(I.Kind, Min, Max, Default);
    for (Immediate &Imm : I.Imms)
      OK &= resolveImmediate(Imm, false, false) &&
            checkRange(Imm, uint64_t(Min), uint64_t(Max),
                       "'" + getMnemonic(I.Kind).str() + "' position");
    return OK;
  }
  case InstForm::ErrMsg:
    for (Immediate &Imm : I.Imms) {
      if (!resolveImmediate(Imm, false, true))
        return false;
      if (Imm.K != Immediate::Kind::String) {
        Diags.error(Imm.Range.Start, "an error message must be a string", {Imm.Range});
        return false;
      }
    }
    return true;
  case InstForm::Debug:
    for (Immediate &Imm : I.Imms)
      OK &= resolveImmediate(Imm, false, false) && checkRange(Imm, 0, 0xFFFFFFFFull, "value");
    return OK;
  case InstForm::Push:
    for (Immediate &Imm : I.Imms) {
      if (!resolveImmediate(Imm, /*AllowWord=*/I.Imms.size() == 1, false)) {
        OK = false;
        continue;
      }
      OK &= checkRange(Imm, 0, MaxFelt, "value");
    }
    if (OK && I.Slice && I.Imms[0].K != Immediate::Kind::Word) {
      Diags.error(I.Imms[0].Range.Start, "only a word can be sliced", {I.Imms[0].Range});
      return false;
    }
    return OK;
  case InstForm::Target:
    return resolveTarget(P, I);
  }
  return true;
}

bool ModuleChecker::findProcedure(ModuleState &In, StringRef Name, SMRange Use, ResolvedTarget &Out,
                                  unsigned Depth) {
  if (Depth > 16) {
    Diags.error(Use.Start, "re-exports of '" + Name + "' form a cycle", {Use});
    return false;
  }
  auto It = In.Procs.find(Name);
  if (It != In.Procs.end()) {
    if (&In != &M && !It->second->Public) {
      Diags.error(Use.Start,
                  "procedure '" + Name + "' of module '" + In.AST->Path + "' is not public", {Use});
      Diags.note(It->second->NameRange.Start, "'" + Name + "' is declared here without 'pub'");
      return false;
    }
    Out.Module = &In;
    Out.Proc = It->second;
    return true;
  }
  // A re-export: `pub use a::b::proc [-> Name]`.
  auto Alias = In.Aliases.find(Name);
  if (Alias != In.Aliases.end() && (Alias->second->Public || &In == &M)) {
    const Import &I = *Alias->second;
    if (&In == &M)
      M.UsedAliases.insert(Name);
    if (I.IsMastRoot) {
      Out.Root = I.Root;
      return true;
    }
    auto [ModPath, ProcName] = StringRef(I.Path).rsplit("::");
    unsigned ErrorsBefore = Diags.getNumErrors();
    ModuleState *Target = Load(ModPath, I.PathRange);
    if (!Target) {
      if (Diags.getNumErrors() != ErrorsBefore)
        return false;
      Diags.error(I.PathRange.Start, "cannot find module '" + ModPath + "'", {I.PathRange});
      return false;
    }
    return findProcedure(*Target, ProcName, Use, Out, Depth + 1);
  }
  // Suggest a close name.
  std::vector<StringRef> Names;
  for (const auto &Entry : In.Procs)
    Names.push_back(Entry.getKey());
  std::string Where = &In == &M ? std::string() : " in module '" + In.AST->Path + "'";
  Diags.error(Use.Start,
              "undefined procedure '" + Name + "'" + Where +
                  formatDidYouMean(suggestNames(Name, Names, /*MaxResults=*/1)),
              {Use});
  return false;
}

bool ModuleChecker::resolveTarget(Procedure *P, Instruction &I) {
  InvocationTarget &T = I.Target;
  ResolvedTarget Out;
  switch (T.K) {
  case InvocationTarget::Kind::None:
    return false;
  case InvocationTarget::Kind::MastRoot:
    Out.Root = T.Root;
    break;
  case InvocationTarget::Kind::Name:
    if (I.Kind == InstKind::SysCall) {
      // A bare syscall target names a procedure of the kernel module.
      ModuleState *Kernel = Load(KernelModulePath, T.Range);
      if (!Kernel) {
        Diags.error(T.Range.Start,
                    "'syscall' needs a kernel: assemble the program with --kernel <file.masm>",
                    {T.Range});
        return false;
      }
      auto It = Kernel->Procs.find(T.Path);
      if (It == Kernel->Procs.end() || !It->second->Public) {
        Diags.error(T.Range.Start,
                    "invalid syscall: '" + T.Path + "' is not an exported kernel procedure",
                    {T.Range});
        return false;
      }
      Out.Module = Kernel;
      Out.Proc = It->second;
      break;
    }
    if (!findProcedure(M, T.Path, T.Range, Out, 0))
      return false;
    break;
  case InvocationTarget::Kind::Path: {
    auto [ModPath, ProcName] = StringRef(T.Path).rsplit("::");
    std::string FullModule;
    if (!T.Absolute) {
      auto [First, Rest] = ModPath.split("::");
      auto Alias = M.Aliases.find(First);
      if (Alias != M.Aliases.end()) {
        M.UsedAliases.insert(First);
        FullModule = Alias->second->Path;
        if (!Rest.empty())
          FullModule += "::" + Rest.str();
      }
    }
    if (FullModule.empty())
      FullModule = canonicalizeLibraryPath(ModPath);
    unsigned ErrorsBefore = Diags.getNumErrors();
    ModuleState *Target = Load(FullModule, T.Range);
    if (!Target) {
      if (Diags.getNumErrors() == ErrorsBefore) // not found, rather than broken
        Diags.error(T.Range.Start,
                    "cannot find module '" + FullModule + "'" +
                        (T.Absolute || FullModule != ModPath
                             ? std::string()
                             : "; import it with 'use " + FullModule + "'"),
                    {T.Range});
      return false;
    }
    if (!findProcedure(*Target, ProcName, T.Range, Out, 0))
      return false;
    break;
  }
  }
  if (Out.Proc && Out.Proc == P && Out.Module == &M) {
    Diags.error(T.Range.Start,
                "procedure '" + P->Name + "' invokes itself; recursion is not supported",
                {T.Range});
    return false;
  }
  if (I.Kind == InstKind::SysCall && Out.Module && Out.Module->AST->Path != KernelModulePath) {
    Diags.error(T.Range.Start,
                "invalid syscall: '" + T.Path + "' is not an exported kernel procedure", {T.Range});
    return false;
  }
  M.Targets[&I] = Out;
  if (Out.Proc) // P is null in `begin`, which cannot be part of a cycle
    M.Calls[P].push_back({Out.Module, Out.Proc});
  return true;
}

} // namespace

bool Assembler::checkModule(ModuleState &M) {
  if (M.Checked)
    return M.CheckOK;
  M.Checked = true;
  ModuleChecker Checker(Diags, M,
                        [this](StringRef Path, SMRange From) { return loadModule(Path, From); });
  M.CheckOK = Checker.run();
  return M.CheckOK;
}

// --- Lowering -----------------------------------------------------------------------

namespace {

class BodyLowering {
public:
  using ModuleState = Assembler::ModuleState;
  using ProcGetter = std::function<ir::Procedure *(ModuleState &, Procedure &)>;

  BodyLowering(DiagnosticEngine &Diags, ModuleState &M, InstLoweringContext Ctx, ProcGetter GetProc)
      : Diags(Diags), M(M), Ctx(Ctx), GetProc(std::move(GetProc)) {}

  /// Lowers B; Prologue ops start the first block, Epilogue ops end the last.
  bool lower(const Block &B, ir::Body &Out, ArrayRef<Operation> Prologue = {},
             ArrayRef<Operation> Epilogue = {}, SMRange Loc = {}) {
    ir::Node Current;
    Current.K = ir::Node::Kind::Block;
    for (const Operation &Op : Prologue) {
      Current.Ops.push_back(Op);
      Current.OpLocs.push_back(Loc.Start);
    }
    bool OK = lowerOps(B, Out, Current);
    for (const Operation &Op : Epilogue) {
      Current.Ops.push_back(Op);
      Current.OpLocs.push_back(Loc.End);
    }
    flush(Out, Current);
    if (Out.empty()) {
      // An empty body (e.g. only `add.0`) is one NOOP, as in Miden.
      ir::Node N;
      N.K = ir::Node::Kind::Block;
      N.Loc = B.empty() ? Loc : B.front().Range;
      N.Ops.push_back(Operation(OpCode::Noop));
      N.OpLocs.push_back(N.Loc.Start);
      Out.push_back(std::move(N));
    }
    return OK;
  }

private:
  void flush(ir::Body &Out, ir::Node &Current) {
    if (Current.Ops.empty())
      return;
    Current.Loc = {Current.OpLocs.front(), Current.OpLocs.back()};
    Out.push_back(std::move(Current));
    Current = ir::Node();
    Current.K = ir::Node::Kind::Block;
  }

  bool lowerOps(const Block &B, ir::Body &Out, ir::Node &Current) {
    bool OK = true;
    for (const Op &O : B) {
      switch (O.K) {
      case Op::Kind::Inst:
        OK &= lowerInst(O.Inst, Out, Current);
        break;
      case Op::Kind::If: {
        flush(Out, Current);
        ir::Node N;
        N.K = ir::Node::Kind::If;
        N.Loc = O.Range;
        // if.false swaps the branches; a missing branch is a NOOP.
        const Block &True = O.IfFalse ? O.Else : O.Then;
        const Block &False = O.IfFalse ? O.Then : O.Else;
        OK &= lower(True, N.Then, {}, {}, O.Range);
        OK &= lower(False, N.Else, {}, {}, O.Range);
        Out.push_back(std::move(N));
        break;
      }
      case Op::Kind::While: {
        flush(Out, Current);
        ir::Node N;
        N.K = ir::Node::Kind::While;
        N.Loc = O.Range;
        OK &= lower(O.Then, N.Then, {}, {}, O.Range);
        Out.push_back(std::move(N));
        break;
      }
      case Op::Kind::Repeat: {
        flush(Out, Current);
        ir::Node N;
        N.K = ir::Node::Kind::Repeat;
        N.Loc = O.Range;
        N.Count = uint32_t(O.Count.Int);
        OK &= lower(O.Then, N.Then, {}, {}, O.Range);
        Out.push_back(std::move(N));
        break;
      }
      }
    }
    return OK;
  }

  bool lowerInst(const Instruction &I, ir::Body &Out, ir::Node &Current) {
    ir::Node::Kind NK;
    switch (I.Kind) {
    case InstKind::Exec:
      NK = ir::Node::Kind::Exec;
      break;
    case InstKind::Call:
      NK = ir::Node::Kind::Call;
      break;
    case InstKind::SysCall:
      NK = ir::Node::Kind::SysCall;
      break;
    case InstKind::ProcRef:
      NK = ir::Node::Kind::ProcRef;
      break;
    case InstKind::DynExec:
      NK = ir::Node::Kind::DynExec;
      break;
    case InstKind::DynCall:
      NK = ir::Node::Kind::DynCall;
      break;
    default: {
      std::vector<Operation> Ops;
      if (!lowerInstruction(I, Ctx, Ops, Diags))
        return false;
      for (const Operation &Op : Ops) {
        Current.Ops.push_back(Op);
        Current.OpLocs.push_back(I.Range.Start);
      }
      return true;
    }
    }
    ir::Node N;
    N.K = NK;
    N.Loc = I.Range;
    if (NK != ir::Node::Kind::DynExec && NK != ir::Node::Kind::DynCall) {
      auto It = M.Targets.find(&I);
      if (It == M.Targets.end())
        return false; // sema reported it
      const ResolvedTarget &T = It->second;
      if (T.Proc) {
        N.Target.Proc = GetProc(*T.Module, *T.Proc);
        if (!N.Target.Proc)
          return false;
      } else {
        N.Target.Root = T.Root;
      }
    }
    // A procref node's pushes depend on the callee's MAST root; the MAST
    // builder folds them back into the surrounding block, as Miden does.
    flush(Out, Current);
    Out.push_back(std::move(N));
    return true;
  }

  DiagnosticEngine &Diags;
  ModuleState &M;
  InstLoweringContext Ctx;
  ProcGetter GetProc;
};

std::vector<Operation> fmpFrameSequence(uint32_t NumLocals, bool Enter) {
  uint64_t Frame = (uint64_t(NumLocals) + 3) / 4 * 4;
  Felt Offset = Enter ? Felt(Frame) : -Felt(Frame);
  return {Operation(OpCode::Push, Offset),
          Operation(OpCode::Push, Felt(FmpAddress)),
          Operation(OpCode::MLoad),
          Operation(OpCode::Add),
          Operation(OpCode::Push, Felt(FmpAddress)),
          Operation(OpCode::MStore),
          Operation(OpCode::Drop)};
}

} // namespace

bool Assembler::finish(ir::Unit &U) {
  // Recursion through other procedures: a cycle in the call graph.
  enum Color { White, Grey, Black };
  DenseMap<const Procedure *, Color> Colors;
  DenseMap<const Procedure *, ModuleState *> Owner;
  for (ModuleState *M : LoadOrder)
    for (Procedure &P : M->AST->Procs)
      Owner[&P] = M;
  bool OK = true;
  std::function<void(ModuleState *, const Procedure *)> Visit = [&](ModuleState *M,
                                                                    const Procedure *P) {
    Colors[P] = Grey;
    for (auto [CM, CP] : M->Calls.lookup(P)) {
      Color C = Colors.lookup(CP);
      if (C == Grey) {
        Diags.error(CP->NameRange.Start,
                    "procedure '" + CP->Name + "' is part of a recursive cycle (through '" +
                        P->Name + "'); recursion is not supported",
                    {CP->NameRange});
        OK = false;
      } else if (C == White) {
        Visit(CM, CP);
      }
    }
    Colors[P] = Black;
  };
  for (ModuleState *M : LoadOrder)
    for (Procedure &P : M->AST->Procs)
      if (Colors.lookup(&P) == White)
        Visit(M, &P);
  if (!OK)
    return false;
  if (!Opts.KeepDeadProcedures)
    ir::eliminateDeadProcedures(U);
  std::string Problem = ir::verify(U);
  if (!Problem.empty()) {
    Diags.error(SMLoc(), "internal error: invalid IR: " + Problem);
    return false;
  }
  return true;
}

bool Assembler::lowerModule(ModuleState &Root, ir::Unit &U) {
  bool OK = true;
  std::function<ir::Procedure *(ModuleState &, Procedure &)> GetProc =
      [&](ModuleState &M, Procedure &P) -> ir::Procedure * {
    auto It = M.Lowered.find(&P);
    if (It != M.Lowered.end())
      return It->second;
    auto IRP = std::make_unique<ir::Procedure>();
    IRP->Module = M.AST->Path;
    IRP->Name = P.Name;
    IRP->Exported = false;
    IRP->NumLocals = P.NumLocals;
    IRP->Loc = P.Range;
    IRP->Docs = P.Docs;
    ir::Procedure *Raw = U.addProcedure(std::move(IRP));
    M.Lowered[&P] = Raw;
    InstLoweringContext Ctx;
    Ctx.NumLocals = P.NumLocals;
    Ctx.InProcedure = true;
    Ctx.ErrorMessages = &U.ErrorMessages;
    BodyLowering L(Diags, M, Ctx, GetProc);
    std::vector<Operation> Pro, Epi;
    if (P.NumLocals) {
      Pro = fmpFrameSequence(P.NumLocals, true);
      Epi = fmpFrameSequence(P.NumLocals, false);
    }
    OK &= L.lower(P.Body, Raw->Code, Pro, Epi, P.Range);
    return Raw;
  };
  if (Root.AST->Begin) {
    auto Entry = std::make_unique<ir::Procedure>();
    Entry->Module = Root.AST->Path;
    Entry->Name = "$main";
    Entry->Loc = Root.AST->BeginRange;
    U.Entry = U.addProcedure(std::move(Entry));
    InstLoweringContext Ctx;
    Ctx.ErrorMessages = &U.ErrorMessages;
    BodyLowering L(Diags, Root, Ctx, GetProc);
    std::vector<Operation> Prologue = {Operation(OpCode::Push, Felt(FmpInitValue)),
                                       Operation(OpCode::Push, Felt(FmpAddress)),
                                       Operation(OpCode::MStore), Operation(OpCode::Drop)};
    OK &= L.lower(*Root.AST->Begin, U.Entry->Code, Prologue, {}, Root.AST->BeginRange);
    if (Kernel)
      for (Procedure &P : Kernel->AST->Procs)
        if (P.Public)
          if (ir::Procedure *IRP = GetProc(*Kernel, P))
            U.KernelProcedures.push_back(IRP);
  } else {
    for (Procedure &P : Root.AST->Procs)
      if (P.Public)
        if (ir::Procedure *IRP = GetProc(Root, P))
          IRP->Exported = true;
  }
  for (const AdvMapEntry &E : Root.AST->AdvMap) {
    const ConstValue &Key = Root.Consts[E.Name];
    Digest K(Key.W[0], Key.W[1], Key.W[2], Key.W[3]);
    auto [It, Inserted] = U.AdviceMap.try_emplace(K, E.Values);
    if (!Inserted && It->second != E.Values) {
      Diags.error(E.Range.Start, "advice map key " + K.toHex() + " is given two values", {E.Range});
      OK = false;
    }
  }
  return OK;
}

bool Assembler::setKernel(unsigned BufferID) {
  auto AST = parseModule(Diags, BufferID, KernelModulePath);
  if (!AST)
    return false;
  if (AST->isExecutable()) {
    Diags.error(AST->BeginRange.Start, "a kernel is a library module; it cannot have a 'begin' "
                                       "block");
    return false;
  }
  if (std::none_of(AST->Procs.begin(), AST->Procs.end(),
                   [](const Procedure &P) { return P.Public; })) {
    Diags.error(
        SMLoc::getFromPointer(Diags.getSourceMgr().getMemoryBuffer(BufferID)->getBufferStart()),
        "a kernel must export at least one procedure ('pub proc')");
    return false;
  }
  Kernel = addModule(std::move(AST));
  return checkModule(*Kernel);
}

std::unique_ptr<ir::Unit> Assembler::assembleProgram(unsigned BufferID) {
  auto AST = parseModule(Diags, BufferID, "$exec");
  if (!AST)
    return nullptr;
  if (!AST->isExecutable()) {
    Diags.error(
        SMLoc::getFromPointer(Diags.getSourceMgr().getMemoryBuffer(BufferID)->getBufferStart()),
        "a program needs a 'begin ... end' block (assemble a library with --lib)");
    return nullptr;
  }
  ModuleState *M = addModule(std::move(AST));
  if (!checkModule(*M))
    return nullptr;
  auto U = std::make_unique<ir::Unit>();
  if (!lowerModule(*M, *U) || Diags.hasErrors() || !finish(*U))
    return nullptr;
  return U;
}

std::unique_ptr<ir::Unit>
Assembler::assembleLibrary(ArrayRef<std::pair<unsigned, std::string>> Sources) {
  std::vector<ModuleState *> Roots;
  bool OK = true;
  for (const auto &[ID, Path] : Sources) {
    auto AST = parseModule(Diags, ID, Path);
    if (!AST) {
      OK = false;
      continue;
    }
    if (AST->isExecutable()) {
      Diags.error(AST->BeginRange.Start,
                  "library module '" + Path + "' cannot have a 'begin' block");
      OK = false;
      continue;
    }
    if (Modules.count(Path)) {
      Diags.error(SMLoc(), "module '" + Path + "' is given twice");
      OK = false;
      continue;
    }
    Roots.push_back(addModule(std::move(AST)));
  }
  for (ModuleState *M : Roots)
    OK &= checkModule(*M);
  if (!OK)
    return nullptr;
  auto U = std::make_unique<ir::Unit>();
  for (ModuleState *M : Roots)
    OK &= lowerModule(*M, *U);
  if (!OK || Diags.hasErrors() || !finish(*U))
    return nullptr;
  return U;
}

} // namespace zkvm
