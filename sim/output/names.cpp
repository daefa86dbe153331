#include "sim/output/names.hpp"

#include <array>

namespace cerco {
namespace {

using ik = id_kind;

constexpr std::array<record_layout, record_kind_count> layouts = {{
    {"node", ik::node, nullptr, ik::none, nullptr, nullptr, true},           // stock_out
    {"node", ik::node, nullptr, ik::none, nullptr, nullptr, true},           // restocked
    {"node", ik::node, "supplier", ik::node, "amount", nullptr, true},       // order_placed
    {"truck", ik::truck, "from", ik::node, "amount", nullptr, true},         // truck_departed
    {"truck", ik::truck, "blockade", ik::blockade, nullptr, nullptr, true},  // truck_stopped
    {"truck", ik::truck, "blockade", ik::blockade, nullptr, nullptr, true},  // truck_rerouted
    {"truck", ik::truck, "blockade", ik::blockade, nullptr, nullptr, true},  // turned_back
    {"node", ik::node, "truck", ik::truck, "amount", nullptr, true},         // delivery
    {"node", ik::node, nullptr, ik::none, "amount", nullptr, true},          // import_arrived
    {"node", ik::node, nullptr, ik::none, "amount", nullptr, true},          // spoiled
    {"blockade", ik::blockade, nullptr, ik::none, "participants", nullptr, false},  // started
    {"blockade", ik::blockade, nullptr, ik::none, nullptr, nullptr, false},         // paused
    {"blockade", ik::blockade, nullptr, ik::none, nullptr, nullptr, false},         // lifted
    {"blockade", ik::blockade, nullptr, ik::none, "participants", "strength_ppm", false},
    {"airlift", ik::airlift, nullptr, ik::none, nullptr, nullptr, false},        // started
    {"airlift", ik::airlift, nullptr, ik::none, nullptr, nullptr, false},        // stopped
    {"airlift", ik::airlift, "node", ik::node, "amount", nullptr, true},         // flight_landed
    {"convoy", ik::convoy, "from", ik::node, "vehicles", nullptr, false},        // departed
    {"convoy", ik::convoy, "blockade", ik::blockade, "deaths", nullptr, false},  // broke_through
    {"convoy", ik::convoy, "blockade", ik::blockade, "deaths", nullptr, false},  // stopped
    {"convoy", ik::convoy, "node", ik::node, nullptr, nullptr, false},           // arrived
    {"rationing", ik::rationing, nullptr, ik::none, nullptr, nullptr, false},    // started
    {"rationing", ik::rationing, nullptr, ik::none, nullptr, nullptr, false},    // ended
    {"rule", ik::rule, nullptr, ik::none, nullptr, nullptr, false},              // trigger_fired
    {"negotiation", ik::negotiation, nullptr, ik::none, nullptr, "success_ppm", false},
    {"negotiation", ik::negotiation, nullptr, ik::none, nullptr, nullptr, false},  // succeeded
    {"negotiation", ik::negotiation, nullptr, ik::none, nullptr, nullptr, false},  // failed
    {"negotiation", ik::negotiation, nullptr, ik::none, nullptr, nullptr, false},  // reneged
    {"blockade", ik::blockade, nullptr, ik::none, "participants_left", nullptr, false},
    {"blockade", ik::blockade, nullptr, ik::none, "participants", nullptr, false},
}};

template <class T>
std::string id_or_index(const std::vector<T>& table, std::uint32_t index, const char* prefix) {
  if (index < table.size() && !table[index].id.empty()) return table[index].id;
  return std::string(prefix) + "#" + std::to_string(index);
}

std::string truck_name(const scenario& s, std::uint32_t index) {
  std::uint32_t first = 0;
  for (const fleet_spec& f : s.fleets) {
    if (index < first + f.trucks) return f.id + "#" + std::to_string(index - first);
    first += f.trucks;
  }
  return "import#" + std::to_string(index - first);  // import trucks follow the fleets
}

std::string negotiation_name(const scenario& s, std::uint32_t index) {
  if (index >= s.negotiations.size()) return "talks#" + std::to_string(index);
  std::string name = "talks(";
  const negotiation_spec& n = s.negotiations[index];
  for (std::size_t i = 0; i < n.parties.size(); ++i) {
    if (i > 0) name += ',';
    name += id_or_index(s.blockades, n.parties[i], "blockade");
  }
  return name + ")";
}

}  // namespace

const record_layout& layout_of(record_kind k) {
  static constexpr record_layout none{};
  auto i = static_cast<std::size_t>(k);
  return i < layouts.size() ? layouts[i] : none;
}

std::string entity_name(const scenario& s, id_kind kind, std::uint32_t index) {
  if (index == no_index) return "";
  switch (kind) {
    case id_kind::node:
      return id_or_index(s.nodes, index, "node");
    case id_kind::truck:
      return truck_name(s, index);
    case id_kind::blockade:
      return id_or_index(s.blockades, index, "blockade");
    case id_kind::airlift:
      return id_or_index(s.airlifts, index, "airlift");
    case id_kind::convoy:
      return id_or_index(s.convoys, index, "convoy");
    case id_kind::rationing:
      return id_or_index(s.rationings, index, "rationing");
    case id_kind::rule:
      return id_or_index(s.rules, index, "rule");
    case id_kind::negotiation:
      return negotiation_name(s, index);
    case id_kind::none:
      break;
  }
  return std::to_string(index);
}

std::string city_name(const scenario& s, std::uint32_t city) {
  if (city >= s.cities.size()) return "-";
  return s.cities[city].name;
}

std::string slug(const std::string& text) {
  std::string out;
  for (char ch : text) {
    bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    if (ch >= 'A' && ch <= 'Z') {
      out += static_cast<char>(ch - 'A' + 'a');
    } else if (alnum) {
      out += ch;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? "city" : out;
}

const char* measure_unit(measure_kind m, commodity c) {
  switch (m) {
    case measure_kind::stock:
    case measure_kind::unmet:
      return commodity_units[static_cast<int>(c)];
    case measure_kind::cover:
    case measure_kind::hours_short:
    case measure_kind::blockade_age:
    case measure_kind::time:
      return "s";
    case measure_kind::served_share:
      return "ppm";
    case measure_kind::participants:
      return "people";
    case measure_kind::casualties:
      return "deaths";
    case measure_kind::negotiating:
    case measure_kind::agreement:
      return "flag";
  }
  return "";
}

const char* measure_name(measure_kind m) {
  static constexpr const char* names[] = {
      "stock",        "cover",      "unmet", "hours_short", "served_share", "blockade_age",
      "participants", "casualties", "time",  "negotiating", "agreement"};
  auto i = static_cast<std::size_t>(m);
  return i < std::size(names) ? names[i] : "measure";
}

}  // namespace cerco
