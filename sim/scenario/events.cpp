#include <cmath>

#include "sim/scenario/state.hpp"
#include "sim/scenario/text.hpp"

namespace cerco::load_detail {
namespace {

constexpr double inf = HUGE_VAL;

/// start and end: optional durations; end after start when both are given.
void read_window(context& cx, const table_ref& tr, std::string_view start_key, time_s* start_s,
                 time_s* end_s) {
  *start_s = read_duration(cx, tr, start_key, false).value_or(-1);
  *end_s = read_duration(cx, tr, "end", false).value_or(-1);
  if (*end_s >= 0 && *start_s >= 0 && *end_s <= *start_s) {
    cx.error_at(tr.get("end"), tr.field("end") + " must be after `" + std::string(start_key) +
                                   "` (" + show(*tr.get("end")) +
                                   " <= " + show(*tr.get(start_key)) + ")");
  }
}

blockade_spec load_blockade(state& s, std::size_t i) {
  context& cx = s.cx;
  const table_ref tr = s.blockade_el[i].ref();
  blockade_spec b;
  check_keys(cx, tr, schema::keys_of("blockade"));
  b.id = s.blockades.ids[i];
  const bool has_node = tr.get("node") != nullptr, has_road = tr.get("road") != nullptr;
  if (has_node == has_road) {
    cx.error_at(tr.t, tr.where() + ": give exactly one of `node` and `road`" +
                          (has_node ? " (both are given)" : " (neither is given)"));
  }
  b.node = read_ref(cx, tr, "node", s.nodes, false).value_or(no_index);
  b.road = read_ref(cx, tr, "road", s.roads, false).value_or(no_index);
  read_window(cx, tr, "start", &b.start_s, &b.end_s);
  b.strength = read_real(cx, tr, "strength", 0, 1, false).value_or(1.0);
  b.participants = read_int(cx, tr, "participants", 0, 100'000'000, false).value_or(0);
  return b;
}

airlift_spec load_airlift(state& s, std::size_t i) {
  context& cx = s.cx;
  const table_ref tr = s.airlift_el[i].ref();
  airlift_spec a;
  check_keys(cx, tr, schema::keys_of("airlift"));
  a.id = s.airlifts.ids[i];
  a.to = read_ref(cx, tr, "to", s.nodes, true).value_or(no_index);
  if (a.to != no_index && s.sc.nodes[a.to].kind != node_kind::airport) {
    cx.error_at(tr.get("to"), tr.field("to") + ": node `" + s.nodes.ids[a.to] + "` is a " +
                                  node_kind_names[int(s.sc.nodes[a.to].kind)] + ", not an airport");
  }
  read_window(cx, tr, "start", &a.start_s, &a.end_s);
  const auto flights = read_unit(cx, tr, "flights", units::count_per_d, true);
  if (flights && (*flights < 1 || *flights > 100'000)) {
    cx.error_at(tr.get("flights"), tr.field("flights") + " must be between 1 and 100000 /d");
  }
  a.flights_per_d = flights.value_or(0);
  bool any = false;
  for_each_commodity(cx, tr, "payload",
                     [&](commodity c, const toml::node& v, const std::string& field) {
                       a.payload[int(c)] = quantity_value(cx, v, field, c, nullptr).value_or(0);
                       any = any || a.payload[int(c)] > 0;
                     });
  if (!any && tr.get("payload") == nullptr) {
    missing(cx, tr, "payload", "a table like { food = \"20 t\" } (per flight)");
  }
  a.first_flight_s = read_duration(cx, tr, "first_flight", false).value_or(0);
  return a;
}

std::vector<std::uint32_t> convoy_stops(state& s, const table_ref& tr) {
  return read_refs(s.cx, tr, "to", s.nodes, true).value_or(std::vector<std::uint32_t>{});
}

convoy_spec load_convoy(state& s, std::size_t i) {
  context& cx = s.cx;
  const table_ref tr = s.convoy_el[i].ref();
  convoy_spec c;
  check_keys(cx, tr, schema::keys_of("convoy"));
  c.id = s.convoys.ids[i];
  c.from = read_ref(cx, tr, "from", s.nodes, true).value_or(no_index);
  c.to = convoy_stops(s, tr);
  for (const std::uint32_t stop : c.to) {
    if (stop == c.from) {
      cx.error_at(tr.get("to"), tr.field("to") + ": the convoy starts at `" + s.nodes.ids[stop] +
                                    "`; it cannot also be a destination");
    }
  }
  c.depart_s = read_duration(cx, tr, "depart", false).value_or(-1);
  c.vehicles = static_cast<std::uint32_t>(
      read_int(cx, tr, "vehicles", 1, static_cast<std::int64_t>(cx.limits().trucks_max), true)
          .value_or(0));
  for_each_commodity(cx, tr, "cargo",
                     [&](commodity k, const toml::node& v, const std::string& field) {
                       c.cargo[int(k)] = quantity_value(cx, v, field, k, nullptr).value_or(0);
                     });
  c.breakthrough = read_real(cx, tr, "breakthrough", 0, 1, false).value_or(1.0);
  c.casualties_mean = read_real(cx, tr, "casualties", 0, 1000, false).value_or(0.0);
  return c;
}

/// Nodes of the scope that have demand for `c`: rationing elsewhere could never bite.
bool any_demand(const scenario& sc, const std::vector<std::uint32_t>& nodes, commodity c) {
  for (const std::uint32_t n : nodes) {
    if (sc.nodes[n].demand_milli_per_person_d[int(c)] > 0 && sc.nodes[n].population > 0) {
      return true;
    }
  }
  return false;
}

rationing_spec load_rationing(state& s, std::size_t i) {
  context& cx = s.cx;
  const table_ref tr = s.rationing_el[i].ref();
  rationing_spec r;
  check_keys(cx, tr, schema::keys_of("rationing"));
  r.id = s.rationings.ids[i];
  const auto c = read_commodity(cx, tr, "commodity", true);
  r.what = c.value_or(commodity::gasoline);
  const auto scope = read_scope(s, tr, "scope", true);
  if (scope && scope->nodes.empty()) {
    cx.error_at(tr.get("scope"), tr.field("scope") + ": scope `" + scope->text +
                                     "` is empty: it contains no node to ration");
  } else if (scope && c && !any_demand(s.sc, scope->nodes, *c)) {
    cx.error_at(tr.get("scope"), tr.field("scope") + ": no node in scope `" + scope->text +
                                     "` has demand for " + commodity_names[int(*c)] +
                                     ": the rationing can never bite");
  }
  if (scope) r.nodes = scope->nodes;
  if (c) {
    const auto cap = read_unit(
        cx, tr, "cap", [&](std::string_view t) { return units::milli_per_person_d(t, *c); }, true);
    if (cap && *cap < 0) cx.error_at(tr.get("cap"), tr.field("cap") + " must not be negative");
    r.cap_milli_per_person_d = cap.value_or(0);
  }
  read_window(cx, tr, "start", &r.start_s, &r.end_s);
  return r;
}

}  // namespace

void load_blockades(state& s) {
  for (std::size_t i = 0; i < s.blockade_el.size(); ++i) {
    s.sc.blockades.push_back(load_blockade(s, i));
  }
}

void load_airlifts(state& s) {
  for (std::size_t i = 0; i < s.airlift_el.size(); ++i) s.sc.airlifts.push_back(load_airlift(s, i));
}

void load_convoys(state& s) {
  for (std::size_t i = 0; i < s.convoy_el.size(); ++i) s.sc.convoys.push_back(load_convoy(s, i));
}

void load_rationings(state& s) {
  for (std::size_t i = 0; i < s.rationing_el.size(); ++i) {
    s.sc.rationings.push_back(load_rationing(s, i));
  }
}

void load_protest(state& s) {
  const toml::node* n = s.root.get("protest");
  if (n == nullptr) return;
  if (!n->is_table()) {
    s.cx.error_at(n, "`protest` must be a table ([protest])");
    return;
  }
  context& cx = s.cx;
  const table_ref tr{n->as_table(), "[protest]", {}};
  check_keys(cx, tr, schema::keys_of("protest"));
  protest_spec& p = s.sc.protest;
  p.enabled = read_bool(cx, tr, "enabled").value_or(true);
  p.interval_s = read_duration(cx, tr, "interval", false, 60).value_or(p.interval_s);
  p.legitimacy = read_real(cx, tr, "legitimacy", 0, 1, false).value_or(p.legitimacy);
  p.hardship_base = read_real(cx, tr, "hardship_base", 0, 1, false).value_or(p.hardship_base);
  p.hardship_per_short_day =
      read_real(cx, tr, "hardship_per_short_day", 0, 1, false).value_or(p.hardship_per_short_day);
  p.legitimacy_per_death =
      read_real(cx, tr, "legitimacy_per_death", 0, 1, false).value_or(p.legitimacy_per_death);
  p.risk_aversion = read_real(cx, tr, "risk_aversion", 0, inf, false).value_or(p.risk_aversion);
  p.threshold = read_real(cx, tr, "threshold", 0, inf, false).value_or(p.threshold);
  p.arrest_k = read_real(cx, tr, "arrest_k", 0, inf, false).value_or(p.arrest_k);
  p.police = read_int(cx, tr, "police", 0, 100'000'000, false).value_or(p.police);
  p.join_rate = read_real(cx, tr, "join_rate", 0, 1, false).value_or(p.join_rate);
  p.eligible = read_int(cx, tr, "eligible", 0, 10'000'000'000, false).value_or(p.eligible);
}

}  // namespace cerco::load_detail
