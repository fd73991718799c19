//===- zkvm/Crypto/MerkleTree.h - Merkle trees over rows of field elements ===//
//
// A complete binary tree over a power-of-two number of leaves, stored as an
// array: node 1 is the root, node i has children 2i and 2i+1, and leaf j is
// node NumLeaves + j. Batch openings send each needed sibling once: walking up
// level by level from the opened leaves, a sibling goes into the proof only
// when it cannot be computed from nodes already known; the verifier walks the
// same way and consumes the proof in the same order.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_CRYPTO_MERKLETREE_H
#define ZKVM_CRYPTO_MERKLETREE_H

#include "zkvm/Crypto/Hasher.h"
#include "zkvm/Support/LargeArray.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Parallel.h"

#include <algorithm>
#include <cassert>
#include <map>
#include <vector>

namespace zkvm {

template <class H> class MerkleTree {
public:
  using DigestType = typename H::DigestType;

  MerkleTree() = default;

  /// Builds the tree over Leaves (a power-of-two count, at least 1).
  explicit MerkleTree(llvm::ArrayRef<DigestType> Leaves) {
    allocate(Leaves.size());
    std::copy(Leaves.begin(), Leaves.end(), Nodes.data() + NumLeaves);
    buildInterior();
  }

  /// Leaf i = hash of row i of a row-major matrix with Width columns. Leaves
  /// are hashed straight into the node array (no zero-filled temporaries:
  /// first-touch page faults then happen on the hashing threads).
  static MerkleTree fromRows(llvm::ArrayRef<Felt> RowMajor, size_t Width) {
    size_t Rows = RowMajor.size() / Width;
    MerkleTree T;
    T.allocate(Rows);
    constexpr size_t Chunk = 512;
    DigestType *Leaves = T.Nodes.data() + Rows;
    llvm::parallelForEachN(0, (Rows + Chunk - 1) / Chunk, [&](size_t C) {
      size_t Begin = C * Chunk, End = std::min(Rows, Begin + Chunk);
      H::hashRows(RowMajor.data() + Begin * Width, Width, End - Begin, Leaves + Begin);
    });
    T.buildInterior();
    return T;
  }

  /// Leaves written in place by Fill(DigestType *Leaves) (all NumLeaves of
  /// them), then the interior; no copy of the leaves is made.
  template <class FillFn> static MerkleTree fromLeaves(size_t NumLeaves, FillFn &&Fill) {
    MerkleTree T;
    T.allocate(NumLeaves);
    Fill(T.Nodes.data() + NumLeaves);
    T.buildInterior();
    return T;
  }

  /// With one leaf the root is that leaf (node 1).
  const DigestType &root() const { return Nodes[1]; }
  size_t numLeaves() const { return NumLeaves; }
  unsigned depth() const {
    unsigned D = 0;
    while ((size_t(1) << D) < NumLeaves)
      ++D;
    return D;
  }
  const DigestType &leaf(size_t I) const { return Nodes[NumLeaves + I]; }

  /// Siblings from the leaf's level up to (not including) the root.
  std::vector<DigestType> path(size_t Index) const {
    std::vector<DigestType> P;
    for (size_t Node = NumLeaves + Index; Node > 1; Node /= 2)
      P.push_back(Nodes[Node ^ 1]);
    return P;
  }

  static bool verifyPath(const DigestType &Root, size_t Index, const DigestType &Leaf,
                         llvm::ArrayRef<DigestType> Path) {
    if (Path.size() >= 64 || (Index >> Path.size()) != 0)
      return false;
    DigestType Acc = Leaf;
    for (const DigestType &Sibling : Path) {
      Acc = (Index & 1) ? H::merge(Sibling, Acc) : H::merge(Acc, Sibling);
      Index >>= 1;
    }
    return Acc == Root;
  }

  /// The siblings needed to open all of Indices (any order, duplicates allowed).
  std::vector<DigestType> openBatch(llvm::ArrayRef<size_t> Indices) const {
    std::vector<size_t> Known = normalize(Indices, NumLeaves);
    std::vector<DigestType> Proof;
    for (unsigned L = 0, D = depth(); L < D; ++L) {
      std::vector<size_t> Parents;
      for (size_t I = 0; I < Known.size(); ++I) {
        size_t Node = Known[I];
        bool SiblingKnown = I + 1 < Known.size() && Known[I + 1] == (Node ^ 1);
        if (!(Node & 1) && SiblingKnown) {
          ++I; // both children known
        } else {
          Proof.push_back(Nodes[Node ^ 1]);
        }
        Parents.push_back(Node / 2);
      }
      Known = std::move(Parents);
    }
    return Proof;
  }

  /// Checks that Leaves (parallel to Indices) open against Root with Proof.
  static bool verifyBatch(const DigestType &Root, unsigned Depth, llvm::ArrayRef<size_t> Indices,
                          llvm::ArrayRef<DigestType> Leaves, llvm::ArrayRef<DigestType> Proof) {
    if (Depth >= 64 || Indices.size() != Leaves.size() || Indices.empty())
      return false;
    size_t NumLeaves = size_t(1) << Depth;
    std::map<size_t, DigestType> Level;
    for (size_t I = 0; I < Indices.size(); ++I) {
      if (Indices[I] >= NumLeaves)
        return false;
      auto [It, Inserted] = Level.emplace(NumLeaves + Indices[I], Leaves[I]);
      if (!Inserted && It->second != Leaves[I])
        return false; // the same leaf opened with two values
    }
    size_t Next = 0;
    for (unsigned L = 0; L < Depth; ++L) {
      std::map<size_t, DigestType> Parents;
      for (auto It = Level.begin(); It != Level.end(); ++It) {
        size_t Node = It->first;
        DigestType Left, Right;
        auto Sib = std::next(It);
        if (!(Node & 1) && Sib != Level.end() && Sib->first == Node + 1) {
          Left = It->second;
          Right = Sib->second;
          It = Sib;
        } else {
          if (Next >= Proof.size())
            return false;
          const DigestType &S = Proof[Next++];
          Left = (Node & 1) ? S : It->second;
          Right = (Node & 1) ? It->second : S;
        }
        Parents.emplace(Node / 2, H::merge(Left, Right));
      }
      Level = std::move(Parents);
    }
    return Next == Proof.size() && Level.size() == 1 && Level.begin()->second == Root;
  }

private:
  void allocate(size_t N) {
    assert(N && (N & (N - 1)) == 0 && "leaf count must be a power of two");
    NumLeaves = N;
    Nodes = LargeArray<DigestType>(2 * N);
  }

  /// Each level is a batch of pair merges; big levels are split across threads.
  void buildInterior() {
    constexpr size_t Chunk = 1024;
    for (size_t Level = NumLeaves / 2; Level >= 1; Level /= 2) {
      DigestType *Out = Nodes.data() + Level;
      const DigestType *In = Nodes.data() + 2 * Level;
      if (Level <= Chunk) {
        H::mergePairs(In, Out, Level);
      } else {
        llvm::parallelForEachN(0, Level / Chunk, [&](size_t C) {
          H::mergePairs(In + 2 * C * Chunk, Out + C * Chunk, Chunk);
        });
      }
    }
  }

  static std::vector<size_t> normalize(llvm::ArrayRef<size_t> Indices, size_t NumLeaves) {
    std::vector<size_t> Nodes;
    for (size_t I : Indices) {
      assert(I < NumLeaves && "opening a leaf outside the tree");
      Nodes.push_back(NumLeaves + I);
    }
    std::sort(Nodes.begin(), Nodes.end());
    Nodes.erase(std::unique(Nodes.begin(), Nodes.end()), Nodes.end());
    return Nodes;
  }

  size_t NumLeaves = 0;
  LargeArray<DigestType> Nodes;
};

} // namespace zkvm

#endif // ZKVM_CRYPTO_MERKLETREE_H
