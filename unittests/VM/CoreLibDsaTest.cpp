//===- CoreLibDsaTest.cpp - Signature precompiles of miden::core ---------===//
//
// The host side of ecdsa_k256_keccak::verify, eddsa_ed25519::verify and the
// division hint of falcon512rpo::mod_12289
// (lib/VM/CoreLibDsa.cpp), called the way the VM calls it: the event id in s0,
// [pk_ptr, digest_ptr, sig_ptr] below it, the byte strings packed four to a
// u32 limb in memory. The vectors were made with Python's `cryptography`
// (secp256k1 signatures over random prehashes, low-S, the last one over the
// prehash 0xff..ff >= n; Ed25519 signatures of random messages), so a valid
// signature is valid by an independent implementation; the variations are
// checked against the verification rules of miden-crypto that the handlers
// follow.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Asm/InstLowering.h"
#include "zkvm/Crypto/Sha512.h"
#include "zkvm/VM/CoreLibrary.h"

#include "gtest/gtest.h"

#include <string>
#include <vector>

using namespace zkvm;
using namespace llvm;

namespace {

const char *EcdsaEvent = "miden::core::crypto::dsa::ecdsa_k256_keccak::verify";
const char *EddsaEvent = "miden::core::dsa::eddsa_ed25519::verify";

struct Vector {
  const char *Pk, *Msg, *Sig;
};

// {compressed key, prehash, r || s || v}
const Vector EcdsaVectors[] = {
    {"02a027c29bb2e8510975a8a755b102b493ea917b35a785fd9c857ac0f4074b291f",
     "2c80c42dfa66d76ebfc66c4dec5bad2a2cf0a1ce158903d968b929ec65ec1ab7",
     "2a38062d5aafbe559209c06b21b3564dfe375046ed5925dc80b64dd40a90ceef67a494e903e23f7093d437817228d"
     "b23339139f3992e7f069edf6dee79658f2400"},
    {"0279d121746f1969c0c300894010f2c63f12ed9107b2804135b8a296b45c921917",
     "e25a5a12380b57f2d629d92c499e02c3a845cf661c6ce283ce40b5f31c434dd1",
     "2f9fef411246df78523e600a88f28156a69578d874fcefacd3f3f73176d196e638c5ac9b079e0364c15785259aa5d"
     "a15a9d86eb7ab59741dec362ca6c834158701"},
    {"02df4603ef3806d8bceb7e73f63b5837de0b22b4a3314bb09fe59604565c72e53f",
     "d14a6aa3ff77833cb95f25930518ac6ec1ccacccc5d4bd2f5c13becce3759f73",
     "88cf1e2f503e3d831354a911a82f41970e202ea52ea607d1118ab39831dd5f7960e0b2014bf078488765a09290e99"
     "76fe6922bd3c00d5c670f4a9c2d2e56d16900"},
    {"0282ef2afb99d66137d2de629d31342b11fa8b9dbe8c2c9ecee7aa5e5a6fcc1ee0",
     "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
     "1f7cf2d0feed02d54e6b1a1898dc42b3ba180c9b284319431fa7a7bcd606968e29059797adc3db0707b354152d633"
     "efe751707dfc40866a4c9be233ca992272e01"},
};

// {key, message, R || s}
const Vector EddsaVectors[] = {
    {"27ddd437038209cf92e54122081e1bbdbbb5ced9a69596ce3dbf7d854de25736",
     "85d576d1b0cc013967009e55e36987d5ef93660a359d26101dd599bd976333cacc5887eba84142e4c7d65bb8806a8"
     "cedc35ef5f356267aeb073aa8fc24ab028c06a3d385544518cb1218af7595",
     "1c5f724625854f9d9c6863d724cf46aa18bc80e57115c6d70660ebb502aa53cddd0d7a4acc0988cec31d19e11cc88"
     "bdbe7f0d2edc62c3962e63aab64e687eb03"},
    {"5123f1305f6e982a2e22b33115b1158cf7ada71ba593ae723712417f4b97ee2d", "",
     "6dca8c01b970aaa13b0ff5e837891d661bd8986b157ffe1249c191c6908505b1bcca8bc04f8e221011c684529c372"
     "bd90a1b5c292f53a237b17cd837a3cf1e08"},
    {"24409db0f3b3c5da864ef9affc0246a36355be93205191459597e6d19f38969d", "",
     "3619f32e752fd3a944f04af583f23b184c419e60f6a48c16ab05e90571383aa831a0ccd7c0c24242eb3c3dee4442a"
     "653c84d022b8651feec7fd9d3b0362a470b"},
    {"658438145e84b20e40ce71a999d52eb9f5b79f04aa9792c71cc90545792edba7", "",
     "30dd7f410421dac9857226ba8405f7af9a4f48788e7b895b1cc120831f8e25122ef95b3e60d3f7461307a9531e071"
     "e34cb73823127d86a972755582c05f2f10c"},
};

std::vector<uint8_t> hex(const std::string &H) {
  std::vector<uint8_t> B;
  for (size_t I = 0; I + 1 < H.size(); I += 2)
    B.push_back(uint8_t(std::stoul(H.substr(I, 2), nullptr, 16)));
  return B;
}

void storePacked(ProcessState &S, uint32_t Addr, const std::vector<uint8_t> &Bytes) {
  for (size_t I = 0; I < Bytes.size(); I += 4) {
    uint64_t V = 0;
    for (size_t J = 0; J < 4 && I + J < Bytes.size(); ++J)
      V |= uint64_t(Bytes[I + J]) << (8 * J);
    S.Mem.write(S.Ctx, uint32_t(Addr + I / 4), Felt(V));
  }
}

struct Dsa : ::testing::Test {
  DefaultHost H;
  void SetUp() override { ASSERT_FALSE(bool(corelib::registerDsaHandlers(H))); }

