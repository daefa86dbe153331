#include "sim/output/json_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

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

void append_int(std::string& out, std::int64_t value) {
  // Two digits at a time from the right: the output files are mostly integers.
  static constexpr char pairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  char buf[24];
  char* end = buf + sizeof buf;
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
  out.append(p, static_cast<std::size_t>(end - p));
}

void append_ratio3(std::string& out, std::int64_t num, std::int64_t den) {
  // Thousandths: floor((1000 rest + den / 2) / den), which is the rounding of the exact
  // quotient half up (for odd den the halves cannot tie). 64-bit arithmetic while
  // 1000 rest fits, 128-bit beyond.
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
  append_int(out, whole);
  char frac[5] = {'.', static_cast<char>('0' + milli / 100),
                  static_cast<char>('0' + milli / 10 % 10), static_cast<char>('0' + milli % 10), 0};
  out.append(frac, 4);
}

std::string hex64(std::uint64_t value) {
  return fmt::format("{:016x}", value);
}

}  // namespace cerco
