#include "render/scene.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "render/palette.hpp"

namespace cerco::render {

bool load_font(sf::Font* font, const std::string& path, std::string* error) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    *error = "font not found: " + path + " (install the fonts-dejavu-core package)";
    return false;
  }
  if (!font->loadFromFile(path)) {
    *error = "cannot read the font " + path;
    return false;
  }
  return true;
}

bool scene::init(const scenario& s, const std::string& font_path, std::string* error) {
  scenario_ = &s;
  if (!load_font(&font_, font_path, error)) return false;
  projection_ = make_projection(s);
  node_km_.clear();
  for (const node_spec& n : s.nodes) node_km_.push_back(projection_.km(n.lat, n.lon));
  road_km_.assign(s.roads.size(), {});
  road_cum_km_.assign(s.roads.size(), {});
  for (std::size_t r = 0; r < s.roads.size(); ++r) {
    auto& pts = road_km_[r];
    pts.push_back(node_km_[s.roads[r].from]);
    for (const auto& w : s.roads[r].waypoints) pts.push_back(projection_.km(w[0], w[1]));
    pts.push_back(node_km_[s.roads[r].to]);
    double cum = 0;
    road_cum_km_[r].push_back(0);
    for (std::size_t i = 1; i < pts.size(); ++i) {
      cum += std::hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y);
      road_cum_km_[r].push_back(cum);
    }
  }
  waiting_.assign(s.nodes.size(), 0);
  stopped_.assign(s.nodes.size(), 0);
  node_blocked_.assign(s.nodes.size(), 0);
  int y = 0, m = 0, d = 0;
  has_start_date_ = std::sscanf(s.start_date.c_str(), "%d-%d-%d", &y, &m, &d) == 3 && m >= 1 &&
                    m <= 12 && d >= 1 && d <= 31;
  if (has_start_date_) {  // days from civil (proleptic Gregorian)
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    start_days_ = era * 146097 + doe - 719468;
  }
  fitted_ = false;
  return true;
}

void scene::layout(sf::Vector2u size) {
  size_ = size;
  float w = static_cast<float>(size.x), h = static_cast<float>(size.y);
  float panel_w = std::clamp(w * 0.26f, 170.0f, 340.0f);
  float top_h = 30, timeline_h = 34;
  top_ = {0, 0, w, top_h};
  panel_ = {w - panel_w, top_h, panel_w, h - top_h - timeline_h};
  timeline_ = {0, h - timeline_h, w, timeline_h};
  sf::FloatRect area{0, top_h, std::max(10.0f, w - panel_w),
                     std::max(10.0f, h - top_h - timeline_h)};
  if (!fitted_) {
    map_.fit(scenario_bounds_km(*scenario_, projection_), area);
    fitted_ = true;
  } else {
    map_.resize(area);
  }
}

void scene::set_view(double lat, double lon, double zoom) {
  map_.set_centre(projection_.km(lat, lon));
  map_.zoom_at({map_.area().left + map_.area().width / 2, map_.area().top + map_.area().height / 2},
               zoom / map_.zoom());
}

sf::Vector2f scene::node_px(std::uint32_t node) const {
  return map_.to_screen(node_km_[node]);
}

sf::Vector2f scene::along_road(std::uint32_t road, bool reversed, double progress) const {
  const auto& pts = road_km_[road];
  const auto& cum = road_cum_km_[road];
  double p = std::clamp(reversed ? 1 - progress : progress, 0.0, 1.0);
  double at = p * cum.back();
  std::size_t i = 1;
  while (i + 1 < pts.size() && cum[i] < at) ++i;
  double seg = cum[i] - cum[i - 1];
  double u = seg > 0 ? (at - cum[i - 1]) / seg : 0;
  return map_.to_screen(
      {pts[i - 1].x + (pts[i].x - pts[i - 1].x) * u, pts[i - 1].y + (pts[i].y - pts[i - 1].y) * u});
}

