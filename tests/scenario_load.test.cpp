// cerco-test-links: cerco_scenario
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/scenario/builtin.hpp"
#include "sim/scenario/load.hpp"
#include "sim/scenario/schema.hpp"
#include "sim/scenario/text.hpp"
#include "sim/scenario/units.hpp"

using namespace cerco;

namespace {

std::string all_errors(const load_result& r) {
  std::string out;
  for (const auto& d : r.errors) out += format(d) + "\n";
  return out;
}

bool has_error(const load_result& r, const std::string& part) {
  for (const auto& d : r.errors) {
    if (d.message.find(part) != std::string::npos) return true;
  }
  return false;
}

/// A small scenario that uses every table and most keys.
const char* const tiny = R"(
[scenario]
name = "tiny"
description = "two districts and a plant"
start = "2019-11-12"
duration = "2d 12h"
seed = 42
shelf_life = "5d"

[[node]]
id = "depot"
name = "Senkata"
kind = "plant"
city = "El Alto"
at = [-16.58, -68.19]
stock = { gasoline = "1.5 ML", lpg = 2000, food = "3 t" }
capacity = { gasoline = "2 ML" }
production = { gasoline = "900 kL/d", lpg = "50 cyl/h" }
loading = { bays = 3, time = { dist = "triangular", min = "30min", mode = "45min", max = "1h 30min" } }
arrivals = { diesel = { rate = "6 /d", load = "30 m3", to = "depot", fleet = "diesel_trucks" } }

[[node]]
id = "d8"
kind = "district"
city = "El Alto"
at = [-16.56, -68.2]
population = 130000
demand = { gasoline = "0.6 L/person/d", lpg = "0.025 /person/d", food = "1.1 kg/person/d" }
stock = { gasoline = "1.5d", lpg = "2d", food = "4d" }
reorder = { gasoline = { below = "1d", up_to = "3d", from = "depot" } }

[[node]]
id = "centro"
kind = "district"
city = "La Paz"
at = [-16.5, -68.15]
population = 1000
demand = { food = "1 kg/person/d" }

[[node]]
id = "airport"
kind = "airport"
at = [-16.51, -68.19]

[[road]]
from = "depot"
to = "d8"
length = "6 km"
speed = "30 km/h"

[[road]]
id = "autopista"
from = "d8"
to = "centro"
length = "12.5 km"
speed = "50 km/h"
two_way = false
waypoints = [[-16.53, -68.17]]

[[fleet]]
id = "tankers"
base = "depot"
commodity = "gasoline"
trucks = 12
capacity = "32000 L"
at_blockade = "reroute"
retry = "30min"

[[fleet]]
id = "diesel_trucks"
base = "depot"
commodity = "diesel"
trucks = 3
capacity = "30 m3"

[[blockade]]
id = "gate"
node = "depot"
start = "0h"
end = "1d 12h"
strength = 0.8
participants = 4000

[[blockade]]
id = "highway"
road = "autopista"
participants = 200

[[airlift]]
id = "bridge"
to = "airport"
start = "1d"
flights = "6 /d"
payload = { food = "20 t" }
first_flight = "3h"

[[convoy]]
id = "escort"
from = "depot"
to = ["d8", "centro"]
depart = "1d 10h"
vehicles = 39
cargo = { gasoline = "608000 L" }
breakthrough = 0.9
casualties = 2.0

[[rationing]]
id = "fuel_cap"
scope = "city:El Alto"
commodity = "gasoline"
cap = "0.3 L/person/d"
start = "12h"

[[event]]
id = "lift"
at = "2d"
then = [{ action = "blockade_lift", blockades = ["gate", "highway"] },
        { action = "airlift_stop", airlift = "bridge" }]

[[trigger]]
id = "talks"
when.all = [{ measure = "cover", scope = "node:d8", commodity = "gasoline", below = "0.5d" },
            { measure = "participants", scope = "blockades:gate,highway", above = 1000 }]
when.for = "6h"
repeat = true
cool_down = "1d"
then = [{ action = "negotiate", parties = ["gate"], duration = { dist = "uniform", min = "1d", max = "3d" }, success = 0.6, outcome = "pause", renege = 0.1, renege_after = "2d" },
        { action = "blockade_escalate", blockade = "highway", strength = 1.0, participants = -50 }]

[[trigger]]
id = "share"
when = { measure = "served_share", scope = "all", commodity = "food", below = 0.75 }
then = [{ action = "concession", blockade = "gate", share = 0.3 },
        { action = "rationing_start", rationing = "fuel_cap" },
        { action = "convoy", convoy = "escort" }]

[protest]
interval = "3h"
police = 1500
eligible = 200000
)";

