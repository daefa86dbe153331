#pragma once
/// A seeded generator of valid random worlds, as cerco::scenario structs, for property
/// tests: nodes, connected roads, fleets, districts with reorder policies, imports,
/// blockades on nodes and roads, airlifts, convoys, rationing, scripted events, triggers
/// with random conditions and actions, and negotiations. The same seed gives the same
/// scenario on every platform (raw 64-bit draws only, no std distributions).
/// dump() writes a generated scenario as readable text so a failure can be reproduced.
#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cerco/scenario.hpp"

namespace cerco::test {

/// Concatenates anything streamable (avoids GCC 12's false -Wrestrict on `"a" + string`).
template <class... T>
std::string cat(const T&... parts) {
  std::ostringstream o;
  (o << ... << parts);
  return o.str();
}

class generator {
 public:
  explicit generator(std::uint64_t seed) : rng_(seed * 0x9E3779B97F4A7C15ULL + 1) {
    s_.seed = seed;
  }

  scenario make() {
    s_.name = "generated";
    s_.start_date = "2019-11-12";
    s_.duration_s = range(1, 6) * day_s + range(0, 23) * hour_s;
    s_.shelf_life_s = range(1, 8) * day_s;
    make_nodes();
    make_roads();
    make_fleets();
    make_supply();
    make_blockades();
    make_airlifts();
    make_convoys();
    make_rationing();
    make_rules();
    if (chance(0.3)) make_protest();
    return s_;
  }

