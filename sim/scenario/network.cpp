#include <cmath>

#include "sim/scenario/state.hpp"
#include "sim/scenario/text.hpp"

namespace cerco::load_detail {
namespace {

std::string show_quantity(std::int64_t v, commodity c) {
  return std::to_string(v) + " " + commodity_units[int(c)];
}

bool fleet_carries_from(const scenario& sc, std::uint32_t base, commodity c) {
  for (const fleet_spec& f : sc.fleets) {
    if (f.base == base && f.carries == c) return true;
  }
  return false;
}

void load_reorder(state& s, const table_ref& node_tr, node_spec& n, std::uint32_t self) {
  context& cx = s.cx;
  const auto rt = read_table(cx, node_tr, "reorder", "{ gasoline = { below = ..., up_to = ... } }");
  if (!rt) return;
  check_keys(cx, *rt, schema::commodity_keys(), "commodity");
  for (int ci = 0; ci < commodity_count; ++ci) {
    const commodity c = static_cast<commodity>(ci);
    const auto pt = read_table(cx, *rt, commodity_names[ci],
                               "{ below = \"1d\", up_to = \"3d\", from = \"depot\" }");
    if (!pt) continue;
    check_keys(cx, *pt, schema::keys_of("node.reorder.*"));
    std::optional<std::int64_t> below, up_to;
    if (const toml::node* v = pt->get("below")) {
      below = quantity_value(cx, *v, pt->field("below"), c, &n);
    } else {
      missing(cx, *pt, "below", "a quantity or days of demand, like \"1d\"");
    }
    if (const toml::node* v = pt->get("up_to")) {
      up_to = quantity_value(cx, *v, pt->field("up_to"), c, &n);
    } else {
      missing(cx, *pt, "up_to", "a quantity or days of demand, like \"3d\"");
    }
    const auto from = read_ref(cx, *pt, "from", s.nodes, true);
    if (below && up_to && *below >= *up_to) {
      cx.error_at(pt->get("below"), pt->where() + ": `below` (" + show_quantity(*below, c) +
                                        ") must be less than `up_to` (" + show_quantity(*up_to, c) +
                                        ")");
    }
    if (up_to && *up_to > n.capacity[ci]) {
      cx.error_at(pt->get("up_to"), pt->field("up_to") + " (" + show_quantity(*up_to, c) +
                                        ") is above the node's capacity (" +
                                        show_quantity(n.capacity[ci], c) + ")");
    }
    if (from && *from == self) {
      cx.error_at(pt->get("from"), pt->field("from") + ": a node cannot reorder from itself");
    } else if (from && !fleet_carries_from(s.sc, *from, c)) {
      cx.error_at(pt->get("from"), pt->field("from") + ": node `" + s.nodes.ids[*from] +
                                       "` is not the base of any [[fleet]] carrying " +
                                       commodity_names[ci]);
    }
    if (below && up_to && from) n.reorder[ci] = {true, *below, *up_to, *from};
  }
}

void load_arrivals(state& s, const table_ref& node_tr, node_spec& n) {
  context& cx = s.cx;
  const auto at = read_table(cx, node_tr, "arrivals", "{ gasoline = { rate = ..., load = ... } }");
  if (!at) return;
  check_keys(cx, *at, schema::commodity_keys(), "commodity");
  for (int ci = 0; ci < commodity_count; ++ci) {
    const commodity c = static_cast<commodity>(ci);
    const auto pt = read_table(cx, *at, commodity_names[ci],
                               "{ rate = \"20 /d\", load = \"32000 L\", to = \"depot\" }");
    if (!pt) continue;
    check_keys(cx, *pt, schema::keys_of("node.arrivals.*"));
    const auto rate = read_unit(cx, *pt, "rate", units::count_per_d, true);
    if (rate && (*rate < 1 || *rate > 1'000'000)) {
      cx.error_at(pt->get("rate"), pt->field("rate") + " must be between 1 and 1000000 /d");
    }
    std::optional<std::int64_t> load;
    if (const toml::node* v = pt->get("load")) {
      load = quantity_value(cx, *v, pt->field("load"), c, nullptr);
      if (load && *load == 0) cx.error_at(v, pt->field("load") + " must be more than 0");
    } else {
      missing(cx, *pt, "load",
              "a quantity per truck, like \"" + std::string(units::example_quantity(c)) + "\"");
    }
    const auto to = read_ref(cx, *pt, "to", s.nodes, true);
    const auto fleet = read_ref(cx, *pt, "fleet", s.fleets, false);
    if (fleet && s.sc.fleets[*fleet].carries != c) {
      cx.error_at(pt->get("fleet"), pt->field("fleet") + ": [[fleet]] `" + s.fleets.ids[*fleet] +
                                        "` carries " +
                                        commodity_names[int(s.sc.fleets[*fleet].carries)] +
                                        ", not " + commodity_names[ci]);
    }
    if (rate && load && to) n.arrivals[ci] = {true, *rate, *load, *to, fleet.value_or(no_index)};
  }
}

std::vector<std::array<double, 2>> read_waypoints(context& cx, const table_ref& tr) {
  std::vector<std::array<double, 2>> out;
  const toml::node* n = tr.get("waypoints");
  if (n == nullptr) return out;
  const toml::array* a = n->as_array();
  if (a == nullptr) {
    cx.error_at(n, tr.field("waypoints") + ": expected an array of [latitude, longitude]");
    return out;
  }
  for (const toml::node& p : *a) {
    const toml::array* pa = p.as_array();
    const auto lat = pa && pa->size() == 2 ? (*pa)[0].value<double>() : std::nullopt;
    const auto lon = pa && pa->size() == 2 ? (*pa)[1].value<double>() : std::nullopt;
    if (!lat || !lon || std::fabs(*lat) > 90 || std::fabs(*lon) > 180) {
      cx.error_at(&p, tr.field("waypoints") + ": expected [latitude, longitude] in degrees");
      continue;
    }
    out.push_back({*lat, *lon});
  }
  return out;
}

road_spec load_road(state& s, std::size_t i) {
  context& cx = s.cx;
  const table_ref tr = s.road_el[i].ref();
  road_spec r;
  check_keys(cx, tr, schema::keys_of("road"));
  r.id = s.roads.ids[i];
  r.from = read_ref(cx, tr, "from", s.nodes, true).value_or(no_index);
  r.to = read_ref(cx, tr, "to", s.nodes, true).value_or(no_index);
  if (r.from != no_index && r.from == r.to) {
    cx.error_at(tr.get("to"), tr.where() + ": `from` and `to` are the same node");
  }
  const auto length = read_unit(cx, tr, "length", units::length_m, true);
  if (length && (*length < 1 || *length > 100'000'000)) {
    cx.error_at(tr.get("length"), tr.field("length") + " must be between 1 m and 100000 km");
  }
  r.length_m = length.value_or(0);
  const auto speed = read_unit(cx, tr, "speed", units::speed_m_per_h, true);
  if (speed && (*speed < 1 || *speed > 10'000'000)) {
    cx.error_at(tr.get("speed"), tr.field("speed") + " must be more than 0 and at most 10000 km/h");
  }
  r.speed_m_per_h = speed.value_or(0);
  r.two_way = read_bool(cx, tr, "two_way").value_or(true);
  r.waypoints = read_waypoints(cx, tr);
  return r;
}

fleet_spec load_fleet(state& s, std::size_t i) {
  context& cx = s.cx;
  const table_ref tr = s.fleet_el[i].ref();
  fleet_spec f;
  check_keys(cx, tr, schema::keys_of("fleet"));
  f.id = s.fleets.ids[i];
  f.base = read_ref(cx, tr, "base", s.nodes, true).value_or(no_index);
  const auto c = read_commodity(cx, tr, "commodity", true);
  f.carries = c.value_or(commodity::gasoline);
  const auto limit = static_cast<std::int64_t>(cx.limits().trucks_max);
  f.trucks = static_cast<std::uint32_t>(read_int(cx, tr, "trucks", 1, limit, true).value_or(0));
  if (c) {
    if (const toml::node* v = tr.get("capacity")) {
      const auto q = quantity_value(cx, *v, tr.field("capacity"), *c, nullptr);
      if (q && *q == 0) cx.error_at(v, tr.field("capacity") + " must be more than 0");
      f.truck_capacity = q.value_or(0);
    } else {
      missing(cx, tr, "capacity",
              "the load of one truck, like \"" + std::string(units::example_quantity(*c)) + "\"");
    }
  }
  const auto policy =
      read_enum(cx, tr, "at_blockade", schema::blockade_policies(), "policy", false);
  f.at_blockade = static_cast<blockade_policy>(policy.value_or(0));
  f.retry_s = read_duration(cx, tr, "retry", false, 1).value_or(hour_s);
  return f;
}

}  // namespace

void load_supply(state& s) {
  for (std::size_t i = 0; i < s.node_el.size(); ++i) {
    const auto self = static_cast<std::uint32_t>(i);
    load_reorder(s, s.node_el[i].ref(), s.sc.nodes[i], self);
    load_arrivals(s, s.node_el[i].ref(), s.sc.nodes[i]);
  }
}

void load_roads(state& s) {
  for (std::size_t i = 0; i < s.road_el.size(); ++i) s.sc.roads.push_back(load_road(s, i));
}

void load_fleets(state& s) {
  std::int64_t trucks = 0;
  for (std::size_t i = 0; i < s.fleet_el.size(); ++i) {
    s.sc.fleets.push_back(load_fleet(s, i));
    trucks += s.sc.fleets.back().trucks;
  }
  const auto limit = static_cast<std::int64_t>(s.cx.limits().trucks_max);
  if (trucks > limit) {
    s.cx.error("too many trucks: " + std::to_string(trucks) + " in all [[fleet]] tables (limit " +
               std::to_string(limit) + ")");
  }
}

}  // namespace cerco::load_detail
