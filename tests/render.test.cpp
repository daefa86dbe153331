// cerco-test-links: cerco_render cerco_scenario
// Pixel checks on frames drawn offscreen, and the watched run's hash. Needs an X display
// (the suite runs under `xvfb-run -a`).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>

#include "render/display.hpp"
#include "render/palette.hpp"
#include "render/player.hpp"
#include "render/scene.hpp"
#include "render/script.hpp"
#include "sim/scenario/load.hpp"

using namespace cerco;
using namespace cerco::render;

namespace {

scenario load_text(const std::string& text) {
  load_result r = load_scenario_text(text, "inline.toml");
  for (const diagnostic& d : r.errors) UNSCOPED_INFO(format(d));
  REQUIRE(r.ok());
  return *r.value;
}

/// A player and a scene drawing into an offscreen target.
struct rig {
  player p;
  scene sc;
  sf::RenderTexture target;
  frame_state frame;
  hud_state hud;

  explicit rig(const scenario& s, commodity c = commodity::gasoline) : selected(c) {
    std::string why;
    INFO("these tests draw through X; run them under xvfb-run -a (" << why << ")");
    REQUIRE(display_available(&why));
    std::string error;
    REQUIRE(p.init(s, &error));
    INFO(error);
    REQUIRE(sc.init(p.spec(), default_font_path, &error));
    REQUIRE(target.create(640, 400));
    hud.window = false;
    sc.layout(target.getSize());
  }
  sf::Image at(time_s t) {
    p.seek(t);
    while (!p.advance(1000)) {
    }
    capture(p.live(), p.shown_s(), selected, &frame);
    sc.draw(target, frame, hud, &p.history(), &p.news());
    target.display();
    return target.getTexture().copyToImage();
  }
  commodity selected;
};

bool near(sf::Color a, sf::Color b, int tolerance = 6) {
  return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance &&
         std::abs(a.b - b.b) <= tolerance;
}

sf::Color pixel(const sf::Image& img, sf::Vector2f p) {
  return img.getPixel(static_cast<unsigned>(p.x + 0.5f), static_cast<unsigned>(p.y + 0.5f));
}

/// True when some pixel within `radius` of p has colour c.
bool colour_near(const sf::Image& img, sf::Vector2f p, sf::Color c, int radius) {
  for (int dy = -radius; dy <= radius; ++dy)
    for (int dx = -radius; dx <= radius; ++dx) {
      int x = static_cast<int>(p.x + 0.5f) + dx, y = static_cast<int>(p.y + 0.5f) + dy;
      if (x < 0 || y < 0 || x >= static_cast<int>(img.getSize().x) ||
          y >= static_cast<int>(img.getSize().y))
        continue;
      if (near(img.getPixel(static_cast<unsigned>(x), static_cast<unsigned>(y)), c)) return true;
    }
  return false;
}

std::uint32_t node_index(const scenario& s, const std::string& id) {
  for (std::uint32_t n = 0; n < s.nodes.size(); ++n)
    if (s.nodes[n].id == id) return n;
  FAIL("no node " << id);
  return no_index;
}

const char* const running_out = R"(
[scenario]
name = "a district runs out"
duration = "6d"
seed = 1

[[node]]
id = "town"
kind = "district"
city = "Town"
at = [-16.50, -68.15]
population = 100000
demand = { gasoline = "0.5 L/person/d" }
stock = { gasoline = "4d" }

[[node]]
id = "depot"
kind = "depot"
at = [-16.60, -68.25]
stock = { gasoline = "1000 L" }

[[road]]
from = "depot"
to = "town"
length = "15 km"
speed = "30 km/h"
)";

}  // namespace

TEST_CASE("a district's colour goes from the legend's full end to its empty end as it runs out") {
  rig r(load_text(running_out));
  std::uint32_t town = node_index(r.p.spec(), "town");
  sf::Vector2f at = r.sc.node_px(town);
  sf::Color start = pixel(r.at(0), at);
  INFO("start colour " << int(start.r) << "," << int(start.g) << "," << int(start.b));
  CHECK(near(start, cover_full_colour));
  sf::Color middle = pixel(r.at(2 * day_s + 12 * hour_s), at);  // 1.5 d of cover left
  CHECK(near(middle, cover_half_colour));
  sf::Color empty = pixel(r.at(5 * day_s), at);
  INFO("empty colour " << int(empty.r) << "," << int(empty.g) << "," << int(empty.b));
  CHECK(near(empty, cover_empty_colour));
  CHECK(r.p.live().stock_at(town, commodity::gasoline, 5 * day_s).stock == 0);
}

