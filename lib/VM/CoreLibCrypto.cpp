//===- CoreLibCrypto.cpp - Event handlers of miden::core (Crypto) ------===//
//
// Host side of miden::core::crypto: the decryption hint of aead::decrypt
// (stdlib/crypto/aead.masm, documented at aeadDecrypt below) and the hash
// precompiles of stdlib/crypto/hashes/{keccak256,sha512}.masm. Both hash events see
// [event, ptr, len_bytes, ...]: the message is len_bytes bytes packed four to
// an element, little-endian, in the ceil(len_bytes / 4) elements from the
// word-aligned address ptr, with the unused bytes of the last element zero.
// The handler hashes those bytes and puts the digest, as u32 limbs
// d_i = u32 from bytes 4i..4i+3 (little-endian), on the advice stack:
//
//  - keccak256::hash_bytes: popped as d_7, d_6, ..., d_0 (one adv_push.8
//    leaves d_0 on top of the operand stack);
//  - sha512::hash_bytes: popped as d_0, d_1, ..., d_15 (two adv_pipe store
//    them in that order from the procedure's local address 0).
//
// The procedures bind the digest to the input by logging the commitment
// RPO(RPO(input limbs) || RPO(digest limbs)) with log_precompile; a verifier
// re-runs the hash from the logged preimage. Miden's host also keeps the
// preimage as a "precompile request" for the proof; zkvm does not prove
// log_precompile yet, so it is not recorded here.
//
// Errors match Miden's: an unaligned ptr, an address range past 2^32, a limb
// that is not a u32 and a non-zero padding byte fail the event. One
// difference: Miden also fails on a limb that was never written, while
// zkvm's memory reads it as zero.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Crypto/Keccak.h"
#include "zkvm/Crypto/Rpo256.h"
#include "zkvm/Crypto/Sha512.h"
#include "zkvm/Support/Error.h"
#include "zkvm/VM/CoreLibrary.h"

#include <algorithm>
#include <string>
#include <vector>

