//===- AST.cpp - Instruction table lookups and the AST printer ------------===//

#include "zkvm/Asm/AST.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"

using namespace llvm;

namespace zkvm {
namespace ast {

namespace {
struct InstInfo {
  StringRef Mnemonic;
  InstForm Form;
  StringRef Effect;
  int Min, Max, Default;
};

const InstInfo InstTable[] = {
#define ZKVM_INST(Name, Mnemonic, Form, Effect) {Mnemonic, InstForm::Form, Effect, 0, 0, 0},
#define ZKVM_INST_INDEXED(Name, Mnemonic, Min, Max, Default, Effect)                               \
  {Mnemonic, InstForm::Indexed, Effect, Min, Max, Default},
#include "zkvm/IR/ISA.def"
};

const StringMap<InstKind> &mnemonicMap() {
  static const StringMap<InstKind> Map = [] {
    StringMap<InstKind> M;
    for (unsigned I = 0; I < std::size(InstTable); ++I)
      M[InstTable[I].Mnemonic] = InstKind(I);
    return M;
  }();
  return Map;
}
} // namespace

StringRef getMnemonic(InstKind K) { return InstTable[unsigned(K)].Mnemonic; }
InstForm getInstForm(InstKind K) { return InstTable[unsigned(K)].Form; }
StringRef getStackEffect(InstKind K) { return InstTable[unsigned(K)].Effect; }
void getIndexRange(InstKind K, int &Min, int &Max, int &Default) {
  const InstInfo &I = InstTable[unsigned(K)];
  Min = I.Min;
  Max = I.Max;
  Default = I.Default;
}

std::optional<InstKind> lookupMnemonic(StringRef Mnemonic) {
  auto It = mnemonicMap().find(Mnemonic);
  if (It == mnemonicMap().end())
    return std::nullopt;
  return It->second;
}

StringRef getRemovedMnemonicReplacement(StringRef Mnemonic) {
  return StringSwitch<StringRef>(Mnemonic)
#define ZKVM_INST_REMOVED(Mnemonic, Replacement) .Case(Mnemonic, Replacement)
#include "zkvm/IR/ISA.def"
      .Default("");
}

std::vector<StringRef> getAllMnemonics() {
  std::vector<StringRef> All;
  for (const InstInfo &I : InstTable)
    All.push_back(I.Mnemonic);
  return All;
}

// --- Printer -----------------------------------------------------------------------

namespace {

void printQuoted(raw_ostream &OS, StringRef S) {
  OS << '"';
  for (char C : S) {
    if (C == '"' || C == '\\')
      OS << '\\';
    OS << C;
  }
  OS << '"';
}

/// Names that are not plain identifiers are quoted.
void printName(raw_ostream &OS, StringRef S) {
  bool Plain = !S.empty() && (isAlpha(S[0]) || S[0] == '_' || S[0] == '$');
  for (char C : S)
    if (!(isAlnum(C) || C == '_' || C == '$'))
      Plain = false;
  if (Plain)
    OS << S;
  else
    printQuoted(OS, S);
}

void printWord(raw_ostream &OS, const Word &W) {
  OS << '[' << W[0].value() << ", " << W[1].value() << ", " << W[2].value() << ", " << W[3].value()
     << ']';
}

void printImm(raw_ostream &OS, const Immediate &I) {
  switch (I.K) {
  case Immediate::Kind::None:
    break;
  case Immediate::Kind::Int:
    OS << I.Int;
    break;
  case Immediate::Kind::Word:
    printWord(OS, I.W);
    break;
  case Immediate::Kind::Const:
    OS << I.Text;
    break;
  case Immediate::Kind::String:
    printQuoted(OS, I.Text);
    break;
  }
}

void printPath(raw_ostream &OS, StringRef Path) {
  bool First = true;
  while (!Path.empty()) {
    auto [Head, Rest] = Path.split("::");
    if (!First)
      OS << "::";
    printName(OS, Head);
    First = false;
    Path = Rest;
  }
}

void printConstExpr(raw_ostream &OS, const ConstExpr &E, bool Nested = false) {
  switch (E.K) {
  case ConstExpr::Kind::Int:
    OS << E.Int;
    return;
  case ConstExpr::Kind::Word:
    printWord(OS, E.W);
    return;
  case ConstExpr::Kind::String:
    printQuoted(OS, E.Text);
    return;
  case ConstExpr::Kind::Var:
    OS << E.Text;
    return;
  case ConstExpr::Kind::HashWord:
  case ConstExpr::Kind::HashEvent:
    OS << (E.K == ConstExpr::Kind::HashWord ? "word(" : "event(");
    printQuoted(OS, E.Text);
    OS << ')';
    return;
  case ConstExpr::Kind::Binary: {
    static const char *Ops[] = {" + ", " - ", " * ", " / ", " // "};
    if (Nested)
      OS << '(';
    printConstExpr(OS, *E.Lhs, true);
    OS << Ops[unsigned(E.Op)];
    printConstExpr(OS, *E.Rhs, true);
    if (Nested)
      OS << ')';
    return;
  }
  }
}

void printBlock(raw_ostream &OS, const Block &B, unsigned Indent);

void printOp(raw_ostream &OS, const Op &O, unsigned Indent) {
  OS.indent(Indent);
  switch (O.K) {
  case Op::Kind::Inst:
    printInstruction(OS, O.Inst);
    OS << '\n';
    return;
  case Op::Kind::If:
    OS << (O.IfFalse ? "if.false\n" : "if.true\n");
    printBlock(OS, O.Then, Indent + 4);
    if (O.HasElse) {
      OS.indent(Indent) << "else\n";
      printBlock(OS, O.Else, Indent + 4);
    }
    OS.indent(Indent) << "end\n";
    return;
  case Op::Kind::While:
    OS << "while.true\n";
    printBlock(OS, O.Then, Indent + 4);
    OS.indent(Indent) << "end\n";
    return;
  case Op::Kind::Repeat:
    OS << "repeat.";
    printImm(OS, O.Count);
    OS << '\n';
    printBlock(OS, O.Then, Indent + 4);
    OS.indent(Indent) << "end\n";
    return;
  }
}

void printBlock(raw_ostream &OS, const Block &B, unsigned Indent) {
  for (const Op &O : B)
    printOp(OS, O, Indent);
}

void printDocs(raw_ostream &OS, StringRef Docs) {
  if (Docs.empty())
    return;
  SmallVector<StringRef, 8> Lines;
  Docs.split(Lines, '\n');
  for (StringRef L : Lines)
    OS << "#! " << L << '\n';
}

} // namespace

void printInstruction(raw_ostream &OS, const Instruction &I) {
  OS << getMnemonic(I.Kind);
  switch (getInstForm(I.Kind)) {
  case InstForm::ErrMsg:
    if (!I.Imms.empty()) {
      OS << ".err=";
      printImm(OS, I.Imms[0]);
    }
    return;
  case InstForm::Target:
    OS << '.';
    if (I.Target.K == InvocationTarget::Kind::MastRoot) {
      OS << I.Target.Root.toHex();
    } else {
      if (I.Target.Absolute)
        OS << "::";
      printPath(OS, I.Target.Path);
    }
    return;
  case InstForm::Emit:
    if (!I.Imms.empty()) {
      OS << '.';
      if (I.EmitEventLiteral) {
        OS << "event(";
        printImm(OS, I.Imms[0]);
        OS << ')';
      } else {
        printImm(OS, I.Imms[0]);
      }
    }
    return;
  case InstForm::Debug:
    static const char *Names[] = {"stack", "mem", "local", "adv_stack"};
    OS << '.' << Names[unsigned(I.Debug)];
    break;
  default:
    if (I.Kind == InstKind::Exp && I.ExpBits >= 0) {
      OS << ".u" << unsigned(I.ExpBits);
      return;
    }
    break;
  }
  for (const Immediate &Imm : I.Imms) {
    OS << '.';
    printImm(OS, Imm);
  }
  if (I.Slice) {
    OS << '[' << I.Slice->first;
    if (I.Slice->second != I.Slice->first + 1)
      OS << ".." << I.Slice->second;
    OS << ']';
  }
}

void printModule(raw_ostream &OS, const Module &M) {
  printDocs(OS, M.Docs);
  if (!M.Docs.empty())
    OS << '\n';
  for (const Import &I : M.Imports) {
    OS << (I.Public ? "pub use " : "use ");
    if (I.IsMastRoot)
      OS << I.Root.toHex();
    else
      printPath(OS, I.Path);
    if (I.IsMastRoot || I.Alias != StringRef(I.Path).rsplit("::").second) {
      OS << " -> ";
      printName(OS, I.Alias);
    }
    OS << '\n';
  }
  for (const TypeDecl &T : M.Types) {
    OS << (T.Public ? "pub " : "");
    bool IsEnum = StringRef(T.Text).startswith(":");
    OS << (IsEnum ? "enum " : "type ") << T.Name << (IsEnum ? "" : " = ") << T.Text << '\n';
  }
  for (const ConstDecl &C : M.Consts) {
    printDocs(OS, C.Docs);
    OS << (C.Public ? "pub const " : "const ") << C.Name << " = ";
    printConstExpr(OS, C.Value);
    OS << '\n';
  }
  for (const AdvMapEntry &E : M.AdvMap) {
    OS << "adv_map " << E.Name;
    if (E.Key) {
      OS << '(';
      printWord(OS, *E.Key);
      OS << ')';
    }
    OS << " = [";
    for (size_t I = 0; I < E.Values.size(); ++I)
      OS << (I ? ", " : "") << E.Values[I].value();
    OS << "]\n";
  }
  for (const Procedure &P : M.Procs) {
    OS << '\n';
    printDocs(OS, P.Docs);
    for (const Attribute &A : P.Attributes)
      OS << '@' << A.Name << A.Text << '\n';
    if (P.HasLocalsAttr)
      OS << "@locals(" << P.NumLocals << ")\n";
    OS << (P.Public ? "pub proc " : "proc ");
    printName(OS, P.Name);
    if (!P.Signature.empty())
      OS << P.Signature;
    OS << '\n';
    printBlock(OS, P.Body, 4);
    OS << "end\n";
  }
  if (M.Begin) {
    OS << "\nbegin\n";
    printBlock(OS, *M.Begin, 4);
    OS << "end\n";
  }
}

} // namespace ast
} // namespace zkvm