namespace {

const char* const blockaded = R"(
[scenario]
name = "a blockade comes and goes"
duration = "1d"
seed = 1

[[node]]
id = "plant"
kind = "plant"
at = [-16.60, -68.25]
stock = { gasoline = "1000000 L" }

[[node]]
id = "town"
kind = "district"
city = "Town"
at = [-16.50, -68.15]
population = 10000
demand = { gasoline = "0.5 L/person/d" }
stock = { gasoline = "10d" }

[[node]]
id = "farm"
kind = "market"
at = [-16.40, -68.30]

[[road]]
from = "plant"
to = "town"
length = "15 km"
speed = "30 km/h"

[[road]]
id = "farm_road"
from = "farm"
to = "town"
length = "15 km"
speed = "30 km/h"

[[blockade]]
id = "gate"
node = "plant"
start = "2h"
end = "10h"
strength = 1.0
participants = 500

[[blockade]]
id = "cut"
road = "farm_road"
start = "4h"
end = "8h"
strength = 0.5
participants = 100
)";

}  // namespace

TEST_CASE(
    "a blockade marker appears at its projected position when it starts and goes when it lifts") {
  rig r(load_text(blockaded));
  const scenario& s = r.p.spec();
  REQUIRE(s.blockades.size() == 2);
  sf::Vector2f gate = r.sc.blockade_px(0), cut = r.sc.blockade_px(1);
  CHECK(gate == r.sc.node_px(node_index(s, "plant")));
  // The road blockade's marker sits halfway along its road.
  sf::Vector2f mid =
      (r.sc.node_px(node_index(s, "farm")) + r.sc.node_px(node_index(s, "town"))) / 2.0f;
  CHECK(std::abs(cut.x - mid.x) < 1.5f);
  CHECK(std::abs(cut.y - mid.y) < 1.5f);

  sf::Image before = r.at(1 * hour_s);
  CHECK_FALSE(colour_near(before, gate, blockade_colour, 4));
  CHECK_FALSE(colour_near(before, cut, blockade_colour, 4));
  sf::Image gate_only = r.at(3 * hour_s);
  REQUIRE(r.frame.blockades[0].state == blockade_state::active);
  INFO("gate at " << gate.x << "," << gate.y << ": " << int(pixel(gate_only, gate).r) << ","
                  << int(pixel(gate_only, gate).g) << "," << int(pixel(gate_only, gate).b));
  CHECK(near(pixel(gate_only, gate), blockade_colour));
  CHECK_FALSE(colour_near(gate_only, cut, blockade_colour, 4));
  sf::Image both = r.at(5 * hour_s);
  CHECK(near(pixel(both, gate), blockade_colour));
  CHECK(near(pixel(both, cut), blockade_colour));
  // The blocked road is drawn red next to its marker (past the marker's rim).
  sf::Vector2f along = cut + (r.sc.node_px(node_index(s, "town")) - cut) * 0.5f;
  CHECK(near(pixel(both, along), road_blocked_colour));
  sf::Image after = r.at(11 * hour_s);
  CHECK_FALSE(colour_near(after, gate, blockade_colour, 4));
  CHECK_FALSE(colour_near(after, cut, blockade_colour, 4));
  CHECK(near(pixel(after, along), road_colour));
  // Seeking back shows it again (restored from a snapshot and re-run).
  CHECK(near(pixel(r.at(4 * hour_s + 30 * minute_s), cut), blockade_colour));
}

namespace {

const char* const one_trip = R"(
[scenario]
name = "one tanker trip"
duration = "1d"
seed = 1

[[node]]
id = "depot"
kind = "depot"
at = [-16.70, -68.40]
stock = { gasoline = "1000000 L" }
loading = { bays = 1, time = "30min" }

[[node]]
id = "town"
kind = "district"
city = "Town"
at = [-16.40, -68.10]
population = 100000
demand = { gasoline = "0.5 L/person/d" }
stock = { gasoline = "1d" }
reorder = { gasoline = { below = "2d", up_to = "3d", from = "depot" } }

[[road]]
from = "depot"
to = "town"
length = "60 km"
speed = "60 km/h"

[[fleet]]
id = "tankers"
base = "depot"
commodity = "gasoline"
trucks = 1
capacity = "30000 L"
)";

}  // namespace

