#pragma once
/// Simulated time: an integer count of seconds since the scenario's start.
/// Durations in scenario files are strings with units ("45s", "90min", "36h", "2d",
/// "1d 6h", "1.5d"); they are parsed here without allocation so the core can use them.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace cerco {

using time_s = std::int64_t;

inline constexpr time_s minute_s = 60;
inline constexpr time_s hour_s = 3600;
inline constexpr time_s day_s = 86400;
/// Latest time any scenario may reach: 100 years. Keeps every rate x time product in int64.
inline constexpr time_s time_s_max = 100LL * 365 * day_s;

enum class duration_error : std::uint8_t {
  none,
  empty,           ///< nothing but blanks
  missing_number,  ///< a unit with no number before it ("h")
  missing_unit,    ///< a number with no unit ("36")
  unknown_unit,    ///< a unit that is not s, min, h, d or w ("3 weeks")
  not_whole,       ///< the value is not a whole number of seconds ("0.5s")
  too_large,       ///< beyond time_s_max
};

struct duration_parse {
  time_s value_s = 0;
  duration_error error = duration_error::none;
  bool ok() const { return error == duration_error::none; }
};

/// Parses a duration: one or more terms of a decimal number and a unit
/// (s, min, h, d, w), optionally separated by blanks: "90min", "1d 6h", "1.5d".
/// A leading '-' is accepted only with allow_negative.
duration_parse parse_duration(std::string_view text, bool allow_negative = false);

/// A short English description of a parse error, for messages.
std::string_view describe(duration_error error);

/// Writes the duration in its largest exact units ("2d 3h", "90s", "0s") into buf and
/// returns the view of what was written (truncated to capacity). No allocation.
std::string_view format_duration(time_s value_s, char* buf, std::size_t capacity);

}  // namespace cerco
