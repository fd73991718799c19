//===- IR.cpp - Printing, verification and passes over the IR -------------===//

#include "zkvm/IR/IR.h"

#include "llvm/ADT/DenseSet.h"

#include <functional>

using namespace llvm;

namespace zkvm {
namespace ir {

namespace {

void printCallee(raw_ostream &OS, const Callee &C) {
  if (C.Proc)
    OS << C.Proc->qualifiedName();
  else
    OS << C.Root.toHex();
}

void printBody(raw_ostream &OS, const Body &B, unsigned Indent) {
  for (const Node &N : B) {
    OS.indent(Indent);
    switch (N.K) {
    case Node::Kind::Block:
      OS << "block {";
      for (size_t I = 0; I < N.Ops.size(); ++I)
        OS << (I ? " " : " ") << N.Ops[I];
      OS << " }\n";
      break;
    case Node::Kind::If:
      OS << "if {\n";
      printBody(OS, N.Then, Indent + 2);
      OS.indent(Indent) << "} else {\n";
      printBody(OS, N.Else, Indent + 2);
      OS.indent(Indent) << "}\n";
      break;
    case Node::Kind::While:
      OS << "while {\n";
      printBody(OS, N.Then, Indent + 2);
      OS.indent(Indent) << "}\n";
      break;
    case Node::Kind::Repeat:
      OS << "repeat " << N.Count << " {\n";
      printBody(OS, N.Then, Indent + 2);
      OS.indent(Indent) << "}\n";
      break;
    case Node::Kind::Exec:
    case Node::Kind::Call:
    case Node::Kind::SysCall:
    case Node::Kind::ProcRef: {
      static const char *Names[] = {"exec", "call", "syscall", "procref"};
      OS << Names[unsigned(N.K) - unsigned(Node::Kind::Exec)] << ' ';
      printCallee(OS, N.Target);
      OS << '\n';
      break;
    }
    case Node::Kind::DynExec:
      OS << "dynexec\n";
      break;
    case Node::Kind::DynCall:
      OS << "dyncall\n";
      break;
    }
  }
}

} // namespace

void print(raw_ostream &OS, const Unit &U) {
  for (const auto &P : U.Procedures) {
    OS << (P.get() == U.Entry ? "entry " : P->Exported ? "export " : "proc ") << P->qualifiedName();
    if (P->NumLocals)
      OS << " locals(" << P->NumLocals << ")";
    OS << " {\n";
    printBody(OS, P->Code, 2);
    OS << "}\n";
  }
  for (const auto &[Key, Values] : U.AdviceMap) {
    OS << "advice " << Key.toHex() << " = [";
    for (size_t I = 0; I < Values.size(); ++I)
      OS << (I ? ", " : "") << Values[I].value();
    OS << "]\n";
  }
}

std::string verify(const Unit &U) {
  DenseSet<const Procedure *> Known;
  for (const auto &P : U.Procedures)
    Known.insert(P.get());
  if (U.Entry && !Known.count(U.Entry))
    return "the entry point is not one of the unit's procedures";
  std::string Error;
  std::function<void(const Procedure &, const Body &)> Check = [&](const Procedure &P,
                                                                   const Body &B) {
    if (!Error.empty())
      return;
    if (B.empty()) {
      Error = "empty body in " + P.qualifiedName();
      return;
    }
    for (const Node &N : B) {
      switch (N.K) {
      case Node::Kind::Block:
        if (N.Ops.empty())
          Error = "empty block in " + P.qualifiedName();
        else if (N.OpLocs.size() != N.Ops.size())
          Error = "block without one location per operation in " + P.qualifiedName();
        break;
      case Node::Kind::If:
        Check(P, N.Then);
        Check(P, N.Else);
        break;
      case Node::Kind::While:
        Check(P, N.Then);
        break;
      case Node::Kind::Repeat:
        if (N.Count == 0)
          Error = "repeat count of 0 in " + P.qualifiedName();
        Check(P, N.Then);
        break;
      case Node::Kind::Exec:
      case Node::Kind::Call:
      case Node::Kind::SysCall:
      case Node::Kind::ProcRef:
        if (N.Target.Proc && !Known.count(N.Target.Proc))
          Error = "callee outside the unit in " + P.qualifiedName();
        else if (N.Target.Proc == &P && N.K == Node::Kind::Exec)
          Error = P.qualifiedName() + " executes itself";
        break;
      case Node::Kind::DynExec:
      case Node::Kind::DynCall:
        break;
      }
      if (!Error.empty())
        return;
    }
  };
  for (const auto &P : U.Procedures)
    Check(*P, P->Code);
  return Error;
}

unsigned eliminateDeadProcedures(Unit &U) {
  DenseSet<const Procedure *> Live;
  std::vector<const Procedure *> Work;
  auto Mark = [&](const Procedure *P) {
    if (P && Live.insert(P).second)
      Work.push_back(P);
  };
  Mark(U.Entry);
  for (const Procedure *P : U.KernelProcedures)
    Mark(P);
  for (const auto &P : U.Procedures)
    if (P->Exported)
      Mark(P.get());
  std::function<void(const Body &)> Visit = [&](const Body &B) {
    for (const Node &N : B) {
      Mark(N.Target.Proc);
      Visit(N.Then);
      Visit(N.Else);
    }
  };
  while (!Work.empty()) {
    const Procedure *P = Work.back();
    Work.pop_back();
    Visit(P->Code);
  }
  size_t Before = U.Procedures.size();
  U.Procedures.erase(std::remove_if(U.Procedures.begin(), U.Procedures.end(),
                                    [&](const auto &P) { return !Live.count(P.get()); }),
                     U.Procedures.end());
  return unsigned(Before - U.Procedures.size());
}

} // namespace ir
} // namespace zkvm