 private:
  std::int64_t range(std::int64_t lo, std::int64_t hi) {  // inclusive
    return lo + static_cast<std::int64_t>(rng_() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  double unit() { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  std::uint32_t pick(std::size_t n) {
    return static_cast<std::uint32_t>(range(0, static_cast<std::int64_t>(n) - 1));
  }
  template <class T>
  std::string id(const char* prefix, const std::vector<T>& v) {
    return cat(prefix, v.size());
  }
  commodity any_commodity() { return static_cast<commodity>(range(0, commodity_count - 1)); }
  time_s some_time() { return range(0, s_.duration_s / minute_s) * minute_s; }

  dist_spec some_duration(double scale_s) {
    dist_spec d;
    switch (range(0, 5)) {
      case 0:
        d.kind = dist_kind::constant, d.a = scale_s;
        break;
      case 1:
        d.kind = dist_kind::uniform, d.a = scale_s / 2, d.b = scale_s * 2;
        break;
      case 2:
        d.kind = dist_kind::exponential, d.a = scale_s;
        break;
      case 3:
        d.kind = dist_kind::lognormal, d.a = scale_s, d.b = scale_s / 3;
        break;
      case 4:
        d.kind = dist_kind::triangular, d.a = scale_s / 2, d.b = scale_s, d.c = scale_s * 3;
        break;
      default:
        d.kind = dist_kind::empirical, d.points = 2;
        d.values[0] = scale_s, d.values[1] = scale_s * 2;
        d.cumulative[0] = 0.4, d.cumulative[1] = 1.0;
    }
    return d;
  }

  std::uint32_t add_node(node_kind k) {
    node_spec n;
    n.id = id("n", s_.nodes);
    n.name = n.id;
    n.kind = k;
    n.lat = -16.5 + unit() * 0.2;
    n.lon = -68.2 + unit() * 0.2;
    s_.nodes.push_back(n);
    return static_cast<std::uint32_t>(s_.nodes.size() - 1);
  }

  void make_nodes() {
    const int depots = static_cast<int>(range(1, 3)), districts = static_cast<int>(range(1, 6));
    for (int i = 0; i < depots; ++i) {
      node_spec& n = s_.nodes[add_node(chance(0.5) ? node_kind::depot : node_kind::plant)];
      for (int c = 0; c < commodity_count; ++c) {
        if (chance(0.6)) n.stock[c] = range(0, 2'000'000);
        if (chance(0.3)) n.production_per_d[c] = range(1, 200'000);
      }
      n.bays = static_cast<std::uint32_t>(range(1, 4));
      n.bay_time_s = some_duration(static_cast<double>(range(5, 90) * minute_s));
    }
    if (s_.cities.empty()) s_.cities.push_back({"Alpha"});
    if (chance(0.5)) s_.cities.push_back({"Beta"});
    for (int i = 0; i < districts; ++i) make_district();
    if (chance(0.5)) add_node(node_kind::airport);
    if (chance(0.4)) add_node(node_kind::border);
    if (chance(0.3)) add_node(chance(0.5) ? node_kind::market : node_kind::region);
  }

  void make_district() {
    node_spec& n = s_.nodes[add_node(node_kind::district)];
    n.city = pick(s_.cities.size());
    n.population = range(100, 200'000);
    for (int c = 0; c < commodity_count; ++c) {
      if (!chance(0.6)) continue;
      n.demand_milli_per_person_d[c] = range(1, 2000);
      n.stock[c] = range(0, 3'000'000);
      if (chance(0.2)) n.capacity[c] = n.stock[c] + range(0, 3'000'000);
    }
  }

  void add_road(std::uint32_t a, std::uint32_t b, bool two_way) {
    road_spec r;
    r.id = id("r", s_.roads);
    r.from = a, r.to = b;
    r.length_m = range(500, 80'000);
    r.speed_m_per_h = range(10, 90) * 1000;
    r.two_way = two_way;
    s_.roads.push_back(r);
  }

  void make_roads() {  // a random spanning tree (two-way), then a few extra roads
    for (std::uint32_t i = 1; i < s_.nodes.size(); ++i) add_road(pick(i), i, true);
    const std::int64_t extra = range(0, static_cast<std::int64_t>(s_.nodes.size()));
    for (std::int64_t k = 0; k < extra; ++k) {
      std::uint32_t a = pick(s_.nodes.size()), b = pick(s_.nodes.size());
      if (a != b) add_road(a, b, chance(0.8));
    }
  }

  void make_fleets() {
    for (std::uint32_t n = 0; n < s_.nodes.size(); ++n) {
      node_kind k = s_.nodes[n].kind;
      if (k != node_kind::depot && k != node_kind::plant) continue;
      for (int c = 0; c < commodity_count; ++c) {
        if (!chance(0.5)) continue;
        fleet_spec f;
        f.id = id("f", s_.fleets);
        f.base = n;
        f.carries = static_cast<commodity>(c);
        f.trucks = static_cast<std::uint32_t>(range(1, 6));
        f.truck_capacity = range(1000, 32000);
        f.at_blockade = static_cast<blockade_policy>(range(0, 2));
        f.retry_s = range(10, 180) * minute_s;
        s_.fleets.push_back(f);
      }
    }
  }

  std::uint32_t fleet_for(commodity c) {
    std::vector<std::uint32_t> found;
    for (std::uint32_t f = 0; f < s_.fleets.size(); ++f) {
      if (s_.fleets[f].carries == c) found.push_back(f);
    }
    return found.empty() ? no_index : found[pick(found.size())];
  }

  void make_supply() {
    for (node_spec& n : s_.nodes) {
      if (n.kind == node_kind::district) {
        for (int c = 0; c < commodity_count; ++c) {
          std::uint32_t f = fleet_for(static_cast<commodity>(c));
          if (f == no_index || n.demand_milli_per_person_d[c] == 0 || !chance(0.7)) continue;
          std::int64_t per_d = n.population * n.demand_milli_per_person_d[c] / 1000 + 1;
          reorder_policy& r = n.reorder[c];
          r.enabled = true;
          r.below = per_d * range(0, 20) / 10;
          r.up_to = r.below + per_d * range(1, 30) / 10 + 1;
          if (n.capacity[c] != unlimited) n.capacity[c] = std::max(n.capacity[c], r.up_to);
          r.supplier = s_.fleets[f].base;
        }
      } else if (n.kind == node_kind::border) {
        arrival_process& a = n.arrivals[range(0, commodity_count - 1)];
        a.enabled = true;
        a.rate_per_d = range(1, 40);
        a.load = range(1000, 30000);
        a.to = pick(s_.nodes.size());
        if (a.to == static_cast<std::uint32_t>(&n - s_.nodes.data())) a.to = 0;
        if (!s_.fleets.empty() && chance(0.5)) a.fleet = pick(s_.fleets.size());
      }
    }
  }

  void make_blockades() {
    const std::int64_t count = range(0, 4);
    for (std::int64_t i = 0; i < count; ++i) {
      blockade_spec b;
      b.id = id("b", s_.blockades);
      if (chance(0.5))
        b.node = pick(s_.nodes.size());
      else
        b.road = pick(s_.roads.size());
      if (chance(0.8)) b.start_s = some_time();
      if (b.start_s >= 0 && chance(0.6)) b.end_s = b.start_s + range(1, 96) * hour_s;
      b.strength = chance(0.3) ? 1.0 : unit();
      b.participants = range(0, 10'000);
      s_.blockades.push_back(b);
    }
  }

  void make_airlifts() {
    for (std::uint32_t n = 0; n < s_.nodes.size(); ++n) {
      if (s_.nodes[n].kind != node_kind::airport || !chance(0.7)) continue;
      airlift_spec a;
      a.id = id("a", s_.airlifts);
      a.to = n;
      if (chance(0.7)) a.start_s = some_time();
      if (a.start_s >= 0 && chance(0.5)) a.end_s = a.start_s + range(1, 72) * hour_s;
      a.flights_per_d = range(1, 12);
      a.payload[range(0, commodity_count - 1)] = range(1, 20'000);
      a.first_flight_s = range(0, 6) * hour_s;
      s_.airlifts.push_back(a);
    }
  }

  void make_convoys() {
    const std::int64_t count = range(0, 2);
    for (std::int64_t i = 0; i < count; ++i) {
      convoy_spec v;
      v.id = id("v", s_.convoys);
      v.from = pick(s_.nodes.size());
      const std::int64_t stops = range(1, 2);
      for (std::int64_t k = 0; k < stops; ++k) {
        std::uint32_t to = pick(s_.nodes.size());
        if (to != v.from) v.to.push_back(to);
      }
      if (v.to.empty()) v.to.push_back(v.from == 0 ? 1 : 0);
      if (chance(0.6)) v.depart_s = some_time();
      v.vehicles = static_cast<std::uint32_t>(range(1, 40));
      v.cargo[range(0, commodity_count - 1)] = range(0, 600'000);
      v.breakthrough = unit();
      v.casualties_mean = unit() * 3;
      s_.convoys.push_back(v);
    }
  }

  std::vector<std::uint32_t> some_districts() {
    std::vector<std::uint32_t> out;
    for (std::uint32_t n = 0; n < s_.nodes.size(); ++n) {
      if (s_.nodes[n].kind == node_kind::district && chance(0.6)) out.push_back(n);
    }
    if (out.empty()) {
      for (std::uint32_t n = 0; n < s_.nodes.size(); ++n) {
        if (s_.nodes[n].kind == node_kind::district) return {n};
      }
    }
    return out;
  }

  void make_rationing() {
    const std::int64_t count = range(0, 2);
    for (std::int64_t i = 0; i < count; ++i) {
      rationing_spec r;
      r.id = id("q", s_.rationings);
      r.nodes = some_districts();
      r.what = any_commodity();
      r.cap_milli_per_person_d = range(0, 1500);
      if (chance(0.6)) r.start_s = some_time();
      if (r.start_s >= 0 && chance(0.5)) r.end_s = r.start_s + range(1, 72) * hour_s;
      s_.rationings.push_back(r);
    }
  }

  std::vector<std::uint32_t> some_blockades() {
    std::vector<std::uint32_t> out;
    for (std::uint32_t b = 0; b < s_.blockades.size(); ++b) {
      if (chance(0.5)) out.push_back(b);
    }
    if (out.empty()) out.push_back(pick(s_.blockades.size()));
    return out;
  }

  action_spec some_action() {
    action_spec a;
    for (int tries = 0; tries < 8; ++tries) {
      a.kind = static_cast<action_kind>(range(0, 10));
      switch (a.kind) {
        case action_kind::blockade_start:
        case action_kind::blockade_pause:
        case action_kind::blockade_lift:
        case action_kind::blockade_escalate:
        case action_kind::concession:
          if (s_.blockades.empty()) continue;
          a.targets = some_blockades();
          a.target = a.targets[0];
          if (a.kind == action_kind::blockade_escalate) {
            a.strength = chance(0.5) ? unit() : -1;
            a.participants_delta = range(-3000, 3000);
          }
          if (a.kind == action_kind::concession) a.participants_share = unit();
          return a;
        case action_kind::airlift_start:
        case action_kind::airlift_stop:
          if (s_.airlifts.empty()) continue;
          a.target = pick(s_.airlifts.size());
          return a;
        case action_kind::convoy_dispatch:
          if (s_.convoys.empty()) continue;
          a.target = pick(s_.convoys.size());
          return a;
        case action_kind::rationing_start:
        case action_kind::rationing_end:
          if (s_.rationings.empty()) continue;
          a.target = pick(s_.rationings.size());
          return a;
        case action_kind::negotiate:
          if (s_.blockades.empty()) continue;
          a.negotiation = add_negotiation();
          return a;
      }
    }
    a = {};
    a.kind = action_kind::rationing_end;
    a.target = no_index;
    return a;  // no entity to act on: the caller drops it
  }

  std::uint32_t add_negotiation() {
    negotiation_spec n;
    n.parties = some_blockades();
    n.duration_s = some_duration(static_cast<double>(range(6, 96) * hour_s));
    n.success = unit();
    n.per_casualty = unit() * 0.05;
    n.per_short_day = unit() * 0.1;
    n.success_max = 0.5 + unit() * 0.5;
    n.on_success_lift = chance(0.6);
    n.renege = chance(0.5) ? unit() : 0.0;
    n.renege_after_s = some_duration(static_cast<double>(range(6, 96) * hour_s));
    s_.negotiations.push_back(n);
    return static_cast<std::uint32_t>(s_.negotiations.size() - 1);
  }

  condition_spec some_condition() {
    condition_spec c;
    c.compare = chance(0.5) ? compare_kind::below : compare_kind::above;
    c.what = any_commodity();
    c.scope.text = "all";
    std::vector<measure_kind> choices = {measure_kind::stock,       measure_kind::unmet,
                                         measure_kind::hours_short, measure_kind::served_share,
                                         measure_kind::casualties,  measure_kind::time,
                                         measure_kind::negotiating, measure_kind::agreement};
    if (!s_.blockades.empty()) {
      choices.push_back(measure_kind::blockade_age);
      choices.push_back(measure_kind::participants);
    }
    c.measure = choices[pick(choices.size())];
    switch (c.measure) {
      case measure_kind::blockade_age:
      case measure_kind::participants:
        c.scope.text = "blockades:";
        c.scope.blockades = some_blockades();
        c.threshold =
            c.measure == measure_kind::participants ? range(0, 8000) : range(0, 72) * hour_s;
        break;
      case measure_kind::stock:
      case measure_kind::unmet:
      case measure_kind::hours_short:
      case measure_kind::served_share:
        c.scope.text = "nodes:";
        c.scope.nodes = some_districts();
        c.threshold = c.measure == measure_kind::served_share  ? range(0, 1'000'000)
                      : c.measure == measure_kind::hours_short ? range(0, 48) * hour_s
                                                               : range(0, 2'000'000);
        break;
      case measure_kind::time:
        c.threshold = some_time();
        break;
      case measure_kind::casualties:
        c.threshold = range(0, 5);
        break;
      default:
        c.threshold = range(0, 1);
        break;
    }
    for (std::uint32_t n : c.scope.nodes) (c.scope.text += s_.nodes[n].id) += ',';
    for (std::uint32_t b : c.scope.blockades) (c.scope.text += s_.blockades[b].id) += ',';
    if (c.scope.text.back() == ',') c.scope.text.pop_back();
    return c;
  }

  void add_actions(rule_spec& r) {
    const std::int64_t count = range(1, 3);
    for (std::int64_t i = 0; i < count; ++i) {
      action_spec a = some_action();
      if (a.target != no_index || a.negotiation != no_index) r.actions.push_back(a);
    }
  }

  void make_rules() {
    const std::int64_t count = range(0, 5);
    for (std::int64_t i = 0; i < count; ++i) {
      rule_spec r;
      r.id = id("rule", s_.rules);
      if (chance(0.4)) {
        r.scripted = true;
        r.at_s = some_time();
      } else {
        const std::int64_t conditions = range(1, 3);
        for (std::int64_t k = 0; k < conditions; ++k) r.conditions.push_back(some_condition());
        r.any = chance(0.5);
        r.hold_s = range(0, 24) * hour_s;
        r.repeat = chance(0.4);
        if (r.repeat) r.cool_down_s = range(1, 48) * hour_s;
      }
      add_actions(r);
      if (!r.actions.empty()) s_.rules.push_back(r);
    }
  }

  void make_protest() {
    protest_spec& p = s_.protest;
    p.enabled = true;
    p.interval_s = range(1, 12) * hour_s;
    p.legitimacy = unit();
    p.hardship_base = unit() * 0.5;
    p.threshold = unit() * 0.3;
    p.police = range(0, 5000);
    p.eligible = range(0, 300'000);
  }

  std::mt19937_64 rng_;
  scenario s_;
};

namespace detail {
template <class T, std::size_t N>
std::string list(const std::array<T, N>& a) {
  std::string out = "[";
  for (std::size_t i = 0; i < N; ++i) out += cat(i ? ", " : "", a[i]);
  out += "]";
  return out;
}
inline std::string list(const std::vector<std::uint32_t>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += cat(i ? ", " : "", v[i]);
  out += "]";
  return out;
}
inline std::string dist(const dist_spec& d) {
  return cat("{kind ", static_cast<int>(d.kind), ", a ", d.a, ", b ", d.b, ", c ", d.c, ", points ",
             static_cast<int>(d.points), "}");
}
}  // namespace detail

/// Writes every field of a generated scenario as readable text (struct field names,
/// base units, indices for references), one entity a paragraph.
inline void dump(const scenario& s, const std::string& path) {
  using detail::list;
  std::ofstream o(path);
  o << "# generated scenario, seed " << s.seed << "; quantities in base units, times in s\n";
  o << "duration_s " << s.duration_s << " shelf_life_s " << s.shelf_life_s << "\n";
  for (std::size_t i = 0; i < s.cities.size(); ++i)
    o << "city " << i << " " << s.cities[i].name << "\n";
  for (const node_spec& n : s.nodes) {
    o << "\nnode " << n.id << " kind " << node_kind_names[static_cast<int>(n.kind)] << " city "
      << n.city << " population " << n.population << " bays " << n.bays << " bay_time "
      << detail::dist(n.bay_time_s) << "\n  demand_milli_per_person_d "
      << list(n.demand_milli_per_person_d) << "\n  stock " << list(n.stock) << "\n  capacity "
      << list(n.capacity) << "\n  production_per_d " << list(n.production_per_d) << "\n";
    for (int c = 0; c < commodity_count; ++c) {
      const reorder_policy& r = n.reorder[c];
      if (r.enabled)
        o << "  reorder " << commodity_names[c] << " below " << r.below << " up_to " << r.up_to
          << " from " << r.supplier << "\n";
      const arrival_process& a = n.arrivals[c];
      if (a.enabled)
        o << "  arrivals " << commodity_names[c] << " rate_per_d " << a.rate_per_d << " load "
          << a.load << " to " << a.to << " fleet " << a.fleet << "\n";
    }
  }
  for (const road_spec& r : s.roads)
    o << "road " << r.id << " " << r.from << (r.two_way ? " <-> " : " -> ") << r.to << " length_m "
      << r.length_m << " speed_m_per_h " << r.speed_m_per_h << "\n";
  for (const fleet_spec& f : s.fleets)
    o << "fleet " << f.id << " base " << f.base << " carries "
      << commodity_names[static_cast<int>(f.carries)] << " trucks " << f.trucks << " capacity "
      << f.truck_capacity << " policy " << blockade_policy_names[static_cast<int>(f.at_blockade)]
      << " retry_s " << f.retry_s << "\n";
  for (const blockade_spec& b : s.blockades)
    o << "blockade " << b.id << " node " << b.node << " road " << b.road << " start_s " << b.start_s
      << " end_s " << b.end_s << " strength " << b.strength << " participants " << b.participants
      << "\n";
  for (const airlift_spec& a : s.airlifts)
    o << "airlift " << a.id << " to " << a.to << " start_s " << a.start_s << " end_s " << a.end_s
      << " flights_per_d " << a.flights_per_d << " payload " << list(a.payload)
      << " first_flight_s " << a.first_flight_s << "\n";
  for (const convoy_spec& v : s.convoys)
    o << "convoy " << v.id << " from " << v.from << " to " << list(v.to) << " depart_s "
      << v.depart_s << " vehicles " << v.vehicles << " cargo " << list(v.cargo) << " breakthrough "
      << v.breakthrough << " casualties_mean " << v.casualties_mean << "\n";
  for (const rationing_spec& r : s.rationings)
    o << "rationing " << r.id << " nodes " << list(r.nodes) << " what "
      << commodity_names[static_cast<int>(r.what)] << " cap_milli " << r.cap_milli_per_person_d
      << " start_s " << r.start_s << " end_s " << r.end_s << "\n";
  for (std::size_t i = 0; i < s.negotiations.size(); ++i) {
    const negotiation_spec& n = s.negotiations[i];
    o << "negotiation " << i << " parties " << list(n.parties) << " duration "
      << detail::dist(n.duration_s) << " success " << n.success << " per_casualty "
      << n.per_casualty << " per_short_day " << n.per_short_day << " success_max " << n.success_max
      << " lift " << n.on_success_lift << " renege " << n.renege << " renege_after "
      << detail::dist(n.renege_after_s) << "\n";
  }
  for (const rule_spec& r : s.rules) {
    o << "rule " << r.id
      << (r.scripted ? cat(" scripted at_s ", r.at_s) : std::string(r.any ? " any" : " all"))
      << " hold_s " << r.hold_s << " repeat " << r.repeat << " cool_down_s " << r.cool_down_s
      << "\n";
    for (const condition_spec& c : r.conditions)
      o << "  when measure " << static_cast<int>(c.measure) << " scope " << c.scope.text << " what "
        << commodity_names[static_cast<int>(c.what)]
        << (c.compare == compare_kind::below ? " below " : " above ") << c.threshold << "\n";
    for (const action_spec& a : r.actions)
      o << "  then action " << static_cast<int>(a.kind) << " target " << a.target << " targets "
        << list(a.targets) << " strength " << a.strength << " participants_delta "
        << a.participants_delta << " share " << a.participants_share << " negotiation "
        << a.negotiation << "\n";
  }
  const protest_spec& p = s.protest;
  if (p.enabled)
    o << "protest interval_s " << p.interval_s << " legitimacy " << p.legitimacy
      << " hardship_base " << p.hardship_base << " threshold " << p.threshold << " police "
      << p.police << " eligible " << p.eligible << "\n";
}

}  // namespace cerco::test