load_result load_tiny(const std::vector<std::string>& flags = {}) {
  std::vector<override_kv> ov;
  for (const auto& f : flags) {
    std::string err;
    auto kv = parse_override(f, &err);
    REQUIRE(kv.has_value());
    ov.push_back(*kv);
  }
  return load_scenario_text(tiny, "tiny.toml", ov);
}

}  // namespace

// ---- units ----------------------------------------------------------------------------

TEST_CASE("quantities: each commodity takes its own kind of unit") {
  CHECK(units::quantity("32000 L", commodity::gasoline).value == 32000);
  CHECK(units::quantity("32 kL", commodity::diesel).value == 32000);
  CHECK(units::quantity("14 ML", commodity::gasoline).value == 14000000);
  CHECK(units::quantity("1.5m3", commodity::gasoline).value == 1500);
  CHECK(units::quantity("120 t", commodity::food).value == 120000);
  CHECK(units::quantity("2.5 kg", commodity::perishables).error.find("whole number") !=
        std::string::npos);
  CHECK(units::quantity("250 kg", commodity::perishables).value == 250);
  CHECK(units::quantity("220000 cyl", commodity::lpg).value == 220000);
  CHECK(units::quantity("220000", commodity::lpg).value == 220000);
  CHECK(units::quantity("-5 L", commodity::gasoline).value == -5);
  CHECK(units::quantity("32 t", commodity::gasoline).error ==
        "expected a volume like \"32000 L\" for gasoline, got \"32 t\" (a mass)");
  CHECK(units::quantity("5 L", commodity::food).error ==
        "expected a mass like \"1200 kg\" for food, got \"5 L\" (a volume)");
  CHECK(units::quantity("5 L", commodity::lpg).error ==
        "expected a count like \"500 cyl\" for lpg, got \"5 L\" (a volume)");
  CHECK(units::quantity("32000", commodity::gasoline).error.find("(no unit)") != std::string::npos);
  CHECK(units::quantity("3 gallons", commodity::gasoline).error.find("unknown unit `gallons`") !=
        std::string::npos);
  CHECK(units::quantity("0.4 L", commodity::gasoline).error ==
        "\"0.4 L\" is not a whole number of L");
  CHECK(units::quantity("99999999999999999999 L", commodity::gasoline).error.find("too large") !=
        std::string::npos);
  CHECK(units::quantity("90000000000000 ML", commodity::gasoline).error.find("too large") !=
        std::string::npos);
  CHECK_FALSE(units::quantity("", commodity::gasoline).ok());
  CHECK_FALSE(units::quantity("L", commodity::gasoline).ok());
}

TEST_CASE("rates, per-person rates, lengths, speeds, counts per day and durations") {
  CHECK(units::rate_per_d("900000 L/d", commodity::gasoline).value == 900000);
  CHECK(units::rate_per_d("120 t/d", commodity::food).value == 120000);
  CHECK(units::rate_per_d("50 cyl/h", commodity::lpg).value == 1200);
  CHECK(units::rate_per_d("1.5 L/h", commodity::gasoline).value == 36);
  CHECK(units::rate_per_d("900000 L", commodity::gasoline).error.find("no /d or /h") !=
        std::string::npos);
  CHECK(units::rate_per_d("120 t/d", commodity::gasoline).error.find("(a mass)") !=
        std::string::npos);
  CHECK(units::milli_per_person_d("0.6 L/person/d", commodity::gasoline).value == 600);
  CHECK(units::milli_per_person_d("1.1 kg/person/d", commodity::food).value == 1100);
  CHECK(units::milli_per_person_d("0.025 /person/d", commodity::lpg).value == 25);
  CHECK(units::milli_per_person_d("0.025 cyl/person/d", commodity::lpg).value == 25);
  CHECK(units::milli_per_person_d("0.001 t/person/d", commodity::food).value == 1000);
  CHECK(units::milli_per_person_d("0.0005 L/person/d", commodity::gasoline)
            .error.find("finer than a thousandth") != std::string::npos);
  CHECK(units::milli_per_person_d("0.6 L/d", commodity::gasoline).error.find("no /person/d") !=
        std::string::npos);
  CHECK(units::length_m("6 km").value == 6000);
  CHECK(units::length_m("12.5 km").value == 12500);
  CHECK(units::length_m("800 m").value == 800);
  CHECK(units::length_m("6 mi").error ==
        "expected a length like \"6 km\", got \"6 mi\" (unknown unit `mi`)");
  CHECK(units::speed_m_per_h("30 km/h").value == 30000);
  CHECK_FALSE(units::speed_m_per_h("30 km").ok());
  CHECK(units::count_per_d("20 /d").value == 20);
  CHECK(units::count_per_d("6/d").value == 6);
  CHECK(units::count_per_d("2 /h").value == 48);
  CHECK_FALSE(units::count_per_d("20 L/d").ok());
  CHECK_FALSE(units::count_per_d("20").ok());
  CHECK(units::duration("1d 6h").value == 30 * 3600);
  CHECK(units::duration("90min").value == 5400);
  CHECK(units::duration("1.5d").value == 129600);
  CHECK(units::duration("3 weeks").error.find("expected a duration like") == 0);
  CHECK(units::is_duration("1.5d"));
  CHECK_FALSE(units::is_duration("1.5 L"));
}

