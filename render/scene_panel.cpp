// The right-hand panel (a chart of cover over time per city and commodity, the ticker)
// and the timeline along the bottom.
#include <algorithm>
#include <cstdio>

#include "render/palette.hpp"
#include "render/scene.hpp"

namespace cerco::render {

namespace {

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
    case record_kind::airlift_started:
      return aircraft_colour;
    default:
      return dim_text_colour;
  }
}

}  // namespace

float scene::draw_cities(draw_list& d, const frame_state& f, const cover_history* h) {
  d.rect(panel_, panel_colour);
  const scenario& s = *scenario_;
  float y = panel_.top + 6;
  float avail = panel_.height * 0.58f - 8;
  std::size_t cities = std::max<std::size_t>(1, s.cities.size());
  float city_h = std::min(avail / static_cast<float>(cities), 22 + 17.0f * commodity_count + 6);
  float row_h = std::max(9.0f, (city_h - 28) / commodity_count);
  for (std::uint32_t city = 0; city < s.cities.size(); ++city) {
    label(d, s.cities[city].name + "  \u00b7  cover, days", {panel_.left + 8, y}, 13,
          sf::Color::White);
    y += 19;
    for (int c = 0; c < commodity_count; ++c) {
      commodity com = static_cast<commodity>(c);
      if (com == f.selected)
        d.rect({panel_.left + 2, y - 1, panel_.width - 4, row_h}, {60, 66, 78});
      label(d, commodity_names[c], {panel_.left + 8, y}, 10, commodity_colour(com));
      float cur = -1;
      if (h && h->samples() > 0) cur = h->cover_d(city, com, h->samples() - 1);
      char buf[24];
      if (cur < 0)
        std::snprintf(buf, sizeof buf, "-");
      else
        std::snprintf(buf, sizeof buf, "%.1f", cur);
      label(d, buf, {panel_.left + panel_.width - 36, y}, 10,
            cur < 0 ? dim_text_colour : text_colour);
      if (h)
        draw_city_chart(d, *h, city, com, {panel_.left + 82, y, panel_.width - 124, row_h - 2});
      y += row_h;
    }
    y += 8;
  }
  return y;
}

void scene::draw_city_chart(draw_list& d, const cover_history& h, std::uint32_t city, commodity c,
                            sf::FloatRect box) {
  d.rect(box, {24, 28, 34});
  std::uint32_t n = h.samples();
  float top = static_cast<float>(cover_full_s) / day_s;
  for (std::uint32_t i = 0; i < n; ++i) top = std::max(top, h.cover_d(city, c, i));
  double span = static_cast<double>(std::max<time_s>(1, scenario_->duration_s));
  d.segment({box.left, box.top + box.height * (1 - 1 / top)},
            {box.left + box.width, box.top + box.height * (1 - 1 / top)}, 1,
            {50, 56, 66});  // 1 day
  sf::Color col = commodity_colour(c);
  sf::Vector2f prev;
  bool have = false;
  for (std::uint32_t i = 0; i < n; ++i) {
    float v = h.cover_d(city, c, i);
    if (v < 0) {
      have = false;
      continue;
    }
    float x =
        box.left + box.width * static_cast<float>(static_cast<double>(i * h.interval_s()) / span);
    sf::Vector2f p(x, box.top + box.height * (1 - v / top));
    if (have) d.segment(prev, p, 1.5f, col);
    prev = p, have = true;
  }
}

void scene::draw_ticker(draw_list& d, const ticker& news, commodity shown, sf::FloatRect box) {
  label(d, "events", {box.left + 8, box.top}, 13, sf::Color::White);
  float y = box.top + 20;
  for (std::size_t i = 0; i < news.size() && y + 14 < box.top + box.height; ++i) {
    const record& r = news.recent(i);
    // Districts run out and restock many times a day: only the commodity shown is listed.
    bool stock_news = r.kind == record_kind::stock_out || r.kind == record_kind::restocked;
    if (stock_news && r.what != shown) continue;
    label(d, short_time(r.at_s), {box.left + 8, y}, 10, dim_text_colour);
    std::string line = describe_record(*scenario_, r);
    std::size_t max_chars = static_cast<std::size_t>(std::max(10.0f, (box.width - 72) / 5.6f));
    if (line.size() > max_chars) line = line.substr(0, max_chars - 1) + "\u2026";
    label(d, line, {box.left + 66, y}, 10, i == 0 ? sf::Color::White : text_colour);
    y += 14;
  }
}

void scene::draw_timeline(draw_list& d, const frame_state& f, const hud_state& hud,
                          const ticker* news) {
  d.rect(timeline_, panel_colour);
  float x0 = timeline_.left + 12, x1 = timeline_.left + timeline_.width - 12;
  float y = timeline_.top + 7, h = 9;
  double end = static_cast<double>(std::max<time_s>(1, f.end_s));
  auto x_of = [&](time_s at) { return x0 + (x1 - x0) * static_cast<float>(at / end); };
  d.rect({x0, y, x1 - x0, h}, {50, 56, 66});
  d.rect({x0, y, x_of(f.at_s) - x0, h}, {90, 100, 118});
  for (time_s day = day_s; day < f.end_s; day += day_s)
    d.rect({x_of(day), y + h, 1, 3}, dim_text_colour);
  if (news)
    for (std::size_t i = 0; i < news->milestone_count(); ++i) {
      const record& r = news->milestone(i);
      d.rect({x_of(r.at_s) - 1.5f, y - 3, 3, h + 6}, milestone_colour(r.kind));
    }
  if (hud.window && hud.target_s != f.at_s)
    d.rect({x_of(hud.target_s) - 1, y - 4, 2, h + 8}, blockade_colour);
  d.rect({x_of(f.at_s) - 2, y - 4, 4, h + 8}, sf::Color::White);
  if (hud.window)
    label(d,
          "space pause   +/- speed   \u2192 step   drag timeline to seek   1-5 commodity   "
          "click node   wheel/drag zoom, pan   S screenshot   R restart   Esc quit",
          {x0, y + h + 4}, 10, dim_text_colour);
}

}  // namespace cerco::render
