//===- VM/MerkleStore.cpp - The advice provider's Merkle store ------------===//

#include "zkvm/VM/MerkleStore.h"

#include "zkvm/Crypto/Rpo256.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

using namespace llvm;

namespace zkvm {

char MerkleStoreError::ID = 0;

void MerkleStoreError::log(raw_ostream &OS) const { OS << Msg; }

static Error storeError(MerkleStoreError::Kind K, const Twine &Msg) {
  return make_error<MerkleStoreError>(K, Msg.str());
}

size_t MerkleStore::DigestHash::operator()(const Digest &D) const {
  // Digests are hash outputs: their elements are already well mixed.
  uint64_t H = D[0].value() ^ (D[1].value() * 0x9E3779B97F4A7C15ULL);
  H ^= D[2].value() + (H << 6) + (H >> 2);
  H ^= D[3].value() * 0xC2B2AE3D27D4EB4FULL;
  return static_cast<size_t>(H);
}

const Digest &MerkleStore::emptyRoot(unsigned Height) {
  static const std::array<Digest, MaxEmptyHeight + 1> Roots = [] {
    std::array<Digest, MaxEmptyHeight + 1> R;
    R[0] = Digest();
    for (unsigned H = 1; H <= MaxEmptyHeight; ++H)
      R[H] = Rpo256::merge(R[H - 1], R[H - 1]);
    return R;
  }();
  assert(Height <= MaxEmptyHeight && "empty subtree height out of range");
  return Roots[Height];
}

MerkleStore::MerkleStore() {
  static const NodeMap Empty = [] {
    NodeMap M;
    for (unsigned H = 1; H <= MaxEmptyHeight; ++H)
      M.emplace(emptyRoot(H), Children{emptyRoot(H - 1), emptyRoot(H - 1)});
    return M;
  }();
  Nodes = Empty;
}

Error MerkleStore::checkIndex(uint64_t Depth, uint64_t Index) {
  if (Depth > MaxDepth)
    return storeError(MerkleStoreError::InvalidIndex, "invalid Merkle node index: depth " +
                                                          Twine(Depth) + " is above " +
                                                          Twine(MaxDepth));
  if (Depth < 64 && (Index >> Depth) != 0)
    return storeError(MerkleStoreError::InvalidIndex,
                      "invalid Merkle node index: index " + Twine(Index) +
                          " is out of range for depth " + Twine(Depth));
  return Error::success();
}

const MerkleStore::Children *MerkleStore::children(const Digest &Node) const {
  auto It = Nodes.find(Node);
  return It == Nodes.end() ? nullptr : &It->second;
}

/// Walks from Root down to (Depth, Index); Siblings (if given) collects the
/// siblings root level first.
static Expected<Digest> walk(const MerkleStore &S, const Digest &Root, uint64_t Depth,
                             uint64_t Index, std::vector<Digest> *Siblings) {
  if (Error E = MerkleStore::checkIndex(Depth, Index))
    return std::move(E);
  auto Where = [&] {
    return "no node at depth " + std::to_string(Depth) + " index " + std::to_string(Index) +
           " under root " + Root.toHex();
  };
  if (!S.contains(Root))
    return storeError(MerkleStoreError::RootNotInStore,
                      Where() + ": the root is not in the Merkle store");
  Digest Node = Root;
  for (uint64_t Level = 0; Level < Depth; ++Level) {
    const MerkleStore::Children *C = S.children(Node);
    if (!C)
      return storeError(MerkleStoreError::NodeNotInStore,
                        Where() + ": node " + Node.toHex() + " at depth " + Twine(Level) +
                            " has no children in the Merkle store");
    bool Right = (Index >> (Depth - 1 - Level)) & 1;
    if (Siblings)
      Siblings->push_back(Right ? C->Left : C->Right);
    Node = Right ? C->Right : C->Left;
  }
  return Node;
}

Expected<Digest> MerkleStore::getNode(const Digest &Root, uint64_t Depth, uint64_t Index) const {
  return walk(*this, Root, Depth, Index, nullptr);
}

Expected<MerkleProof> MerkleStore::getPath(const Digest &Root, uint64_t Depth,
                                           uint64_t Index) const {
  MerkleProof P;
  Expected<Digest> V = walk(*this, Root, Depth, Index, &P.Siblings);
  if (!V)
    return V.takeError();
  P.Value = *V;
  std::reverse(P.Siblings.begin(), P.Siblings.end());
  return P;
}

bool MerkleStore::hasPath(const Digest &Root, uint64_t Depth, uint64_t Index) const {
  Expected<Digest> V = walk(*this, Root, Depth, Index, nullptr);
  if (!V) {
    consumeError(V.takeError());
    return false;
  }
  return true;
}

Digest MerkleStore::addNode(const Digest &Left, const Digest &Right) {
  Digest Parent = Rpo256::merge(Left, Right);
  Nodes[Parent] = Children{Left, Right};
  return Parent;
}

void MerkleStore::extend(const MerkleStore &Other) {
  for (const auto &[Node, C] : Other.Nodes)
    Nodes[Node] = C;
}

Expected<Digest> MerkleStore::addMerkleTree(ArrayRef<Digest> Leaves) {
  size_t N = Leaves.size();
  if (N < 2)
    return storeError(MerkleStoreError::InvalidTree,
                      "a Merkle tree needs at least 2 leaves, got " + Twine(N));
  if (N & (N - 1))
    return storeError(MerkleStoreError::InvalidTree,
                      "a Merkle tree needs a power-of-two number of leaves, got " + Twine(N));
  std::vector<Digest> Level(Leaves.begin(), Leaves.end());
  while (Level.size() > 1) {
    std::vector<Digest> Up(Level.size() / 2);
    for (size_t I = 0; I < Up.size(); ++I)
      Up[I] = addNode(Level[2 * I], Level[2 * I + 1]);
    Level = std::move(Up);
  }
  return Level[0];
}

Expected<Digest> MerkleStore::addSparseMerkleTree(ArrayRef<std::pair<uint64_t, Digest>> Leaves) {
  // Non-empty nodes of the current level by index; empty ones are implied.
  std::map<uint64_t, Digest> Level;
  std::set<uint64_t> Seen;
  for (const auto &[Index, Value] : Leaves) {
    if (!Seen.insert(Index).second)
      return storeError(MerkleStoreError::InvalidTree,
                        "sparse Merkle tree: leaf index " + Twine(Index) + " is given twice");
    if (!Value.isZero())
      Level.emplace(Index, Value);
  }
  for (unsigned Height = 0; Height < MaxDepth; ++Height) {
    std::map<uint64_t, Digest> Up;
    const Digest &Empty = emptyRoot(Height);
    for (auto It = Level.begin(); It != Level.end(); ++It) {
      uint64_t Index = It->first;
      Digest Left = Empty, Right = Empty;
      if (Index & 1) {
        Right = It->second;
      } else {
        Left = It->second;
        auto Next = std::next(It);
        if (Next != Level.end() && Next->first == Index + 1) {
          Right = Next->second;
          It = Next;
        }
      }
      Up.emplace_hint(Up.end(), Index >> 1, addNode(Left, Right));
    }
    Level = std::move(Up);
  }
  return Level.empty() ? emptyRoot(MaxDepth) : Level.begin()->second;
}

static std::string nodeName(NodeIndex I) {
  return "(depth " + std::to_string(I.Depth) + ", index " + std::to_string(I.Index) + ")";
}

Expected<Digest> MerkleStore::addPartialMerkleTree(ArrayRef<std::pair<NodeIndex, Digest>> Given) {
  if (Given.empty())
    return storeError(MerkleStoreError::InvalidTree, "partial Merkle tree has no nodes");
  std::map<NodeIndex, Digest> Known;
  // Per depth: the indices in the order they were given or computed, and the
  // same as a set for membership tests.
  std::vector<std::vector<uint64_t>> Layers;
  std::vector<std::set<uint64_t>> LayerSets;
  unsigned MaxDepthSeen = 0;
  for (const auto &[I, V] : Given) {
    if (Error E = checkIndex(I.Depth, I.Index))
      return std::move(E);
    MaxDepthSeen = std::max(MaxDepthSeen, I.Depth);
  }
  Layers.resize(MaxDepthSeen + 1);
  LayerSets.resize(MaxDepthSeen + 1);
  for (const auto &[I, V] : Given) {
    Known[I] = V;
    Layers[I.Depth].push_back(I.Index);
    LayerSets[I.Depth].insert(I.Index);
  }
  std::vector<std::pair<Digest, Children>> NewNodes;
  for (unsigned Depth = MaxDepthSeen; Depth >= 1; --Depth) {
    std::vector<uint64_t> &Parents = Layers[Depth - 1];
    std::set<uint64_t> &ParentSet = LayerSets[Depth - 1];
    for (uint64_t Index : Layers[Depth]) {
      uint64_t ParentIndex = Index >> 1;
      if (ParentSet.count(ParentIndex))
        continue;
      NodeIndex Self{Depth, Index}, Sibling{Depth, Index ^ 1};
      auto SibIt = Known.find(Sibling);
      if (SibIt == Known.end())
        return storeError(MerkleStoreError::InvalidTree,
                          "partial Merkle tree: node " + nodeName(Sibling) +
                              " is missing (needed with " + nodeName(Self) + " to compute " +
                              nodeName(NodeIndex{Depth - 1, ParentIndex}) + ")");
      const Digest &Node = Known[Self];
      Children C = (Index & 1) ? Children{SibIt->second, Node} : Children{Node, SibIt->second};
      Digest Parent = Rpo256::merge(C.Left, C.Right);
      NewNodes.emplace_back(Parent, C);
      Known[NodeIndex{Depth - 1, ParentIndex}] = Parent;
      Parents.push_back(ParentIndex);
      ParentSet.insert(ParentIndex);
    }
  }
  // Only a complete computation touches the store.
  for (const auto &[Parent, C] : NewNodes)
    Nodes[Parent] = C;
  auto Root = Known.find(NodeIndex{0, 0});
  return Root == Known.end() ? Digest() : Root->second;
}

Expected<Digest> MerkleStore::addMerklePath(uint64_t Index, const Digest &Node,
                                            ArrayRef<Digest> Siblings) {
  if (Error E = checkIndex(Siblings.size(), Index))
    return std::move(E);
  if (Siblings.empty())
    return Digest();
  Digest Acc = Node;
  for (const Digest &S : Siblings) {
    Acc = (Index & 1) ? addNode(S, Acc) : addNode(Acc, S);
    Index >>= 1;
  }
  return Acc;
}

Expected<RootPath> MerkleStore::setNode(const Digest &Root, uint64_t Depth, uint64_t Index,
                                        const Digest &Value) {
  Expected<MerkleProof> Old = getPath(Root, Depth, Index);
  if (!Old)
    return Old.takeError();
  RootPath R{Root, std::move(Old->Siblings)};
  if (Old->Value != Value) {
    Expected<Digest> NewRoot = addMerklePath(Index, Value, R.Siblings);
    if (!NewRoot)
      return NewRoot.takeError();
    R.Root = *NewRoot;
  }
  return R;
}

} // namespace zkvm
