#pragma once
/// Values with units, as scenario files write them: "32000 L", "120 t/d",
/// "0.6 L/person/d", "6 km", "30 km/h", "20 /d". Every parser returns the value in the
/// base unit of scenario.hpp or a message saying what was expected and what was given.
/// The number may be decimal, but the value in base units must be whole ("0.4 L" is an
/// error); products are checked for int64 overflow.
#include <cstdint>
#include <string>
#include <string_view>

#include "cerco/scenario.hpp"
#include "cerco/time.hpp"

namespace cerco::units {

struct parsed {
  std::int64_t value = 0;
  std::string error;  ///< empty when ok; otherwise a sentence fragment for the message
  bool ok() const { return error.empty(); }
};

enum class quantity_kind : std::uint8_t { volume, mass, count };
quantity_kind kind_of(commodity c);
/// "a volume", "a mass", "a count"
std::string_view kind_noun(quantity_kind k);
/// An example of a well-formed quantity for the commodity: "32000 L", "1200 kg", "500 cyl".
std::string_view example_quantity(commodity c);

/// A stock, a load or a capacity: L, kL, ML, m3 for fuel; kg, t for food; cyl (or none) for LPG.
parsed quantity(std::string_view text, commodity c);
/// A rate of the commodity per day: "900000 L/d", "120 t/d", "40 cyl/h" (per hour x 24).
parsed rate_per_d(std::string_view text, commodity c);
/// A per-person rate in thousandths: "0.6 L/person/d" -> 600, "0.025 /person/d" -> 25 (LPG).
parsed milli_per_person_d(std::string_view text, commodity c);
/// Events per day: "20 /d", "6/d", "2 /h".
parsed count_per_d(std::string_view text);
/// Metres: "6 km", "800 m".
parsed length_m(std::string_view text);
/// Metres per hour: "30 km/h".
parsed speed_m_per_h(std::string_view text);
/// Seconds, by cerco::parse_duration: "90min", "1d 6h", "1.5d".
parsed duration(std::string_view text, bool allow_negative = false);
/// An LPG count written as a string: "220000 cyl" or "220000".
parsed count(std::string_view text);

/// True when the text is a duration, i.e. a stock given in days of demand ("1.5d").
bool is_duration(std::string_view text);

/// Stock covering `cover_s` of a demand of `milli_per_person_d` for `population`,
/// rounded to the nearest base unit; false on overflow.
bool days_of_demand(std::int64_t population, std::int64_t milli_per_person_d, time_s cover_s,
                    std::int64_t* out);

}  // namespace cerco::units