TEST_CASE("days of demand round to the nearest base unit and guard overflow") {
  std::int64_t v = 0;
  REQUIRE(units::days_of_demand(130000, 600, 3 * day_s / 2, &v));
  CHECK(v == 117000);
  REQUIRE(units::days_of_demand(3, 333, day_s, &v));  // 0.999 -> 1
  CHECK(v == 1);
  CHECK_FALSE(units::days_of_demand(INT64_MAX, 1000000000, time_s_max, &v));
}

TEST_CASE("suggestions find typos and stay quiet otherwise") {
  using scenario_text::edit_distance;
  using scenario_text::nearest;
  CHECK(edit_distance("popluation", "population") == 1);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
  const std::vector<std::string> ids = {"senkata", "senkata_gate", "el_alto_d8"};
  CHECK(nearest("senkata_gat", ids) == "senkata_gate");
  CHECK(nearest("el_alto_d9", ids) == "el_alto_d8");
  CHECK(nearest("copacabana", ids).empty());
  CHECK(scenario_text::did_you_mean("").empty());
  CHECK(scenario_text::fnv1a64("") == 0xcbf29ce484222325ULL);
  CHECK(scenario_text::fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
}

TEST_CASE("diagnostics format as file:line:col: error: message") {
  CHECK(format(diagnostic{"a.toml", 3, 14, "boom"}) == "a.toml:3:14: error: boom");
  CHECK(format(diagnostic{"a.toml", 0, 0, "boom"}) == "a.toml: error: boom");
}

// ---- a whole scenario -------------------------------------------------------------------

TEST_CASE("a small scenario loads into exactly the expected values") {
  const load_result r = load_tiny();
  INFO(all_errors(r));
  REQUIRE(r.ok());
  const scenario& s = *r.value;
  CHECK(s.name == "tiny");
  CHECK(s.description == "two districts and a plant");
  CHECK(s.start_date == "2019-11-12");
  CHECK(s.duration_s == 2 * day_s + 12 * hour_s);
  CHECK(s.seed == 42);
  CHECK(s.shelf_life_s == 5 * day_s);
  REQUIRE(s.cities.size() == 2);
  CHECK(s.cities[0].name == "El Alto");
  CHECK(s.cities[1].name == "La Paz");
  REQUIRE(s.nodes.size() == 4);

  const node_spec& p = s.nodes[0];
  CHECK(p.id == "depot");
  CHECK(p.name == "Senkata");
  CHECK(p.kind == node_kind::plant);
  CHECK(p.city == 0);
  CHECK(p.lat == -16.58);
  CHECK(p.lon == -68.19);
  CHECK(p.population == 0);
  CHECK(p.stock == per_commodity<std::int64_t>{1500000, 0, 2000, 3000, 0});
  CHECK(p.capacity ==
        per_commodity<std::int64_t>{2000000, unlimited, unlimited, unlimited, unlimited});
  CHECK(p.production_per_d == per_commodity<std::int64_t>{900000, 0, 1200, 0, 0});
  CHECK(p.bays == 3);
  CHECK(p.bay_time_s.kind == dist_kind::triangular);
  CHECK(p.bay_time_s.a == 1800);
  CHECK(p.bay_time_s.b == 2700);
  CHECK(p.bay_time_s.c == 5400);
  const arrival_process& a = p.arrivals[int(commodity::diesel)];
  CHECK(a.enabled);
  CHECK(a.rate_per_d == 6);
  CHECK(a.load == 30000);
  CHECK(a.to == 0);
  CHECK(a.fleet == 1);
  CHECK_FALSE(p.arrivals[int(commodity::gasoline)].enabled);

  const node_spec& d = s.nodes[1];
  CHECK(d.name == "d8");
  CHECK(d.city == 0);
  CHECK(d.population == 130000);
  CHECK(d.demand_milli_per_person_d == per_commodity<std::int64_t>{600, 0, 25, 1100, 0});
  CHECK(d.stock == per_commodity<std::int64_t>{117000, 0, 6500, 572000, 0});
  const reorder_policy& ro = d.reorder[int(commodity::gasoline)];
  CHECK(ro.enabled);
  CHECK(ro.below == 78000);
  CHECK(ro.up_to == 234000);
  CHECK(ro.supplier == 0);
  CHECK_FALSE(d.reorder[int(commodity::food)].enabled);
  CHECK(d.bays == 1);
  CHECK(d.bay_time_s.kind == dist_kind::constant);
  CHECK(d.bay_time_s.a == 0);
  CHECK(s.nodes[2].city == 1);
  CHECK(s.nodes[3].kind == node_kind::airport);
  CHECK(s.nodes[3].city == no_index);

  REQUIRE(s.roads.size() == 2);
  CHECK(s.roads[0].id == "depot_d8");
  CHECK(s.roads[0].from == 0);
  CHECK(s.roads[0].to == 1);
  CHECK(s.roads[0].length_m == 6000);
  CHECK(s.roads[0].speed_m_per_h == 30000);
  CHECK(s.roads[0].two_way);
  CHECK(s.roads[1].id == "autopista");
  CHECK(s.roads[1].length_m == 12500);
  CHECK_FALSE(s.roads[1].two_way);
  REQUIRE(s.roads[1].waypoints.size() == 1);
  CHECK(s.roads[1].waypoints[0] == std::array<double, 2>{-16.53, -68.17});

  REQUIRE(s.fleets.size() == 2);
  CHECK(s.fleets[0].id == "tankers");
  CHECK(s.fleets[0].base == 0);
  CHECK(s.fleets[0].carries == commodity::gasoline);
  CHECK(s.fleets[0].trucks == 12);
  CHECK(s.fleets[0].truck_capacity == 32000);
  CHECK(s.fleets[0].at_blockade == blockade_policy::reroute);
  CHECK(s.fleets[0].retry_s == 1800);
  CHECK(s.fleets[1].carries == commodity::diesel);
  CHECK(s.fleets[1].truck_capacity == 30000);
  CHECK(s.fleets[1].at_blockade == blockade_policy::wait);
  CHECK(s.fleets[1].retry_s == hour_s);
}

TEST_CASE("a small scenario: blockades, airlifts, convoys, rationing and protest") {
  const load_result r = load_tiny();
  REQUIRE(r.ok());
  const scenario& s = *r.value;
  REQUIRE(s.blockades.size() == 2);
  CHECK(s.blockades[0].node == 0);
  CHECK(s.blockades[0].road == no_index);
  CHECK(s.blockades[0].start_s == 0);
  CHECK(s.blockades[0].end_s == 36 * hour_s);
  CHECK(s.blockades[0].strength == 0.8);
  CHECK(s.blockades[0].participants == 4000);
  CHECK(s.blockades[1].node == no_index);
  CHECK(s.blockades[1].road == 1);
  CHECK(s.blockades[1].start_s == -1);
  CHECK(s.blockades[1].end_s == -1);
  CHECK(s.blockades[1].strength == 1.0);

  REQUIRE(s.airlifts.size() == 1);
  CHECK(s.airlifts[0].to == 3);
  CHECK(s.airlifts[0].start_s == day_s);
  CHECK(s.airlifts[0].end_s == -1);
  CHECK(s.airlifts[0].flights_per_d == 6);
  CHECK(s.airlifts[0].payload == per_commodity<std::int64_t>{0, 0, 0, 20000, 0});
  CHECK(s.airlifts[0].first_flight_s == 3 * hour_s);

  REQUIRE(s.convoys.size() == 1);
  CHECK(s.convoys[0].from == 0);
  CHECK(s.convoys[0].to == std::vector<std::uint32_t>{1, 2});
  CHECK(s.convoys[0].depart_s == 34 * hour_s);
  CHECK(s.convoys[0].vehicles == 39);
  CHECK(s.convoys[0].cargo[0] == 608000);
  CHECK(s.convoys[0].breakthrough == 0.9);
  CHECK(s.convoys[0].casualties_mean == 2.0);

  REQUIRE(s.rationings.size() == 1);
  CHECK(s.rationings[0].nodes == std::vector<std::uint32_t>{0, 1});
  CHECK(s.rationings[0].what == commodity::gasoline);
  CHECK(s.rationings[0].cap_milli_per_person_d == 300);
  CHECK(s.rationings[0].start_s == 12 * hour_s);
  CHECK(s.rationings[0].end_s == -1);

  CHECK(s.protest.enabled);
  CHECK(s.protest.interval_s == 3 * hour_s);
  CHECK(s.protest.police == 1500);
  CHECK(s.protest.eligible == 200000);
  CHECK(s.protest.legitimacy == 0.6);
}

TEST_CASE("a small scenario: rules, conditions, actions and negotiations") {
  const load_result r = load_tiny();
  REQUIRE(r.ok());
  const scenario& s = *r.value;
  REQUIRE(s.rules.size() == 3);
  const rule_spec& lift = s.rules[0];
  CHECK(lift.id == "lift");
  CHECK(lift.scripted);
  CHECK(lift.at_s == 2 * day_s);
  REQUIRE(lift.actions.size() == 2);
  CHECK(lift.actions[0].kind == action_kind::blockade_lift);
  CHECK(lift.actions[0].targets == std::vector<std::uint32_t>{0, 1});
  CHECK(lift.actions[0].target == 0);
  CHECK(lift.actions[1].kind == action_kind::airlift_stop);
  CHECK(lift.actions[1].target == 0);

  const rule_spec& talks = s.rules[1];
  CHECK_FALSE(talks.scripted);
  CHECK_FALSE(talks.any);
  CHECK(talks.hold_s == 6 * hour_s);
  CHECK(talks.repeat);
  CHECK(talks.cool_down_s == day_s);
  REQUIRE(talks.conditions.size() == 2);
  const condition_spec& c0 = talks.conditions[0];
  CHECK(c0.measure == measure_kind::cover);
  CHECK(c0.scope.text == "node:d8");
  CHECK(c0.scope.nodes == std::vector<std::uint32_t>{1});
  CHECK(c0.scope.blockades == std::vector<std::uint32_t>{1});  // the road from d8
  CHECK(c0.what == commodity::gasoline);
  CHECK(c0.compare == compare_kind::below);
  CHECK(c0.threshold == 12 * hour_s);
  const condition_spec& c1 = talks.conditions[1];
  CHECK(c1.measure == measure_kind::participants);
  CHECK(c1.scope.nodes.empty());
  CHECK(c1.scope.blockades == std::vector<std::uint32_t>{0, 1});
  CHECK(c1.compare == compare_kind::above);
  CHECK(c1.threshold == 1000);
  REQUIRE(talks.actions.size() == 2);
  CHECK(talks.actions[0].kind == action_kind::negotiate);
  CHECK(talks.actions[0].negotiation == 0);
  CHECK(talks.actions[1].kind == action_kind::blockade_escalate);
  CHECK(talks.actions[1].target == 1);
  CHECK(talks.actions[1].strength == 1.0);
  CHECK(talks.actions[1].participants_delta == -50);

  REQUIRE(s.negotiations.size() == 1);
  const negotiation_spec& n = s.negotiations[0];
  CHECK(n.parties == std::vector<std::uint32_t>{0});
  CHECK(n.duration_s.kind == dist_kind::uniform);
  CHECK(n.duration_s.a == day_s);
  CHECK(n.duration_s.b == 3 * day_s);
  CHECK(n.success == 0.6);
  CHECK(n.per_casualty == 0);
  CHECK(n.success_max == 0.95);
  CHECK_FALSE(n.on_success_lift);
  CHECK(n.renege == 0.1);
  CHECK(n.renege_after_s.kind == dist_kind::constant);
  CHECK(n.renege_after_s.a == 2 * day_s);

  const rule_spec& share = s.rules[2];
  REQUIRE(share.conditions.size() == 1);
  CHECK(share.conditions[0].measure == measure_kind::served_share);
  CHECK(share.conditions[0].threshold == 750000);
  CHECK(share.conditions[0].scope.nodes.size() == 4);
  CHECK(share.hold_s == 0);
  CHECK_FALSE(share.repeat);
  REQUIRE(share.actions.size() == 3);
  CHECK(share.actions[0].kind == action_kind::concession);
  CHECK(share.actions[0].participants_share == 0.3);
  CHECK(share.actions[1].kind == action_kind::rationing_start);
  CHECK(share.actions[2].kind == action_kind::convoy_dispatch);
  CHECK(share.actions[2].target == 0);
}

TEST_CASE("boolean measures hold when the state equals the value") {
  const std::string text = std::string(tiny) + R"(
[[trigger]]
id = "agreed"
when = { measure = "agreement", above = true }
then = [{ action = "blockade_lift", blockade = "gate" }]

[[trigger]]
id = "no_talks"
when = { measure = "negotiating", below = false }
then = [{ action = "blockade_lift", blockade = "gate" }]
)";
  const load_result r = load_scenario_text(text, "t.toml");
  INFO(all_errors(r));
  REQUIRE(r.ok());
  const auto& rules = r.value->rules;
  CHECK(rules[3].conditions[0].compare == compare_kind::above);
  CHECK(rules[3].conditions[0].threshold == 0);
  CHECK(rules[3].conditions[0].scope.text == "all");
  CHECK(rules[4].conditions[0].compare == compare_kind::below);
  CHECK(rules[4].conditions[0].threshold == 1);
}

