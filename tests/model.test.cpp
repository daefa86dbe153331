// cerco-test-links: cerco_model
#include <catch2/catch.hpp>
#include <cmath>

#include "tests/model_fixture.hpp"

using namespace cerco;
using cerco::test::builder;
using cerco::test::recorder;

namespace {

void require_balanced(const world& w) {
  for (int c = 0; c < commodity_count; ++c) {
    ledger g = w.accounts(static_cast<commodity>(c));
    INFO("commodity " << commodity_names[c] << ": initial " << g.initial << " produced "
                      << g.produced << " imported " << g.imported << " consumed " << g.consumed
                      << " stocked " << g.stocked << " in transit " << g.in_transit << " spoiled "
                      << g.spoiled << " lost " << g.lost);
    REQUIRE(g.balanced());
  }
}

/// One depot, one district 30 km away, a fleet that keeps it supplied.
builder city_and_depot(blockade_policy policy = blockade_policy::wait) {
  builder b(10 * day_s);
  std::uint32_t depot = b.depot("depot", commodity::gasoline, 10'000'000);
  std::uint32_t d = b.district("d1", 10000, commodity::gasoline, 500, 10000);  // 5000 L/d
  b.road(depot, d, 30000);
  b.fleet(depot, commodity::gasoline, 4, 8000, policy);
  b.reorder(d, commodity::gasoline, 5000, 15000, depot);
  return b;
}

}  // namespace

TEST_CASE("a district with no supply runs out at the exact second", "[model]") {
  builder b(3 * day_s);
  std::uint32_t d = b.district("d", 1000, commodity::food, 1000, 500);  // 1000 kg/d, 500 kg
  cerco::test::recorded_world run_w(b.s);
  REQUIRE(run_w.ok);
  world& w = run_w.w;
  const recorder& rec = run_w.rec;
  w.run();
  auto outs = rec.of(record_kind::stock_out);
  REQUIRE(outs.size() == 1);
  CHECK(outs[0].subject == d);
  CHECK(outs[0].at_s == 12 * hour_s);  // 500 kg at 1000 kg/d: half a day
  stock_view v = w.stock(d, commodity::food);
  CHECK(v.stock == 0);
  CHECK(v.short_s == 3 * day_s - 12 * hour_s);
  CHECK(v.unmet == 2500);  // 2.5 days of demand not served
  CHECK(v.consumed == 500);
  require_balanced(w);
}

TEST_CASE("a supplied district never runs out and the ledger balances", "[model]") {
  builder b = city_and_depot();
  cerco::test::recorded_world run_w(b.s);
  REQUIRE(run_w.ok);
  world& w = run_w.w;
  const recorder& rec = run_w.rec;
  REQUIRE(w.run() == world_status::finished);
  CHECK(rec.of(record_kind::stock_out).empty());
  CHECK(rec.of(record_kind::delivery).size() >= 5);
  CHECK(w.stock(1, commodity::gasoline).consumed == 50000);
  require_balanced(w);
}

TEST_CASE("a blockaded depot starves the district until it lifts", "[model]") {
  builder b = city_and_depot();
  b.blockade_on_node(0, 0, 4 * day_s);
  cerco::test::recorded_world run_w(b.s);
  REQUIRE(run_w.ok);
  world& w = run_w.w;
  const recorder& rec = run_w.rec;
  w.run();
  auto outs = rec.of(record_kind::stock_out);
  REQUIRE(outs.size() == 1);
  CHECK(outs[0].at_s == 2 * day_s);  // 10000 L at 5000 L/d
  auto back = rec.of(record_kind::restocked);
  REQUIRE(back.size() == 1);
  CHECK(back[0].at_s > 4 * day_s);
  CHECK(back[0].at_s < 4 * day_s + 2 * hour_s);  // 30 km at 60 km/h after the lift
  CHECK(rec.of(record_kind::blockade_started).size() == 1);
  CHECK(rec.of(record_kind::blockade_lifted).size() == 1);
  require_balanced(w);
}

