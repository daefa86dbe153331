#pragma once
/// Display names for the ids a record carries. Which table `subject` and `other` index
/// depends on the record's kind (see observer.hpp); this is the one place that knows it.
#include <cstdint>
#include <string>

#include "cerco/observer.hpp"
#include "cerco/scenario.hpp"

namespace cerco {

enum class id_kind : std::uint8_t {
  none,
  node,
  truck,
  blockade,
  airlift,
  convoy,
  rationing,
  rule,
  negotiation
};

/// How one record kind is written: the JSON key and table of `subject` and `other`, the
/// key of `amount` and `value` (nullptr when unused), and whether `what` matters.
struct record_layout {
  const char* subject_key = nullptr;
  id_kind subject = id_kind::none;
  const char* other_key = nullptr;
  id_kind other = id_kind::none;
  const char* amount_key = nullptr;
  const char* value_key = nullptr;
  bool has_commodity = false;
};
const record_layout& layout_of(record_kind k);

/// The scenario's id for an index of the given table ("senkata_gate"); trucks are
/// numbered fleet by fleet in the scenario's order ("senkata_tankers#3"); negotiations
/// have no id and are named by their parties ("talks(senkata_gate,...)").
std::string entity_name(const scenario& s, id_kind kind, std::uint32_t index);

/// The display name of a city ("La Paz"), or "-" for no_index.
std::string city_name(const scenario& s, std::uint32_t city);
/// "La Paz" -> "la_paz": for file names.
std::string slug(const std::string& text);

/// Unit of a condition's measure: "s" for times, the commodity's unit for quantities.
const char* measure_unit(measure_kind m, commodity c);
const char* measure_name(measure_kind m);

}  // namespace cerco