TEST_CASE("empirical distributions normalise their weights") {
  const std::string text = std::string(tiny) + R"(
[[event]]
id = "talk"
at = "1d"
then = [{ action = "negotiate", parties = ["gate"], duration = { dist = "empirical", values = ["1d", "2d", "4d"], weights = [1, 1, 2] } }]
)";
  const load_result r = load_scenario_text(text, "t.toml");
  INFO(all_errors(r));
  REQUIRE(r.ok());
  const dist_spec& d = r.value->negotiations[0].duration_s;  // events load before triggers
  CHECK(d.kind == dist_kind::empirical);
  CHECK(d.points == 3);
  CHECK(d.values[2] == 4 * day_s);
  CHECK(d.cumulative[0] == 0.25);
  CHECK(d.cumulative[1] == 0.5);
  CHECK(d.cumulative[2] == 1.0);
}

// ---- errors --------------------------------------------------------------------------------

TEST_CASE("every error is collected, in file order, with its position") {
  std::string text = tiny;
  text.replace(text.find("population = 130000"), 19, "popluation = 130000");
  text.replace(text.find("length = \"6 km\""), 15, "length = \"6 kg\"");
  text.replace(text.find("to = \"d8\"\nlength"), 9, "to = \"d9\"");
  const load_result r = load_scenario_text(text, "many.toml");
  CHECK_FALSE(r.ok());
  CHECK_FALSE(r.value.has_value());
  INFO(all_errors(r));
  CHECK(has_error(r, "unknown key `popluation` in [[node]] `d8`; did you mean `population`?"));
  CHECK(has_error(
      r, "`length` of [[road]] `depot_d9`: expected a length like \"6 km\", got \"6 kg\""));
  CHECK(has_error(r, "`to` of [[road]] `depot_d9`: no [[node]] with id `d9`; did you mean `d8`?"));
  for (std::size_t i = 1; i < r.errors.size(); ++i) {
    CHECK(r.errors[i - 1].line <= r.errors[i].line);
  }
  for (const auto& d : r.errors) {
    CHECK(d.file == "many.toml");
    CHECK(d.line > 0);
  }
}

