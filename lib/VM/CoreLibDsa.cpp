//===- CoreLibDsa.cpp - Signature precompiles of miden::core -----------===//
//
// Host side of the signature precompiles of miden::core::crypto::dsa
// (stdlib/crypto/dsa/{ecdsa_k256_keccak,eddsa_ed25519}.masm), and the
// division hint of falcon512rpo::mod_12289 (falconDiv below).
//
// The two signature events see [event, pk_ptr, digest_ptr, sig_ptr, ...],
// each pointer word-aligned and the data packed four bytes to an element,
// little-endian, with the unused bytes of the last element zero (the reading
// rules and errors of the hash precompiles in CoreLibCrypto.cpp). The handler
// verifies the signature and pushes the result, 1 or 0, onto the advice
// stack. A key that cannot be decoded fails the event (as Miden's handlers
// do); a signature that does not verify, for any other reason, gives 0. One
// difference, as for the hash precompiles: Miden's handlers also fail on an
// element that was never written, while zkvm's memory reads it as zero.
//
//  - ecdsa_k256_keccak::verify: a 33-byte compressed secp256k1 key (SEC1), a
//    32-byte prehash and a 65-byte signature r || s || v (big-endian scalars;
//    v is carried along, not checked). Valid when 0 < r, s < n, s <= n / 2
//    (low-S, as k256 requires) and the usual ECDSA equation holds with
//    z = prehash mod n. The curve arithmetic is OpenSSL's.
//  - eddsa_ed25519::verify: a 32-byte Ed25519 key, the 64-byte challenge hash
//    k = SHA-512(R || A || M) and a 64-byte signature R || s. Valid when s is
//    canonical (< l), R decodes, neither R nor A has small order, and
//    [s]B - [k mod l]A encodes to the bytes of R. Point decoding follows
//    curve25519-dalek (y is taken mod p, x = 0 with the sign bit set is
//    accepted). The Edwards arithmetic is written here over OpenSSL's BIGNUM;
//    it is not constant-time (it only verifies public data).
//
//===----------------------------------------------------------------------===//

#include "zkvm/Support/Error.h"
#include "zkvm/VM/CoreLibrary.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <vector>

