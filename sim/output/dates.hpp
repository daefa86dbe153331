#pragma once
/// Calendar dates for display: a scenario's `start` ("YYYY-MM-DD") plus simulated
/// seconds. Proleptic Gregorian arithmetic on day counts, no locale and no time zone.
#include <cstdint>
#include <string>
#include <string_view>

#include "cerco/time.hpp"

namespace cerco {

struct civil_date {
  int year = 1970;
  int month = 1;  ///< 1..12
  int day = 1;    ///< 1..31
};

/// Parses "YYYY-MM-DD"; false when malformed or not a real date (2019-02-30).
bool parse_civil_date(std::string_view text, civil_date* out);
/// Days since 1970-01-01 (negative before).
std::int64_t days_from_civil(const civil_date& d);
civil_date civil_from_days(std::int64_t days);

/// Turns simulated seconds into dates. An unparsable start counts from 1970-01-01 so
/// that output stays well formed; has_start() says which.
class date_clock {
 public:
  explicit date_clock(std::string_view start_date);
  bool has_start() const { return has_start_; }
  /// Day number: 1 on the start day (day 1 = first 24 h).
  static std::int64_t day_number(time_s at_s) { return floor_div(at_s, day_s) + 1; }
  /// "2019-11-15".
  std::string date(time_s at_s) const;
  /// "2019-11-15 06:00".
  std::string date_time(time_s at_s) const;

 private:
  static std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
  }
  std::int64_t start_days_ = 0;
  bool has_start_ = false;
};

}  // namespace cerco