TEST_CASE("trucks wait, reroute or turn back at a blocked road as their fleet says", "[model]") {
  // depot -> a -> district is short; depot -> b -> district is longer. Road depot-a blocked.
  auto make = [](blockade_policy policy) {
    builder b(3 * day_s);
    std::uint32_t depot = b.depot("depot", commodity::diesel, 1'000'000);
    std::uint32_t a = b.node("a", node_kind::market);
    std::uint32_t alt = b.node("alt", node_kind::market);
    std::uint32_t d = b.district("d", 1000, commodity::diesel, 1000, 500);
    b.road(depot, a, 10000);
    std::uint32_t blocked = b.road(a, d, 10000);
    b.road(depot, alt, 40000);
    b.road(alt, d, 40000);
    b.fleet(depot, commodity::diesel, 2, 2000, policy);
    b.reorder(d, commodity::diesel, 400, 2000, depot);
    b.blockade_on_road(blocked, 0, 2 * day_s);
    return b;
  };
  SECTION("reroute: deliveries go the long way, no stock-out") {
    builder b = make(blockade_policy::reroute);
    cerco::test::recorded_world run_w(b.s);
    REQUIRE(run_w.ok);
    world& w = run_w.w;
    const recorder& rec = run_w.rec;
    w.run();
    CHECK(rec.of(record_kind::truck_rerouted).size() >= 1);
    CHECK(rec.of(record_kind::stock_out).empty());
    require_balanced(w);
  }
  SECTION("wait: the district runs out and is restocked after the lift") {
    builder b = make(blockade_policy::wait);
    cerco::test::recorded_world run_w(b.s);
    REQUIRE(run_w.ok);
    world& w = run_w.w;
    const recorder& rec = run_w.rec;
    w.run();
    CHECK(rec.of(record_kind::truck_rerouted).empty());
    REQUIRE(rec.of(record_kind::stock_out).size() == 1);
    REQUIRE(!rec.of(record_kind::restocked).empty());
    CHECK(rec.of(record_kind::restocked)[0].at_s > 2 * day_s);
    require_balanced(w);
  }
  SECTION("turn back: the truck returns loaded, then delivers after the lift") {
    builder b = make(blockade_policy::turn_back);
    cerco::test::recorded_world run_w(b.s);
    REQUIRE(run_w.ok);
    world& w = run_w.w;
    const recorder& rec = run_w.rec;
    w.run_until(day_s);
    CHECK(!rec.of(record_kind::truck_turned_back).empty());
    w.run();
    CHECK(!rec.of(record_kind::restocked).empty());
    require_balanced(w);
  }
}

TEST_CASE("perishables spoil after their shelf life", "[model]") {
  builder b(10 * day_s);
  b.s.shelf_life_s = 4 * day_s;
  // 100 kg/d of demand against 1000 kg: a quarter expires each day of the shelf life.
  std::uint32_t d = b.district("d", 100, commodity::perishables, 1000, 1000);
  cerco::test::recorded_world run_w(b.s);
  REQUIRE(run_w.ok);
  world& w = run_w.w;
  const recorder& rec = run_w.rec;
  w.run();
  auto spoil = rec.of(record_kind::spoiled);
  REQUIRE(!spoil.empty());
  CHECK(spoil[0].at_s == day_s);
  CHECK(spoil[0].amount == 150);  // the oldest batch of 250 less the 100 eaten from it
  ledger g = w.accounts(commodity::perishables);
  CHECK(g.spoiled + g.consumed == 1000);
  CHECK(w.stock(d, commodity::perishables).stock == 0);
  require_balanced(w);
}

TEST_CASE("rationing caps consumption while in force", "[model]") {
  builder b(4 * day_s);
  std::uint32_t d = b.district("d", 1000, commodity::lpg, 100, 1000);  // 100 cylinders/d
  rationing_spec r;
  r.id = "lpg";
  r.nodes = {d};
  r.what = commodity::lpg;
  r.cap_milli_per_person_d = 25;  // 25 cylinders/d
  r.start_s = day_s;
  r.end_s = 3 * day_s;
  b.s.rationings.push_back(r);
  world w;
  REQUIRE(w.init(b.s));
  w.run_until(2 * day_s);
  CHECK(w.stock(d, commodity::lpg).rationed);
  CHECK(w.stock(d, commodity::lpg).demand_per_d == 25);
  w.run();
  // day 1 at 100, days 2-3 at 25, day 4 at 100
  CHECK(w.stock(d, commodity::lpg).consumed == 100 + 25 + 25 + 100);
  CHECK_FALSE(w.stock(d, commodity::lpg).rationed);
  require_balanced(w);
}

