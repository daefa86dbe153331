// Vehicles and blockade markers: the moving parts of the map.
#include <cmath>
#include <cstdio>

#include "render/palette.hpp"
#include "render/scene.hpp"

namespace cerco::render {

namespace {

void add_triangle(sf::VertexArray& va, sf::Vector2f a, sf::Vector2f b, sf::Vector2f c,
                  sf::Color col) {
  va.append({a, col}), va.append({b, col}), va.append({c, col});
}

void add_square(sf::VertexArray& va, sf::Vector2f p, float half, sf::Color col) {
  sf::Vector2f a(p.x - half, p.y - half), b(p.x + half, p.y - half);
  sf::Vector2f c(p.x + half, p.y + half), d(p.x - half, p.y + half);
  add_triangle(va, a, b, c, col), add_triangle(va, a, c, d, col);
}

void add_diamond(sf::VertexArray& va, sf::Vector2f p, float r, sf::Color col) {
  sf::Vector2f a(p.x, p.y - r), b(p.x + r, p.y), c(p.x, p.y + r), d(p.x - r, p.y);
  add_triangle(va, a, b, c, col), add_triangle(va, a, c, d, col);
}

/// An aircraft: a dart pointing along `dir` (unit vector).
void add_dart(sf::VertexArray& va, sf::Vector2f p, sf::Vector2f dir, float r, sf::Color col) {
  sf::Vector2f n(-dir.y, dir.x);
  add_triangle(va, p + dir * r, p - dir * r + n * r * 0.8f, p - dir * r * 0.4f, col);
  add_triangle(va, p + dir * r, p - dir * r * 0.4f, p - dir * r - n * r * 0.8f, col);
}

sf::Color darker(sf::Color c) {
  return {static_cast<sf::Uint8>(c.r / 2), static_cast<sf::Uint8>(c.g / 2),
          static_cast<sf::Uint8>(c.b / 2)};
}

}  // namespace

void scene::draw_vehicles(sf::RenderTarget& t, const frame_state& f) {
  vehicles_.clear();
  for (const vehicle_view& v : f.vehicles) {
    bool travelling = v.state == vehicle_state::moving || v.state == vehicle_state::stopped;
    if (!travelling && v.kind != vehicle_kind::aircraft) continue;
    sf::Vector2f p = vehicle_px(v);
    switch (v.kind) {
      case vehicle_kind::truck: {
        sf::Color c = commodity_colour(v.carries);
        if (v.cargo == 0) c = darker(c);  // empty, on the way back
        add_square(vehicles_, p, 3.0f, v.state == vehicle_state::stopped ? road_blocked_colour : c);
        if (v.state == vehicle_state::stopped) add_square(vehicles_, p, 1.5f, c);
        break;
      }
      case vehicle_kind::convoy:
        add_diamond(vehicles_, p, 8.0f, sf::Color(10, 12, 16));
        add_diamond(vehicles_, p, 6.0f, convoy_colour);
        break;
      case vehicle_kind::aircraft: {
        sf::Vector2f dir(0.85f, 0.53f);  // from the north-west, as vehicle_px places them
        if (v.from < node_km_.size() && v.to < node_km_.size() && v.from != v.to) {
          sf::Vector2f d = node_px(v.to) - node_px(v.from);
          float len = std::sqrt(d.x * d.x + d.y * d.y);
          if (len > 1e-3f) dir = d / len;
        }
        add_dart(vehicles_, p, dir, 7.0f, aircraft_colour);
        break;
      }
    }
  }
  t.draw(vehicles_);
}

void scene::draw_blockades(sf::RenderTarget& t, const frame_state& f) {
  sf::CircleShape marker(9.0f, 8);  // an octagon, like a stop sign
  marker.setOrigin(9.0f, 9.0f);
  marker.setOutlineColor(sf::Color(10, 10, 10));
  marker.setOutlineThickness(2.0f);
  for (std::uint32_t b = 0; b < f.blockades.size(); ++b) {
    const blockade_view& v = f.blockades[b];
    if (v.state != blockade_state::active && v.state != blockade_state::paused) continue;
    sf::Vector2f p = blockade_px(b);
    marker.setPosition(p);
    marker.setRotation(22.5f);
    marker.setFillColor(v.state == blockade_state::active ? blockade_colour
                                                          : blockade_paused_colour);
    t.draw(marker);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s %.0f%%%s · %lld people", scenario_->blockades[b].id.c_str(),
                  v.strength * 100, v.state == blockade_state::paused ? " (paused)" : "",
                  static_cast<long long>(v.participants));
    label(t, buf, p + sf::Vector2f(12, -20), 11, blockade_colour);
  }
}

}  // namespace cerco::render
