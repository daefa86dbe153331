#include "render/projection.hpp"

#include <algorithm>
#include <cmath>

namespace cerco::render {

namespace {
constexpr double km_per_degree = 111.32;
constexpr double pi = 3.14159265358979323846;
constexpr double zoom_min = 0.25, zoom_max = 64;
}  // namespace

sf::Vector2<double> geo_projection::km(double lat, double lon) const {
  return {(lon - lon0) * cos_lat0 * km_per_degree, -(lat - lat0) * km_per_degree};
}

geo_projection make_projection(const scenario& s) {
  geo_projection p;
  if (s.nodes.empty()) return p;
  double lat = 0, lon = 0;
  for (const node_spec& n : s.nodes) {
    lat += n.lat;
    lon += n.lon;
  }
  p.lat0 = lat / static_cast<double>(s.nodes.size());
  p.lon0 = lon / static_cast<double>(s.nodes.size());
  p.cos_lat0 = std::cos(p.lat0 * pi / 180.0);
  return p;
}

bool is_core_node(const node_spec& n) {
  return n.kind != node_kind::region && n.kind != node_kind::border;
}

sf::Rect<double> scenario_bounds_km(const scenario& s, const geo_projection& p) {
  std::size_t core = 0;
  for (const node_spec& n : s.nodes) core += is_core_node(n) ? 1 : 0;
  bool all = core < 2;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool first = true;
  auto add = [&](double lat, double lon) {
    sf::Vector2<double> k = p.km(lat, lon);
    if (first) {
      x0 = x1 = k.x;
      y0 = y1 = k.y;
      first = false;
    }
    x0 = std::min(x0, k.x), x1 = std::max(x1, k.x);
    y0 = std::min(y0, k.y), y1 = std::max(y1, k.y);
  };
  for (const node_spec& n : s.nodes)
    if (all || is_core_node(n)) add(n.lat, n.lon);
  for (const road_spec& r : s.roads)
    if (all || (is_core_node(s.nodes[r.from]) && is_core_node(s.nodes[r.to])))
      for (const auto& w : r.waypoints) add(w[0], w[1]);
  double w = std::max(1.0, x1 - x0), h = std::max(1.0, y1 - y0);
  double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  return {cx - w / 2, cy - h / 2, w, h};
}

void map_transform::fit(const sf::Rect<double>& bounds_km, const sf::FloatRect& area) {
  bounds_km_ = bounds_km;
  area_ = area;
  double sx = area.width / bounds_km.width, sy = area.height / bounds_km.height;
  px_per_km_ = std::max(1e-6, 0.88 * std::min(sx, sy));
  fit_center_km_ = {bounds_km.left + bounds_km.width / 2, bounds_km.top + bounds_km.height / 2};
  center_km_ = fit_center_km_;
}

void map_transform::resize(const sf::FloatRect& area) {
  area_ = area;
  double sx = area.width / bounds_km_.width, sy = area.height / bounds_km_.height;
  px_per_km_ = std::max(1e-6, 0.88 * std::min(sx, sy));
}

sf::Vector2f map_transform::to_screen(sf::Vector2<double> km) const {
  double s = px_per_km_ * zoom_;
  return {static_cast<float>(area_.left + area_.width / 2 + (km.x - center_km_.x) * s),
          static_cast<float>(area_.top + area_.height / 2 + (km.y - center_km_.y) * s)};
}

sf::Vector2<double> map_transform::to_km(sf::Vector2f screen) const {
  double s = px_per_km_ * zoom_;
  return {center_km_.x + (screen.x - area_.left - area_.width / 2) / s,
          center_km_.y + (screen.y - area_.top - area_.height / 2) / s};
}

void map_transform::zoom_at(sf::Vector2f anchor, double factor) {
  sf::Vector2<double> before = to_km(anchor);
  zoom_ = std::clamp(zoom_ * factor, zoom_min, zoom_max);
  sf::Vector2<double> after = to_km(anchor);
  center_km_.x += before.x - after.x;
  center_km_.y += before.y - after.y;
}

void map_transform::pan_pixels(sf::Vector2f delta) {
  double s = px_per_km_ * zoom_;
  center_km_.x -= delta.x / s;
  center_km_.y -= delta.y / s;
}

void map_transform::reset_view() {
  zoom_ = 1;
  center_km_ = fit_center_km_;
}

}  // namespace cerco::render
