//===- MerkleStoreTest.cpp - The advice provider's Merkle store -----------===//
//
// Expected values come from three independent sources:
//  - trees rebuilt here by hand with Rpo256::merge;
//  - constants published by miden-crypto v0.19.2 (its table of empty subtree
//    roots) and by miden-vm v0.20.6 (the roots hard-coded in
//    masm-examples/merkle_store/merkle_store.masm for the trees its .inputs
//    file describes);
//  - the real Miden VM v0.20.6 (the miden-oracle), running mtree_set on the
//    empty depth-64 tree that every Miden Merkle store starts with; the
//    programs are quoted next to the values.
//
//===----------------------------------------------------------------------===//

#include "zkvm/VM/MerkleStore.h"

#include "zkvm/Crypto/Rpo256.h"

#include "gtest/gtest.h"

using namespace zkvm;
using namespace llvm;

namespace {

Digest w(uint64_t A, uint64_t B = 0, uint64_t C = 0, uint64_t D = 0) {
  return Digest(Felt(A), Felt(B), Felt(C), Felt(D));
}

Digest merge(const Digest &L, const Digest &R) { return Rpo256::merge(L, R); }

template <class T> T ok(Expected<T> V) {
  if (!V) {
    ADD_FAILURE() << toString(V.takeError());
    return T();
  }
  return std::move(*V);
}

/// The error message, or "" when V holds a value.
template <class T> std::string errorOf(Expected<T> V, MerkleStoreError::Kind *Kind = nullptr) {
  if (V)
    return "";
  std::string Msg;
  handleAllErrors(V.takeError(), [&](const MerkleStoreError &E) {
    Msg = E.getMessage();
    if (Kind)
      *Kind = E.getKind();
  });
  return Msg;
}

TEST(MerkleStore, EmptySubtreeRootsMatchMidenCrypto) {
  // miden-crypto v0.19.2 merkle/empty_roots.rs, EMPTY_SUBTREES[255 - h].
  EXPECT_EQ(MerkleStore::emptyRoot(0), Digest());
  EXPECT_EQ(MerkleStore::emptyRoot(1),
            w(0x77d6e2f32439dbf0, 0xa1f8ce9eb02419a5, 0xd3ad9fb0cea61624, 0x66ab5c684fbb8597));
  EXPECT_EQ(MerkleStore::emptyRoot(2),
            w(0xfc61931c05c4a55f, 0xcff6ce2372650a9, 0x6e6c32ff4dc92c6, 0x1b72d8c04b0e409d));
  EXPECT_EQ(MerkleStore::emptyRoot(64),
            w(0xd4a0cff6578c123e, 0xf11a17948930b14a, 0xd128dd2a4213b53c, 0x2df8fe54f23f6b91));
  EXPECT_EQ(MerkleStore::emptyRoot(255),
            w(0xee3d94db86d48dc4, 0x3d13166c7aba0368, 0x282e861f2936aa7, 0xf0328a1745537b4));
  for (unsigned H = 1; H <= 8; ++H)
    EXPECT_EQ(MerkleStore::emptyRoot(H),
              merge(MerkleStore::emptyRoot(H - 1), MerkleStore::emptyRoot(H - 1)));
}

TEST(MerkleStore, NewStoreHoldsTheEmptySubtrees) {
  MerkleStore S;
  EXPECT_EQ(S.size(), 255u); // as Miden's MerkleStore::new()
  EXPECT_TRUE(S.contains(MerkleStore::emptyRoot(1)));
  EXPECT_TRUE(S.contains(MerkleStore::emptyRoot(255)));
  EXPECT_FALSE(S.contains(Digest())); // the empty leaf is not a node
  // Any node of an empty depth-64 tree can be read without loading anything.
  Digest Root = MerkleStore::emptyRoot(64);
  EXPECT_EQ(ok(S.getNode(Root, 64, 123456789)), Digest());
  EXPECT_EQ(ok(S.getNode(Root, 10, 1000)), MerkleStore::emptyRoot(54));
  EXPECT_EQ(ok(S.getNode(Root, 0, 0)), Root);
}

TEST(MerkleStore, FourLeafTreeByHand) {
  MerkleStore S;
  Digest A = w(1), B = w(2), C = w(3, 4, 5, 6), D = w(7);
  Digest AB = merge(A, B), CD = merge(C, D), Root = merge(AB, CD);
  EXPECT_EQ(ok(S.addMerkleTree({A, B, C, D})), Root);
  EXPECT_EQ(S.size(), 255u + 3);
  EXPECT_EQ(ok(S.getNode(Root, 0, 0)), Root);
  EXPECT_EQ(ok(S.getNode(Root, 1, 0)), AB);
  EXPECT_EQ(ok(S.getNode(Root, 1, 1)), CD);
  const Digest Leaves[] = {A, B, C, D};
  for (uint64_t I = 0; I < 4; ++I)
    EXPECT_EQ(ok(S.getNode(Root, 2, I)), Leaves[I]);

  MerkleProof P = ok(S.getPath(Root, 2, 2));
  EXPECT_EQ(P.Value, C);
  ASSERT_EQ(P.Siblings.size(), 2u);
  EXPECT_EQ(P.Siblings[0], D); // the node's own sibling first
  EXPECT_EQ(P.Siblings[1], AB);
  EXPECT_TRUE(S.hasPath(Root, 2, 3));
  EXPECT_FALSE(S.hasPath(Root, 3, 3)); // below a leaf
  EXPECT_FALSE(S.hasPath(Root, 2, 4)); // invalid index

  MerkleProof Top = ok(S.getPath(Root, 0, 0));
  EXPECT_EQ(Top.Value, Root);
  EXPECT_TRUE(Top.Siblings.empty());
}

TEST(MerkleStore, MidenExampleRoots) {
  // miden-vm v0.20.6 masm-examples/merkle_store: the roots its program pushes
  // for the three trees of its .inputs file (built here through the API).
  MerkleStore S;
  Digest MT = ok(S.addMerkleTree({w(20), w(21), w(22), w(23)}));
  EXPECT_EQ(MT.toHex(), "0x0463f7d47758ad94b11dbf9675ffb7b331baa9c150d7fac6d784055c313eab0e");
  Digest SMT = ok(S.addSparseMerkleTree({{0, w(20)}, {1, w(21)}, {3, w(23)}}));
  EXPECT_EQ(SMT.toHex(), "0x444693b04b509c6b69d9ed981e67243342505f3b64aa3d45746211c180d11902");
  Digest PMT = ok(S.addPartialMerkleTree({{{2, 0}, w(20)}, {{2, 1}, w(21)}, {{1, 1}, w(11)}}));
  EXPECT_EQ(PMT.toHex(), "0x82bb4d9a8e93582f1387611949703eecd8e4c74b904880f9c9c85f1fc1d7576d");
  // ... and the values the example reads back with mtree_get.
  EXPECT_EQ(ok(S.getNode(PMT, 2, 0)), w(20));
  EXPECT_EQ(ok(S.getNode(SMT, 64, 1)), w(21));
  EXPECT_EQ(ok(S.getNode(MT, 2, 2)), w(22));
}

TEST(MerkleStore, MerkleTreeNeedsAPowerOfTwoOfAtLeastTwoLeaves) {
  MerkleStore S;
  MerkleStoreError::Kind K;
  EXPECT_EQ(errorOf(S.addMerkleTree({w(1)}), &K), "a Merkle tree needs at least 2 leaves, got 1");
  EXPECT_EQ(K, MerkleStoreError::InvalidTree);
  EXPECT_EQ(errorOf(S.addMerkleTree({})), "a Merkle tree needs at least 2 leaves, got 0");
  EXPECT_EQ(errorOf(S.addMerkleTree({w(1), w(2), w(3)})),
            "a Merkle tree needs a power-of-two number of leaves, got 3");
  EXPECT_EQ(S.size(), 255u);
}

/// The root of a depth-64 tree with one non-empty leaf, folded by hand.
Digest singleLeafRoot(uint64_t Index, const Digest &Leaf) {
  Digest Acc = Leaf;
  for (unsigned H = 0; H < 64; ++H, Index >>= 1)
    Acc =
        (Index & 1) ? merge(MerkleStore::emptyRoot(H), Acc) : merge(Acc, MerkleStore::emptyRoot(H));
  return Acc;
}

TEST(MerkleStore, SparseTreeAgainstMidenVM) {
  // Oracle (Miden v0.20.6), output stack top first:
  //   push.7.0.0.0 push.<emptyRoot(64) e0..e3> push.5.64 mtree_set
  //   -> 0 0 0 0 5551396680999253773 1589990613959076748 7150676522233631524
  //      11917304044744012604
  Digest One = w(11917304044744012604ULL, 7150676522233631524ULL, 1589990613959076748ULL,
                 5551396680999253773ULL);
  MerkleStore S;
  EXPECT_EQ(ok(S.addSparseMerkleTree({{5, w(7)}})), One);
  EXPECT_EQ(singleLeafRoot(5, w(7)), One);

  // ... then dropw push.1.2.3.4 swapw push.9223372036854775809.64 mtree_set
  //     dropw push.9.9.9.9 swapw push.18446744069414584320.64 mtree_set
  //   -> root 11190139233284640623 10351027377153154463 5770065049650246391
  //      1907135899385901769 (top first)
  Digest Three = w(1907135899385901769ULL, 5770065049650246391ULL, 10351027377153154463ULL,
                   11190139233284640623ULL);
  const uint64_t Big = 9223372036854775809ULL, Last = 18446744069414584320ULL;
  MerkleStore T;
  Digest Root = ok(T.addSparseMerkleTree({{Last, w(9, 9, 9, 9)}, {5, w(7)}, {Big, w(1, 2, 3, 4)}}));
  EXPECT_EQ(Root, Three);
  EXPECT_EQ(ok(T.getNode(Root, 64, Big)), w(1, 2, 3, 4));
  EXPECT_EQ(ok(T.getNode(Root, 64, Last)), w(9, 9, 9, 9));
  EXPECT_EQ(ok(T.getNode(Root, 64, 6)), Digest());
  EXPECT_EQ(ok(T.getNode(Root, 63, 3)), MerkleStore::emptyRoot(1));

  // The same tree through setNode on the empty tree, as the VM builds it.
  MerkleStore U;
  Digest R = MerkleStore::emptyRoot(64);
  R = ok(U.setNode(R, 64, 5, w(7))).Root;
  EXPECT_EQ(R, One);
  R = ok(U.setNode(R, 64, Big, w(1, 2, 3, 4))).Root;
  R = ok(U.setNode(R, 64, Last, w(9, 9, 9, 9))).Root;
  EXPECT_EQ(R, Three);
}

TEST(MerkleStore, SparseTreeEmptyLeavesAndDuplicates) {
  MerkleStore S;
  EXPECT_EQ(ok(S.addSparseMerkleTree({})), MerkleStore::emptyRoot(64));
  // A zero-word leaf is an empty leaf.
  EXPECT_EQ(ok(S.addSparseMerkleTree({{3, Digest()}, {8, w(1)}})), singleLeafRoot(8, w(1)));
  // Two siblings: their parent is merge(left, right), then empty siblings.
  Digest Acc = merge(w(4), w(5));
  for (unsigned H = 1; H < 64; ++H)
    Acc = merge(Acc, MerkleStore::emptyRoot(H));
  EXPECT_EQ(ok(S.addSparseMerkleTree({{1, w(5)}, {0, w(4)}})), Acc);

  MerkleStoreError::Kind K;
  EXPECT_EQ(errorOf(S.addSparseMerkleTree({{2, w(1)}, {2, w(2)}}), &K),
            "sparse Merkle tree: leaf index 2 is given twice");
  EXPECT_EQ(K, MerkleStoreError::InvalidTree);
  // Miden counts a zero-valued leaf as given too.
  EXPECT_FALSE(errorOf(S.addSparseMerkleTree({{2, Digest()}, {2, w(2)}})).empty());
}

TEST(MerkleStore, PartialTreeComputesMissingParents) {
  // Leaves at depth 3 (0, 1) and depth 2 (1), root's right child at depth 1.
  Digest L0 = w(10), L1 = w(11), N21 = w(12), N11 = w(13);
  Digest N20 = merge(L0, L1), N10 = merge(N20, N21), Root = merge(N10, N11);
  MerkleStore S;
  EXPECT_EQ(ok(S.addPartialMerkleTree({{{3, 1}, L1}, {{1, 1}, N11}, {{3, 0}, L0}, {{2, 1}, N21}})),
            Root);
  EXPECT_EQ(S.size(), 255u + 3);
  EXPECT_EQ(ok(S.getNode(Root, 3, 1)), L1);
  EXPECT_EQ(ok(S.getNode(Root, 1, 1)), N11);
  EXPECT_EQ(ok(S.getNode(Root, 2, 0)), N20);
  // Only the root given: the tree is that one node, which is not stored.
  MerkleStore T;
  EXPECT_EQ(ok(T.addPartialMerkleTree({{{0, 0}, w(5)}})), w(5));
  EXPECT_EQ(T.size(), 255u);
}

TEST(MerkleStore, PartialTreeKeepsGivenParents) {
  // with_leaves computes a parent only when it was not given: a given parent
  // wins over its children's merge, and the later of two duplicates wins.
  Digest A = w(1), B = w(2), Given = w(99), Sib = w(3);
  MerkleStore S;
  Digest Root = ok(S.addPartialMerkleTree(
      {{{2, 0}, A}, {{2, 1}, B}, {{1, 0}, w(98)}, {{1, 1}, Sib}, {{1, 0}, Given}}));
  EXPECT_EQ(Root, merge(Given, Sib));
  EXPECT_FALSE(S.contains(merge(A, B)));
}

TEST(MerkleStore, PartialTreeErrors) {
  MerkleStore S;
  MerkleStoreError::Kind K;
  EXPECT_EQ(errorOf(S.addPartialMerkleTree({{{2, 1}, w(1)}, {{1, 1}, w(2)}}), &K),
            "partial Merkle tree: node (depth 2, index 0) is missing (needed with (depth 2, "
            "index 1) to compute (depth 1, index 0))");
  EXPECT_EQ(K, MerkleStoreError::InvalidTree);
  EXPECT_EQ(errorOf(S.addPartialMerkleTree({})), "partial Merkle tree has no nodes");
  EXPECT_EQ(errorOf(S.addPartialMerkleTree({{{65, 0}, w(1)}}), &K),
            "invalid Merkle node index: depth 65 is above 64");
  EXPECT_EQ(K, MerkleStoreError::InvalidIndex);
  EXPECT_EQ(errorOf(S.addPartialMerkleTree({{{2, 4}, w(1)}})),
            "invalid Merkle node index: index 4 is out of range for depth 2");
  // A failed tree leaves the store untouched.
  EXPECT_EQ(errorOf(S.addPartialMerkleTree({{{3, 0}, w(1)}, {{3, 1}, w(2)}, {{2, 3}, w(3)}})),
            "partial Merkle tree: node (depth 2, index 2) is missing (needed with (depth 2, "
            "index 3) to compute (depth 1, index 1))");
  EXPECT_EQ(S.size(), 255u);
}

TEST(MerkleStore, LookupErrors) {
  MerkleStore S;
  Digest Root = ok(S.addMerkleTree({w(1), w(2), w(3), w(4)}));
  MerkleStoreError::Kind K;
  EXPECT_EQ(errorOf(S.getNode(Root, 65, 0), &K), "invalid Merkle node index: depth 65 is above 64");
  EXPECT_EQ(K, MerkleStoreError::InvalidIndex);
  EXPECT_EQ(errorOf(S.getNode(Root, 2, 4), &K),
            "invalid Merkle node index: index 4 is out of range for depth 2");
  EXPECT_EQ(errorOf(S.getNode(Root, 0, 1)),
            "invalid Merkle node index: index 1 is out of range for depth 0");

  Digest Unknown = w(42);
  EXPECT_EQ(errorOf(S.getNode(Unknown, 1, 0), &K), "no node at depth 1 index 0 under root " +
                                                       Unknown.toHex() +
                                                       ": the root is not in the Merkle store");
  EXPECT_EQ(K, MerkleStoreError::RootNotInStore);
  // Depth 0 still requires the root to be a node (as Miden's get_node).
  EXPECT_EQ(errorOf(S.getNode(Unknown, 0, 0), &K).empty(), false);
  EXPECT_EQ(K, MerkleStoreError::RootNotInStore);

  EXPECT_EQ(errorOf(S.getNode(Root, 3, 5), &K),
            "no node at depth 3 index 5 under root " + Root.toHex() + ": node " + w(3).toHex() +
                " at depth 2 has no children in the Merkle store");
  EXPECT_EQ(K, MerkleStoreError::NodeNotInStore);
  EXPECT_FALSE(errorOf(S.getPath(Root, 3, 5)).empty());
  EXPECT_FALSE(errorOf(S.setNode(Root, 3, 5, w(0))).empty());
}

TEST(MerkleStore, SetNodeKeepsTheOldTree) {
  MerkleStore S;
  Digest A = w(1), B = w(2), C = w(3), D = w(4), X = w(5, 6, 7, 8);
  Digest Old = ok(S.addMerkleTree({A, B, C, D}));
  RootPath R = ok(S.setNode(Old, 2, 1, X));
  EXPECT_EQ(R.Root, merge(merge(A, X), merge(C, D)));
  ASSERT_EQ(R.Siblings.size(), 2u);
  EXPECT_EQ(R.Siblings[0], A);
  EXPECT_EQ(R.Siblings[1], merge(C, D));
  EXPECT_EQ(ok(S.getNode(R.Root, 2, 1)), X);
  EXPECT_EQ(ok(S.getNode(Old, 2, 1)), B);

  // Replacing an inner node makes its subtree a leaf of the new tree.
  RootPath Inner = ok(S.setNode(Old, 1, 0, X));
  EXPECT_EQ(Inner.Root, merge(X, merge(C, D)));
  EXPECT_EQ(ok(S.getNode(Inner.Root, 1, 0)), X);

  // Same value: nothing changes.
  size_t Size = S.size();
  RootPath Same = ok(S.setNode(Old, 2, 3, D));
  EXPECT_EQ(Same.Root, Old);
  EXPECT_EQ(S.size(), Size);

  // Depth 0 with a new value: Miden's path fold over no siblings gives the
  // zero word as the new root.
  RootPath Top = ok(S.setNode(Old, 0, 0, X));
  EXPECT_EQ(Top.Root, Digest());
  EXPECT_TRUE(Top.Siblings.empty());
  EXPECT_EQ(ok(S.setNode(Old, 0, 0, Old)).Root, Old);
}

TEST(MerkleStore, MergeRootsAndPaths) {
  MerkleStore S;
  Digest L = ok(S.addMerkleTree({w(1), w(2), w(3), w(4)}));
  Digest R = ok(S.addMerkleTree({w(5), w(6), w(7), w(8)}));
  Digest M = S.mergeRoots(L, R);
  EXPECT_EQ(M, merge(L, R));
  EXPECT_EQ(ok(S.getNode(M, 3, 5)), w(6));
  EXPECT_EQ(ok(S.getNode(M, 3, 2)), w(3));
  // The operands need not be in the store.
  EXPECT_EQ(S.mergeRoots(w(100), w(200)), merge(w(100), w(200)));
  EXPECT_EQ(ok(S.getNode(merge(w(100), w(200)), 1, 1)), w(200));

  // A path taken from one store rebuilds the same root in another.
  MerkleProof P = ok(S.getPath(M, 3, 6));
  MerkleStore T;
  EXPECT_EQ(ok(T.addMerklePath(6, P.Value, P.Siblings)), M);
  EXPECT_EQ(ok(T.getNode(M, 3, 6)), w(7));
  EXPECT_EQ(ok(T.getNode(M, 3, 7)), w(8));
  EXPECT_FALSE(T.hasPath(M, 3, 0));
  EXPECT_EQ(errorOf(T.addMerklePath(8, P.Value, P.Siblings)),
            "invalid Merkle node index: index 8 is out of range for depth 3");
  EXPECT_EQ(ok(T.addMerklePath(0, w(1), {})), Digest());

  // extend copies every node.
  MerkleStore U;
  U.extend(S);
  EXPECT_EQ(U.size(), S.size());
  EXPECT_EQ(ok(U.getNode(M, 3, 5)), w(6));
}

} // namespace