  /// Runs the handler; returns the advice result or -1 and the error in Err.
  int verify(const char *Event, const std::vector<uint8_t> &Pk, const std::vector<uint8_t> &Dg,
             const std::vector<uint8_t> &Sig, std::string *Err = nullptr, uint32_t SigPtr = 1200) {
    std::vector<Felt> St{eventIdForName(Event), Felt(1000), Felt(1100), Felt(SigPtr)};
    ProcessState S{OperandStack(St), Memory(), AdviceProvider(), 0, 0, Digest()};
    storePacked(S, 1000, Pk);
    storePacked(S, 1100, Dg);
    storePacked(S, 1200, Sig);
    Error E = H.onEvent(S, S.Stack.get(0));
    if (E) {
      std::string Msg = toString(std::move(E));
      if (Err)
        *Err = Msg;
      else
        ADD_FAILURE() << Msg;
      return -1;
    }
    std::vector<Felt> Adv = S.Advice.stackInPopOrder();
    EXPECT_EQ(Adv.size(), 1u);
    return Adv.empty() ? -1 : int(Adv[0].value());
  }

  int ecdsa(const std::vector<uint8_t> &Pk, const std::vector<uint8_t> &Dg,
            const std::vector<uint8_t> &Sig, std::string *Err = nullptr) {
    return verify(EcdsaEvent, Pk, Dg, Sig, Err);
  }

