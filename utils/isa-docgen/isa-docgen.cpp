//===- isa-docgen.cpp - The instruction reference, from ISA.def -----------===//
//
// Prints docs/instructions.md: every assembly instruction by category with
// its immediate forms and stack effect, the mnemonics Miden v0.20 removed,
// and the VM operations with their 7-bit opcodes. Everything comes from
// include/zkvm/IR/ISA.def, so the reference cannot drift from the assembler.
//
//   isa-docgen [-o FILE]              (default: standard output)
//   isa-docgen --textmate [-o FILE]   the editor grammar (tools/editors/)
//
//===----------------------------------------------------------------------===//

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Inst {
  const char *Mnemonic;
  std::string Form; ///< ISA.def's form name; "Indexed" for ZKVM_INST_INDEXED
  const char *Effect;
  int Min = 0, Max = 0, Default = 0;
};

struct Category {
  const char *Title;
  std::vector<Inst> Insts;
};

struct Removed {
  const char *Mnemonic, *Replacement;
};

struct VmOp {
  const char *Name, *Mnemonic;
  unsigned Opcode;
  std::string Imm; ///< "None", "Felt", "ErrCode"; "Control" for control ops
};

std::vector<Category> categories() {
  std::vector<Category> Cats;
#define ZKVM_INST_CATEGORY(Title) Cats.push_back({Title, {}});
#define ZKVM_INST(Name, Mnemonic, Form, Effect)                                                    \
  Cats.back().Insts.push_back({Mnemonic, #Form, Effect});
#define ZKVM_INST_INDEXED(Name, Mnemonic, Min, Max, Default, Effect)                               \
  Cats.back().Insts.push_back({Mnemonic, "Indexed", Effect, Min, Max, Default});
#include "zkvm/IR/ISA.def"
  return Cats;
}

std::vector<Removed> removedMnemonics() {
  std::vector<Removed> R;
#define ZKVM_INST_REMOVED(Mnemonic, Replacement) R.push_back({Mnemonic, Replacement});
#include "zkvm/IR/ISA.def"
  return R;
}

std::vector<VmOp> vmOps() {
  std::vector<VmOp> Ops;
#define ZKVM_OP(Name, Opcode, Mnemonic, Imm) Ops.push_back({#Name, Mnemonic, Opcode, #Imm});
#define ZKVM_CONTROL_OP(Name, Opcode, Mnemonic) Ops.push_back({#Name, Mnemonic, Opcode, "Control"});
#include "zkvm/IR/ISA.def"
  return Ops;
}

/// Table cells: '|' would end the cell.
std::string cell(const std::string &S) {
  std::string Out;
  for (char C : S) {
    if (C == '|')
      Out += '\\';
    Out += C;
  }
  return Out;
}

std::string code(const std::string &S) { return "`" + S + "`"; }

/// How the instruction is written, one spelling per form it accepts.
std::string spellings(const Inst &I) {
  std::string M = I.Mnemonic;
  const std::string &F = I.Form;
  if (F == "None")
    return code(M);
  if (F == "OptFelt") {
    std::string S = code(M) + ", " + code(M + ".b") + " (b: a field element or constant)";
    if (M == "exp")
      S += ", " + code("exp.uN") + " (N in 0..63: the exponent's bit length)";
    return S;
  }
  if (F == "OptU32")
    return code(M) + ", " + code(M + ".b") + " (b: a u32 or constant)";
  if (F == "OptShift")
    return code(M) + ", " + code(M + ".b") + " (b in 0..31)";
  if (F == "ErrMsg")
    return code(M) + ", " + code(M + ".err=\"message\"") + ", " + code(M + ".err=CONST");
  if (F == "Local")
    return code(M + ".i") + " (i: a local index; required)";
  if (F == "Target")
    return code(M + ".name") + ", " + code(M + ".alias::name") + ", " +
           code(M + ".::path::to::name") + ", " + code(M + ".0x<64 hex digits>") + " (a MAST root)";
  if (F == "Push")
    return code("push.a") + " .. " + code("push.a.b.c...") + " (up to 16 values), " +
           code("push.[a,b,c,d]") + ", " + code("push.0x<64 hex digits>") + ", " + code("push.W") +
           ", " + code("push.W[i]") + ", " + code("push.W[i..j]");
  if (F == "Emit")
    return code(M) + ", " + code(M + ".CONST") + ", " + code(M + ".event(\"name\")");
  if (F == "Debug")
    return code("debug.stack") + ", " + code("debug.stack.n") + ", " + code("debug.mem") + ", " +
           code("debug.mem.a") + ", " + code("debug.mem.a.b") + ", " + code("debug.local") + ", " +
           code("debug.local.i") + ", " + code("debug.local.i.j") + ", " + code("debug.adv_stack") +
           ", " + code("debug.adv_stack.n");
  if (F == "U32")
    return code(M + ".n") + " (n: a u32; required)";
  if (F == "MapValN")
    return code(M) + ", " + code(M + ".0") + ", " + code(M + ".4") + ", " + code(M + ".8") +
           " (padding)";
  if (F == "Indexed") {
    std::string S =
        code(M + ".n") + " (n in " + std::to_string(I.Min) + ".." + std::to_string(I.Max) + ")";
    if (I.Default >= 0)
      S = code(M) + " (n = " + std::to_string(I.Default) + "), " + S;
    return S;
  }
  std::fprintf(stderr, "isa-docgen: unknown immediate form '%s' of '%s'\n", F.c_str(), I.Mnemonic);
  std::exit(1);
}

std::string binary7(unsigned V) {
  std::string S;
  for (int B = 6; B >= 0; --B)
    S += (V >> B) & 1 ? '1' : '0';
  return S;
}

void print(std::ostream &OS) {
  OS << "# zkvm instruction reference\n\n"
        "<!-- Generated from include/zkvm/IR/ISA.def by utils/isa-docgen; do not edit.\n"
        "     Regenerate: build/bin/isa-docgen -o docs/instructions.md -->\n\n"
        "The assembly instructions zkvm accepts (Miden v0.20.6's), and the VM operations they\n"
        "lower to. Stack effects list the top of the stack first: `[b, a, ...] -> [a + b, ...]`\n"
        "pops `b` (the top) and `a`; upper-case letters are words (four elements). Immediates\n"
        "are written after a dot, and a constant name may stand for a number; an immediate `b`\n"
        "replaces the operand that would otherwise be popped first.\n\n";

  std::vector<Category> Cats = categories();
  size_t Total = 0;
  for (const Category &C : Cats)
    Total += C.Insts.size();
  OS << "## Assembly instructions\n\n" << Total << " instructions in " << Cats.size() << " groups:";
  for (size_t I = 0; I < Cats.size(); ++I) {
    std::string Anchor;
    for (char Ch : std::string(Cats[I].Title)) {
      if (Ch == ' ')
        Anchor += '-';
      else if (Ch != '/')
        Anchor += char(std::tolower(static_cast<unsigned char>(Ch)));
    }
    OS << (I ? ", " : " ") << "[" << Cats[I].Title << "](#" << Anchor << ")";
  }
  OS << ".\n";
  for (const Category &C : Cats) {
    OS << "\n### " << C.Title << "\n\n"
       << "| Instruction | Written as | Stack effect |\n"
       << "|---|---|---|\n";
    for (const Inst &I : C.Insts)
      OS << "| " << code(I.Mnemonic) << " | " << cell(spellings(I)) << " | " << cell(I.Effect)
         << " |\n";
  }

  OS << "\n## Removed mnemonics\n\n"
        "Miden v0.20 rejects these older spellings; `zkasm` reports them with the replacement.\n\n"
        "| Removed | Use instead |\n"
        "|---|---|\n";
  for (const Removed &R : removedMnemonics())
    OS << "| " << code(R.Mnemonic) << " | " << code(R.Replacement) << " |\n";

  OS << "\n## VM operations\n\n"
        "The operations of MAST basic blocks and the control-flow node markers, with Miden\n"
        "v0.20's 7-bit opcodes (they enter basic-block and node digests). The high bits group\n"
        "operations by how they shift the stack and by constraint degree. Immediate: `Felt` is\n"
        "PUSH's hashed value; `ErrCode` is an error code that is not hashed; control operations\n"
        "never appear inside a basic block (their opcode is the node digest's domain).\n\n"
        "| Opcode | Binary | Operation | Mnemonic | Immediate |\n"
        "|---:|---|---|---|---|\n";
  std::vector<VmOp> Ops = vmOps();
  for (const VmOp &O : Ops) {
    std::string Imm = O.Imm == "None" ? "" : O.Imm == "Control" ? "control" : code(O.Imm);
    OS << "| " << O.Opcode << " | " << code(binary7(O.Opcode)) << " | " << O.Name << " | "
       << code(O.Mnemonic) << " | " << Imm << " |\n";
  }
}

} // namespace

/// Escapes a mnemonic for a regular expression inside a JSON string.
std::string regexWord(const char *Mnemonic) {
  std::string R;
  for (const char *C = Mnemonic; *C; ++C) {
    if (*C == '.')
      R += "\\\\.";
    else
      R += *C;
  }
  return R;
}

/// The TextMate grammar for .masm files (VS Code and most editors): the
/// language's keywords, and every mnemonic of the table, longest first so
/// that `u32wrapping_add3` is not read as `u32wrapping_add`.
void printTextMate(std::ostream &OS) {
  std::vector<std::string> Mnemonics;
  for (const Category &C : categories())
    for (const Inst &I : C.Insts)
      Mnemonics.push_back(I.Mnemonic);
  for (const Removed &R : removedMnemonics())
    Mnemonics.push_back(R.Mnemonic);
  std::sort(Mnemonics.begin(), Mnemonics.end(), [](const std::string &A, const std::string &B) {
    return A.size() != B.size() ? A.size() > B.size() : A < B;
  });
  Mnemonics.erase(std::unique(Mnemonics.begin(), Mnemonics.end()), Mnemonics.end());
  std::string Alt;
  for (const std::string &M : Mnemonics)
    Alt += (Alt.empty() ? "" : "|") + regexWord(M.c_str());
  OS << "{\n"
        "  \"$schema\": \"https://raw.githubusercontent.com/martinring/tmlanguage/master/"
        "tmlanguage.json\",\n"
        "  \"name\": \"Miden Assembly\",\n"
        "  \"scopeName\": \"source.masm\",\n"
        "  \"fileTypes\": [\"masm\"],\n"
        "  \"comment\": \"Generated by utils/isa-docgen --textmate from include/zkvm/IR/ISA.def; "
        "do not edit.\",\n"
        "  \"patterns\": [\n"
        "    { \"name\": \"comment.block.documentation.masm\", \"match\": \"#!.*$\" },\n"
        "    { \"name\": \"comment.line.number-sign.masm\", \"match\": \"#.*$\" },\n"
        "    { \"name\": \"string.quoted.double.masm\", \"begin\": \"\\\"\", "
        "\"end\": \"\\\"\",\n"
        "      \"patterns\": [{ \"name\": \"constant.character.escape.masm\", "
        "\"match\": \"\\\\\\\\.\" }] },\n"
        "    { \"name\": \"keyword.control.masm\", \"match\": "
        "\"\\\\b(begin|end|if\\\\.true|if\\\\.false|else|while\\\\.true|repeat)\\\\b\" },\n"
        "    { \"name\": \"storage.type.masm\", \"match\": "
        "\"\\\\b(pub|proc|export|use|const|adv_map|enum|type)\\\\b\" },\n"
        "    { \"name\": \"storage.modifier.attribute.masm\", \"match\": \"@[A-Za-z_]+\" },\n"
        "    { \"match\": \"\\\\b(exec|call|syscall|procref)\\\\.([A-Za-z0-9_:$]+)\",\n"
        "      \"captures\": { \"1\": { \"name\": \"keyword.other.invoke.masm\" }, "
        "\"2\": { \"name\": \"entity.name.function.masm\" } } },\n"
        "    { \"name\": \"keyword.other.instruction.masm\", \"match\": \"\\\\b("
     << Alt
     << ")\\\\b\" },\n"
        "    { \"name\": \"constant.numeric.hex.masm\", \"match\": \"\\\\b0x[0-9A-Fa-f]+\\\\b\" "
        "},\n"
        "    { \"name\": \"constant.numeric.decimal.masm\", \"match\": \"\\\\b[0-9]+\\\\b\" },\n"
        "    { \"name\": \"variable.other.constant.masm\", \"match\": "
        "\"\\\\b[A-Z][A-Z0-9_]*\\\\b\" }\n"
        "  ]\n"
        "}\n";
}

int main(int argc, char **argv) {
  const char *OutPath = nullptr;
  bool TextMate = false;
  for (int I = 1; I < argc; ++I) {
    if (!std::strcmp(argv[I], "--textmate")) {
      TextMate = true;
    } else if (!std::strcmp(argv[I], "-o") && I + 1 < argc) {
      OutPath = argv[++I];
    } else if (!std::strcmp(argv[I], "--help") || !std::strcmp(argv[I], "-h")) {
      std::printf("usage: isa-docgen [--textmate] [-o FILE]\n"
                  "Prints the instruction reference (docs/instructions.md) from ISA.def, or\n"
                  "with --textmate the .masm editor grammar (tools/editors/).\n");
      return 0;
    } else {
      std::fprintf(stderr, "isa-docgen: unknown argument '%s'\n", argv[I]);
      return 1;
    }
  }
  std::ostringstream Text;
  if (TextMate)
    printTextMate(Text);
  else
    print(Text);
  if (!OutPath) {
    std::cout << Text.str();
    return std::cout.good() ? 0 : 1;
  }
  std::ofstream Out(OutPath, std::ios::binary);
  Out << Text.str();
  if (!Out) {
    std::fprintf(stderr, "isa-docgen: cannot write '%s'\n", OutPath);
    return 1;
  }
  return 0;
}
