// cerco-test-links: cerco_model
#include <catch2/catch.hpp>
#include <cmath>

#include "cerco/protest.hpp"
#include "tests/model_fixture.hpp"

using namespace cerco;
using cerco::test::builder;
using cerco::test::recorder;

namespace {

condition_spec stock_below(std::uint32_t node, commodity c, std::int64_t level) {
  condition_spec k;
  k.measure = measure_kind::stock;
  k.scope.text = "node";
  k.scope.nodes = {node};
  k.what = c;
  k.compare = compare_kind::below;
  k.threshold = level;
  return k;
}

condition_spec global(measure_kind m, compare_kind cmp, std::int64_t level) {
  condition_spec k;
  k.measure = m;
  k.scope.text = "all";
  k.compare = cmp;
  k.threshold = level;
  return k;
}

action_spec act(action_kind k, std::uint32_t target) {
  action_spec a;
  a.kind = k;
  a.target = target;
  return a;
}

rule_spec rule(const std::string& id, std::vector<condition_spec> when, time_s hold_s,
               std::vector<action_spec> then) {
  rule_spec r;
  r.id = id;
  r.conditions = std::move(when);
  r.hold_s = hold_s;
  r.actions = std::move(then);
  return r;
}

rule_spec scripted(const std::string& id, time_s at_s, std::vector<action_spec> then) {
  rule_spec r;
  r.id = id;
  r.scripted = true;
  r.at_s = at_s;
  r.actions = std::move(then);
  return r;
}

std::vector<time_s> fire_times(const recorder& rec, std::uint32_t rule_index) {
  std::vector<time_s> out;
  for (const record& r : rec.of(record_kind::trigger_fired)) {
    if (r.subject == rule_index) out.push_back(r.at_s);
  }
  return out;
}

/// A district eating 1000 kg/d from 1000 kg, restocked with 1000 kg by one flight a
/// day from the end of the first day.
builder daily_restock(time_s duration_s) {
  builder b(duration_s);
  std::uint32_t d = b.district("d", 1000, commodity::food, 1000, 1000);
  airlift_spec a;
  a.id = "daily";
  a.to = d;
  a.start_s = 0;
  a.first_flight_s = day_s;
  a.flights_per_d = 1;
  a.payload[static_cast<int>(commodity::food)] = 1000;
  b.s.airlifts.push_back(a);
  rationing_spec r;  // an observable action target
  r.id = "r";
  r.nodes = {d};
  r.what = commodity::food;
  r.cap_milli_per_person_d = 1000;
  b.s.rationings.push_back(r);
  return b;
}

struct run_result {
  recorder rec;
  world_status status;
};

run_result run(const builder& b, world* keep = nullptr) {
  run_result out;
  world local;
  world& w = keep ? *keep : local;
  REQUIRE(w.init(b.s));
  w.add_observer(out.rec.as_observer());
  out.status = w.run();
  return out;
}

// Stock k days after the start (and after each landing): 1000 - floor(1000 dt / 86400); it is below
// 300 from dt = ceil(701 * 86.4) = 60567 s until the next landing.
constexpr time_s below_300_s = 60567;

}  // namespace

TEST_CASE("a condition held for less than `for` never fires; held longer, at the exact second",
          "[rules]") {
  builder b = daily_restock(day_s - 1);
  b.s.rules.push_back(rule("long", {stock_below(0, commodity::food, 300)}, 8 * hour_s,
                           {act(action_kind::rationing_start, 0)}));
  b.s.rules.push_back(rule("short", {stock_below(0, commodity::food, 300)}, hour_s,
                           {act(action_kind::rationing_start, 0)}));
  run_result r = run(b);
  CHECK(fire_times(r.rec, 0).empty());  // true for 25833 s only
  REQUIRE(fire_times(r.rec, 1) == std::vector<time_s>{below_300_s + hour_s});
  CHECK(r.rec.of(record_kind::rationing_started).size() == 1);
  CHECK(r.rec.of(record_kind::trigger_fired)[0].values[0] < 300);
}

TEST_CASE("a repeating rule fires each time its condition turns true, after its cool-down",
          "[rules]") {
  builder b = daily_restock(5 * day_s);
  rule_spec every = rule("every", {stock_below(0, commodity::food, 300)}, 0, {});
  every.repeat = true;
  rule_spec cooled = every;
  cooled.id = "cooled";
  cooled.cool_down_s = day_s + day_s / 2;
  rule_spec once = every;
  once.id = "once";
  once.repeat = false;
  b.s.rules = {every, cooled, once};
  run_result r = run(b);
  std::vector<time_s> daily;
  for (time_s k = 0; k < 5; ++k) daily.push_back(k * day_s + below_300_s);
  CHECK(fire_times(r.rec, 0) == daily);
  CHECK(fire_times(r.rec, 1) == std::vector<time_s>{daily[0], daily[2], daily[4]});
  CHECK(fire_times(r.rec, 2) == std::vector<time_s>{daily[0]});
}

