//===- MastPrinter.cpp - MAST forests as text -----------------------------===//

#include "zkvm/Mast/MastPrinter.h"

#include "llvm/ADT/SmallString.h"

using namespace llvm;

namespace zkvm {

namespace {

/// Lines of basic-block operations wrap at this width.
constexpr size_t WrapColumn = 96;

class Printer {
public:
  Printer(raw_ostream &OS, const MastForest &F, const MastPrintOptions &Opts)
      : OS(OS), F(F), Opts(Opts) {}

  void node(MastNodeId Id, unsigned Indent);
  void forest();

private:
  void indent(unsigned N) { OS.indent(2 * N); }
  void digestComment(MastNodeId Id) {
    if (Opts.NodeDigests)
      OS << "  # " << F.digest(Id);
  }
  void opsBody(ArrayRef<std::string> Words, unsigned Indent);
  void block(MastNodeId Id, unsigned Indent);
  void procedure(StringRef Header, MastNodeId Id, unsigned Indent);

  raw_ostream &OS;
  const MastForest &F;
  const MastPrintOptions &Opts;
};

std::string opText(const Operation &Op) {
  std::string S;
  raw_string_ostream SS(S);
  SS << Op;
  return SS.str();
}

/// Prints Words space-separated: on the opening line when they fit, else
/// one wrapped paragraph per line.
void Printer::opsBody(ArrayRef<std::string> Words, unsigned Indent) {
  size_t Total = 0;
  for (const std::string &W : Words)
    Total += W.size() + 1;
  if (2 * Indent + Total + 16 <= WrapColumn) {
    OS << " {";
    for (const std::string &W : Words)
      OS << ' ' << W;
    OS << " }";
    return;
  }
  OS << " {\n";
  size_t Col = 0;
  for (const std::string &W : Words) {
    if (Col && Col + 1 + W.size() > WrapColumn) {
      OS << '\n';
      Col = 0;
    }
    if (!Col) {
      indent(Indent + 1);
      Col = 2 * (Indent + 1);
    } else {
      OS << ' ';
      ++Col;
    }
    OS << W;
    Col += W.size();
  }
  OS << '\n';
  indent(Indent);
  OS << '}';
}

void Printer::block(MastNodeId Id, unsigned Indent) {
  const BasicBlock &BB = F.block(Id);
  OS << "basic_block";
  if (!Opts.Batches) {
    std::vector<std::string> Words;
    for (const Operation &Op : BB.Ops)
      Words.push_back(opText(Op));
    opsBody(Words, Indent);
    digestComment(Id);
    OS << '\n';
    return;
  }
  OS << " {";
  digestComment(Id);
  OS << '\n';
  for (const OpBatch &B : BB.Batches) {
    // batch { [op op op] (imm) [noop] ... }: one bracketed list per group.
    std::vector<std::string> Words;
    for (unsigned G = 0; G < B.NumGroups; ++G) {
      if (B.isImmediateGroup(G)) {
        Words.push_back("(" + std::to_string(B.Groups[G].value()) + ")");
        continue;
      }
      std::string S = "[";
      for (const Operation &Op : B.groupOps(G)) {
        if (S.size() > 1)
          S += ' ';
        S += Op.Code == OpCode::Push ? std::string("push") : opText(Op);
      }
      Words.push_back(S + "]");
    }
    indent(Indent + 1);
    OS << "batch";
    opsBody(Words, Indent + 1);
    OS << '\n';
  }
  indent(Indent);
  OS << "}\n";
}

void Printer::node(MastNodeId Id, unsigned Indent) {
  const MastNode &N = F.node(Id);
  indent(Indent);
  switch (N.Kind) {
  case MastNodeKind::Block:
    block(Id, Indent);
    return;
  case MastNodeKind::Join:
  case MastNodeKind::Split:
  case MastNodeKind::Loop:
    OS << getMastNodeKindName(N.Kind) << " {";
    digestComment(Id);
    OS << '\n';
    for (unsigned I = 0; I < N.numChildren(); ++I)
      node(N.Children[I], Indent + 1);
    indent(Indent);
    OS << "}\n";
    return;
  case MastNodeKind::Call:
  case MastNodeKind::SysCall:
    OS << getMastNodeKindName(N.Kind) << '.' << F.digest(N.Children[0]);
    digestComment(Id);
    OS << '\n';
    return;
  case MastNodeKind::Dyn:
  case MastNodeKind::DynCall:
    OS << getMastNodeKindName(N.Kind);
    digestComment(Id);
    OS << '\n';
    return;
  case MastNodeKind::External:
    OS << "external." << F.digest(Id) << '\n';
    return;
  }
}

void Printer::procedure(StringRef Header, MastNodeId Id, unsigned Indent) {
  indent(Indent);
  OS << Header << ' ' << F.digest(Id) << " {\n";
  node(Id, Indent + 1);
  indent(Indent);
  OS << "}\n";
}

void Printer::forest() {
  OS << getMastKindName(F.kind()) << " {\n";
  // Exports under their names, then the other roots (procedures reached by
  // call/syscall, or kept for a library), then the entrypoint.
  DenseSet<MastNodeId> Named;
  for (const MastForest::Export &E : F.exports()) {
    SmallString<64> Header("export \"");
    Header += E.Path;
    Header += '"';
    procedure(Header, E.Node, 1);
    Named.insert(E.Node);
  }
  for (MastNodeId Id : F.procedureRoots())
    if (!Named.count(Id) && Id != F.entrypoint())
      procedure("proc", Id, 1);
  if (std::optional<MastNodeId> Entry = F.entrypoint())
    procedure("entrypoint", *Entry, 1);
  for (const Digest &D : F.kernelDigests())
    OS << "  kernel " << D << '\n';
  for (const auto &[Key, Values] : F.adviceMap()) {
    OS << "  advice " << Key << " [";
    for (size_t I = 0; I < Values.size(); ++I)
      OS << (I ? ", " : "") << Values[I].value();
    OS << "]\n";
  }
  OS << "}\n";
}

} // namespace

void printNode(raw_ostream &OS, const MastForest &F, MastNodeId Id, unsigned Indent,
               const MastPrintOptions &Opts) {
  Printer(OS, F, Opts).node(Id, Indent);
}

void printForest(raw_ostream &OS, const MastForest &F, const MastPrintOptions &Opts) {
  Printer(OS, F, Opts).forest();
}

} // namespace zkvm
