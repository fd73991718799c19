//===- MastForest.cpp - Merkelized abstract syntax trees ------------------===//
//
// Node digests (Miden v0.20.6):
//   block             hash_elements(all batches' group values)
//   join / split      merge_in_domain(child0, child1, JOIN / SPLIT opcode)
//   loop/call/syscall merge_in_domain(child, zero word, LOOP / CALL / SYSCALL)
//   dyn / dyncall     merge_in_domain(zero word, zero word, DYN / DYNCALL)
//   external          the referenced procedure's digest
//
//===----------------------------------------------------------------------===//

#include "zkvm/Mast/MastForest.h"

#include "zkvm/Crypto/Rpo256.h"
#include "zkvm/Support/Error.h"

using namespace llvm;

namespace zkvm {

StringRef getMastNodeKindName(MastNodeKind K) {
  switch (K) {
  case MastNodeKind::Block:
    return "basic_block";
  case MastNodeKind::Join:
    return "join";
  case MastNodeKind::Split:
    return "split";
  case MastNodeKind::Loop:
    return "loop";
  case MastNodeKind::Call:
    return "call";
  case MastNodeKind::SysCall:
    return "syscall";
  case MastNodeKind::Dyn:
    return "dyn";
  case MastNodeKind::DynCall:
    return "dyncall";
  case MastNodeKind::External:
    return "external";
  }
  return "<invalid>";
}

StringRef getMastKindName(MastKind K) {
  switch (K) {
  case MastKind::Program:
    return "program";
  case MastKind::Library:
    return "library";
  case MastKind::Kernel:
    return "kernel";
  }
  return "<invalid>";
}

unsigned MastNode::numChildren() const {
  switch (Kind) {
  case MastNodeKind::Join:
  case MastNodeKind::Split:
    return 2;
  case MastNodeKind::Loop:
  case MastNodeKind::Call:
  case MastNodeKind::SysCall:
    return 1;
  default:
    return 0;
  }
}

size_t BasicBlock::numPaddedOps() const {
  size_t N = 0;
  for (const OpBatch &B : Batches)
    N += B.Ops.size();
  return N;
}

std::optional<size_t> BasicBlock::rawOpIndex(size_t Batch, size_t OpInBatch) const {
  if (Batch >= Batches.size() || OpInBatch >= Batches[Batch].Ops.size())
    return std::nullopt;
  size_t Raw = 0;
  for (size_t I = 0; I < Batch; ++I) {
    const OpBatch &B = Batches[I];
    Raw += B.Ops.size();
    for (unsigned G = 0; G < B.NumGroups; ++G)
      Raw -= B.Padded[G];
  }
  const OpBatch &B = Batches[Batch];
  // A padding NOOP is always the last op of its group.
  for (unsigned G = 0; G < B.NumGroups; ++G) {
    if (B.GroupStart[G + 1] > OpInBatch) {
      if (B.Padded[G] && OpInBatch + 1 == B.GroupStart[G + 1])
        return std::nullopt;
      break;
    }
    Raw -= B.Padded[G];
  }
  return Raw + OpInBatch;
}

static Digest domainDigest(const Digest &A, const Digest &B, ControlOpCode Domain) {
  return Rpo256::mergeInDomain(A, B, Felt(uint64_t(Domain)));
}

Digest MastForest::dynDigest() {
  static const Digest D = domainDigest(Digest(), Digest(), ControlOpCode::Dyn);
  return D;
}

Digest MastForest::dynCallDigest() {
  static const Digest D = domainDigest(Digest(), Digest(), ControlOpCode::DynCall);
  return D;
}

Expected<MastNodeId> MastForest::insert(MastNode N, BasicBlock *Block) {
  bool IsExternal = N.Kind == MastNodeKind::External;
  auto &Index = IsExternal ? ExternalByDigest : ByDigest;
  auto It = Index.find(N.Hash);
  if (It != Index.end())
    return It->second;
  if (Nodes.size() >= MaxNodes)
    return createError("MAST forest has too many nodes (the limit is " + Twine(MaxNodes) + ")");
  if (Block) {
    N.BlockIndex = uint32_t(Blocks.size());
    Blocks.push_back(std::move(*Block));
  }
  MastNodeId Id = MastNodeId(Nodes.size());
  Nodes.push_back(N);
  Index.emplace(N.Hash, Id);
  return Id;
}

Error MastForest::checkChild(MastNodeId Id, MastNodeKind Parent) const {
  if (Id < Nodes.size())
    return Error::success();
  return createError("child " + Twine(Id) + " of a " + getMastNodeKindName(Parent) +
                     " node is not a node of the forest (it has " + Twine(Nodes.size()) +
                     " nodes)");
}

Expected<MastNodeId> MastForest::addBlock(ArrayRef<Operation> Ops, ArrayRef<SourceLoc> Locs) {
  if (Ops.empty())
    return createError("a basic block needs at least one operation");
  if (!Locs.empty() && Locs.size() != Ops.size())
    return createError("a basic block has " + Twine(Ops.size()) + " operations but " +
                       Twine(Locs.size()) + " source locations");
  BasicBlock BB;
  BB.Ops.assign(Ops.begin(), Ops.end());
  for (Operation &Op : BB.Ops) {
    if (!getOpCodeFromValue(Op.opcode()))
      return createError(Twine(unsigned(Op.opcode())) + " is not a basic-block opcode");
    // Immediates of other operations are meaningless; keep them canonical so
    // equal blocks compare and serialize equal.
    if (getOpImmKind(Op.Code) == OpImmKind::None)
      Op.Imm = Felt();
  }
  for (const SourceLoc &L : Locs)
    if (L.File > SourceFiles.size())
      return createError("source location refers to file " + Twine(L.File) + " of " +
                         Twine(SourceFiles.size()));
  BB.Locs.assign(Locs.begin(), Locs.end());
  BB.Batches = batchOperations(BB.Ops);
  MastNode N;
  N.Kind = MastNodeKind::Block;
  N.Hash = hashBatches(BB.Batches);
  return insert(N, &BB);
}

Expected<MastNodeId> MastForest::addJoin(MastNodeId First, MastNodeId Second) {
  if (Error E = checkChild(First, MastNodeKind::Join))
    return std::move(E);
  if (Error E = checkChild(Second, MastNodeKind::Join))
    return std::move(E);
  MastNode N;
  N.Kind = MastNodeKind::Join;
  N.Children[0] = First;
  N.Children[1] = Second;
  N.Hash = domainDigest(digest(First), digest(Second), ControlOpCode::Join);
  return insert(N, nullptr);
}

Expected<MastNodeId> MastForest::addSplit(MastNodeId OnTrue, MastNodeId OnFalse) {
  if (Error E = checkChild(OnTrue, MastNodeKind::Split))
    return std::move(E);
  if (Error E = checkChild(OnFalse, MastNodeKind::Split))
    return std::move(E);
  MastNode N;
  N.Kind = MastNodeKind::Split;
  N.Children[0] = OnTrue;
  N.Children[1] = OnFalse;
  N.Hash = domainDigest(digest(OnTrue), digest(OnFalse), ControlOpCode::Split);
  return insert(N, nullptr);
}

Expected<MastNodeId> MastForest::addUnary(MastNodeKind Kind, ControlOpCode Domain,
                                          MastNodeId Child) {
  if (Error E = checkChild(Child, Kind))
    return std::move(E);
  MastNode N;
  N.Kind = Kind;
  N.Children[0] = Child;
  N.Hash = domainDigest(digest(Child), Digest(), Domain);
  return insert(N, nullptr);
}

Expected<MastNodeId> MastForest::addLoop(MastNodeId Body) {
  return addUnary(MastNodeKind::Loop, ControlOpCode::Loop, Body);
}

Expected<MastNodeId> MastForest::addCall(MastNodeId Callee) {
  return addUnary(MastNodeKind::Call, ControlOpCode::Call, Callee);
}

Expected<MastNodeId> MastForest::addSysCall(MastNodeId Callee) {
  return addUnary(MastNodeKind::SysCall, ControlOpCode::SysCall, Callee);
}

Expected<MastNodeId> MastForest::addDyn() {
  MastNode N;
  N.Kind = MastNodeKind::Dyn;
  N.Hash = dynDigest();
  return insert(N, nullptr);
}

Expected<MastNodeId> MastForest::addDynCall() {
  MastNode N;
  N.Kind = MastNodeKind::DynCall;
  N.Hash = dynCallDigest();
  return insert(N, nullptr);
}

Expected<MastNodeId> MastForest::addExternal(const Digest &Root) {
  MastNode N;
  N.Kind = MastNodeKind::External;
  N.Hash = Root;
  return insert(N, nullptr);
}

std::optional<MastNodeId> MastForest::findNode(const Digest &D) const {
  auto It = ByDigest.find(D);
  if (It == ByDigest.end())
    return std::nullopt;
  return It->second;
}

Error MastForest::addProcedureRoot(MastNodeId Id) {
  if (Id >= Nodes.size())
    return createError("procedure root " + Twine(Id) + " is not a node of the forest (it has " +
                       Twine(Nodes.size()) + " nodes)");
  if (RootSet.insert(Id).second)
    Roots.push_back(Id);
  return Error::success();
}

bool MastForest::isProcedureRoot(MastNodeId Id) const { return RootSet.count(Id) != 0; }

Error MastForest::setEntrypoint(MastNodeId Id) {
  if (Error E = addProcedureRoot(Id))
    return E;
  Entry = Id;
  return Error::success();
}

Error MastForest::addExport(StringRef Path, MastNodeId Id) {
  if (Path.empty())
    return createError("an export needs a name");
  if (findExport(Path))
    return createError("'" + Path + "' is exported twice");
  if (Error E = addProcedureRoot(Id))
    return E;
  Exports.push_back({Path.str(), Id});
  return Error::success();
}

std::optional<MastNodeId> MastForest::findExport(StringRef Path) const {
  for (const Export &E : Exports)
    if (E.Path == Path)
      return E.Node;
  return std::nullopt;
}

Error MastForest::addAdviceMapEntry(const Digest &Key, std::vector<Felt> Values) {
  auto [It, Inserted] = AdviceMap.try_emplace(Key, std::move(Values));
  if (!Inserted && It->second != Values)
    return createError("advice map key " + Key.toHex() + " is given two different values");
  return Error::success();
}

uint32_t MastForest::addSourceFile(StringRef Name) {
  for (size_t I = 0; I < SourceFiles.size(); ++I)
    if (SourceFiles[I] == Name)
      return uint32_t(I + 1);
  SourceFiles.push_back(Name.str());
  return uint32_t(SourceFiles.size());
}

} // namespace zkvm