TEST_CASE("the loader stops after max_errors and says so") {
  std::string text = "[scenario]\nname = \"x\"\nduration = \"1d\"\n";
  for (int i = 0; i < 30; ++i) text += "bad_" + std::to_string(i) + " = 1\n";
  load_limits limits;
  limits.max_errors = 5;
  const load_result r = load_scenario_text(text, "x.toml", {}, limits);
  REQUIRE(r.errors.size() == 6);
  CHECK(r.errors.back().message == "too many errors; stopping after 5");
  const load_result d = load_scenario_text(text, "x.toml");
  REQUIRE(d.errors.size() == 21);
  CHECK(d.errors.back().message == "too many errors; stopping after 20");
}

TEST_CASE("limits on size and counts") {
  load_limits small;
  small.file_bytes_max = 100;
  const load_result big = load_scenario_text(tiny, "big.toml", {}, small);
  REQUIRE(big.errors.size() == 1);
  CHECK(big.errors[0].message.find("file is too large") == 0);

  load_limits few;
  few.nodes_max = 2;
  few.roads_max = 1;
  few.rules_max = 2;
  const load_result r = load_scenario_text(tiny, "few.toml", {}, few);
  INFO(all_errors(r));
  CHECK(has_error(r, "too many [[node]] tables: 4 (limit 2)"));
  CHECK(has_error(r, "too many [[road]] tables: 2 (limit 1)"));
  CHECK(has_error(r, "too many rules: 3"));

  load_limits short_runs;
  short_runs.duration_max_s = day_s;
  CHECK(has_error(load_scenario_text(tiny, "t.toml", {}, short_runs), "beyond the limit of 1d"));
}

