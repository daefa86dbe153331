// cerco-test-links: cerco_model
#include "alloc_hook.hpp"

#include <catch2/catch.hpp>

#include "tests/model_fixture.hpp"

using namespace cerco;

TEST_CASE("the model's event loop allocates nothing", "[alloc][model]") {
  // A world that exercises every part of the loop: orders, bays, routing around a
  // blockade, imports, an airlift, a convoy, rationing, spoilage, a trigger and talks.
  test::builder b(20 * day_s, 3);
  std::uint32_t plant = b.depot("plant", commodity::gasoline, 5'000'000);
  b.s.nodes[plant].stock[static_cast<int>(commodity::perishables)] = 100000;
  b.s.nodes[plant].bay_time_s.kind = dist_kind::lognormal;
  b.s.nodes[plant].bay_time_s.a = 2700;
  b.s.nodes[plant].bay_time_s.b = 900;
  std::uint32_t mid = b.node("mid", node_kind::market);
  std::uint32_t alt = b.node("alt", node_kind::market);
  std::uint32_t d1 = b.district("d1", 50000, commodity::gasoline, 600, 60000);
  std::uint32_t d2 = b.district("d2", 30000, commodity::gasoline, 600, 30000);
  b.s.nodes[d1].demand_milli_per_person_d[static_cast<int>(commodity::perishables)] = 300;
  std::uint32_t r1 = b.road(plant, mid, 10000);
  b.road(mid, d1, 5000);
  b.road(mid, d2, 8000);
  b.road(plant, alt, 30000);
  b.road(alt, d2, 30000);
  b.road(alt, d1, 30000);
  b.fleet(plant, commodity::gasoline, 20, 32000, blockade_policy::reroute);
  b.fleet(plant, commodity::perishables, 4, 10000, blockade_policy::wait);
  b.reorder(d1, commodity::gasoline, 30000, 90000, plant);
  b.reorder(d2, commodity::gasoline, 15000, 45000, plant);
  b.reorder(d1, commodity::perishables, 3000, 15000, plant);
  b.blockade_on_road(r1, 2 * day_s, 9 * day_s, 0.7);
  std::uint32_t gate = b.blockade_on_node(plant, 4 * day_s, -1, 1.0, 3000);
  std::uint32_t border = b.node("border", node_kind::border);
  b.road(border, plant, 100000);
  arrival_process& ap = b.s.nodes[border].arrivals[0];
  ap.enabled = true;
  ap.rate_per_d = 6;
  ap.load = 32000;
  ap.to = plant;
  airlift_spec air;
  air.id = "air";
  air.to = d1;
  air.start_s = 3 * day_s;
  air.flights_per_d = 3;
  air.payload[static_cast<int>(commodity::perishables)] = 20000;
  b.s.airlifts.push_back(air);
  convoy_spec cv;
  cv.id = "convoy";
  cv.from = plant;
  cv.to = {d1, d2};
  cv.depart_s = 7 * day_s;
  cv.vehicles = 30;
  cv.cargo[0] = 600000;
  cv.breakthrough = 0.8;
  cv.casualties_mean = 2;
  b.s.convoys.push_back(cv);
  rationing_spec rs;
  rs.id = "r";
  rs.nodes = {d1, d2};
  rs.what = commodity::gasoline;
  rs.cap_milli_per_person_d = 300;
  rs.start_s = 5 * day_s;
  b.s.rationings.push_back(rs);
  negotiation_spec ns;
  ns.parties = {gate};
  ns.duration_s.kind = dist_kind::triangular;
  ns.duration_s.a = day_s;
  ns.duration_s.b = 2 * day_s;
  ns.duration_s.c = 4 * day_s;
  ns.success = 0.7;
  b.s.negotiations.push_back(ns);
  rule_spec talks;
  talks.id = "talks";
  condition_spec low;
  low.measure = measure_kind::cover;
  low.scope.nodes = {d1, d2};
  low.what = commodity::gasoline;
  low.threshold = day_s / 2;
  talks.conditions = {low};
  talks.hold_s = 12 * hour_s;
  action_spec neg;
  neg.kind = action_kind::negotiate;
  neg.negotiation = 0;
  talks.actions = {neg};
  b.s.rules.push_back(talks);

  world w;
  REQUIRE(w.init(b.s));  // allocates: at load
  alloc_hook::reset();
  world_status st = w.run();
  std::size_t allocations = alloc_hook::count();
  std::uint64_t events = w.events_processed();
  REQUIRE(st == world_status::finished);
  CHECK(events > 400);
  CHECK(allocations == 0);
  CHECK(w.accounts_balance());
}