TEST_CASE("conditions combine with all and any", "[rules]") {
  builder b = daily_restock(2 * day_s);
  condition_spec late = global(measure_kind::time, compare_kind::above, day_s);
  rule_spec all = rule("all", {stock_below(0, commodity::food, 300), late}, 0, {});
  rule_spec any = all;
  any.id = "any";
  any.any = true;
  b.s.rules = {all, any};
  run_result r = run(b);
  CHECK(fire_times(r.rec, 0) == std::vector<time_s>{day_s + below_300_s});
  CHECK(fire_times(r.rec, 1) == std::vector<time_s>{below_300_s});
}

TEST_CASE("every action has its effect", "[rules][actions]") {
  builder b(3 * day_s);
  std::uint32_t depot = b.depot("depot", commodity::gasoline, 100000);
  std::uint32_t d = b.district("d", 1000, commodity::gasoline, 1000, 5000);
  b.road(depot, d, 10000);
  std::uint32_t blk = b.blockade_on_node(depot, -1, -1, 0.5, 1000);
  airlift_spec a;
  a.id = "air";
  a.to = d;
  a.flights_per_d = 2;
  a.payload[0] = 100;
  b.s.airlifts.push_back(a);
  convoy_spec c;
  c.id = "convoy";
  c.from = depot;
  c.to = {d};
  c.vehicles = 2;
  c.cargo[0] = 1000;
  b.s.convoys.push_back(c);
  rationing_spec rs;
  rs.id = "r";
  rs.nodes = {d};
  rs.what = commodity::gasoline;
  rs.cap_milli_per_person_d = 500;
  b.s.rationings.push_back(rs);
  action_spec esc = act(action_kind::blockade_escalate, blk);
  esc.strength = 1.0;
  esc.participants_delta = 500;
  action_spec give = act(action_kind::concession, blk);
  give.participants_share = 0.2;
  b.s.rules = {scripted("s1", hour_s, {act(action_kind::blockade_start, blk)}),
               scripted("s2", 2 * hour_s, {esc, give}),
               scripted("s3", 3 * hour_s,
                        {act(action_kind::blockade_pause, blk), act(action_kind::airlift_start, 0),
                         act(action_kind::rationing_start, 0)}),
               scripted("s4", 4 * hour_s, {act(action_kind::convoy_dispatch, 0)}),
               scripted("s5", day_s,
                        {act(action_kind::airlift_stop, 0), act(action_kind::rationing_end, 0),
                         act(action_kind::blockade_lift, blk)})};
  world w;
  REQUIRE(w.init(b.s));
  recorder rec;
  w.add_observer(rec.as_observer());
  w.run_until(hour_s);
  CHECK(w.blockade(blk).state == blockade_state::active);
  CHECK(w.blockade(blk).strength == 0.5);
  w.run_until(2 * hour_s);
  CHECK(w.blockade(blk).strength == 1.0);
  CHECK(w.blockade(blk).participants == 1500 - 300);  // +500, then a fifth leave
  w.run_until(3 * hour_s);
  CHECK(w.blockade(blk).state == blockade_state::paused);
  CHECK(w.airlift_active(0));
  CHECK(w.rationing_active(0));
  CHECK(w.stock(d, commodity::gasoline).demand_per_d == 500);
  w.run_until(6 * hour_s);
  CHECK(rec.of(record_kind::convoy_arrived).size() == 1);
  w.run_until(day_s);
  CHECK_FALSE(w.airlift_active(0));
  CHECK_FALSE(w.rationing_active(0));
  CHECK(w.blockade(blk).state == blockade_state::lifted);
  CHECK(rec.of(record_kind::flight_landed).size() == 2);  // 3h and 15h
  CHECK(rec.of(record_kind::concession)[0].amount == 300);
  for (const record& r : rec.of(record_kind::blockade_paused))
    CHECK(r.origin == record_origin::script);
  w.run();
  CHECK(w.accounts_balance());
}

namespace {

builder talks(double success, double renege, std::uint64_t seed) {
  builder b(10 * day_s, seed);
  std::uint32_t depot = b.depot("depot", commodity::gasoline, 100000);
  b.blockade_on_node(depot, 0, -1);
  negotiation_spec n;
  n.parties = {0};
  n.duration_s.kind = dist_kind::constant;
  n.duration_s.a = 2 * day_s;
  n.success = success;
  n.renege = renege;
  n.renege_after_s.kind = dist_kind::constant;
  n.renege_after_s.a = day_s;
  b.s.negotiations.push_back(n);
  action_spec a;
  a.kind = action_kind::negotiate;
  a.negotiation = 0;
  b.s.rules = {scripted("talks", day_s, {a})};
  return b;
}

}  // namespace

