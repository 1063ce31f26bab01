// Reads a target's option bytes from the front of a fuzz input; what is left is the payload.
// Running out of bytes yields zeros, so every input is valid and short inputs mean "defaults".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace nodefuzz {

class InputReader {
 public:
  InputReader(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  uint8_t TakeByte() { return pos_ < size_ ? data_[pos_++] : 0; }

  uint16_t TakeU16() {  // little-endian
    const uint16_t low = TakeByte();
    return static_cast<uint16_t>(low | (TakeByte() << 8));
  }

  // Up to n bytes (fewer when the input ends first).
  std::string_view Take(size_t n) {
    const size_t available = pos_ < size_ ? size_ - pos_ : 0;
    const size_t taken = n < available ? n : available;
    std::string_view bytes(reinterpret_cast<const char*>(data_ + pos_), taken);
    pos_ += taken;
    return bytes;
  }

  std::string_view Rest() const {
    return pos_ < size_
               ? std::string_view(reinterpret_cast<const char*>(data_ + pos_), size_ - pos_)
               : std::string_view();
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

}  // namespace nodefuzz
