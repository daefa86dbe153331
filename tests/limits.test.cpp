// cerco-test-links: cerco_scenario
// Every input limit is enforced with a clear message, never a crash: the loader's counts
// of each kind of table, trucks in all fleets, TOML nesting depth, very long strings, and
// the world's event queue capacity. (File size, node and road counts, rules, duration and
// the error count are tested in scenario_load.test.cpp; the server's line length in
// serve.test.cpp.)
#include <catch2/catch.hpp>
#include <initializer_list>
#include <string>
#include <string_view>

#include "cerco/world.hpp"
#include "sim/scenario/load.hpp"

using namespace cerco;

namespace {

const char* const head = R"(
[scenario]
name = "limits"
duration = "2d"

[[node]]
id = "depot"
kind = "depot"
at = [0, 0]
stock = { gasoline = "100000 L" }

[[node]]
id = "town"
kind = "district"
at = [0, 0.1]
population = 1000
demand = { gasoline = "1 L/person/d" }
stock = { gasoline = "1000 L" }
reorder = { gasoline = { below = "500 L", up_to = "2000 L", from = "depot" } }

[[node]]
id = "airport"
kind = "airport"
at = [0, 0.2]

[[road]]
from = "depot"
to = "town"
length = "5 km"
speed = "30 km/h"
)";

std::string repeat(int n, const std::string& (*make)(int, std::string&)) {
  std::string out, buf;
  for (int i = 0; i < n; ++i) out += make(i, buf);
  return out;
}

const std::string& fleet(int i, std::string& b) {
  b = "\n[[fleet]]\nid = \"f";
  b += std::to_string(i);
  b += "\"\nbase = \"depot\"\ncommodity = \"gasoline\"\ntrucks = 3\ncapacity = \"1000 L\"\n";
  return b;
}
const std::string& blockade(int i, std::string& b) {
  b = "\n[[blockade]]\nid = \"b";
  b += std::to_string(i);
  b += "\"\nnode = \"depot\"\nstart = \"1h\"\n";
  return b;
}
const std::string& airlift(int i, std::string& b) {
  b = "\n[[airlift]]\nid = \"a";
  b += std::to_string(i);
  b += "\"\nto = \"airport\"\nstart = \"1h\"\nflights = \"2 /d\"\npayload = { food = \"1 t\" }\n";
  return b;
}
const std::string& convoy(int i, std::string& b) {
  b = "\n[[convoy]]\nid = \"c";
  b += std::to_string(i);
  b += "\"\nfrom = \"depot\"\nto = \"town\"\nvehicles = 2\ncargo = { gasoline = \"100 L\" }\n";
  return b;
}
const std::string& rationing(int i, std::string& b) {
  b = "\n[[rationing]]\nid = \"q";
  b += std::to_string(i);
  b += "\"\nscope = \"node:town\"\ncommodity = \"gasoline\"\ncap = \"0.5 L/person/d\"\n";
  return b;
}

std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out += p;
  return out;
}

bool has_error(const load_result& r, const std::string& part) {
  for (const diagnostic& d : r.errors)
    if (d.message.find(part) != std::string::npos) return true;
  return false;
}

std::string all_errors(const load_result& r) {
  std::string out;
  for (const diagnostic& d : r.errors) (out += format(d)) += '\n';
  return out;
}

}  // namespace

TEST_CASE("the base scenario of these tests loads", "[limits]") {
  load_result r = load_scenario_text(cat({head, repeat(2, fleet)}), "limits.toml");
  INFO(all_errors(r));
  CHECK(r.ok());
}

TEST_CASE("counts of fleets, blockades, airlifts, convoys and rationing are limited", "[limits]") {
  load_limits l;
  l.fleets_max = 2;
  l.blockades_max = 2;
  l.airlifts_max = 2;
  l.convoys_max = 2;
  l.rationings_max = 2;
  std::string text = cat({head, repeat(3, fleet), repeat(3, blockade), repeat(3, airlift),
                          repeat(3, convoy), repeat(3, rationing)});
  load_result r = load_scenario_text(text, "limits.toml", {}, l);
  INFO(all_errors(r));
  CHECK_FALSE(r.ok());
  CHECK(has_error(r, "too many [[fleet]] tables: 3 (limit 2)"));
  CHECK(has_error(r, "too many [[blockade]] tables: 3 (limit 2)"));
  CHECK(has_error(r, "too many [[airlift]] tables: 3 (limit 2)"));
  CHECK(has_error(r, "too many [[convoy]] tables: 3 (limit 2)"));
  CHECK(has_error(r, "too many [[rationing]] tables: 3 (limit 2)"));
}