TEST_CASE("a file too large is refused before it is read") {
  const auto path = std::filesystem::temp_directory_path() / "cerco_loader_big.toml";
  {
    std::ofstream out(path);
    out << tiny;
  }
  load_limits small;
  small.file_bytes_max = 64;
  const load_result r = load_scenario_file(path.string(), {}, small);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message.find("file is too large") == 0);
  const load_result ok = load_scenario_file(path.string());
  CHECK(ok.ok());
  CHECK(ok.source_hash == scenario_text::fnv1a64(tiny));
  std::filesystem::remove(path);
}

// ---- overrides ---------------------------------------------------------------------------

TEST_CASE("parse_override splits path and value, and names the flag when malformed") {
  std::string err;
  auto kv = parse_override("blockade.senkata_gate.strength=0.5", &err);
  REQUIRE(kv);
  CHECK(kv->path == "blockade.senkata_gate.strength");
  CHECK(kv->value == "0.5");
  kv = parse_override("scenario.name=La Paz = big", &err);
  REQUIRE(kv);
  CHECK(kv->value == "La Paz = big");
  CHECK_FALSE(parse_override("scenario.seed", &err));
  CHECK(err == "--set scenario.seed: expected path=value, like blockade.senkata_gate.strength=0.5");
  CHECK_FALSE(parse_override("=7", &err));
  CHECK(err.find("the path before `=` is empty") != std::string::npos);
  CHECK_FALSE(parse_override("scenario..seed=7", &err));
  CHECK(err.find("empty part") != std::string::npos);
  CHECK_FALSE(parse_override("scenario.seed=", &err));
  CHECK(err.find("the value after `=` is empty") != std::string::npos);
}