namespace zkvm {
namespace corelib {

namespace {

/// Reads one operand of a signature event, naming it in the error as Miden's
/// handlers do ("failed to read public key from memory: <why>").
llvm::Error readOperand(const ProcessState &S, unsigned Pos, size_t Len, const char *What,
                        std::vector<uint8_t> &Out) {
  if (llvm::Error E = readPackedMemory(S, S.Stack.get(Pos).value(), Len, Out))
    return createError(std::string("failed to read ") + What +
                       " from memory: " + llvm::toString(std::move(E)));
  return llvm::Error::success();
}

struct BnFree {
  void operator()(BIGNUM *B) const { BN_free(B); }
};
struct BnCtxFree {
  void operator()(BN_CTX *C) const { BN_CTX_free(C); }
};
struct GroupFree {
  void operator()(EC_GROUP *G) const { EC_GROUP_free(G); }
};
struct PointFree {
  void operator()(EC_POINT *P) const { EC_POINT_free(P); }
};
using Bn = std::unique_ptr<BIGNUM, BnFree>;
using BnCtx = std::unique_ptr<BN_CTX, BnCtxFree>;
using Group = std::unique_ptr<EC_GROUP, GroupFree>;
using Point = std::unique_ptr<EC_POINT, PointFree>;

Bn bnNew() { return Bn(BN_new()); }
Bn bnBig(const uint8_t *Bytes, size_t Len) { return Bn(BN_bin2bn(Bytes, int(Len), nullptr)); }
Bn bnLittle(const uint8_t *Bytes, size_t Len) { return Bn(BN_lebin2bn(Bytes, int(Len), nullptr)); }
Bn bnHex(const char *Hex) {
  BIGNUM *B = nullptr;
  BN_hex2bn(&B, Hex);
  return Bn(B);
}

// --- secp256k1 ECDSA -------------------------------------------------------

constexpr size_t EcdsaPkLen = 33, EcdsaDigestLen = 32, EcdsaSigLen = 65;

/// k256's verify_prehash on (pk, prehash, r || s): false for any failure.
bool ecdsaVerify(const EC_GROUP *G, const EC_POINT *Q, const std::vector<uint8_t> &Digest,
                 const std::vector<uint8_t> &Sig, BN_CTX *Ctx) {
  const BIGNUM *N = EC_GROUP_get0_order(G);
  Bn R = bnBig(Sig.data(), 32), Sc = bnBig(Sig.data() + 32, 32);
  if (BN_is_zero(R.get()) || BN_is_zero(Sc.get()) || BN_cmp(R.get(), N) >= 0 ||
      BN_cmp(Sc.get(), N) >= 0)
    return false;
  // Low-S: s <= (n - 1) / 2.
  Bn Half = bnNew();
  BN_rshift1(Half.get(), N);
  if (BN_cmp(Sc.get(), Half.get()) > 0)
    return false;
  Bn Z = bnBig(Digest.data(), Digest.size()), W = bnNew(), U1 = bnNew(), U2 = bnNew();
  BN_nnmod(Z.get(), Z.get(), N, Ctx);
  if (!BN_mod_inverse(W.get(), Sc.get(), N, Ctx))
    return false;
  BN_mod_mul(U1.get(), Z.get(), W.get(), N, Ctx);
  BN_mod_mul(U2.get(), R.get(), W.get(), N, Ctx);
  Point X(EC_POINT_new(G));
  if (!EC_POINT_mul(G, X.get(), U1.get(), Q, U2.get(), Ctx) || EC_POINT_is_at_infinity(G, X.get()))
    return false;
  Bn Xa = bnNew();
  if (!EC_POINT_get_affine_coordinates(G, X.get(), Xa.get(), nullptr, Ctx))
    return false;
  BN_nnmod(Xa.get(), Xa.get(), N, Ctx);
  return BN_cmp(Xa.get(), R.get()) == 0;
}

llvm::Error ecdsaK256Verify(ProcessState &S) {
  // Miden's order: the key (read, decoded), the signature, the digest.
  std::vector<uint8_t> Pk, Digest, Sig;
  if (llvm::Error E = readOperand(S, 1, EcdsaPkLen, "public key", Pk))
    return E;
  BnCtx Ctx(BN_CTX_new());
  Group G(EC_GROUP_new_by_curve_name(NID_secp256k1));
  Point Q(EC_POINT_new(G.get()));
  if (!Ctx || !G || !Q)
    return createError("out of memory");
  if ((Pk[0] != 2 && Pk[0] != 3) ||
      !EC_POINT_oct2point(G.get(), Q.get(), Pk.data(), Pk.size(), Ctx.get()))
    return createError("failed to deserialize public key");
  if (llvm::Error E = readOperand(S, 3, EcdsaSigLen, "signature", Sig))
    return E;
  if (llvm::Error E = readOperand(S, 2, EcdsaDigestLen, "digest", Digest))
    return E;
  bool Ok = ecdsaVerify(G.get(), Q.get(), Digest, Sig, Ctx.get());
  S.Advice.pushStack(Felt(Ok ? 1 : 0));
  return llvm::Error::success();
}

// --- Ed25519 -----------------------------------------------------------------

constexpr size_t EddsaPkLen = 32, EddsaDigestLen = 64, EddsaSigLen = 64;

/// Affine points of -x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19), with the
/// complete addition law (d is not a square).
class Ed25519 {
public:
  struct Pt {
    Bn X, Y;
  };

  Ed25519()
      : Ctx(BN_CTX_new()),
        P(bnHex("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed")),
        L(bnHex("1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed")),
        D(bnHex("52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3")),
        SqrtM1(bnHex("2b8324804fc1df0b2b4d00993dfbd7a72f431806ad2fe478c4ee1b274a0ea0b0")) {
    Base.X = bnHex("216936d3cd6e53fec0a4e231fdd6dc5c692cc7609525a7b2c9562d608f25d51a");
    Base.Y = bnHex("6666666666666666666666666666666666666666666666666666666666666658");
  }

  const BIGNUM *order() const { return L.get(); }
  const Pt &base() const { return Base; }
  BN_CTX *ctx() { return Ctx.get(); }

  Pt identity() const {
    Pt R{bnNew(), bnNew()};
    BN_zero(R.X.get());
    BN_one(R.Y.get());
    return R;
  }

