//===- zkvm/VM/MerkleStore.h - The advice provider's Merkle store ---------===//
//
// Miden's Merkle store (miden-crypto v0.19): a map from a node's digest to its
// two children, where a parent is Rpo256::merge(left, right). Trees that share
// subtrees share nodes, and the VM reads and updates trees through it
// (mtree_get, mtree_set, mtree_merge, the Merkle path decorators).
//
// Nodes are addressed as (depth, index) under a root: depth 0 is the root
// itself, depth d has indices 0 .. 2^d - 1, and depth is at most 64. Walking
// down from the root, bit d-1-k of the index picks the child at level k+1
// (1 = right). The store knows nothing about tree depths: a lookup follows
// children until the requested depth, and whatever digest it reaches is the
// answer (a leaf is simply a digest that is not itself a key).
//
// A new store already holds the roots of the empty subtrees of every height
// 1..255 (height 0, the empty leaf, is the zero word), exactly as Miden's
// does: mtree_get and mtree_set work on empty sparse trees of any depth
// without loading them first.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_VM_MERKLESTORE_H
#define ZKVM_VM_MERKLESTORE_H

#include "zkvm/Crypto/Digest.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace zkvm {

/// Why a Merkle store operation failed; the VM maps these to its own errors.
class MerkleStoreError : public llvm::ErrorInfo<MerkleStoreError> {
public:
  enum Kind {
    InvalidIndex,   ///< depth above 64, or index >= 2^depth
    RootNotInStore, ///< the root is not a node of the store
    NodeNotInStore, ///< the walk down from the root left the store early
    InvalidTree,    ///< the leaves or nodes given do not form a tree
  };
  static char ID;
  MerkleStoreError(Kind K, std::string Msg) : K(K), Msg(std::move(Msg)) {}
  Kind getKind() const { return K; }
  const std::string &getMessage() const { return Msg; }
  void log(llvm::raw_ostream &OS) const override;
  std::error_code convertToErrorCode() const override { return llvm::inconvertibleErrorCode(); }

private:
  Kind K;
  std::string Msg;
};

/// A node's address in a tree: Depth in 0..64, Index < 2^Depth.
struct NodeIndex {
  unsigned Depth = 0;
  uint64_t Index = 0;
  bool operator==(const NodeIndex &O) const { return Depth == O.Depth && Index == O.Index; }
  bool operator<(const NodeIndex &O) const {
    return Depth != O.Depth ? Depth < O.Depth : Index < O.Index;
  }
};

/// A node's value with its siblings, ordered from the node's level up to the
/// root's children (Siblings[0] is the node's own sibling).
struct MerkleProof {
  Digest Value;
  std::vector<Digest> Siblings;
};

/// The result of setNode: the new root and the (unchanged) siblings of the node.
struct RootPath {
  Digest Root;
  std::vector<Digest> Siblings;
};

class MerkleStore {
public:
  static constexpr unsigned MaxDepth = 64;
  /// Heights of the empty subtree roots a new store holds.
  static constexpr unsigned MaxEmptyHeight = 255;

  struct Children {
    Digest Left, Right;
    bool operator==(const Children &O) const { return Left == O.Left && Right == O.Right; }
  };
  struct DigestHash {
    size_t operator()(const Digest &D) const;
  };
  using NodeMap = std::unordered_map<Digest, Children, DigestHash>;

  /// A store holding only the empty subtree roots of heights 1..255.
  MerkleStore();

  /// The root of a subtree of the given height whose leaves are all the zero
  /// word: height 0 is the zero word, height h is merge(E(h-1), E(h-1)).
  static const Digest &emptyRoot(unsigned Height);

  /// Checks Depth <= 64 and Index < 2^Depth.
  static llvm::Error checkIndex(uint64_t Depth, uint64_t Index);

  // --- Lookups ----------------------------------------------------------------

  size_t size() const { return Nodes.size(); }
  const NodeMap &nodes() const { return Nodes; }
  bool contains(const Digest &Node) const { return Nodes.count(Node) != 0; }
  /// The children of Node, or null when Node is not a key of the store.
  const Children *children(const Digest &Node) const;

  /// The node at (Depth, Index) under Root; Depth 0 is Root itself, which
  /// must still be a node of the store.
  llvm::Expected<Digest> getNode(const Digest &Root, uint64_t Depth, uint64_t Index) const;
  /// The node at (Depth, Index) under Root with its siblings (leaf level first).
  llvm::Expected<MerkleProof> getPath(const Digest &Root, uint64_t Depth, uint64_t Index) const;
  /// Whether getPath would succeed (false for an invalid index too).
  bool hasPath(const Digest &Root, uint64_t Depth, uint64_t Index) const;

  // --- Updates ------------------------------------------------------------------

  /// Records Parent = merge(Left, Right) and returns Parent.
  Digest addNode(const Digest &Left, const Digest &Right);
  /// Adds every node of Other.
  void extend(const MerkleStore &Other);

  /// Adds a full binary tree over Leaves (at least 2, a power of two: the
  /// `merkle_tree` input) and returns its root.
  llvm::Expected<Digest> addMerkleTree(llvm::ArrayRef<Digest> Leaves);
  /// Adds a depth-64 sparse Merkle tree (the `sparse_merkle_tree` input,
  /// miden-crypto's SimpleSmt<64>): absent leaves and zero-word leaves are
  /// empty. An index given twice is an error. Returns the root.
  llvm::Expected<Digest> addSparseMerkleTree(llvm::ArrayRef<std::pair<uint64_t, Digest>> Leaves);
  /// Adds a partial Merkle tree (the `partial_merkle_tree` input), computing
  /// parents bottom-up as miden-crypto's PartialMerkleTree::with_leaves does:
  /// a parent is computed only when it is not given, and then both children
  /// must be known (given or computed). A later duplicate overrides an earlier
  /// value. Returns the root.
  llvm::Expected<Digest> addPartialMerkleTree(llvm::ArrayRef<std::pair<NodeIndex, Digest>> Nodes);
  /// Adds the nodes on the path from Node at (Siblings.size(), Index) to the
  /// root and returns the root. As in Miden, an empty path adds nothing and
  /// returns the zero word.
  llvm::Expected<Digest> addMerklePath(uint64_t Index, const Digest &Node,
                                       llvm::ArrayRef<Digest> Siblings);

  /// Sets the node at (Depth, Index) under Root to Value, adding the new path
  /// (the old tree stays). Returns the new root and the siblings. When Value
  /// equals the current node nothing changes. As in Miden, setting depth 0 to
  /// a different value yields the zero word as the new root.
  llvm::Expected<RootPath> setNode(const Digest &Root, uint64_t Depth, uint64_t Index,
                                   const Digest &Value);

  /// merge(Left, Right), recorded so lookups through it work (mtree_merge);
  /// the operands need not be in the store.
  Digest mergeRoots(const Digest &Left, const Digest &Right) { return addNode(Left, Right); }

private:
  NodeMap Nodes;
};

} // namespace zkvm

#endif // ZKVM_VM_MERKLESTORE_H
