#include "sim/output/json_text.hpp"

#include <fmt/format.h>

#include <charconv>

namespace cerco {

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
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
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, r.ptr);
}

void append_ratio3(std::string& out, std::int64_t num, std::int64_t den) {
  // Thousandths, computed without overflow for any stock a scenario may hold.
  std::int64_t whole = num / den, rest = num % den;
  std::int64_t milli = static_cast<std::int64_t>(
      (static_cast<long double>(rest) * 1000 + static_cast<long double>(den) / 2) / den);
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