TEST_CASE("a moving truck is drawn between its two ends halfway through its trip") {
  scenario s = load_text(one_trip);
  world probe;  // find when the truck sets off, without drawing
  REQUIRE(probe.init(s));
  time_s depart = -1;
  while (depart < 0 && probe.step())
    for (std::uint32_t v = 0; v < probe.vehicle_count(); ++v)
      if (probe.vehicle(v, probe.now_s()).state == vehicle_state::moving) depart = probe.now_s();
  REQUIRE(depart >= 0);

  rig r(s);
  time_s half = depart + 30 * minute_s;  // 60 km at 60 km/h
  sf::Image img = r.at(half);
  REQUIRE(r.frame.vehicles.size() >= 1);
  const vehicle_view& v = r.frame.vehicles[0];
  REQUIRE(v.state == vehicle_state::moving);
  CHECK(v.progress == Approx(0.5).margin(0.02));
  sf::Vector2f a = r.sc.node_px(node_index(r.p.spec(), "depot"));
  sf::Vector2f b = r.sc.node_px(node_index(r.p.spec(), "town"));
  sf::Vector2f mid = (a + b) / 2.0f;
  sf::Vector2f drawn = r.sc.vehicle_px(v);
  CHECK(std::abs(drawn.x - mid.x) < 3);
  CHECK(std::abs(drawn.y - mid.y) < 3);
  sf::Color truck = commodity_colour(commodity::gasoline);
  CHECK(near(pixel(img, mid), truck));
  // Before it leaves the road is empty there; a quarter of the way it is nearer the depot.
  CHECK_FALSE(colour_near(r.at(depart > 0 ? depart - 1 : 0), mid, truck, 3));
  sf::Image quarter = r.at(depart + 15 * minute_s);
  CHECK(near(pixel(quarter, a + (b - a) * 0.25f), truck));
  CHECK_FALSE(colour_near(quarter, mid, truck, 3));
}

TEST_CASE("watching a run, seeking back and forth, leaves its hash unchanged") {
  load_result lr = load_scenario_file("la_paz_2019");
  for (const diagnostic& d : lr.errors) UNSCOPED_INFO(format(d));
  REQUIRE(lr.ok());
  const scenario& s = *lr.value;
  world headless;
  REQUIRE(headless.init(s));
  world_status st = headless.run();
  REQUIRE((st == world_status::ok || st == world_status::finished));
  REQUIRE(headless.now_s() == s.duration_s);

  rig r(s);
  for (time_s t = 0; t < 3 * day_s; t += 5 * hour_s) r.at(t);
  r.at(20 * hour_s);  // backwards: from a snapshot
  for (time_s t = day_s; t <= s.duration_s; t += 7 * hour_s + 13 * minute_s) r.at(t);
  r.at(s.duration_s);
  CHECK(r.p.finished());
  CHECK(r.p.snapshot_count() > 2);
  CHECK(r.p.live().events_processed() == headless.events_processed());
  CHECK(r.p.live().run_hash() == headless.run_hash());
}

TEST_CASE("step by step in the player processes one event at a time") {
  rig r(load_text(one_trip));
  std::uint64_t before = r.p.live().events_processed();
  r.p.step_one();
  CHECK(r.p.live().events_processed() == before + 1);
  CHECK(r.p.shown_s() == r.p.live().now_s());
}

TEST_CASE("scripts parse, and bad ones say what was expected") {
  std::vector<script_command> cmds;
  std::string error;
  REQUIRE(
      parse_script("pause;speed+; seek 3d\nscreenshot out.png;commodity lpg;quit", &cmds, &error));
  REQUIRE(cmds.size() == 6);
  CHECK(cmds[0].op == script_op::pause);
  CHECK(cmds[1].op == script_op::faster);
  CHECK(cmds[2].op == script_op::seek);
  CHECK(cmds[2].time_s_value == 3 * day_s);
  CHECK(cmds[3].text == "out.png");
  CHECK(cmds[4].number == 2);
  CHECK_FALSE(parse_script("pause;jump 3d", &cmds, &error));
  CHECK(error.find("unknown command `jump`") != std::string::npos);
  CHECK_FALSE(parse_script("seek soon", &cmds, &error));
  CHECK(error.find("expects a duration") != std::string::npos);
}
