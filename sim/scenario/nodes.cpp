#include <cmath>
#include <sstream>

#include "sim/scenario/state.hpp"
#include "sim/scenario/text.hpp"

namespace cerco::load_detail {
namespace {

/// Demand per person is capped so that population x demand x time stays exact.
constexpr std::int64_t demand_milli_max = 1'000'000'000;
constexpr std::int64_t population_max = 10'000'000'000;

std::string show_quantity(std::int64_t v, commodity c) {
  return std::to_string(v) + " " + commodity_units[int(c)];
}

/// [lat, lon] within the globe.
std::optional<std::array<double, 2>> lat_lon(context& cx, const toml::node& n,
                                             const std::string& field) {
  const toml::array* a = n.as_array();
  std::array<double, 2> out{};
  bool ok = a != nullptr && a->size() == 2;
  for (std::size_t i = 0; ok && i < 2; ++i) {
    const auto v = (*a)[i].value<double>();
    ok = v.has_value() && std::isfinite(*v);
    if (ok) out[i] = *v;
  }
  if (!ok) {
    cx.error_at(&n, field + ": expected [latitude, longitude] in degrees, like [-16.5, -68.15]");
    return std::nullopt;
  }
  if (std::fabs(out[0]) > 90 || std::fabs(out[1]) > 180) {
    std::ostringstream got;
    got << "[" << out[0] << ", " << out[1] << "]";
    cx.error_at(&n, field + ": latitude must be in [-90, 90] and longitude in [-180, 180], got " +
                        got.str());
    return std::nullopt;
  }
  return out;
}

std::uint32_t city_index(scenario& sc, const std::string& name) {
  for (std::size_t i = 0; i < sc.cities.size(); ++i) {
    if (sc.cities[i].name == name) return static_cast<std::uint32_t>(i);
  }
  sc.cities.push_back({name});
  return static_cast<std::uint32_t>(sc.cities.size() - 1);
}

void load_demand(state& s, const table_ref& tr, node_spec& n) {
  for_each_commodity(
      s.cx, tr, "demand", [&](commodity c, const toml::node& v, const std::string& field) {
        const auto d = unit_value(
            s.cx, v, field, [c](std::string_view t) { return units::milli_per_person_d(t, c); },
            false);
        if (!d) return;
        if (*d < 0 || *d > demand_milli_max) {
          s.cx.error_at(&v, field + " must be between 0 and 1000000 " + commodity_units[int(c)] +
                                " per person per day");
          return;
        }
        n.demand_milli_per_person_d[int(c)] = *d;
      });
  bool any = false;
  for (const std::int64_t d : n.demand_milli_per_person_d) any = any || d > 0;
  // A misspelt `population` was reported already; its absence would only echo it.
  if (any && n.population == 0 && !s.cx.was_suggested(tr.t, "population")) {
    s.cx.error_at(tr.get("demand"),
                  tr.field("demand") + ": demand is per person, but the node has population 0");
  }
}

void load_stocks(state& s, const table_ref& tr, node_spec& n) {
  for_each_commodity(s.cx, tr, "capacity",
                     [&](commodity c, const toml::node& v, const std::string& field) {
                       if (auto q = quantity_value(s.cx, v, field, c, nullptr)) {
                         n.capacity[int(c)] = *q;
                       }
                     });
  for_each_commodity(s.cx, tr, "stock",
                     [&](commodity c, const toml::node& v, const std::string& field) {
                       const auto q = quantity_value(s.cx, v, field, c, &n);
                       if (!q) return;
                       n.stock[int(c)] = *q;
                       if (*q > n.capacity[int(c)]) {
                         s.cx.error_at(&v, field + " (" + show_quantity(*q, c) +
                                               ") is above the node's capacity (" +
                                               show_quantity(n.capacity[int(c)], c) + ")");
                       }
                     });
  for_each_commodity(
      s.cx, tr, "production", [&](commodity c, const toml::node& v, const std::string& field) {
        const auto r = unit_value(
            s.cx, v, field, [c](std::string_view t) { return units::rate_per_d(t, c); }, false);
        if (!r) return;
        if (*r < 0 || *r > quantity_max) {
          s.cx.error_at(&v, field + " must be between 0 and 1e15 " + commodity_units[int(c)] +
                                "/d, got " + show(v));
          return;
        }
        n.production_per_d[int(c)] = *r;
      });
}

void load_loading(state& s, const table_ref& tr, node_spec& n) {
  const auto lt = read_table(s.cx, tr, "loading", "{ bays = 8, time = \"45min\" }");
  if (!lt) return;
  check_keys(s.cx, *lt, schema::keys_of("node.loading"));
  n.bays = static_cast<std::uint32_t>(read_int(s.cx, *lt, "bays", 1, 1024, false).value_or(1));
  if (auto d = read_dist(s.cx, *lt, "time", false)) n.bay_time_s = *d;
}

node_spec load_node(state& s, std::size_t i) {
  const element& e = s.node_el[i];
  const table_ref tr = e.ref();
  context& cx = s.cx;
  node_spec n;
  n.id = s.nodes.ids[i];
  check_keys(cx, tr, schema::keys_of("node"));
  n.name = read_string(cx, tr, "name", false).value_or(n.id);
  const auto kind = read_enum(cx, tr, "kind", schema::node_kinds(), "node kind", true);
  if (kind) n.kind = static_cast<node_kind>(*kind);
  if (const auto city = read_string(cx, tr, "city", false)) {
    if (city->empty()) {
      cx.error_at(tr.get("city"), tr.field("city") + " must not be empty");
    } else {
      n.city = city_index(s.sc, *city);
    }
  }
  if (const toml::node* at = tr.get("at")) {
    if (const auto ll = lat_lon(cx, *at, tr.field("at"))) {
      n.lat = (*ll)[0];
      n.lon = (*ll)[1];
    }
  } else {
    missing(cx, tr, "at", "[latitude, longitude], like [-16.5, -68.15]");
  }
  n.population = read_int(cx, tr, "population", 0, population_max, false).value_or(0);
  load_demand(s, tr, n);
  load_stocks(s, tr, n);
  load_loading(s, tr, n);
  return n;
}

}  // namespace

void for_each_commodity(
    context& cx, const table_ref& tr, std::string_view key,
    const std::function<void(commodity, const toml::node&, const std::string&)>& fn) {
  const auto ct = read_table(cx, tr, key, "{ gasoline = ..., food = ... }");
  if (!ct) return;
  check_keys(cx, *ct, schema::commodity_keys(), "commodity");
  for (int c = 0; c < commodity_count; ++c) {
    if (const toml::node* v = ct->get(commodity_names[c])) {
      fn(static_cast<commodity>(c), *v, ct->field(commodity_names[c]));
    }
  }
}

std::optional<std::int64_t> quantity_value(context& cx, const toml::node& n,
                                           const std::string& field, commodity c,
                                           const node_spec* node) {
  std::optional<std::int64_t> q;
  const auto* text = n.as_string();
  if (node != nullptr && text != nullptr && units::is_duration(text->get())) {
    const std::int64_t demand = node->demand_milli_per_person_d[int(c)];
    if (demand == 0 || node->population == 0) {
      const std::string why = demand == 0 ? std::string("no demand for ") + commodity_names[int(c)]
                                          : std::string("population 0");
      cx.error_at(&n, field + ": \"" + text->get() +
                          "\" is given in days of demand, but the node has " + why);
      return std::nullopt;
    }
    std::int64_t v = 0;
    const time_s cover = units::duration(text->get()).value;
    if (!units::days_of_demand(node->population, demand, cover, &v)) v = quantity_max + 1;
    q = v;
  } else {
    q = unit_value(
        cx, n, field, [c](std::string_view t) { return units::quantity(t, c); },
        units::kind_of(c) == units::quantity_kind::count);
  }
  if (!q) return std::nullopt;
  if (*q < 0) {
    cx.error_at(&n, field + " must not be negative, got " + show(n));
    return std::nullopt;
  }
  if (*q > quantity_max) {
    cx.error_at(
        &n, field + " is too large: " + show(n) + " (limit 1e15 " + commodity_units[int(c)] + ")");
    return std::nullopt;
  }
  return q;
}

void load_nodes(state& s) {
  s.sc.nodes.reserve(s.node_el.size());
  for (std::size_t i = 0; i < s.node_el.size(); ++i) s.sc.nodes.push_back(load_node(s, i));
}

}  // namespace cerco::load_detail
