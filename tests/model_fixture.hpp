#pragma once
/// Builds small scenarios in code for model tests, without the TOML loader, and
/// records what a run emits.
#include <string>
#include <vector>

#include "cerco/scenario.hpp"
#include "cerco/world.hpp"

namespace cerco::test {

struct builder {
  scenario s;

  explicit builder(time_s duration_s = 10 * day_s, std::uint64_t seed = 1) {
    s.name = "test";
    s.start_date = "2019-11-12";
    s.duration_s = duration_s;
    s.seed = seed;
  }

  std::uint32_t city(const std::string& name) {
    for (std::uint32_t c = 0; c < s.cities.size(); ++c) {
      if (s.cities[c].name == name) return c;
    }
    s.cities.push_back({name});
    return static_cast<std::uint32_t>(s.cities.size() - 1);
  }

  std::uint32_t node(const std::string& id, node_kind kind, double lat = 0, double lon = 0) {
    node_spec n;
    n.id = n.name = id;
    n.kind = kind;
    n.lat = lat;
    n.lon = lon;
    s.nodes.push_back(n);
    return static_cast<std::uint32_t>(s.nodes.size() - 1);
  }

  /// A district of `people` consuming `per_person_milli` thousandths of a unit a day.
  std::uint32_t district(const std::string& id, std::int64_t people, commodity c,
                         std::int64_t per_person_milli, std::int64_t stock,
                         const std::string& city_name = "City") {
    std::uint32_t n = node(id, node_kind::district);
    s.nodes[n].population = people;
    s.nodes[n].city = city(city_name);
    s.nodes[n].demand_milli_per_person_d[static_cast<int>(c)] = per_person_milli;
    s.nodes[n].stock[static_cast<int>(c)] = stock;
    return n;
  }

  std::uint32_t depot(const std::string& id, commodity c, std::int64_t stock,
                      std::uint32_t bays = 4) {
    std::uint32_t n = node(id, node_kind::depot);
    s.nodes[n].stock[static_cast<int>(c)] = stock;
    s.nodes[n].bays = bays;
    return n;
  }

  std::uint32_t road(std::uint32_t a, std::uint32_t b, std::int64_t length_m,
                     std::int64_t speed_m_per_h = 60000) {
    road_spec r;
    r.id = s.nodes[a].id;
    r.id += "_";
    r.id += s.nodes[b].id;
    r.from = a;
    r.to = b;
    r.length_m = length_m;
    r.speed_m_per_h = speed_m_per_h;
    s.roads.push_back(r);
    return static_cast<std::uint32_t>(s.roads.size() - 1);
  }

  std::uint32_t fleet(std::uint32_t base, commodity c, std::uint32_t trucks, std::int64_t capacity,
                      blockade_policy policy = blockade_policy::wait) {
    fleet_spec f;
    f.id = "fleet";
    f.id += std::to_string(s.fleets.size());
    f.base = base;
    f.carries = c;
    f.trucks = trucks;
    f.truck_capacity = capacity;
    f.at_blockade = policy;
    s.fleets.push_back(f);
    return static_cast<std::uint32_t>(s.fleets.size() - 1);
  }

  void reorder(std::uint32_t n, commodity c, std::int64_t below, std::int64_t up_to,
               std::uint32_t supplier) {
    reorder_policy& r = s.nodes[n].reorder[static_cast<int>(c)];
    r.enabled = true;
    r.below = below;
    r.up_to = up_to;
    r.supplier = supplier;
  }

  std::uint32_t blockade_on_node(std::uint32_t n, time_s start_s, time_s end_s,
                                 double strength = 1.0, std::int64_t people = 1000) {
    blockade_spec b;
    b.id = "b";
    b.id += std::to_string(s.blockades.size());
    b.node = n;
    b.start_s = start_s;
    b.end_s = end_s;
    b.strength = strength;
    b.participants = people;
    s.blockades.push_back(b);
    return static_cast<std::uint32_t>(s.blockades.size() - 1);
  }

  std::uint32_t blockade_on_road(std::uint32_t r, time_s start_s, time_s end_s,
                                 double strength = 1.0, std::int64_t people = 1000) {
    std::uint32_t b = blockade_on_node(0, start_s, end_s, strength, people);
    s.blockades[b].node = no_index;
    s.blockades[b].road = r;
    return b;
  }
};

/// Collects every record of a run.
struct recorder {
  std::vector<record> records;
  observer as_observer() {
    return observer{this, [](void* self, const world&, const record& r) {
                      static_cast<recorder*>(self)->records.push_back(r);
                    }};
  }
  std::vector<record> of(record_kind k) const {
    std::vector<record> out;
    for (const record& r : records) {
      if (r.kind == k) out.push_back(r);
    }
    return out;
  }
};

/// A world built from a scenario with a recorder attached, for tests that read what a
/// run emitted. Not copyable: the observer points at `rec`.
struct recorded_world {
  world w;
  recorder rec;
  bool ok = false;
  explicit recorded_world(const scenario& s) {
    ok = w.init(s);
    w.add_observer(rec.as_observer());
  }
  recorded_world(const recorded_world&) = delete;
};

}  // namespace cerco::test
