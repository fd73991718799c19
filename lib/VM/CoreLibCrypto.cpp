//===- CoreLibCrypto.cpp - Event handlers of miden::core (Crypto) ------===//
//
// Host side of the hash precompiles of miden::core::crypto::hashes
// (stdlib/crypto/hashes/{keccak256,sha512}.masm). Both events see
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
#include "zkvm/Crypto/Sha512.h"
#include "zkvm/Support/Error.h"
#include "zkvm/VM/CoreLibrary.h"

#include <algorithm>
#include <string>
#include <vector>

namespace zkvm {
namespace corelib {

namespace {

/// Reads the u32-packed message of [event, ptr, len_bytes, ...] into Out.
llvm::Error readPackedBytes(const ProcessState &S, std::vector<uint8_t> &Out) {
  uint64_t Ptr = S.Stack.get(1).value();
  uint64_t Len = S.Stack.get(2).value();
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

} // namespace

llvm::Error registerCryptoHandlers(DefaultHost &Host) {
  if (llvm::Error E =
          Host.addEventHandler("miden::core::hash::keccak256::hash_bytes", keccakHashBytes))
    return E;
  return Host.addEventHandler("miden::core::hash::sha512::hash_bytes", sha512HashBytes);
}

} // namespace corelib
} // namespace zkvm
