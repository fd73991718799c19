//===- Blake3Test.cpp - BLAKE3 official vectors and lane equivalence ------===//
//
// Expected values: the first 32 bytes of the default-mode "hash" outputs in the
// BLAKE3 team's test_vectors.json (input byte i is i % 251).
//
//===----------------------------------------------------------------------===//

#include "zkvm/Crypto/Blake3.h"

#include "llvm/ADT/StringExtras.h"
#include "gtest/gtest.h"

#include <random>

using namespace zkvm;

namespace {

struct Vector {
  size_t Len;
  const char *Hex;
};
const Vector OfficialVectors[] = {
    {0, "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"},
    {1, "2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213"},
    {1023, "10108970eeda3eb932baac1428c7a2163b0e924c9a9e25b35bba72b28f70bd11"},
    {1024, "42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7"},
    {1025, "d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444"},
    {2048, "e776b6028c7cd22a4d0ba182a8bf62205d2ef576467e838ed6f2529b85fba24a"},
    {2049, "5f4d72f40d7a5f82b15ca2b2e44b1de3c2ef86c426c95c1af0b6879522563030"},
    {3072, "b98cb0ff3623be03326b373de6b9095218513e64f1ee2edd2525c7ad1e5cffd2"},
    {3073, "7124b49501012f81cc7f11ca069ec9226cecb8a2c850cfe644e327d22d3e1cd3"},
    {4096, "015094013f57a5277b59d8475c0501042c0b642e531b0a1c8f58d2163229e969"},
    {4097, "9b4052b38f1c5fc8b1f9ff7ac7b27cd242487b3d890d15c96a1c25b8aa0fb995"},
    {5120, "9cadc15fed8b5d854562b26a9536d9707cadeda9b143978f319ab34230535833"},
    {5121, "628bd2cb2004694adaab7bbd778a25df25c47b9d4155a55f8fbd79f2fe154cff"},
    {6144, "3e2e5b74e048f3add6d21faab3f83aa44d3b2278afb83b80b3c35164ebeca205"},
    {6145, "f1323a8631446cc50536a9f705ee5cb619424d46887f3c376c695b70e0f0507f"},
    {7168, "61da957ec2499a95d6b8023e2b0e604ec7f6b50e80a9678b89d2628e99ada77a"},
    {7169, "a003fc7a51754a9b3c7fae0367ab3d782dccf28855a03d435f8cfe74605e7817"},
};

std::string hex(const Blake3Digest &D) { return llvm::toHex(D, /*LowerCase=*/true); }

TEST(Blake3, OfficialTestVectors) {
  for (const Vector &V : OfficialVectors) {
    std::vector<uint8_t> Input(V.Len);
    for (size_t I = 0; I < V.Len; ++I)
      Input[I] = uint8_t(I % 251);
    EXPECT_EQ(hex(Blake3::hash(Input)), V.Hex) << "length " << V.Len;
  }
}

TEST(Blake3, MergeIsHashOfConcatenation) {
  Blake3Digest A, B;
  for (unsigned I = 0; I < 32; ++I) {
    A[I] = uint8_t(I);
    B[I] = uint8_t(200 - I);
  }
  std::vector<uint8_t> Both(A.begin(), A.end());
  Both.insert(Both.end(), B.begin(), B.end());
  EXPECT_EQ(Blake3::merge(A, B), Blake3::hash(Both));
  EXPECT_NE(Blake3::merge(A, B), Blake3::merge(B, A));
}

TEST(Blake3, MergePairsMatchesScalarMerge) {
  std::mt19937 Rng(6);
  const size_t Count = 37; // two 16-lane batches and a scalar tail
  std::vector<Blake3Digest> In(2 * Count), Out(Count);
  for (auto &D : In)
    for (auto &B : D)
      B = uint8_t(Rng());
  Blake3::mergePairs(In.data(), Out.data(), Count);
  for (size_t I = 0; I < Count; ++I)
    EXPECT_EQ(Out[I], Blake3::merge(In[2 * I], In[2 * I + 1])) << I;
}

// The 16-lane single-chunk path must equal the scalar hash for every block
// count, partial last blocks, the empty input and strides wider than inputs.
TEST(Blake3, HashManyMatchesScalarHash) {
  std::mt19937 Rng(7);
  const size_t Count = 35;
  for (size_t Len : {0, 4, 32, 60, 64, 68, 128, 200, 1020, 1024, 1028}) {
    size_t Stride = Len + 8;
    std::vector<uint8_t> Data(Count * Stride);
    for (auto &B : Data)
      B = uint8_t(Rng());
    std::vector<Blake3Digest> Out(Count);
    Blake3::hashMany(Data.data(), Stride, Len, Out.data(), Count);
    for (size_t I = 0; I < Count; ++I)
      EXPECT_EQ(Out[I], Blake3::hash(llvm::ArrayRef<uint8_t>(Data.data() + I * Stride, Len)))
          << "len " << Len << " input " << I;
  }
}

} // namespace