  /// Ed25519 with k = SHA-512(R || A || M), as eddsa_ed25519::verify computes it.
  int eddsa(const std::vector<uint8_t> &Pk, const std::vector<uint8_t> &Msg,
            const std::vector<uint8_t> &Sig, std::string *Err = nullptr) {
    std::vector<uint8_t> In(Sig.begin(), Sig.begin() + 32);
    In.insert(In.end(), Pk.begin(), Pk.end());
    In.insert(In.end(), Msg.begin(), Msg.end());
    auto K = sha512(In);
    return verify(EddsaEvent, Pk, std::vector<uint8_t>(K.begin(), K.end()), Sig, Err);
  }
};

const char *N = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
const char *L = "1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed";

/// A - B for 32-byte big-endian numbers, A >= B.
std::vector<uint8_t> subBig(std::vector<uint8_t> A, const std::vector<uint8_t> &B) {
  int Borrow = 0;
  for (int I = 31; I >= 0; --I) {
    int D = int(A[I]) - int(B[I]) - Borrow;
    Borrow = D < 0;
    A[I] = uint8_t(D + (Borrow ? 256 : 0));
  }
  return A;
}

TEST_F(Dsa, EcdsaValidSignatures) {
  for (const Vector &V : EcdsaVectors)
    EXPECT_EQ(ecdsa(hex(V.Pk), hex(V.Msg), hex(V.Sig)), 1) << V.Sig;
}

TEST_F(Dsa, EcdsaRecoveryIdIsNotChecked) {
  for (const Vector &V : EcdsaVectors) {
    std::vector<uint8_t> Sig = hex(V.Sig);
    Sig[64] = 7;
    EXPECT_EQ(ecdsa(hex(V.Pk), hex(V.Msg), Sig), 1);
  }
}

TEST_F(Dsa, EcdsaInvalidSignatures) {
  for (const Vector &V : EcdsaVectors) {
    std::vector<uint8_t> Pk = hex(V.Pk), Dg = hex(V.Msg), Sig = hex(V.Sig);
    for (size_t Byte : {0, 17, 31, 32, 50, 63}) {
      std::vector<uint8_t> Bad = Sig;
      Bad[Byte] ^= 0x10;
      EXPECT_EQ(ecdsa(Pk, Dg, Bad), 0) << Byte;
    }
    std::vector<uint8_t> BadDg = Dg;
    BadDg[5] ^= 1;
    EXPECT_EQ(ecdsa(Pk, BadDg, Sig), 0);
    // The other key of the same x.
    std::vector<uint8_t> OtherPk = Pk;
    OtherPk[0] ^= 1;
    EXPECT_EQ(ecdsa(OtherPk, Dg, Sig), 0);
    // High S: (r, n - s) satisfies the ECDSA equation but k256 rejects it.
    std::vector<uint8_t> S(Sig.begin() + 32, Sig.begin() + 64), High = Sig;
    std::vector<uint8_t> NegS = subBig(hex(N), S);
    std::copy(NegS.begin(), NegS.end(), High.begin() + 32);
    EXPECT_EQ(ecdsa(Pk, Dg, High), 0);
    // r = 0, s = 0, r = n.
    std::vector<uint8_t> Zero = Sig;
    std::fill(Zero.begin(), Zero.begin() + 32, 0);
    EXPECT_EQ(ecdsa(Pk, Dg, Zero), 0);
    Zero = Sig;
    std::fill(Zero.begin() + 32, Zero.begin() + 64, 0);
    EXPECT_EQ(ecdsa(Pk, Dg, Zero), 0);
    std::vector<uint8_t> RN = Sig, NB = hex(N);
    std::copy(NB.begin(), NB.end(), RN.begin());
    EXPECT_EQ(ecdsa(Pk, Dg, RN), 0);
  }
}

TEST_F(Dsa, EcdsaBadInputs) {
  const Vector &V = EcdsaVectors[0];
  std::string Err;
  std::vector<uint8_t> Pk = hex(V.Pk);
  Pk[0] = 4;
  EXPECT_EQ(ecdsa(Pk, hex(V.Msg), hex(V.Sig), &Err), -1);
  EXPECT_EQ(Err, "failed to deserialize public key");
  std::vector<uint8_t> Sig = hex(V.Sig);
  Sig.push_back(1); // a non-zero padding byte after the 65 bytes
  EXPECT_EQ(ecdsa(hex(V.Pk), hex(V.Msg), Sig, &Err), -1);
  EXPECT_EQ(Err, "failed to read signature from memory: non-zero padding byte 0x1 at byte "
                 "position 65");
  EXPECT_EQ(verify(EcdsaEvent, hex(V.Pk), hex(V.Msg), hex(V.Sig), &Err, 1202), -1);
  EXPECT_EQ(Err, "failed to read signature from memory: address 1202 is not word-aligned (must "
                 "be divisible by 4)");
}

TEST_F(Dsa, EddsaValidSignatures) {
  for (const Vector &V : EddsaVectors)
    EXPECT_EQ(eddsa(hex(V.Pk), hex(V.Msg), hex(V.Sig)), 1) << V.Sig;
}

TEST_F(Dsa, EddsaInvalidSignatures) {
  for (const Vector &V : EddsaVectors) {
    std::vector<uint8_t> Pk = hex(V.Pk), Msg = hex(V.Msg), Sig = hex(V.Sig);
    for (size_t Byte : {0, 13, 31, 32, 45, 62}) {
      std::vector<uint8_t> Bad = Sig;
      Bad[Byte] ^= 0x04;
      EXPECT_EQ(eddsa(Pk, Msg, Bad), 0) << Byte;
    }
    std::vector<uint8_t> BadMsg = Msg;
    BadMsg.push_back(0);
    EXPECT_EQ(eddsa(Pk, BadMsg, Sig), 0);
    // s + l: the same scalar, not canonical.
    std::vector<uint8_t> S(Sig.rbegin(), Sig.rbegin() + 32), Lb = hex(L);
    int Carry = 0;
    for (int I = 31; I >= 0; --I) {
      int D = S[I] + Lb[I] + Carry;
      S[I] = uint8_t(D);
      Carry = D >> 8;
    }
    std::vector<uint8_t> NonCanon = Sig;
    std::copy(S.rbegin(), S.rend(), NonCanon.begin() + 32);
    EXPECT_EQ(eddsa(Pk, Msg, NonCanon), 0);
  }
}

TEST_F(Dsa, EddsaSmallOrderPoints) {
  const Vector &V = EddsaVectors[0];
  // y = 1 (the identity), also with the sign bit set (x = 0 then stays 0), and y = -1
  // (order 2): they decode, but have small order.
  std::vector<uint8_t> One(32, 0), OneSigned(32, 0),
      MinusOne = hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  One[0] = 1;
  OneSigned[0] = 1;
  OneSigned[31] = 0x80;
  for (const auto &Small : {One, OneSigned, MinusOne}) {
    EXPECT_EQ(eddsa(Small, hex(V.Msg), hex(V.Sig)), 0);
    std::vector<uint8_t> Sig = hex(V.Sig);
    std::copy(Small.begin(), Small.end(), Sig.begin());
    EXPECT_EQ(eddsa(hex(V.Pk), hex(V.Msg), Sig), 0);
  }
}

TEST_F(Dsa, EddsaBadInputs) {
  const Vector &V = EddsaVectors[0];
  std::string Err;
  // y = 2 has no x on the curve.
  std::vector<uint8_t> Pk(32, 0);
  Pk[0] = 2;
  EXPECT_EQ(eddsa(Pk, hex(V.Msg), hex(V.Sig), &Err), -1);
  EXPECT_EQ(Err, "failed to deserialize public key");
  EXPECT_EQ(verify(EddsaEvent, hex(V.Pk), std::vector<uint8_t>(64), hex(V.Sig), &Err, 1201), -1);
  EXPECT_EQ(Err, "failed to read signature from memory: address 1201 is not word-aligned (must "
                 "be divisible by 4)");
}

TEST_F(Dsa, FalconDivHint) {
  const char *Event = "miden::core::crypto::dsa::falcon512rpo::falcon_div";
  for (uint64_t A : {uint64_t(0), uint64_t(12288), uint64_t(12289), ~uint64_t(0),
                     uint64_t(0x123456789abcdefull)}) {
    std::vector<Felt> St{eventIdForName(Event), Felt(A >> 32), Felt(A & 0xFFFFFFFF)};
    ProcessState S{OperandStack(St), Memory(), AdviceProvider(), 0, 0, Digest()};
    Error E = H.onEvent(S, S.Stack.get(0));
    ASSERT_FALSE(bool(E)) << toString(std::move(E));
    // Popped as q_hi, q_lo, r.
    std::vector<Felt> Adv = S.Advice.stackInPopOrder();
    ASSERT_EQ(Adv.size(), 3u);
    EXPECT_EQ(Adv[0].value(), (A / 12289) >> 32);
    EXPECT_EQ(Adv[1].value(), (A / 12289) & 0xFFFFFFFF);
    EXPECT_EQ(Adv[2].value(), A % 12289);
  }
  std::vector<Felt> St{eventIdForName(Event), Felt(1), Felt(uint64_t(1) << 32)};
  ProcessState S{OperandStack(St), Memory(), AdviceProvider(), 0, 0, Digest()};
  Error E = H.onEvent(S, S.Stack.get(0));
  ASSERT_TRUE(bool(E));
  EXPECT_EQ(toString(std::move(E)), "input value 4294967296 at dividend_lo is not a valid u32");
}

} // namespace
