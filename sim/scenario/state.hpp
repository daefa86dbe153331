#pragma once
/// The loader's passes over a parsed document. Each pass reads one part of the format,
/// reports what is wrong through the context and fills the scenario; ids of every kind
/// are collected first so that references may point forwards in the file.
#include <toml++/toml.h>

#include "sim/scenario/context.hpp"

namespace cerco::load_detail {

/// One [[kind]] element: its table (nullptr when the element is not a table) and name.
struct element {
  const toml::table* t = nullptr;
  std::string owner;  ///< "[[node]] `el_alto_d8`" or "[[node]] #3"
  table_ref ref() const { return {t, owner, {}}; }
};

struct state {
  state(context& c, const toml::table& r) : cx(c), root(r) {}
  context& cx;
  const toml::table& root;
  scenario sc;
  id_table nodes{"node", {}}, roads{"road", {}}, fleets{"fleet", {}}, blockades{"blockade", {}},
      airlifts{"airlift", {}}, convoys{"convoy", {}}, rationings{"rationing", {}},
      events{"event", {}}, triggers{"trigger", {}};
  std::vector<element> node_el, road_el, fleet_el, blockade_el, airlift_el, convoy_el, rationing_el,
      event_el, trigger_el;
};

/// Checks every key and string of the document against text_bytes_max; false when one is
/// longer, and the passes that read them do not run.
bool check_text_sizes(context& cx, const toml::table& root);
/// Collects the elements and ids of every [[kind]] and checks counts against the limits.
void collect(state& s);
void load_header(state& s);  ///< [scenario]
void load_nodes(state& s);   ///< [[node]] but reorder and arrivals
void load_supply(state& s);  ///< reorder and arrivals (need fleets)
void load_roads(state& s);
void load_fleets(state& s);
void load_blockades(state& s);
void load_airlifts(state& s);
void load_convoys(state& s);
void load_rationings(state& s);
void load_protest(state& s);
void load_rules(state& s);  ///< [[event]] and [[trigger]]

/// A distribution of durations: a duration string or a { dist = ... } table.
std::optional<dist_spec> read_dist(context& cx, const table_ref& tr, std::string_view key,
                                   bool required);
/// A scope string resolved against the scenario's nodes, cities and blockades.
std::optional<scope_spec> read_scope(state& s, const table_ref& tr, std::string_view key,
                                     bool required);

/// One { action = ... } table of a rule's `then`.
std::optional<action_spec> read_action(state& s, const table_ref& tr);

/// Applies --set flags to the document before validation.
void apply_overrides(context& cx, toml::table& root, const std::vector<override_kv>& overrides);

}  // namespace cerco::load_detail

namespace cerco::load_detail {

/// Quantities stay below this so that sums over a run stay far inside int64 (base units).
inline constexpr std::int64_t quantity_max = 1'000'000'000'000'000;  // 1e15

/// A quantity of `c` (or, when `node` is given, days of that node's demand: "1.5d"),
/// at least 0 and at most quantity_max.
std::optional<std::int64_t> quantity_value(context& cx, const toml::node& n,
                                           const std::string& field, commodity c,
                                           const node_spec* node);
/// Calls fn(commodity, value node, field name) for each entry of a commodity table.
void for_each_commodity(
    context& cx, const table_ref& tr, std::string_view key,
    const std::function<void(commodity, const toml::node&, const std::string&)>& fn);

}  // namespace cerco::load_detail
