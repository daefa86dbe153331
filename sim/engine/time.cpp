#include "cerco/time.hpp"

namespace cerco {
namespace {

/// Durations are summed exactly in nanoseconds: 10^9 covers every decimal that can
/// still give whole seconds in a compound ("0.5min 0.5s" is not whole, "1.5s 0.5s" is),
/// and time_s_max x 10^9 (3.2e18) still fits in int64.
constexpr std::int64_t ns_per_s = 1000000000;
constexpr int fraction_digits_max = 9;

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// Seconds per unit, or 0 for an unknown unit.
time_s unit_seconds(std::string_view unit) {
  if (unit == "s") return 1;
  if (unit == "min") return minute_s;
  if (unit == "h") return hour_s;
  if (unit == "d") return day_s;
  if (unit == "w") return 7 * day_s;
  return 0;
}

/// One decimal number as read from the text: whole part and fraction digits.
struct decimal {
  std::int64_t whole = 0;     ///< saturates above time_s_max (then too_large)
  std::int64_t fraction = 0;  ///< the fraction digits as an integer, trailing zeros dropped
  int digits = 0;             ///< significant fraction digits; > 9 means not whole
};

/// Reads digits [ '.' digits ] at text[i]; text[i] is a digit.
decimal read_decimal(std::string_view text, std::size_t& i) {
  decimal d;
  for (; i < text.size() && is_digit(text[i]); ++i) {
    if (d.whole <= time_s_max) d.whole = d.whole * 10 + (text[i] - '0');
  }
  if (i + 1 < text.size() && text[i] == '.' && is_digit(text[i + 1])) {
    int zeros = 0;  // zeros seen but not yet known to be trailing
    for (++i; i < text.size() && is_digit(text[i]); ++i) {
      if (text[i] == '0') {
        ++zeros;
        continue;
      }
      for (; zeros > 0 && d.digits <= fraction_digits_max; --zeros, ++d.digits) d.fraction *= 10;
      if (d.digits <= fraction_digits_max) d.fraction = d.fraction * 10 + (text[i] - '0');
      ++d.digits;
      zeros = 0;
    }
  }
  return d;
}

/// The term's value in nanoseconds, or an error.
duration_error term_ns(const decimal& d, time_s unit_s, std::int64_t& out_ns) {
  if (d.whole > time_s_max / unit_s) return duration_error::too_large;
  if (d.digits > fraction_digits_max) return duration_error::not_whole;
  std::int64_t scale = 1;
  for (int k = d.digits; k < fraction_digits_max; ++k) scale *= 10;
  out_ns = d.whole * unit_s * ns_per_s + d.fraction * unit_s * scale;
  return duration_error::none;
}

/// Reads one term (number, blanks, unit) at text[i], which is not blank.
duration_error read_term(std::string_view text, std::size_t& i, std::int64_t& out_ns) {
  if (!is_digit(text[i])) return duration_error::missing_number;
  decimal d = read_decimal(text, i);
  while (i < text.size() && is_blank(text[i])) ++i;
  std::size_t unit_begin = i;
  while (i < text.size() && is_letter(text[i])) ++i;
  if (i == unit_begin) return duration_error::missing_unit;
  time_s unit_s = unit_seconds(text.substr(unit_begin, i - unit_begin));
  if (unit_s == 0) return duration_error::unknown_unit;
  return term_ns(d, unit_s, out_ns);
}

duration_parse failure(duration_error e) {
  return duration_parse{0, e};
}

}  // namespace

duration_parse parse_duration(std::string_view text, bool allow_negative) {
  std::size_t i = 0;
  while (i < text.size() && is_blank(text[i])) ++i;
  if (i == text.size()) return failure(duration_error::empty);
  bool negative = false;
  if (allow_negative && text[i] == '-') {
    negative = true;
    ++i;
    while (i < text.size() && is_blank(text[i])) ++i;
    if (i == text.size()) return failure(duration_error::missing_number);
  }
  std::int64_t total_ns = 0;
  while (i < text.size()) {
    std::int64_t ns = 0;
    duration_error e = read_term(text, i, ns);
    if (e != duration_error::none) return failure(e);
    if (ns > time_s_max * ns_per_s - total_ns) return failure(duration_error::too_large);
    total_ns += ns;
    while (i < text.size() && is_blank(text[i])) ++i;
  }
  if (total_ns % ns_per_s != 0) return failure(duration_error::not_whole);
  time_s value_s = total_ns / ns_per_s;
  return duration_parse{negative ? -value_s : value_s, duration_error::none};
}

std::string_view describe(duration_error error) {
  switch (error) {
    case duration_error::none:
      return "no error";
    case duration_error::empty:
      return "empty duration; expected a number and a unit such as \"90min\"";
    case duration_error::missing_number:
      return "expected a number before the unit, as in \"36h\"";
    case duration_error::missing_unit:
      return "a number needs a unit: s, min, h, d or w (as in \"36h\")";
    case duration_error::unknown_unit:
      return "unknown unit; expected s, min, h, d or w";
    case duration_error::not_whole:
      return "not a whole number of seconds";
    case duration_error::too_large:
      return "duration too large (the limit is 100 years)";
  }
  return "unknown duration error";
}

namespace {

/// Appends to a fixed buffer, silently truncating at capacity.
struct writer {
  char* buf;
  std::size_t capacity;
  std::size_t used = 0;
  void put(char c) {
    if (used < capacity) buf[used++] = c;
  }
  void put_uint(std::uint64_t v) {
    char digits[20];
    int n = 0;
    do {
      digits[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (n > 0) put(digits[--n]);
  }
  void put_text(std::string_view s) {
    for (char c : s) put(c);
  }
};

}  // namespace

std::string_view format_duration(time_s value_s, char* buf, std::size_t capacity) {
  writer w{buf, capacity};
  // Unsigned magnitude so that INT64_MIN prints instead of overflowing.
  std::uint64_t rest = static_cast<std::uint64_t>(value_s);
  if (value_s < 0) {
    w.put('-');
    rest = 0 - rest;
  }
  if (rest == 0) w.put_text("0s");
  struct unit {
    std::uint64_t seconds;
    std::string_view name;
  };
  // Weeks are not printed: "21d" reads better than "3w" for a scenario's span.
  constexpr unit units[] = {{day_s, "d"}, {hour_s, "h"}, {minute_s, "min"}, {1, "s"}};
  for (const unit& u : units) {
    std::uint64_t count = rest / u.seconds;
    if (count == 0) continue;
    rest -= count * u.seconds;
    if (w.used > 0 && w.buf[w.used - 1] != '-') w.put(' ');
    w.put_uint(count);
    w.put_text(u.name);
  }
  return std::string_view(buf, w.used);
}

}  // namespace cerco
