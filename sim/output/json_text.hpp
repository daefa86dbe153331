#pragma once
/// Small helpers to write JSON text fast, for the line-oriented logs.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace cerco {

/// Appends `text` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);
/// Appends a decimal integer (no locale, no allocation beyond `out`).
void append_int(std::string& out, std::int64_t value);
/// Appends num / den with three decimals, rounded half up, exact in integers (den > 0,
/// num >= 0).
void append_ratio3(std::string& out, std::int64_t num, std::int64_t den);
/// "0123456789abcdef": a 64-bit hash as 16 hex digits.
std::string hex64(std::uint64_t value);

/// A growing text buffer written through a raw pointer, so that each piece is a copy
/// without a capacity check: reserve(n) before writing up to n more bytes. Unlike a
/// std::string it never fills what it reserves. For the output files' millions of small
/// pieces.
class text_buffer {
 public:
  void clear() { size_ = 0; }
  void reserve(std::size_t n) {
    if (capacity_ - size_ < n) grow(n);
  }
  void put(std::string_view text) {
    text.copy(data_.get() + size_, text.size());
    size_ += text.size();
  }
  void put(char c) { data_[size_++] = c; }
  /// A decimal integer; needs 20 bytes reserved.
  void put_int(std::int64_t value);
  /// num / den with three decimals (see append_ratio3); needs 24 bytes reserved.
  void put_ratio3(std::int64_t num, std::int64_t den);
  std::string_view view() const { return {data_.get(), size_}; }

 private:
  void grow(std::size_t n);
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0, capacity_ = 0;
};

}  // namespace cerco
