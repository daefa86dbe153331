// Vehicles and blockade markers: the moving parts of the map.
#include <cmath>
#include <cstdio>

#include "render/palette.hpp"
#include "render/scene.hpp"

namespace cerco::render {

namespace {

/// An aircraft: a dart pointing along `dir` (unit vector).
void add_dart(draw_list& d, sf::Vector2f p, sf::Vector2f dir, float r, sf::Color col) {
  sf::Vector2f n(-dir.y, dir.x);
  d.triangle(p + dir * r, p - dir * r + n * r * 0.8f, p - dir * r * 0.4f, col);
  d.triangle(p + dir * r, p - dir * r * 0.4f, p - dir * r - n * r * 0.8f, col);
}

sf::Color darker(sf::Color c) {
  return {static_cast<sf::Uint8>(c.r / 2), static_cast<sf::Uint8>(c.g / 2),
          static_cast<sf::Uint8>(c.b / 2)};
}

}  // namespace

void scene::draw_vehicles(draw_list& d, const frame_state& f) {
  for (const vehicle_view& v : f.vehicles) {
    // Stopped vehicles wait at a node; its label counts them.
    if (v.state != vehicle_state::moving) continue;
    sf::Vector2f p = vehicle_px(v);
    switch (v.kind) {
      case vehicle_kind::truck: {
        sf::Color c = commodity_colour(v.carries);
        if (v.cargo == 0) c = darker(c);  // empty, on the way back
        d.rect({p.x - 3, p.y - 3, 6, 6}, c);
        break;
      }
      case vehicle_kind::convoy:
        d.disc(p, 8.0f, sf::Color(10, 12, 16), 4);
        d.disc(p, 6.0f, convoy_colour, 4);
        break;
      case vehicle_kind::aircraft: {
        sf::Vector2f dir(0.85f, 0.53f);  // from the north-west, as vehicle_px places them
        if (v.from < node_km_.size() && v.to < node_km_.size() && v.from != v.to) {
          sf::Vector2f d = node_px(v.to) - node_px(v.from);
          float len = std::sqrt(d.x * d.x + d.y * d.y);
          if (len > 1e-3f) dir = d / len;
        }
        add_dart(d, p, dir, 7.0f, aircraft_colour);
        break;
      }
    }
  }
}

void scene::draw_blockades(draw_list& d, const frame_state& f) {
  for (std::uint32_t b = 0; b < f.blockades.size(); ++b) {
    const blockade_view& v = f.blockades[b];
    if (v.state != blockade_state::active && v.state != blockade_state::paused) continue;
    sf::Vector2f p = blockade_px(b);
    const float turn = 0.3927f;  // an octagon, like a stop sign
    d.disc(p, 11.0f, sf::Color(10, 10, 10), 8, turn);
    d.disc(p, 9.0f, v.state == blockade_state::active ? blockade_colour : blockade_paused_colour, 8,
           turn);
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s %.0f%%%s \u00b7 %lld people",
                  scenario_->blockades[b].id.c_str(), v.strength * 100,
                  v.state == blockade_state::paused ? " (paused)" : "",
                  static_cast<long long>(v.participants));
    map_label(buf, p + sf::Vector2f(12, -22), 11, blockade_colour, b);
  }
}

}  // namespace cerco::render
