#include "sim/output/dates.hpp"

#include <fmt/format.h>

namespace cerco {
namespace {

bool read_digits(std::string_view text, std::size_t at, std::size_t count, int* out) {
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

int days_in_month(int year, int month) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

}  // namespace

bool parse_civil_date(std::string_view text, civil_date* out) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  civil_date d;
  if (!read_digits(text, 0, 4, &d.year) || !read_digits(text, 5, 2, &d.month) ||
      !read_digits(text, 8, 2, &d.day)) {
    return false;
  }
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month)) {
    return false;
  }
  *out = d;
  return true;
}

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
std::int64_t days_from_civil(const civil_date& d) {
  std::int64_t y = d.year - (d.month <= 2);
  std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  std::int64_t yoe = y - era * 400;
  std::int64_t mp = (d.month + 9) % 12;
  std::int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

civil_date civil_from_days(std::int64_t z) {
  z += 719468;
  std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  std::int64_t doe = z - era * 146097;
  std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  std::int64_t mp = (5 * doy + 2) / 153;
  civil_date d;
  d.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  d.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  d.year = static_cast<int>(yoe + era * 400 + (d.month <= 2));
  return d;
}

date_clock::date_clock(std::string_view start_date) {
  civil_date d;
  has_start_ = parse_civil_date(start_date, &d);
  start_days_ = has_start_ ? days_from_civil(d) : 0;
}

namespace {

/// Writes value (0..99) as two digits.
char* two_digits(char* out, std::int64_t value) {
  out[0] = static_cast<char>('0' + value / 10);
  out[1] = static_cast<char>('0' + value % 10);
  return out + 2;
}

}  // namespace

// Event logs and time series format a date for nearly every line, so the usual years
// (0..9999) are written digit by digit; fmt handles the rest.
std::string date_clock::date(time_s at_s) const {
  civil_date d = civil_from_days(start_days_ + floor_div(at_s, day_s));
  if (d.year < 0 || d.year > 9999) return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
  char text[10];
  char* p = two_digits(two_digits(text, d.year / 100), d.year % 100);
  *p++ = '-';
  p = two_digits(p, d.month);
  *p++ = '-';
  two_digits(p, d.day);
  return std::string(text, sizeof text);
}

std::string date_clock::date_time(time_s at_s) const {
  std::int64_t in_day = at_s - floor_div(at_s, day_s) * day_s;
  std::string out = date(at_s);
  char text[6] = {' '};
  two_digits(text + 1, in_day / hour_s);
  text[3] = ':';
  two_digits(text + 4, in_day % hour_s / minute_s);
  out.append(text, sizeof text);
  return out;
}

}  // namespace cerco