TEST_CASE("overrides change values by dotted path before validation") {
  const load_result r =
      load_tiny({"scenario.seed=7", "blockade.gate.strength=0.5", "node.d8.stock.gasoline=\"2d\"",
                 "scenario.name=La Paz", "road.depot_d8.length=8km",
                 "trigger.talks.then.0.success=0.7", "node.d8.population=100000"});
  INFO(all_errors(r));
  REQUIRE(r.ok());
  const scenario& s = *r.value;
  CHECK(s.seed == 7);
  CHECK(s.blockades[0].strength == 0.5);
  CHECK(s.nodes[1].population == 100000);
  CHECK(s.nodes[1].stock[0] == 100000 * 600 * 2 / 1000);  // days of the new population
  CHECK(s.name == "La Paz");
  CHECK(s.roads[0].length_m == 8000);
  CHECK(s.negotiations[0].success == 0.7);
}

TEST_CASE("overrides may add a key the file omitted") {
  const load_result r = load_tiny({"node.centro.capacity.food=5t", "blockade.highway.start=2h",
                                   "protest.legitimacy=0.4", "node.airport.loading.bays=2"});
  INFO(all_errors(r));
  REQUIRE(r.ok());
  CHECK(r.value->nodes[2].capacity[int(commodity::food)] == 5000);
  CHECK(r.value->blockades[1].start_s == 2 * hour_s);
  CHECK(r.value->protest.legitimacy == 0.4);
  CHECK(r.value->nodes[3].bays == 2);
}

TEST_CASE("override errors name the flag and suggest the nearest key or id") {
  auto one_error = [](const std::string& flag) {
    const load_result r = load_tiny({flag});
    INFO(all_errors(r));
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].line == 0);
    return r.errors[0].message;
  };
  CHECK(one_error("blockade.gat.strength=0.5") ==
        "--set blockade.gat.strength=0.5: no [[blockade]] with id `gat`; did you mean `gate`?");
  CHECK(one_error("node.d8.popluation=5") ==
        "--set node.d8.popluation=5: unknown key `popluation` in [[node]] `d8`; did you mean "
        "`population`?");
  CHECK(one_error("node.d8.stock.gasolin=5L") ==
        "--set node.d8.stock.gasolin=5L: unknown commodity `gasolin` in `stock` of [[node]] `d8`; "
        "did you mean `gasoline`?");
  CHECK(one_error("blockades.gate.strength=1") ==
        "--set blockades.gate.strength=1: unknown table `blockades` in the file; did you mean "
        "`blockade`?");
  CHECK(
      one_error("blockade.gate.strength=2") ==
      "--set blockade.gate.strength=2: `strength` of [[blockade]] `gate` must be in [0, 1], got 2");
  CHECK(one_error("fleet.tankers.capacity=32t") ==
        "--set fleet.tankers.capacity=32t: `capacity` of [[fleet]] `tankers`: expected a volume "
        "like \"32000 L\" for gasoline, got \"32t\" (a mass)");
  CHECK(one_error("blockade.gate=1").find("cannot replace a whole [[blockade]]") !=
        std::string::npos);
  CHECK(one_error("trigger.talks.then.5.success=0.7").find("expected an index from 0 to 2") !=
        std::string::npos);
  CHECK(one_error("scenario.seed.x=1").find("is a value, not a table") != std::string::npos);
  CHECK(one_error("event.lift.then.1.airlift=brige") ==
        "--set event.lift.then.1.airlift=brige: `then[1].airlift` of [[event]] `lift`: no "
        "[[airlift]] with id `brige`; did you mean `bridge`?");
  CHECK(one_error("airlift.bridge.fligths=2/d").find("did you mean `flights`?") !=
        std::string::npos);
}

// ---- built-in scenarios and every shipped file ----------------------------------------------

TEST_CASE("built-in scenarios are sorted and found by name") {
  const auto all = builtin_scenarios();
  REQUIRE_FALSE(all.empty());
  for (std::size_t i = 1; i < all.size(); ++i) {
    CHECK(std::string_view(all[i - 1].name) < std::string_view(all[i].name));
  }
  const load_result r = load_scenario_file(all[0].name);
  INFO(all_errors(r));
  CHECK(r.ok());
  CHECK(r.source_hash == scenario_text::fnv1a64(std::string_view(all[0].text, all[0].size)));
  CHECK(load_scenario_file(std::string(all[0].name) + ".toml").ok());
  const load_result bad = load_scenario_file("no_such_scenario_anywhere");
  REQUIRE(bad.errors.size() == 1);
  CHECK(bad.errors[0].message.find("no built-in scenario named `no_such_scenario_anywhere`") !=
        std::string::npos);
  CHECK(bad.errors[0].message.find(all[0].name) != std::string::npos);
}

