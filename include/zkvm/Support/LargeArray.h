//===- zkvm/Support/LargeArray.h - Uninitialized arrays on huge pages ------===//
//
// Prover buffers (LDE matrices, Merkle nodes) are hundreds of megabytes that
// are written once, in parallel. Zero-filling them first, or faulting them in
// 4 KiB at a time, costs as much as the hashing itself on a VM, so large
// arrays are left uninitialized, 2 MiB aligned and advised to use transparent
// huge pages.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_SUPPORT_LARGEARRAY_H
#define ZKVM_SUPPORT_LARGEARRAY_H

#include <cstddef>
#include <memory>
#include <type_traits>

namespace zkvm {

namespace detail {
void *allocateLarge(size_t Bytes);
void freeLarge(void *Ptr);
struct LargeFree {
  void operator()(void *Ptr) const { freeLarge(Ptr); }
};
} // namespace detail

/// A fixed-size array of trivially copyable T (plain values such as Felt and
/// digests) with unspecified initial contents: every element must be written
/// before it is read.
template <class T> class LargeArray {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                "LargeArray skips construction and destruction");

public:
  LargeArray() = default;
  explicit LargeArray(size_t N)
      : Data(static_cast<T *>(detail::allocateLarge(N * sizeof(T)))), Size(N) {}

  T *data() { return Data.get(); }
  const T *data() const { return Data.get(); }
  size_t size() const { return Size; }
  T &operator[](size_t I) { return Data.get()[I]; }
  const T &operator[](size_t I) const { return Data.get()[I]; }
  T *begin() { return data(); }
  T *end() { return data() + Size; }
  const T *begin() const { return data(); }
  const T *end() const { return data() + Size; }

private:
  std::unique_ptr<T, detail::LargeFree> Data;
  size_t Size = 0;
};

} // namespace zkvm

#endif // ZKVM_SUPPORT_LARGEARRAY_H