sf::Vector2f scene::vehicle_px(const vehicle_view& v) const {
  const scenario& s = *scenario_;
  std::size_t nodes = s.nodes.size();
  if (v.road != no_index && v.road < s.roads.size())
    return along_road(v.road, v.from == s.roads[v.road].to && v.from != s.roads[v.road].from,
                      v.progress);
  if (v.kind == vehicle_kind::aircraft && v.to < nodes && (v.from == v.to || v.from >= nodes)) {
    sf::Vector2f b = node_px(v.to);  // flights come from off the map, from the north-west
    float p = static_cast<float>(std::clamp(v.progress, 0.0, 1.0));
    return b + sf::Vector2f(-260, -160) * (1 - p);
  }
  if (v.to < nodes && v.from < nodes) {
    sf::Vector2f a = node_px(v.from), b = node_px(v.to);
    float p = static_cast<float>(std::clamp(v.progress, 0.0, 1.0));
    return a + (b - a) * p;
  }
  return v.from < nodes ? node_px(v.from) : sf::Vector2f(-100, -100);
}

sf::Vector2f scene::blockade_px(std::uint32_t b) const {
  const blockade_spec& spec = scenario_->blockades[b];
  if (spec.node != no_index) return node_px(spec.node);
  sf::Vector2f mid = along_road(spec.road, false, 0.5);
  const sf::FloatRect& a = map_.area();
  sf::FloatRect inner(a.left + 14, a.top + 14, a.width - 28, a.height - 28);
  if (inner.contains(mid)) return mid;
  // Halfway is off the map (a long road to a far region): the marker goes where the
  // road leaves the map, on the side of its end that is shown.
  const road_spec& r = scenario_->roads[spec.road];
  double toward = inner.contains(node_px(r.from)) ? -1 : (inner.contains(node_px(r.to)) ? 1 : 0);
  for (int k = 1; toward != 0 && k <= 50; ++k) {
    sf::Vector2f p = along_road(spec.road, false, 0.5 + toward * 0.01 * k);
    if (inner.contains(p)) return p;
  }
  return mid;
}

float scene::district_radius_px(std::uint32_t node) const {
  double pop = static_cast<double>(scenario_->nodes[node].population);
  double r = 2.5 + 0.75 * std::sqrt(pop / 1000.0);
  r *= std::sqrt(std::max(1.0, map_.zoom()));
  return static_cast<float>(std::clamp(r, 4.0, 60.0));
}

std::uint32_t scene::node_at(sf::Vector2f px) const {
  std::uint32_t best = no_index;
  float best_d = 1e9f;
  for (std::uint32_t n = 0; n < node_km_.size(); ++n) {
    sf::Vector2f d = node_px(n) - px;
    float dist = std::sqrt(d.x * d.x + d.y * d.y);
    float reach = scenario_->nodes[n].kind == node_kind::district ? district_radius_px(n) : 10.0f;
    if (dist <= std::max(reach, 10.0f) && dist < best_d) best = n, best_d = dist;
  }
  return best;
}

bool scene::on_timeline(sf::Vector2f px) const {
  return timeline_.contains(px);
}

time_s scene::timeline_time(sf::Vector2f px, time_s end_s) const {
  float x0 = timeline_.left + 12, x1 = timeline_.left + timeline_.width - 12;
  double u = std::clamp((px.x - x0) / (x1 - x0), 0.0f, 1.0f);
  return static_cast<time_s>(u * static_cast<double>(end_s));
}

