// A heap copy exactly as long as the bytes it holds. Handing a parser a piece of a larger buffer,
// or a std::string with its terminating NUL, would hide a read one byte past the end from ASan.
#pragma once

#include <cstring>
#include <memory>
#include <string_view>

namespace nodefuzz {

class ExactCopy {
 public:
  explicit ExactCopy(std::string_view bytes) : data_(new char[bytes.size()]), size_(bytes.size()) {
    if (size_) std::memcpy(data_.get(), bytes.data(), size_);
  }
  std::string_view view() const { return {data_.get(), size_}; }

 private:
  std::unique_ptr<char[]> data_;
  size_t size_;
};

}  // namespace nodefuzz
