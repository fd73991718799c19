//===- Lowering.cpp - IR to MAST, exactly as Miden v0.20.6 builds it ------===//
//
// The MAST shape decides the program hash, so this follows Miden's assembler
// rule for rule:
//  - a body is a list of nodes: straight-line operations accumulate in one
//    block; control flow and invocations flush it and append their node;
//  - `exec` appends the callee's root node itself (not a call), `repeat.N`
//    appends its body's node N times;
//  - runs of adjacent basic blocks are then concatenated into one block,
//    except a block that is some procedure's root and has 32 or more batches
//    (it stays shared rather than being inlined);
//  - the remaining list becomes a balanced JOIN tree built level by level,
//    pairing (0,1), (2,3)... and carrying an odd last node up unchanged.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Mast/Lowering.h"

#include "zkvm/Support/Error.h"

#include "llvm/ADT/DenseMap.h"

using namespace llvm;

namespace zkvm {

namespace {

/// Miden's PROCEDURE_INLINING_THRESHOLD: procedure-root blocks with at least
/// this many batches are not merged into their neighbours.
constexpr size_t InliningThreshold = 32;

/// A guard against programs whose MAST would exhaust memory (e.g. a huge
/// repeat of a large block): more operations than this in one block is an
/// error rather than an allocation failure.
constexpr size_t MaxBlockOps = size_t(1) << 22;

class MastLowering {
public:
  MastLowering(MastForest &F, const SourceMgr *SM) : F(F), SM(SM) {}

  Expected<MastNodeId> lowerProcedure(const ir::Procedure &P);

private:
  Expected<MastNodeId> lowerBody(const ir::Body &B);
  Expected<MastNodeId> calleeNode(const ir::Callee &C);
  Expected<Digest> calleeDigest(const ir::Callee &C);
  Expected<MastNodeId> joinNodes(std::vector<MastNodeId> Ids);
  Expected<std::vector<MastNodeId>> mergeContiguousBlocks(const std::vector<MastNodeId> &Ids);

  SourceLoc location(SMLoc L);
  Expected<MastNodeId> addBlock(ArrayRef<Operation> Ops, ArrayRef<SourceLoc> Locs);

