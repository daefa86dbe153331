// cerco-test-links: cerco_engine
#include <catch2/catch.hpp>
#include <string>

#include "cerco/time.hpp"

using cerco::duration_error;
using cerco::parse_duration;

namespace {

cerco::time_s seconds_of(std::string_view text, bool allow_negative = false) {
  cerco::duration_parse p = parse_duration(text, allow_negative);
  INFO("text: \"" << std::string(text) << "\" error: " << std::string(cerco::describe(p.error)));
  REQUIRE(p.ok());
  return p.value_s;
}

duration_error error_of(std::string_view text, bool allow_negative = false) {
  return parse_duration(text, allow_negative).error;
}

std::string format(cerco::time_s v) {
  char buf[64];
  return std::string(cerco::format_duration(v, buf, sizeof buf));
}

}  // namespace

TEST_CASE("durations with each unit", "[time]") {
  CHECK(seconds_of("45s") == 45);
  CHECK(seconds_of("90min") == 5400);
  CHECK(seconds_of("36h") == 36 * 3600);
  CHECK(seconds_of("2d") == 2 * 86400);
  CHECK(seconds_of("1w") == 7 * 86400);
  CHECK(seconds_of("0s") == 0);
}

TEST_CASE("compound durations and blanks", "[time]") {
  CHECK(seconds_of("1d 6h") == 86400 + 6 * 3600);
  CHECK(seconds_of("2d12h") == 2 * 86400 + 12 * 3600);
  CHECK(seconds_of("1h 30min 15s") == 3600 + 1800 + 15);
  CHECK(seconds_of("  36 h  ") == 36 * 3600);
  CHECK(seconds_of("90 min") == 5400);
  CHECK(seconds_of("1d\t2h") == 86400 + 7200);
}

TEST_CASE("decimal durations are exact", "[time]") {
  CHECK(seconds_of("1.5d") == 129600);
  CHECK(seconds_of("0.25h") == 900);
  CHECK(seconds_of("1.50min") == 90);
  CHECK(seconds_of("0.001min 0.94s") == 1);  // 0.06 s + 0.94 s: whole only in total
  CHECK(seconds_of("2.0000000000000000000000h") == 7200);
  // 0.1 is not representable in binary floating point; the parse must not round.
  CHECK(seconds_of("0.1min") == 6);
  CHECK(seconds_of("0.3h") == 1080);
}

TEST_CASE("negative durations only when allowed", "[time]") {
  CHECK(seconds_of("-2h", true) == -7200);
  CHECK(seconds_of("- 1d 6h", true) == -(86400 + 6 * 3600));
  CHECK(error_of("-2h") == duration_error::missing_number);
  CHECK(error_of("-", true) == duration_error::missing_number);
}

TEST_CASE("duration errors", "[time]") {
  CHECK(error_of("") == duration_error::empty);
  CHECK(error_of("   ") == duration_error::empty);
  CHECK(error_of("h") == duration_error::missing_number);
  CHECK(error_of("1d h") == duration_error::missing_number);
  CHECK(error_of(".5h") == duration_error::missing_number);
  CHECK(error_of("36") == duration_error::missing_unit);
  CHECK(error_of("1d 6") == duration_error::missing_unit);
  CHECK(error_of("1 2h") == duration_error::missing_unit);
  CHECK(error_of("1,5d") == duration_error::missing_unit);
  CHECK(error_of("3 weeks") == duration_error::unknown_unit);
  CHECK(error_of("5m") == duration_error::unknown_unit);
  CHECK(error_of("5H") == duration_error::unknown_unit);
  CHECK(error_of("0.5s") == duration_error::not_whole);
  CHECK(error_of("0.0001min") == duration_error::not_whole);
  CHECK(error_of("1.0000000001s") == duration_error::not_whole);
  CHECK(error_of("101.0000000001s 1d") == duration_error::not_whole);
  CHECK(error_of("36600d") == duration_error::too_large);
  CHECK(error_of("99999999999999999999999999s") == duration_error::too_large);
  CHECK(error_of("36000d 36000d") == duration_error::too_large);
}

TEST_CASE("the limit is exactly time_s_max", "[time]") {
  CHECK(seconds_of("36500d") == cerco::time_s_max);
  CHECK(seconds_of("36499d 86400s") == cerco::time_s_max);
  CHECK(error_of("36500d 1s") == duration_error::too_large);
  CHECK(seconds_of("-36500d", true) == -cerco::time_s_max);
}

TEST_CASE("every error has a description", "[time]") {
  for (auto e :
       {duration_error::empty, duration_error::missing_number, duration_error::missing_unit,
        duration_error::unknown_unit, duration_error::not_whole, duration_error::too_large}) {
    CHECK(cerco::describe(e).size() > 10);
  }
}

TEST_CASE("formatting uses the largest exact units", "[time]") {
  CHECK(format(0) == "0s");
  CHECK(format(45) == "45s");
  CHECK(format(90) == "1min 30s");
  CHECK(format(5400) == "1h 30min");
  CHECK(format(2 * 86400 + 3 * 3600) == "2d 3h");
  CHECK(format(21 * 86400) == "21d");
  CHECK(format(86400 + 1) == "1d 1s");
  CHECK(format(-7200) == "-2h");
  CHECK(format(INT64_MIN) == "-106751991167300d 15h 30min 8s");
}

TEST_CASE("formatting truncates at the buffer's capacity", "[time]") {
  char buf[4];
  CHECK(cerco::format_duration(2 * 86400 + 3 * 3600, buf, sizeof buf) == "2d 3");
  CHECK(cerco::format_duration(45, buf, 0).empty());
}

TEST_CASE("format then parse is the identity", "[time]") {
  // A deterministic spread over the whole range, both signs, plus the edges.
  std::uint64_t x = 0x1234567;
  for (int i = 0; i < 20000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    cerco::time_s v = static_cast<cerco::time_s>((x >> 11) % (cerco::time_s_max + 1));
    if (i % 3 == 0) v %= 100000;
    if (i % 2 == 0) v = -v;
    std::string text = format(v);
    INFO(text);
    CHECK(seconds_of(text, true) == v);
  }
  CHECK(seconds_of(format(cerco::time_s_max)) == cerco::time_s_max);
}
