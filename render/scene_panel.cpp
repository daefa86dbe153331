// The right-hand panel (a chart of cover over time per city and commodity, the ticker)
// and the timeline along the bottom.
#include <algorithm>
#include <cstdio>

#include "render/palette.hpp"
#include "render/scene.hpp"

namespace cerco::render {

namespace {

sf::RectangleShape box_shape(sf::FloatRect r, sf::Color fill) {
  sf::RectangleShape b({r.width, r.height});
  b.setPosition(r.left, r.top);
  b.setFillColor(fill);
  return b;
}

std::string short_time(time_s at_s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "d%lld %02lld:%02lld", static_cast<long long>(at_s / day_s + 1),
                static_cast<long long>(at_s % day_s / hour_s),
                static_cast<long long>(at_s % hour_s / minute_s));
  return buf;
}

sf::Color milestone_colour(record_kind k) {
  switch (k) {
    case record_kind::blockade_started:
      return road_blocked_colour;
    case record_kind::blockade_lifted:
      return cover_full_colour;
    case record_kind::negotiation_started:
      return sf::Color(90, 160, 255);
    case record_kind::convoy_broke_through:
      return convoy_colour;
    default:
      return dim_text_colour;
  }
}

}  // namespace

void scene::draw_cities(sf::RenderTarget& t, const frame_state& f, const cover_history* h) {
  t.draw(box_shape(panel_, panel_colour));
  const scenario& s = *scenario_;
  float y = panel_.top + 6;
  float row_h = 15;
  float avail = panel_.height * 0.62f - 8;
  std::size_t cities = std::max<std::size_t>(1, s.cities.size());
  float city_h = std::min(avail / cities, 22 + row_h * commodity_count + 6);
  row_h = std::max(9.0f, (city_h - 28) / commodity_count);
  for (std::uint32_t city = 0; city < s.cities.size(); ++city) {
    label(t, s.cities[city].name + " (cover, days)", {panel_.left + 8, y}, 13, sf::Color::White);
    y += 19;
    for (int c = 0; c < commodity_count; ++c) {
      commodity com = static_cast<commodity>(c);
      sf::Color col = commodity_colour(com);
      if (com == f.selected)
        t.draw(box_shape({panel_.left + 2, y - 1, panel_.width - 4, row_h}, sf::Color(60, 66, 78)));
      label(t, commodity_names[c], {panel_.left + 8, y}, 10, col);
      float cur = -1;
      if (h && h->samples() > 0) cur = h->cover_d(city, com, h->samples() - 1);
      char buf[24];
      if (cur < 0)
        std::snprintf(buf, sizeof buf, "-");
      else
        std::snprintf(buf, sizeof buf, "%.1f", cur);
      label(t, buf, {panel_.left + panel_.width - 36, y}, 10,
            cur < 0 ? dim_text_colour : text_colour);
      if (h)
        draw_city_chart(t, *h, city, com, {panel_.left + 82, y, panel_.width - 124, row_h - 2});
      y += row_h;
    }
    y += 8;
  }
}

void scene::draw_city_chart(sf::RenderTarget& t, const cover_history& h, std::uint32_t city,
                            commodity c, sf::FloatRect box) {
  t.draw(box_shape(box, sf::Color(24, 28, 34)));
  std::uint32_t n = h.samples();
  float top = 0;
  for (std::uint32_t i = 0; i < n; ++i) top = std::max(top, h.cover_d(city, c, i));
  top = std::max(top, static_cast<float>(cover_full_s) / day_s);
  time_s span = std::max<time_s>(1, scenario_->duration_s);
  lines_.clear();
  lines_.setPrimitiveType(sf::LineStrip);
  sf::Color col = commodity_colour(c);
  for (std::uint32_t i = 0; i < n; ++i) {
    float v = h.cover_d(city, c, i);
    if (v < 0) continue;
    float x = box.left + box.width * static_cast<float>(i * h.interval_s()) / span;
    float y = box.top + box.height * (1 - v / top);
    lines_.append({{x, y}, col});
  }
  t.draw(lines_);
}

void scene::draw_ticker(sf::RenderTarget& t, const ticker& news, sf::FloatRect box) {
  label(t, "events", {box.left + 8, box.top}, 13, sf::Color::White);
  float y = box.top + 20;
  for (std::size_t i = 0; i < news.size() && y + 14 < box.top + box.height; ++i) {
    const record& r = news.recent(i);
    label(t, short_time(r.at_s), {box.left + 8, y}, 10, dim_text_colour);
    std::string line = describe_record(*scenario_, r);
    std::size_t max_chars = static_cast<std::size_t>(std::max(10.0f, (box.width - 72) / 5.6f));
    if (line.size() > max_chars) line = line.substr(0, max_chars - 1) + "…";
    label(t, line, {box.left + 66, y}, 10, i == 0 ? sf::Color::White : text_colour);
    y += 14;
  }
}

void scene::draw_timeline(sf::RenderTarget& t, const frame_state& f, const hud_state& hud,
                          const ticker* news) {
  t.draw(box_shape(timeline_, panel_colour));
  float x0 = timeline_.left + 12, x1 = timeline_.left + timeline_.width - 12;
  float y = timeline_.top + 12, h = 10;
  double end = static_cast<double>(std::max<time_s>(1, f.end_s));
  auto x_of = [&](time_s at) { return x0 + (x1 - x0) * static_cast<float>(at / end); };
  t.draw(box_shape({x0, y, x1 - x0, h}, sf::Color(50, 56, 66)));
  t.draw(box_shape({x0, y, x_of(f.at_s) - x0, h}, sf::Color(90, 100, 118)));
  lines_.clear();
  lines_.setPrimitiveType(sf::Lines);
  for (time_s d = day_s; d < f.end_s; d += day_s) {
    lines_.append({{x_of(d), y + h}, dim_text_colour});
    lines_.append({{x_of(d), y + h + 4}, dim_text_colour});
  }
  if (news)
    for (std::size_t i = 0; i < news->milestone_count(); ++i) {
      const record& r = news->milestone(i);
      sf::Color c = milestone_colour(r.kind);
      lines_.append({{x_of(r.at_s), y - 3}, c});
      lines_.append({{x_of(r.at_s), y + h + 1}, c});
    }
  t.draw(lines_);
  if (hud.window && hud.target_s != f.at_s)
    t.draw(box_shape({x_of(hud.target_s) - 1, y - 4, 2, h + 8}, blockade_colour));
  t.draw(box_shape({x_of(f.at_s) - 2, y - 5, 4, h + 10}, sf::Color::White));
  if (hud.window)
    label(t,
          "space pause  +/- speed  \u2192 step  1-5 commodity  click node  S screenshot  R restart "
          " Esc quit",
          {x0, y + h + 3}, 9, dim_text_colour);
}

}  // namespace cerco::render