TEST_CASE("the default scenario is built in") {
  bool found = false;
  for (const auto& b : builtin_scenarios()) found = found || b.name == default_scenario_name;
  CHECK(found);
}

TEST_CASE("every shipped scenario loads without errors") {
  int count = 0;
  for (const auto& e :
       std::filesystem::recursive_directory_iterator(CERCO_SOURCE_DIR "/scenarios")) {
    const std::string p = e.path().generic_string();
    if (e.path().extension() != ".toml" || p.find("/invalid/") != std::string::npos ||
        p.find("/sweeps/") != std::string::npos) {
      continue;
    }
    const load_result r = load_scenario_file(p);
    INFO(p << "\n" << all_errors(r));
    CHECK(r.ok());
    ++count;
  }
  CHECK(count >= 1);
}

TEST_CASE("the same bytes give the same source hash") {
  CHECK(load_tiny().source_hash == load_scenario_text(tiny, "other name").source_hash);
  CHECK(load_tiny().source_hash != load_scenario_text(std::string(tiny) + "\n", "x").source_hash);
}

// ---- the reference stays true -----------------------------------------------------------------

TEST_CASE("scenarios/README.md documents every table and key") {
  std::ifstream in(CERCO_SOURCE_DIR "/scenarios/README.md");
  REQUIRE(in);
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string readme = buf.str();
  const char* kinds[] = {"",
                         "scenario",
                         "node",
                         "node.reorder.*",
                         "node.arrivals.*",
                         "node.loading",
                         "road",
                         "fleet",
                         "blockade",
                         "airlift",
                         "convoy",
                         "rationing",
                         "event",
                         "trigger",
                         "protest",
                         "dist",
                         "when"};
  for (const char* k : kinds) {
    for (const std::string_view key : schema::keys_of(k)) {
      INFO("kind " << k << " key " << key);
      CHECK(readme.find(scenario_text::cat({"`", key, "`"})) != std::string::npos);
    }
  }
  for (const auto list : {schema::action_names(), schema::measure_names(), schema::dist_names(),
                          schema::commodity_keys(), schema::node_kinds()}) {
    for (const std::string_view name : list) {
      INFO(name);
      CHECK(readme.find(scenario_text::cat({"`", name, "`"})) != std::string::npos);
    }
  }
  for (const char* unit : {"`L`", "`kL`", "`ML`", "`m3`", "`kg`", "`t`", "`cyl`", "`km`", "`km/h`",
                           "`/person/d`", "`min`", "`w`"}) {
    INFO(unit);
    CHECK(readme.find(unit) != std::string::npos);
  }
}

TEST_CASE("a parsed source loads what the text loads, with or without overrides") {
  const builtin_scenario& b = builtin_scenarios()[0];
  const std::string_view text(b.text, b.size);
  const scenario_source source(text, b.name);
  const load_result plain = source.load();
  REQUIRE(plain.ok());
  CHECK(plain.source_hash == load_scenario_text(text, b.name).source_hash);
  CHECK(plain.value->seed == load_scenario_text(text, b.name).value->seed);

  // An override through the source equals one through the text, and does not stick.
  const std::vector<override_kv> seed{{"scenario.seed", "987"}};
  const load_result changed = source.load(seed);
  REQUIRE(changed.ok());
  CHECK(changed.value->seed == 987);
  CHECK(changed.value->seed == load_scenario_text(text, b.name, seed).value->seed);
  CHECK(source.load().value->seed == plain.value->seed);

  // Errors are the text's errors.
  const std::vector<override_kv> bad{{"scenario.no_such_key", "1"}};
  const load_result wrong = source.load(bad);
  const load_result wrong_text = load_scenario_text(text, b.name, bad);
  REQUIRE_FALSE(wrong.ok());
  REQUIRE(wrong.errors.size() == wrong_text.errors.size());
  CHECK(format(wrong.errors[0]) == format(wrong_text.errors[0]));

  const scenario_source broken("[scenario\nname = 1", "broken.toml");
  const load_result from_source = broken.load(seed);
  const load_result from_text = load_scenario_text("[scenario\nname = 1", "broken.toml");
  REQUIRE_FALSE(from_source.ok());
  REQUIRE(from_source.errors.size() == from_text.errors.size());
  CHECK(format(from_source.errors[0]) == format(from_text.errors[0]));
}
