#include "sim/output/json_text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace cerco {

namespace {

bool needs_escape(char ch) {
  return ch == '"' || ch == '\\' || static_cast<unsigned char>(ch) < 0x20;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  // Most text needs no escape: copy it whole.
  if (std::none_of(text.begin(), text.end(), needs_escape)) {
    out += text;
    out += '"';
    return;
  }
  for (char ch : text) {
    auto u = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (u < 0x20) {
      out += "\\u00";
      out += hex[u >> 4];
      out += hex[u & 15];
    } else {
      out += ch;
    }
  }
  out += '"';
}

namespace {

/// Writes value's decimal digits so that they end at `end`; returns where they begin
/// (at most 20 bytes before). Two digits at a time: the output files are mostly integers.
char* int_digits(char* end, std::int64_t value) {
  static constexpr char pairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  char* p = end;
  std::uint64_t u =
      value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  while (u >= 100) {
    const std::size_t pair = static_cast<std::size_t>(u % 100) * 2;
    u /= 100;
    *--p = pairs[pair + 1];
    *--p = pairs[pair];
  }
  if (u >= 10) {
    *--p = pairs[u * 2 + 1];
    *--p = pairs[u * 2];
  } else {
    *--p = static_cast<char>('0' + u);
  }
  if (value < 0) *--p = '-';
  return p;
}

/// num / den with three decimals into `out` (24 bytes); returns the length.
/// Thousandths: floor((1000 rest + den / 2) / den), which is the rounding of the exact
/// quotient half up (for odd den the halves cannot tie); 64-bit arithmetic while
/// 1000 rest fits, 128-bit beyond.
std::size_t ratio3_text(char* out, std::int64_t num, std::int64_t den) {
  __extension__ using i128 = __int128;
  std::int64_t whole = num / den, rest = num % den;
  constexpr std::int64_t fits = INT64_MAX / 1000 - 1;
  std::int64_t milli =
      rest < fits && den < fits
          ? (rest * 1000 + den / 2) / den
          : static_cast<std::int64_t>((static_cast<i128>(rest) * 1000 + den / 2) / den);
  if (milli >= 1000) {
    whole += 1;
    milli -= 1000;
  }
  char digits[24];
  char* end = digits + sizeof digits;
  char* begin = int_digits(end, whole);
  const auto n = static_cast<std::size_t>(end - begin);
  std::copy(begin, end, out);
  out[n] = '.';
  out[n + 1] = static_cast<char>('0' + milli / 100);
  out[n + 2] = static_cast<char>('0' + milli / 10 % 10);
  out[n + 3] = static_cast<char>('0' + milli % 10);
  return n + 4;
}

}  // namespace

void text_buffer::put_int(std::int64_t value) {
  char digits[24];
  char* end = digits + sizeof digits;
  char* begin = int_digits(end, value);
  put(std::string_view(begin, static_cast<std::size_t>(end - begin)));
}

void text_buffer::put_ratio3(std::int64_t num, std::int64_t den) {
  size_ += ratio3_text(data_.get() + size_, num, den);
}

void text_buffer::grow(std::size_t n) {
  const std::size_t capacity = std::max(2 * capacity_, size_ + n);
  auto data = std::make_unique<char[]>(capacity);
  std::copy_n(data_.get(), size_, data.get());
  data_ = std::move(data);
  capacity_ = capacity;
}

void append_int(std::string& out, std::int64_t value) {
  char digits[24];
  char* end = digits + sizeof digits;
  char* begin = int_digits(end, value);
  out.append(begin, end);
}

void append_ratio3(std::string& out, std::int64_t num, std::int64_t den) {
  char text[24];
  out.append(text, ratio3_text(text, num, den));
}

std::string hex64(std::uint64_t value) {
  return fmt::format("{:016x}", value);
}

}  // namespace cerco