void scene::draw(sf::RenderTarget& t, const frame_state& f, const hud_state& hud,
                 const cover_history* history, const ticker* news) {
  if (t.getSize() != size_) layout(t.getSize());
  t.setView(
      sf::View(sf::FloatRect(0, 0, static_cast<float>(size_.x), static_cast<float>(size_.y))));
  count_at_nodes(f);
  map_layer_.clear();
  draw_roads(map_layer_, f);
  draw_nodes(map_layer_, f, hud);
  draw_vehicles(map_layer_, f);
  draw_blockades(map_layer_, f);
  place_map_labels(map_layer_);
  ui_layer_.clear();
  draw_details(ui_layer_, hud);
  float below = draw_cities(ui_layer_, f, history);
  draw_legend(ui_layer_, f, below);
  if (news) {
    float top = below + 54;
    draw_ticker(ui_layer_, *news, f.selected,
                {panel_.left, top, panel_.width, panel_.top + panel_.height - top});
  }
  draw_top_bar(ui_layer_, f, hud);
  draw_timeline(ui_layer_, f, hud, news);
  t.clear(background_colour);
  map_layer_.draw(t, font_);
  ui_layer_.draw(t, font_);
}

void scene::count_at_nodes(const frame_state& f) {
  std::fill(waiting_.begin(), waiting_.end(), 0u);
  std::fill(stopped_.begin(), stopped_.end(), 0u);
  std::fill(node_blocked_.begin(), node_blocked_.end(), std::uint8_t{0});
  for (const vehicle_view& v : f.vehicles) {
    if (v.from >= waiting_.size()) continue;
    if (v.state == vehicle_state::queued || v.state == vehicle_state::loading) ++waiting_[v.from];
    if (v.state == vehicle_state::stopped) ++stopped_[v.from];
  }
  for (std::size_t b = 0; b < f.blockades.size(); ++b) {
    std::uint32_t node = scenario_->blockades[b].node;
    if (node != no_index && f.blockades[b].state == blockade_state::active &&
        f.blockades[b].strength > 0)
      node_blocked_[node] = 1;
  }
}

void scene::draw_off_map(draw_list& d, std::uint32_t n, sf::Vector2f p) {
  const sf::FloatRect& a = map_.area();
  sf::Vector2f c(a.left + a.width / 2, a.top + a.height / 2);
  sf::Vector2f dir = p - c;
  float inset = 10;
  float tx = dir.x != 0 ? (a.width / 2 - inset) / std::abs(dir.x) : 1e9f;
  float ty = dir.y != 0 ? (a.height / 2 - inset) / std::abs(dir.y) : 1e9f;
  sf::Vector2f e = c + dir * std::min(tx, ty);  // where the way to it leaves the map
  float len = std::sqrt(dir.x * dir.x + dir.y * dir.y);
  sf::Vector2f u = dir / std::max(len, 1e-3f), v(-u.y, u.x);
  d.triangle(e + u * 8.0f, e - u * 4.0f + v * 6.0f, e - u * 4.0f - v * 6.0f,
             node_colour(scenario_->nodes[n].kind));
  std::string name = short_name(scenario_->nodes[n].name);
  float w = 5.8f * static_cast<float>(name.size());
  sf::Vector2f at = e - u * 14.0f +
                    sf::Vector2f(u.x > 0.3f ? -w : (u.x < -0.3f ? 4.0f : -w / 2),
                                 u.y > 0.3f ? -16.0f : (u.y < -0.3f ? 4.0f : -6.0f));
  map_label(name, at, 10, dim_text_colour, 3e9);
}

std::string short_name(const std::string& name) {
  std::size_t cut = name.find(" (");
  return cut == std::string::npos ? name : name.substr(0, cut);
}

float scene::text_width(std::string_view s, unsigned size) const {
  float w = 0;
  sf::String str = sf::String::fromUtf8(s.begin(), s.end());
  for (sf::Uint32 cp : str) w += font_.getGlyph(cp, size, false).advance;
  return w;
}

void scene::map_label(std::string text, sf::Vector2f at, unsigned size, sf::Color c,
                      double priority) {
  labels_.push_back({std::move(text), at, size, c, priority});
}