TEST_CASE("negotiation outcomes over many seeds match their probability", "[rules][negotiation]") {
  // 2000 Bernoulli(0.3) trials: sd of the share is 0.0102; 4 sd tolerance.
  int agreed = 0;
  const int runs = 2000;
  for (int seed = 1; seed <= runs; ++seed) {
    builder b = talks(0.3, 0.0, static_cast<std::uint64_t>(seed));
    world w;
    REQUIRE(w.init(b.s));
    w.run();
    if (w.negotiation(0) == negotiation_state::agreed) {
      ++agreed;
      CHECK(w.blockade(0).state == blockade_state::lifted);
    } else {
      CHECK(w.negotiation(0) == negotiation_state::failed);
      CHECK(w.blockade(0).state == blockade_state::active);
    }
  }
  CHECK(std::fabs(agreed / static_cast<double>(runs) - 0.3) < 0.041);
}

TEST_CASE("an agreement can be reneged and the blockade returns", "[rules][negotiation]") {
  builder b = talks(1.0, 1.0, 5);
  world w;
  REQUIRE(w.init(b.s));
  recorder rec;
  w.add_observer(rec.as_observer());
  w.run_until(3 * day_s);
  CHECK(w.negotiation(0) == negotiation_state::agreed);
  CHECK(w.blockade(0).state == blockade_state::lifted);
  w.run();
  CHECK(w.negotiation(0) == negotiation_state::reneged);
  CHECK(w.blockade(0).state == blockade_state::active);
  REQUIRE(rec.of(record_kind::agreement_reneged).size() == 1);
  CHECK(rec.of(record_kind::agreement_reneged)[0].at_s == 4 * day_s);
  CHECK(rec.of(record_kind::negotiation_started)[0].at_s == day_s);
  CHECK(rec.of(record_kind::negotiation_succeeded)[0].at_s == 3 * day_s);
}

TEST_CASE("protest dynamics follow Epstein's rule on shares", "[rules][protest]") {
  CHECK(grievance(0.5, 0.6) == Approx(0.2));
  CHECK(arrest_probability(2.3, 2000, 1000) == Approx(1 - std::exp(-4.6)));
  CHECK(arrest_probability(2.3, 2000, 0) == Approx(1 - std::exp(-4600.0)));
  CHECK(protest_share(0.2, 0.5, 1 - std::exp(-4.6), 0.1) == Approx(0.1 / (1 - std::exp(-4.6))));
  CHECK(protest_share(0.05, 0.5, 0.9, 0.1) == 0.0);  // grievance under the threshold
  CHECK(protest_share(0.9, 0.1, 0.5, 0.1) == 1.0);   // everyone joins

  builder b(day_s);
  std::uint32_t d = b.district("d", 100000, commodity::food, 1000, 10'000'000);
  b.blockade_on_node(d, 0, -1, 1.0, 1000);
  protest_spec& p = b.s.protest;
  p.enabled = true;
  p.interval_s = 6 * hour_s;
  p.legitimacy = 0.6;
  p.hardship_base = 0.5;
  p.hardship_per_short_day = 0.0;
  p.risk_aversion = 0.5;
  p.threshold = 0.1;
  p.arrest_k = 2.3;
  p.police = 2000;
  p.join_rate = 0.5;
  p.eligible = 50000;
  world w;
  REQUIRE(w.init(b.s));
  w.run_until(6 * hour_s);
  // G = 0.5 * 0.4 = 0.2; P = 1 - exp(-2.3 * 2000 / 1000); share = 0.1 / (2 * 0.5 * P);
  // active = 1000 + 0.5 * (50000 * share - 1000).
  double share = 0.1 / (1 - std::exp(-4.6));
  double expect = 1000 + 0.5 * (50000 * share - 1000);
  CHECK(w.blockade(0).participants == std::llround(expect));
}

TEST_CASE("rules that fire each other at one instant are stopped with a clear error", "[rules]") {
  builder b(day_s);
  std::uint32_t depot = b.depot("depot", commodity::gasoline, 1000);
  b.blockade_on_node(depot, 0, -1, 1.0, 1000);
  action_spec down = act(action_kind::blockade_escalate, 0);
  down.participants_delta = -1000;
  action_spec up = act(action_kind::blockade_escalate, 0);
  up.participants_delta = 1000;
  rule_spec a =
      rule("drop", {global(measure_kind::participants, compare_kind::above, 500)}, 0, {down});
  rule_spec c =
      rule("raise", {global(measure_kind::participants, compare_kind::below, 500)}, 0, {up});
  a.repeat = c.repeat = true;
  b.s.rules = {a, c};
  world w;
  REQUIRE(w.init(b.s));
  CHECK(w.run() == world_status::rule_cycle);
  CHECK(std::string(w.error()).find("cycle") != std::string::npos);
  CHECK(w.now_s() == hour_s * 0);
}
