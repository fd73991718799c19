//===- KeccakSha512Test.cpp - Keccak-256 and SHA-512 known answers --------===//
//
// SHA-512: the FIPS 180-4 example messages ("", "abc", the 448- and 896-bit
// messages, one million 'a'). Keccak-256 (original padding): the widely
// published digests of the same messages, also reproduced by the independent
// Python model scripts/gen/keccak_ref.py (itself checked against hashlib's
// SHA3-256 with the FIPS 202 padding).
//
//===----------------------------------------------------------------------===//

#include "zkvm/Crypto/Keccak.h"
#include "zkvm/Crypto/Sha512.h"

#include "llvm/ADT/StringExtras.h"
#include "gtest/gtest.h"

#include <string>
#include <vector>

using namespace zkvm;

namespace {

const char *Msg448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const char *Msg896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmn"
                     "opqklmnopqrlmnopqrsmnopqrstnopqrstu";

llvm::ArrayRef<uint8_t> bytesOf(const std::string &S) {
  return llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(S.data()), S.size());
}

template <size_t N> std::string hex(const std::array<uint8_t, N> &D) {
  return llvm::toHex(llvm::ArrayRef<uint8_t>(D.data(), N), /*LowerCase=*/true);
}

TEST(Keccak256, KnownAnswers) {
  EXPECT_EQ(hex(keccak256(bytesOf(""))),
            "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  EXPECT_EQ(hex(keccak256(bytesOf("abc"))),
            "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  EXPECT_EQ(hex(keccak256(bytesOf(Msg448))),
            "45d3b367a6904e6e8d502ee04999a7c27647f91fa845d456525fd352ae3d7371");
  EXPECT_EQ(hex(keccak256(bytesOf(Msg896))),
            "f519747ed599024f3882238e5ab43960132572b7345fbeb9a90769dafd21ad67");
}

TEST(Keccak256, MultiBlockAndRateBoundaries) {
  // 1024 bytes 0, 1, ..., 255 repeated: eight blocks of 136 bytes and a tail.
  std::vector<uint8_t> Data(1024);
  for (size_t I = 0; I < Data.size(); ++I)
    Data[I] = uint8_t(I);
  EXPECT_EQ(hex(keccak256(Data)),
            "5902e53903be0d0f9656bdbd5b9f0d8c2d815f865645d629eef77f5185f6cd7f");
  // Lengths around the rate (135: padding bytes 0x01 and 0x80 share a byte).
  EXPECT_EQ(hex(keccak256(bytesOf(std::string(135, 'a')))),
            "34367dc248bbd832f4e3e69dfaac2f92638bd0bbd18f2912ba4ef454919cf446");
  EXPECT_EQ(hex(keccak256(bytesOf(std::string(136, 'a')))),
            "a6c4d403279fe3e0af03729caada8374b5ca54d8065329a3ebcaeb4b60aa386e");
}

TEST(Keccak, PermutationOfZeroState) {
  // Keccak-f[1600] applied once to the all-zero state: first lane of the
  // Keccak team's intermediate values.
  uint64_t S[25] = {};
  keccakF1600(S);
  EXPECT_EQ(S[0], 0xF1258F7940E1DDE7ull);
  EXPECT_EQ(S[24], 0xEAF1FF7B5CECA249ull);
}

TEST(Sha512, KnownAnswers) {
  EXPECT_EQ(hex(sha512(bytesOf(""))),
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
            "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
  EXPECT_EQ(hex(sha512(bytesOf("abc"))),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  EXPECT_EQ(hex(sha512(bytesOf(Msg448))),
            "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c335"
            "96fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445");
  EXPECT_EQ(hex(sha512(bytesOf(Msg896))),
            "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
            "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
  EXPECT_EQ(hex(sha512(bytesOf(std::string(1000000, 'a')))),
            "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
            "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b");
}

TEST(Sha512, PaddingBoundaries) {
  // 111 bytes: padding fits in one block; 112: it needs a second one.
  EXPECT_EQ(hex(sha512(bytesOf(std::string(111, 'a')))),
            "fa9121c7b32b9e01733d034cfc78cbf67f926c7ed83e82200ef86818196921760b4beff48404df81"
            "1b953828274461673c68d04e297b0eb7b2b4d60fc6b566a2");
  EXPECT_EQ(hex(sha512(bytesOf(std::string(112, 'a')))),
            "c01d080efd492776a1c43bd23dd99d0a2e626d481e16782e75d54c2503b5dc32bd05f0f1ba33e568"
            "b88fd2d970929b719ecbb152f58f130a407c8830604b70ca");
}

} // namespace