  MastForest &F;
  const SourceMgr *SM;
  DenseMap<const ir::Procedure *, MastNodeId> Lowered;
  /// SourceMgr buffer -> MastForest source file index + 1.
  DenseMap<unsigned, uint32_t> FileOfBuffer;
};

Expected<MastNodeId> MastLowering::lowerProcedure(const ir::Procedure &P) {
  auto It = Lowered.find(&P);
  if (It != Lowered.end())
    return It->second;
  Expected<MastNodeId> Root = lowerBody(P.Code);
  if (!Root)
    return Root.takeError();
  Lowered[&P] = *Root;
  // Program procedures live in module "$exec": their plain name reads better.
  F.setProcedureName(*Root, P.Name == "$main"     ? std::string("begin")
                            : P.Module == "$exec" ? P.Name
                                                  : P.qualifiedName());
  if (Error E = F.addProcedureRoot(*Root))
    return std::move(E);
  return *Root;
}

SourceLoc MastLowering::location(SMLoc L) {
  if (!SM || !L.isValid())
    return SourceLoc();
  unsigned Buf = SM->FindBufferContainingLoc(L);
  if (!Buf)
    return SourceLoc();
  uint32_t &File = FileOfBuffer[Buf];
  if (!File)
    File = F.addSourceFile(SM->getMemoryBuffer(Buf)->getBufferIdentifier());
  auto [Line, Col] = SM->getLineAndColumn(L, Buf);
  return SourceLoc{File, Line, Col};
}

/// Blocks keep locations only when at least one is known.
Expected<MastNodeId> MastLowering::addBlock(ArrayRef<Operation> Ops, ArrayRef<SourceLoc> Locs) {
  for (const SourceLoc &L : Locs)
    if (L.isValid())
      return F.addBlock(Ops, Locs);
  return F.addBlock(Ops);
}

Expected<MastNodeId> MastLowering::calleeNode(const ir::Callee &C) {
  if (C.Proc)
    return lowerProcedure(*C.Proc);
  return F.addExternal(C.Root);
}

Expected<Digest> MastLowering::calleeDigest(const ir::Callee &C) {
  if (!C.Proc)
    return C.Root;
  Expected<MastNodeId> Id = lowerProcedure(*C.Proc);
  if (!Id)
    return Id.takeError();
  return F.digest(*Id);
}

Expected<MastNodeId> MastLowering::lowerBody(const ir::Body &B) {
  std::vector<MastNodeId> Ids;
  std::vector<Operation> Current;
  std::vector<SourceLoc> CurrentLocs;
  auto Flush = [&]() -> Error {
    if (Current.empty())
      return Error::success();
    Expected<MastNodeId> Id = addBlock(Current, CurrentLocs);
    if (!Id)
      return Id.takeError();
    Ids.push_back(*Id);
    Current.clear();
    CurrentLocs.clear();
    return Error::success();
  };
  auto Append = [&](Expected<MastNodeId> Id) -> Error {
    if (!Id)
      return Id.takeError();
    if (Error E = Flush())
      return E;
    Ids.push_back(*Id);
    return Error::success();
  };
  for (const ir::Node &N : B) {
    switch (N.K) {
    case ir::Node::Kind::Block:
      Current.insert(Current.end(), N.Ops.begin(), N.Ops.end());
      for (size_t I = 0; I < N.Ops.size(); ++I)
        CurrentLocs.push_back(location(I < N.OpLocs.size() ? N.OpLocs[I] : SMLoc()));
      if (Current.size() > MaxBlockOps)
        return createError("a basic block exceeds " + Twine(MaxBlockOps) + " operations");
      break;
    case ir::Node::Kind::ProcRef: {
      // The root's elements are pushed as raw PUSHes (never PAD/INCR), first
      // element first, inside the current block.
      Expected<Digest> Root = calleeDigest(N.Target);
      if (!Root)
        return Root.takeError();
      for (unsigned I = 0; I < 4; ++I) {
        Current.push_back(Operation(OpCode::Push, (*Root)[I]));
        CurrentLocs.push_back(location(N.Loc.Start));
      }
      break;
    }
    case ir::Node::Kind::If: {
      Expected<MastNodeId> Then = lowerBody(N.Then);
      if (!Then)
        return Then.takeError();
      Expected<MastNodeId> Else = lowerBody(N.Else);
      if (!Else)
        return Else.takeError();
      if (Error E = Append(F.addSplit(*Then, *Else)))
        return std::move(E);
      break;
    }
    case ir::Node::Kind::While: {
      Expected<MastNodeId> Body = lowerBody(N.Then);
      if (!Body)
        return Body.takeError();
      if (Error E = Append(F.addLoop(*Body)))
        return std::move(E);
      break;
    }
    case ir::Node::Kind::Repeat: {
      Expected<MastNodeId> Body = lowerBody(N.Then);
      if (!Body)
        return Body.takeError();
      if (Error E = Flush())
        return std::move(E);
      if (N.Count > MaxBlockOps)
        return createError("repeat count " + Twine(N.Count) + " is too large");
      Ids.insert(Ids.end(), N.Count, *Body);
      break;
    }
    case ir::Node::Kind::Exec:
      if (Error E = Append(calleeNode(N.Target)))
        return std::move(E);
      break;
    case ir::Node::Kind::Call: {
      Expected<MastNodeId> Callee = calleeNode(N.Target);
      if (!Callee)
        return Callee.takeError();
      if (Error E = Append(F.addCall(*Callee)))
        return std::move(E);
      break;
    }
    case ir::Node::Kind::SysCall: {
      Expected<MastNodeId> Callee = calleeNode(N.Target);
      if (!Callee)
        return Callee.takeError();
      if (Error E = Append(F.addSysCall(*Callee)))
        return std::move(E);
      break;
    }
    case ir::Node::Kind::DynExec:
      if (Error E = Append(F.addDyn()))
        return std::move(E);
      break;
    case ir::Node::Kind::DynCall:
      if (Error E = Append(F.addDynCall()))
        return std::move(E);
      break;
    }
  }
  if (Error E = Flush())
    return std::move(E);
  if (Ids.empty())
    return F.addBlock({Operation(OpCode::Noop)});
  return joinNodes(std::move(Ids));
}

Expected<std::vector<MastNodeId>>
MastLowering::mergeContiguousBlocks(const std::vector<MastNodeId> &Ids) {
  std::vector<MastNodeId> Out;
  std::vector<MastNodeId> Run;
  auto MergeRun = [&]() -> Error {
    if (Run.size() == 1)
      Out.push_back(Run[0]);
    if (Run.size() <= 1) {
      Run.clear();
      return Error::success();
    }
    std::vector<Operation> Ops;
    std::vector<SourceLoc> Locs;
    for (MastNodeId Id : Run) {
      bool KeepShared = F.isProcedureRoot(Id) && F.block(Id).Batches.size() >= InliningThreshold;
      if (!KeepShared) {
        // Copy out of the block: adding nodes may reallocate the forest.
        std::vector<Operation> BlockOps = F.block(Id).Ops;
        std::vector<SourceLoc> BlockLocs = F.block(Id).Locs;
        BlockLocs.resize(BlockOps.size());
        Ops.insert(Ops.end(), BlockOps.begin(), BlockOps.end());
        Locs.insert(Locs.end(), BlockLocs.begin(), BlockLocs.end());
        if (Ops.size() > MaxBlockOps)
          return createError("a basic block exceeds " + Twine(MaxBlockOps) + " operations");
        continue;
      }
      if (!Ops.empty()) {
        Expected<MastNodeId> Merged = addBlock(Ops, Locs);
        if (!Merged)
          return Merged.takeError();
        Out.push_back(*Merged);
        Ops.clear();
        Locs.clear();
      }
      Out.push_back(Id);
    }
    if (!Ops.empty()) {
      Expected<MastNodeId> Merged = addBlock(Ops, Locs);
      if (!Merged)
        return Merged.takeError();
      Out.push_back(*Merged);
    }
    Run.clear();
    return Error::success();
  };
  for (MastNodeId Id : Ids) {
    if (F.node(Id).Kind == MastNodeKind::Block) {
      Run.push_back(Id);
      continue;
    }
    if (Error E = MergeRun())
      return std::move(E);
    Out.push_back(Id);
  }
  if (Error E = MergeRun())
    return std::move(E);
  return Out;
}

Expected<MastNodeId> MastLowering::joinNodes(std::vector<MastNodeId> Ids) {
  Expected<std::vector<MastNodeId>> Merged = mergeContiguousBlocks(Ids);
  if (!Merged)
    return Merged.takeError();
  std::vector<MastNodeId> Level = std::move(*Merged);
  while (Level.size() > 1) {
    std::vector<MastNodeId> Next;
    for (size_t I = 0; I + 1 < Level.size(); I += 2) {
      Expected<MastNodeId> J = F.addJoin(Level[I], Level[I + 1]);
      if (!J)
        return J.takeError();
      Next.push_back(*J);
    }
    if (Level.size() % 2)
      Next.push_back(Level.back());
    Level = std::move(Next);
  }
  return Level[0];
}

} // namespace

Expected<MastForest> lowerToMast(const ir::Unit &U, const SourceMgr *SM) {
  MastForest F(U.Entry ? MastKind::Program : MastKind::Library);
  MastLowering L(F, SM);
  if (U.Entry) {
    Expected<MastNodeId> Entry = L.lowerProcedure(*U.Entry);
    if (!Entry)
      return Entry.takeError();
    if (Error E = F.setEntrypoint(*Entry))
      return std::move(E);
  }
  for (const ir::Procedure *P : U.KernelProcedures) {
    Expected<MastNodeId> Root = L.lowerProcedure(*P);
    if (!Root)
      return Root.takeError();
    F.kernelDigests().push_back(F.digest(*Root));
  }
  for (const auto &P : U.Procedures) {
    if (!P->Exported)
      continue;
    Expected<MastNodeId> Root = L.lowerProcedure(*P);
    if (!Root)
      return Root.takeError();
    if (Error E = F.addExport(P->qualifiedName(), *Root))
      return std::move(E);
  }
  for (const auto &[Key, Values] : U.AdviceMap)
    if (Error E = F.addAdviceMapEntry(Key, Values))
      return std::move(E);
  for (const auto &[Code, Message] : U.ErrorMessages)
    F.addErrorMessage(Felt(Code), Message);
  return std::move(F);
}

} // namespace zkvm