  Pt add(const Pt &A, const Pt &B) {
    Bn X1Y2 = mul(A.X.get(), B.Y.get()), Y1X2 = mul(A.Y.get(), B.X.get());
    Bn Y1Y2 = mul(A.Y.get(), B.Y.get()), X1X2 = mul(A.X.get(), B.X.get());
    Bn T = mul(D.get(), X1X2.get());
    T = mul(T.get(), Y1Y2.get());
    Bn One = bnNew();
    BN_one(One.get());
    Bn DenX = bnNew(), DenY = bnNew(), NumX = bnNew(), NumY = bnNew();
    BN_mod_add(DenX.get(), One.get(), T.get(), P.get(), Ctx.get());
    BN_mod_sub(DenY.get(), One.get(), T.get(), P.get(), Ctx.get());
    BN_mod_add(NumX.get(), X1Y2.get(), Y1X2.get(), P.get(), Ctx.get());
    BN_mod_add(NumY.get(), Y1Y2.get(), X1X2.get(), P.get(), Ctx.get());
    Pt R{bnNew(), bnNew()};
    BN_mod_inverse(DenX.get(), DenX.get(), P.get(), Ctx.get());
    BN_mod_inverse(DenY.get(), DenY.get(), P.get(), Ctx.get());
    BN_mod_mul(R.X.get(), NumX.get(), DenX.get(), P.get(), Ctx.get());
    BN_mod_mul(R.Y.get(), NumY.get(), DenY.get(), P.get(), Ctx.get());
    return R;
  }

  Pt neg(const Pt &A) {
    Pt R{bnNew(), Bn(BN_dup(A.Y.get()))};
    BN_mod_sub(R.X.get(), P.get(), A.X.get(), P.get(), Ctx.get());
    return R;
  }

  /// [K]A by double-and-add, K >= 0.
  Pt mul(const BIGNUM *K, const Pt &A) {
    Pt R = identity();
    for (int I = BN_num_bits(K) - 1; I >= 0; --I) {
      R = add(R, R);
      if (BN_is_bit_set(K, I))
        R = add(R, A);
    }
    return R;
  }

  bool isIdentity(const Pt &A) const { return BN_is_zero(A.X.get()) && BN_is_one(A.Y.get()); }
  bool isSmallOrder(const Pt &A) {
    Bn Eight = bnNew();
    BN_set_word(Eight.get(), 8);
    return isIdentity(mul(Eight.get(), A));
  }

  /// curve25519-dalek's CompressedEdwardsY::decompress.
  bool decompress(const uint8_t *Bytes, Pt &Out) {
    std::array<uint8_t, 32> B;
    std::copy(Bytes, Bytes + 32, B.begin());
    bool Sign = B[31] >> 7;
    B[31] &= 0x7F;
    Bn Y = bnLittle(B.data(), 32);
    BN_nnmod(Y.get(), Y.get(), P.get(), Ctx.get());
    Bn One = bnNew();
    BN_one(One.get());
    Bn YY = mul(Y.get(), Y.get());
    Bn U = bnNew(), V = mul(D.get(), YY.get());
    BN_mod_sub(U.get(), YY.get(), One.get(), P.get(), Ctx.get());
    BN_mod_add(V.get(), V.get(), One.get(), P.get(), Ctx.get());
    // x = u v^3 (u v^7)^((p - 5) / 8); then v x^2 is u, -u or neither.
    Bn V3 = mul(mul(V.get(), V.get()).get(), V.get());
    Bn V7 = mul(mul(V3.get(), V3.get()).get(), V.get());
    Bn E = Bn(BN_dup(P.get()));
    BN_sub_word(E.get(), 5);
    BN_rshift(E.get(), E.get(), 3);
    Bn T = mul(U.get(), V7.get());
    BN_mod_exp(T.get(), T.get(), E.get(), P.get(), Ctx.get());
    Bn X = mul(mul(U.get(), V3.get()).get(), T.get());
    Bn VXX = mul(V.get(), mul(X.get(), X.get()).get());
    Bn NegU = bnNew();
    BN_mod_sub(NegU.get(), P.get(), U.get(), P.get(), Ctx.get());
    if (BN_cmp(VXX.get(), U.get()) == 0) {
      // x is a root
    } else if (BN_cmp(VXX.get(), NegU.get()) == 0) {
      X = mul(X.get(), SqrtM1.get());
    } else {
      return false;
    }
    if (BN_is_odd(X.get()) != Sign)
      BN_mod_sub(X.get(), P.get(), X.get(), P.get(), Ctx.get());
    Out.X = std::move(X);
    Out.Y = std::move(Y);
    return true;
  }