TEST_CASE("trucks in all fleets are limited", "[limits]") {
  load_limits l;
  l.trucks_max = 5;
  load_result r = load_scenario_text(cat({head, repeat(2, fleet)}), "limits.toml", {}, l);
  INFO(all_errors(r));
  CHECK(has_error(r, "too many trucks: 6"));
  CHECK(has_error(r, "limit 5"));
}

TEST_CASE("deeply nested TOML is an error with a position, not a crash", "[limits]") {
  std::string deep = head;
  deep += "\n[scenario.x]\ny = ";
  deep.append(2000, '[').append(2000, ']') += "\n";
  load_result r = load_scenario_text(deep, "deep.toml");
  REQUIRE_FALSE(r.ok());
  REQUIRE_FALSE(r.errors.empty());
  CHECK(r.errors[0].line > 0);
  std::string inline_tables = "[scenario]\nname = \"x\"\nduration = \"1d\"\nx = ";
  for (int i = 0; i < 2000; ++i) inline_tables += "{ a = ";
  inline_tables += "1";
  inline_tables.append(2000, '}');
  load_result t = load_scenario_text(inline_tables, "deep.toml");
  REQUIRE_FALSE(t.ok());
  CHECK_FALSE(t.errors.empty());
}

TEST_CASE("very long strings and ids are errors with their size, never a crash", "[limits]") {
  std::string long_id(100000, 'a');
  std::string text = head;
  ((text += "\n[[fleet]]\nid = \"") += long_id) +=
      "\"\nbase = \"depot\"\ncommodity = \"gasoline\"\ntrucks = 1\ncapacity = \"1000 L\"\n";
  load_result r = load_scenario_text(text, "long.toml");
  INFO(all_errors(r));
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message == "`id`: a string is too long: 100000 bytes (limit 4096)");
  std::string bad_ref = head;
  ((bad_ref += "\n[[blockade]]\nid = \"b\"\nnode = \"") += long_id) += "\"\n";
  load_result u = load_scenario_text(bad_ref, "long.toml");
  REQUIRE_FALSE(u.ok());
  for (const diagnostic& d : u.errors) CHECK(d.message.size() < 300000);
  std::string long_key = head;
  ((long_key += "\n[scenario.") += long_id) += "]\nx = 1\n";
  load_result k = load_scenario_text(long_key, "long.toml");
  INFO(all_errors(k));
  REQUIRE(k.errors.size() == 1);
  CHECK(k.errors[0].message == "a key is too long: 100000 bytes (limit 4096)");
}

TEST_CASE("strings and ids at their limits load; one byte more does not", "[limits]") {
  const load_limits l;
  auto with_fleet_id = [](const std::string& id) {
    return cat({head, "\n[[fleet]]\nid = \"", id,
                "\"\nbase = \"depot\"\ncommodity = \"gasoline\"\ntrucks = 1\n"
                "capacity = \"1000 L\"\n"});
  };
  CHECK(load_scenario_text(with_fleet_id(std::string(l.id_bytes_max, 'f')), "id.toml").ok());
  load_result id =
      load_scenario_text(with_fleet_id(std::string(l.id_bytes_max + 1, 'f')), "id.toml");
  INFO(all_errors(id));
  REQUIRE(id.errors.size() == 1);
  CHECK(id.errors[0].message == "`id` of [[fleet]] #1 is too long: 65 bytes (limit 64)");
  auto with_description = [](std::size_t bytes) {
    std::string text = cat({head, repeat(1, fleet)});
    return text.replace(text.find("duration"), 0,
                        "description = \"" + std::string(bytes, 'd') + "\"\n");
  };
  CHECK(load_scenario_text(with_description(l.text_bytes_max), "text.toml").ok());
  load_result text = load_scenario_text(with_description(l.text_bytes_max + 1), "text.toml");
  INFO(all_errors(text));
  REQUIRE(text.errors.size() == 1);
  CHECK(text.errors[0].message == "`description`: a string is too long: 4097 bytes (limit 4096)");
  CHECK(text.errors[0].line == 4);
}

TEST_CASE("the event queue's capacity is a reported limit", "[limits]") {
  load_result r = load_scenario_text(cat({head, repeat(2, fleet)}), "limits.toml");
  REQUIRE(r.ok());
  world w;
  world_limits tiny;
  tiny.queue_capacity = 2;
  bool built = w.init(*r.value, tiny);
  if (built) {
    CHECK(w.run() == world_status::queue_full);
  } else {
    CHECK(w.status() == world_status::queue_full);
  }
  CHECK(std::string(w.error()).find("capacity") != std::string::npos);
  world ok;
  REQUIRE(ok.init(*r.value));
  CHECK(ok.run() == world_status::finished);
}