TEST_CASE("an airlift imports its payload at its rate", "[model]") {
  builder b(2 * day_s);
  std::uint32_t port = b.node("airport", node_kind::airport);
  airlift_spec a;
  a.id = "bridge";
  a.to = port;
  a.start_s = 0;
  a.end_s = day_s;
  a.flights_per_d = 4;
  a.payload[static_cast<int>(commodity::food)] = 20000;
  b.s.airlifts.push_back(a);
  cerco::test::recorded_world run_w(b.s);
  REQUIRE(run_w.ok);
  world& w = run_w.w;
  const recorder& rec = run_w.rec;
  w.run();
  CHECK(rec.of(record_kind::flight_landed).size() == 4);  // at 0, 6h, 12h, 18h
  CHECK(w.accounts(commodity::food).imported == 80000);
  CHECK(w.stock(port, commodity::food).stock == 80000);
  require_balanced(w);
}

TEST_CASE("a convoy breaks through or turns back, with casualties", "[model]") {
  builder b(2 * day_s, 7);
  std::uint32_t plant = b.depot("plant", commodity::gasoline, 1'000'000);
  std::uint32_t d = b.district("d", 1000, commodity::gasoline, 100, 0);
  std::uint32_t r = b.road(plant, d, 20000);
  b.blockade_on_road(r, 0, -1);
  convoy_spec c;
  c.id = "convoy";
  c.from = plant;
  c.to = {d};
  c.depart_s = hour_s;
  c.vehicles = 10;
  c.cargo[0] = 320000;
  c.breakthrough = 1.0;
  c.casualties_mean = 3.0;
  b.s.convoys.push_back(c);
  cerco::test::recorded_world run_w(b.s);
  REQUIRE(run_w.ok);
  world& w = run_w.w;
  const recorder& rec = run_w.rec;
  w.run();
  REQUIRE(rec.of(record_kind::convoy_broke_through).size() == 1);
  REQUIRE(rec.of(record_kind::convoy_arrived).size() == 1);
  CHECK(w.casualties() == rec.of(record_kind::convoy_broke_through)[0].amount);
  CHECK(w.stock(d, commodity::gasoline).stock + w.stock(d, commodity::gasoline).consumed == 320000);
  require_balanced(w);

  b.s.convoys[0].breakthrough = 0.0;
  cerco::test::recorded_world run_w2(b.s);
  REQUIRE(run_w2.ok);
  world& w2 = run_w2.w;
  const recorder& rec2 = run_w2.rec;
  w2.run();
  CHECK(rec2.of(record_kind::convoy_stopped).size() == 1);
  CHECK(rec2.of(record_kind::convoy_arrived).empty());
  CHECK(w2.stock(plant, commodity::gasoline).stock == 1'000'000);  // cargo came back
  require_balanced(w2);
}

TEST_CASE("runs are deterministic and snapshots resume identically", "[model][determinism]") {
  builder b = city_and_depot(blockade_policy::reroute);
  b.blockade_on_node(0, day_s, 3 * day_s, 0.5);
  world a, c;
  REQUIRE(a.init(b.s));
  REQUIRE(c.init(b.s));
  a.run();
  c.run_until(2 * day_s + 17);
  world fork;
  REQUIRE(fork.init(b.s));
  fork.copy_from(c);
  c.run();
  fork.run();
  CHECK(a.run_hash() == c.run_hash());
  CHECK(a.run_hash() == fork.run_hash());
  CHECK(a.events_processed() == fork.events_processed());
  b.s.seed = 2;
  world other;
  REQUIRE(other.init(b.s));
  other.run();
  CHECK(other.run_hash() != a.run_hash());
}