  std::array<uint8_t, 32> compress(const Pt &A) {
    std::array<uint8_t, 32> B{};
    BN_bn2lebinpad(A.Y.get(), B.data(), 32);
    if (BN_is_odd(A.X.get()))
      B[31] |= 0x80;
    return B;
  }

private:
  Bn mul(const BIGNUM *A, const BIGNUM *B) {
    Bn R = bnNew();
    BN_mod_mul(R.get(), A, B, P.get(), Ctx.get());
    return R;
  }

  BnCtx Ctx;
  Bn P, L, D, SqrtM1;
  Pt Base;
};

/// miden-crypto's PublicKey::verify_with_unchecked_k.
bool eddsaVerify(Ed25519 &C, const Ed25519::Pt &A, const std::vector<uint8_t> &KHash,
                 const std::vector<uint8_t> &Sig) {
  Bn S = bnLittle(Sig.data() + 32, 32);
  if (BN_cmp(S.get(), C.order()) >= 0)
    return false;
  Ed25519::Pt R;
  if (!C.decompress(Sig.data(), R))
    return false;
  if (C.isSmallOrder(R) || C.isSmallOrder(A))
    return false;
  Bn K = bnLittle(KHash.data(), 64);
  BN_nnmod(K.get(), K.get(), C.order(), C.ctx());
  Ed25519::Pt Expected = C.add(C.mul(S.get(), C.base()), C.neg(C.mul(K.get(), A)));
  std::array<uint8_t, 32> Enc = C.compress(Expected);
  return std::equal(Enc.begin(), Enc.end(), Sig.begin());
}

llvm::Error eddsaEd25519Verify(ProcessState &S) {
  // Miden's order: the key (read, decoded), the k-digest, the signature.
  std::vector<uint8_t> Pk, KHash, Sig;
  if (llvm::Error E = readOperand(S, 1, EddsaPkLen, "public key", Pk))
    return E;
  Ed25519 C;
  Ed25519::Pt A;
  if (!C.decompress(Pk.data(), A))
    return createError("failed to deserialize public key");
  if (llvm::Error E = readOperand(S, 2, EddsaDigestLen, "k-digest", KHash))
    return E;
  if (llvm::Error E = readOperand(S, 3, EddsaSigLen, "signature", Sig))
    return E;
  bool Ok = eddsaVerify(C, A, KHash, Sig);
  S.Advice.pushStack(Felt(Ok ? 1 : 0));
  return llvm::Error::success();
}

// --- Falcon-512 --------------------------------------------------------------

/// falcon512rpo::mod_12289: [event, a_hi, a_lo, ...] -> advice stack
/// [q_hi, q_lo, r, ...] (q_hi popped first), q and r the quotient and
/// remainder of a = a_hi * 2^32 + a_lo by the Falcon prime 12289.
llvm::Error falconDiv(ProcessState &S) {
  uint64_t Hi = S.Stack.get(1).value(), Lo = S.Stack.get(2).value();
  auto NotU32 = [](uint64_t V, const char *Where) {
    return createError("input value " + std::to_string(V) + " at " + Where + " is not a valid u32");
  };
  if (Lo > 0xFFFFFFFFull)
    return NotU32(Lo, "dividend_lo");
  if (Hi > 0xFFFFFFFFull)
    return NotU32(Hi, "dividend_hi");
  uint64_t A = Hi << 32 | Lo, Q = A / 12289, R = A % 12289;
  S.Advice.extendStack({Felt(Q >> 32), Felt(Q & 0xFFFFFFFF), Felt(R)});
  return llvm::Error::success();
}

} // namespace

llvm::Error registerDsaHandlers(DefaultHost &Host) {
  if (llvm::Error E =
          Host.addEventHandler("miden::core::crypto::dsa::falcon512rpo::falcon_div", falconDiv))
    return E;
  if (llvm::Error E = Host.addEventHandler("miden::core::crypto::dsa::ecdsa_k256_keccak::verify",
                                           ecdsaK256Verify))
    return E;
  return Host.addEventHandler("miden::core::dsa::eddsa_ed25519::verify", eddsaEd25519Verify);
}

} // namespace corelib
} // namespace zkvm