namespace zkvm {
namespace corelib {

llvm::Error readPackedMemory(const ProcessState &S, uint64_t Ptr, uint64_t Len,
                             std::vector<uint8_t> &Out) {
  if (Ptr % 4 != 0)
    return createError("address " + std::to_string(Ptr) +
                       " is not word-aligned (must be divisible by 4)");
  uint64_t Limbs = Len / 4 + (Len % 4 != 0);
  if (Ptr + Limbs > 0xFFFFFFFFull)
    return createError("address overflow: start=" + std::to_string(Ptr) +
                       ", len_bytes=" + std::to_string(Len));
  Out.clear();
  Out.reserve(Limbs * 4);
  for (uint64_t I = 0; I < Limbs; ++I) {
    uint32_t Addr = uint32_t(Ptr + I);
    uint64_t V = S.Mem.read(S.Ctx, Addr).value();
    if (V > 0xFFFFFFFFull)
      return createError("field element value " + std::to_string(V) + " at address " +
                         std::to_string(Addr) + " exceeds u32::MAX");
    for (unsigned B = 0; B < 4; ++B)
      Out.push_back(uint8_t(V >> (8 * B)));
  }
  for (size_t I = Len; I < Out.size(); ++I)
    if (Out[I] != 0) {
      static const char Digits[] = "0123456789abcdef";
      std::string Hex = "0x";
      if (Out[I] >= 16)
        Hex += Digits[Out[I] >> 4];
      Hex += Digits[Out[I] & 15];
      return createError("non-zero padding byte " + Hex + " at byte position " + std::to_string(I));
    }
  Out.resize(Len);
  return llvm::Error::success();
}

namespace {

/// Reads the u32-packed message of [event, ptr, len_bytes, ...] into Out.
llvm::Error readPackedBytes(const ProcessState &S, std::vector<uint8_t> &Out) {
  return readPackedMemory(S, S.Stack.get(1).value(), S.Stack.get(2).value(), Out);
}

/// The digest bytes as u32 limbs, little-endian within each limb.
template <size_t N> std::vector<Felt> toLimbs(const std::array<uint8_t, N> &D) {
  std::vector<Felt> L;
  for (size_t I = 0; I < N; I += 4)
    L.push_back(Felt(uint64_t(D[I]) | uint64_t(D[I + 1]) << 8 | uint64_t(D[I + 2]) << 16 |
                     uint64_t(D[I + 3]) << 24));
  return L;
}

llvm::Error keccakHashBytes(ProcessState &S) {
  std::vector<uint8_t> Msg;
  if (llvm::Error E = readPackedBytes(S, Msg))
    return E;
  std::vector<Felt> L = toLimbs(keccak256(Msg));
  // d_7 is popped first, so one adv_push.8 leaves d_0 on top.
  std::reverse(L.begin(), L.end());
  S.Advice.extendStack(L);
  return llvm::Error::success();
}

llvm::Error sha512HashBytes(ProcessState &S) {
  std::vector<uint8_t> Msg;
  if (llvm::Error E = readPackedBytes(S, Msg))
    return E;
  // d_0 is popped first.
  S.Advice.extendStack(toLimbs(sha512(Msg)));
  return llvm::Error::success();
}

/// aead::decrypt: [event, NONCE, KEY, src_ptr, dst_ptr, num_blocks, ...]. Decrypts the
/// (num_blocks + 1) * 8 ciphertext elements at src_ptr with the AEAD-RPO sponge of
/// stdlib/crypto/aead.masm, checks the tag stored right after them and the padding of the last
/// block, and puts the num_blocks * 8 data elements on the advice stack (element 0 popped first,
/// so that adv_pipe stores them in order). The state is laid out as hperm sees the stack in
/// aead::encrypt: state[4 + j] = KEY element at stack depth 3 - j of its word, likewise NONCE in
/// state[8..12). An unaligned or out-of-range src_ptr fails as in Miden ("failed to read memory
/// region at addr=..., len=..."); memory never written reads as zero, where Miden fails.
llvm::Error aeadDecrypt(ProcessState &S) {
  Rpo256::State St;
  St.fill(Felt(0));
  for (unsigned J = 0; J < 4; ++J) {
    St[4 + J] = S.Stack.get(8 - J);
    St[8 + J] = S.Stack.get(4 - J);
  }
  uint64_t Src = S.Stack.get(9).value(), Blocks = S.Stack.get(11).value();
  auto ReadFailed = [](uint64_t Addr, uint64_t Len) {
    return createError("failed to read memory region at addr=" + std::to_string(Addr) +
                       ", len=" + std::to_string(Len));
  };
  // Elements of ciphertext: the data blocks and the padding block.
  uint64_t Len = (Blocks + 1) * 8;
  if (Src % 4 != 0 || Src > 0xFFFFFFFFull || Blocks >= (uint64_t(1) << 32) ||
      Src + Len > 0xFFFFFFFFull)
    return ReadFailed(Src, Len);
  uint64_t TagAddr = Src + Len;
  if (TagAddr + 4 > 0xFFFFFFFFull + 1)
    return ReadFailed(TagAddr, 4);

  // The first permutation, then the empty associated data: cap[0] += 1, rate = [1, 0, ..., 0].
  Rpo256::permute(St);
  St[0] = St[0] + Felt(1);
  for (unsigned I = 0; I < Rpo256::RateWidth; ++I)
    St[Rpo256::RateBegin + I] = Felt(I == 0 ? 1 : 0);

  std::vector<Felt> Plain;
  Plain.reserve(Len);
  for (uint64_t A = Src; A < TagAddr; A += Rpo256::RateWidth) {
    Rpo256::permute(St);
    for (unsigned I = 0; I < Rpo256::RateWidth; ++I) {
      Felt C = S.Mem.read(S.Ctx, uint32_t(A + I));
      Plain.push_back(C - St[Rpo256::RateBegin + I]);
      St[Rpo256::RateBegin + I] = C;
    }
  }
  Rpo256::permute(St);
  for (unsigned I = 0; I < 4; ++I)
    if (S.Mem.read(S.Ctx, uint32_t(TagAddr + I)) != St[Rpo256::RateBegin + I])
      return createError("authentication tag verification failed");
  // The padding block must hold a 1 (the data ends just before its last 1).
  if (std::find(Plain.end() - Rpo256::RateWidth, Plain.end(), Felt(1)) == Plain.end())
    return createError("malformed padding");
  Plain.resize(Len - Rpo256::RateWidth);
  S.Advice.extendStack(Plain);
  return llvm::Error::success();
}

} // namespace

llvm::Error registerCryptoHandlers(DefaultHost &Host) {
  if (llvm::Error E =
          Host.addEventHandler("miden::core::hash::keccak256::hash_bytes", keccakHashBytes))
    return E;
  if (llvm::Error E = Host.addEventHandler("stdlib::crypto::aead::decrypt", aeadDecrypt))
    return E;
  return Host.addEventHandler("miden::core::hash::sha512::hash_bytes", sha512HashBytes);
}

} // namespace corelib
} // namespace zkvm