void scene::place_map_labels(draw_list& d) {
  std::stable_sort(
      labels_.begin(), labels_.end(),
      [](const pending_label& a, const pending_label& b) { return a.priority < b.priority; });
  placed_.clear();
  const sf::FloatRect& area = map_.area();
  for (const pending_label& l : labels_) {
    sf::FloatRect r(l.at.x, l.at.y + 2, text_width(l.text, l.size), static_cast<float>(l.size));
    if (r.left < area.left || r.top < area.top || r.left + r.width > area.left + area.width ||
        r.top + r.height > area.top + area.height)
      continue;
    bool clear = true;
    for (const sf::FloatRect& p : placed_) clear = clear && !p.intersects(r);
    if (!clear) continue;
    placed_.push_back(r);
    label(d, l.text, l.at, l.size, l.colour);
  }
  labels_.clear();
}

void scene::draw_roads(draw_list& d, const frame_state& f) {
  for (std::size_t r = 0; r < road_km_.size(); ++r) {
    const road_spec& spec = scenario_->roads[r];
    // A blockade on a node closes every road through it, though the model marks only
    // roads with their own blockade as closed.
    bool open = (r >= f.road_open.size() || f.road_open[r]) && !node_blocked_[spec.from] &&
                !node_blocked_[spec.to];
    sf::Color c = open ? road_colour : road_blocked_colour;
    float width = open ? 2.5f : 3.5f;
    const auto& pts = road_km_[r];
    sf::Vector2f prev = map_.to_screen(pts[0]);
    for (std::size_t i = 1; i < pts.size(); ++i) {
      sf::Vector2f p = map_.to_screen(pts[i]);
      d.segment(prev, p, width, c);
      if (i + 1 < pts.size()) d.disc(p, width / 2, c, 8);  // round the joint
      prev = p;
    }
  }
}

void scene::draw_nodes(draw_list& d, const frame_state& f, const hud_state& hud) {
  const scenario& s = *scenario_;
  const sf::Color edge(10, 12, 16);
  for (std::uint32_t n = 0; n < s.nodes.size(); ++n) {
    sf::Vector2f p = node_px(n);
    const node_spec& node = s.nodes[n];
    bool selected = n == hud.selected_node;
    if (node.kind == node_kind::district) {
      float r = district_radius_px(n);
      d.disc(p, r + (selected ? 3.0f : 1.5f), selected ? sf::Color::White : edge);
      d.disc(p, r, n < f.stocks.size() ? cover_colour(f.stocks[n].cover_s) : no_demand_colour);
      map_label(short_name(node.name), p + sf::Vector2f(r + 3, -7), 11, dim_text_colour,
                2e9 - static_cast<double>(node.population));
      if (stopped_[n] > 0)
        map_label(std::to_string(stopped_[n]) + " stopped", p + sf::Vector2f(r + 3, 6), 10,
                  road_blocked_colour, 1e3 + n);
      continue;
    }
    const sf::FloatRect& area = map_.area();
    if (!area.contains(p)) {
      draw_off_map(d, n, p);
      continue;
    }
    float half = 4.5f, rim = selected ? 2.5f : 1.0f;
    const int sides = 4;
    float turn = node.kind == node_kind::airport ? 0.0f : 0.785398f;
    d.disc(p, (half + rim) * 1.4142f, selected ? sf::Color::White : edge, sides, turn);
    d.disc(p, half * 1.4142f, node_colour(node.kind), sides, turn);
    map_label(short_name(node.name), p + sf::Vector2f(13, -1), 11, text_colour, 500 + n);
    float y = 12;
    if (waiting_[n] > 0) {
      map_label(std::to_string(waiting_[n]) + " at bays", p + sf::Vector2f(13, y), 10,
                dim_text_colour, 1e3 + n);
      y += 12;
    }
    if (stopped_[n] > 0)
      map_label(std::to_string(stopped_[n]) + " stopped", p + sf::Vector2f(13, y), 10,
                road_blocked_colour, 1e3 + n);
  }
}

}  // namespace cerco::render
