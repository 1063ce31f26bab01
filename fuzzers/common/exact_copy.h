// Heap copies exactly as long as the data they hold. Handing a parser a piece of a larger buffer,
// or a std::string with its terminating NUL, would hide a read one element past the end from ASan.
#pragma once

#include <cstring>
#include <memory>
#include <string_view>

namespace nodefuzz {

template <typename T>
struct HeapArray {
  explicit HeapArray(size_t n) : size(n), data(new T[n]) {}  // new T[0] is a valid, 0-byte block
  HeapArray(const T* src, size_t n) : HeapArray(n) {
    if (n) std::memcpy(data.get(), src, n * sizeof(T));
  }
  T* get() { return data.get(); }
  const T* get() const { return data.get(); }
  size_t size;
  std::unique_ptr<T[]> data;
};

// The bytes of a string, for parsers that take a string_view.
class ExactCopy : HeapArray<char> {
 public:
  explicit ExactCopy(std::string_view bytes) : HeapArray(bytes.data(), bytes.size()) {}
  std::string_view view() const { return {get(), size}; }
};

}  // namespace nodefuzz
