// The parts around the map: clock and status, legend, city charts, ticker, details and
// the timeline.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "render/palette.hpp"
#include "render/scene.hpp"

namespace cerco::render {

namespace {

const char* const month_names[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string format_cover(time_s cover_s) {
  if (cover_s >= time_s_max) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f d", static_cast<double>(cover_s) / day_s);
  return buf;
}

std::string format_amount(std::int64_t v, const char* unit) {
  char buf[48];
  double a = static_cast<double>(v);
  if (a >= 1e6)
    std::snprintf(buf, sizeof buf, "%.2f M %s", a / 1e6, unit);
  else if (a >= 1e4)
    std::snprintf(buf, sizeof buf, "%.0f k %s", a / 1e3, unit);
  else
    std::snprintf(buf, sizeof buf, "%lld %s", static_cast<long long>(v), unit);
  return buf;
}

std::string format_speed(time_s s_per_s) {
  char buf[48];
  if (s_per_s >= day_s)
    std::snprintf(buf, sizeof buf, "%.3g d/s", double(s_per_s) / day_s);
  else if (s_per_s >= hour_s)
    std::snprintf(buf, sizeof buf, "%.3g h/s", double(s_per_s) / hour_s);
  else
    std::snprintf(buf, sizeof buf, "%.3g min/s", double(s_per_s) / minute_s);
  return buf;
}

}  // namespace

std::string scene::clock_text(time_s at_s) const {
  char buf[64];
  time_s day = at_s / day_s, sec = at_s % day_s;
  int hh = static_cast<int>(sec / hour_s), mm = static_cast<int>(sec % hour_s / minute_s);
  if (!has_start_date_) {
    std::snprintf(buf, sizeof buf, "day %lld  %02d:%02d", static_cast<long long>(day + 1), hh, mm);
    return buf;
  }
  long z = start_days_ + static_cast<long>(day) + 719468;  // civil from days
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
  long y = yoe + era * 400 + (m <= 2);
  std::snprintf(buf, sizeof buf, "%ld %s %ld  %02d:%02d   day %lld", d, month_names[m - 1], y, hh,
                mm, static_cast<long long>(day + 1));
  return buf;
}

void scene::draw_top_bar(draw_list& d, const frame_state& f, const hud_state& hud) {
  d.rect(top_, panel_colour);
  label(d, scenario_->name, {10, 6}, 15, text_colour);
  float x = std::max(top_.width * 0.36f, 260.0f);
  label(d, clock_text(f.at_s), {x, 6}, 15, sf::Color::White);
  std::string status;
  if (hud.window) {
    status = hud.paused ? "paused" : "running " + format_speed(hud.speed_s_per_s);
    if (hud.behind) status += "  (catching up)";
    if (f.at_s >= f.end_s) status = "end of scenario";
  }
  if (f.casualties > 0) status += "   deaths " + std::to_string(f.casualties);
  label(d, status, {x + 290, 8}, 13, hud.paused ? blockade_colour : dim_text_colour);
  if (!hud.message.empty()) {
    const sf::FloatRect& m = map_.area();
    d.rect({m.left + m.width - 330, m.top + 6, 320, 20}, panel_colour);
    label(d, hud.message, {m.left + m.width - 324, m.top + 9}, 12, sf::Color::White);
  }
}

void scene::draw_legend(draw_list& d, const frame_state& f, float top) {
  sf::FloatRect box{panel_.left, top, std::min(panel_.width, 240.0f), 48};
  int c = static_cast<int>(f.selected);
  label(d, std::string("cover of ") + commodity_names[c] + " [" + std::to_string(c + 1) + "]",
        {box.left + 8, box.top + 4}, 12, text_colour);
  float x0 = box.left + 8, x1 = box.left + box.width - 8, y0 = box.top + 22, y1 = box.top + 32;
  const int steps = 32;
  for (int i = 0; i < steps; ++i) {  // left: full, right: empty
    float a = x0 + (x1 - x0) * i / steps, b = x0 + (x1 - x0) * (i + 1) / steps;
    sf::Color col = cover_colour(cover_full_s - cover_full_s * (2 * i + 1) / (2 * steps));
    d.rect({a, y0, b - a + 0.5f, y1 - y0}, col);
  }
  label(d, format_cover(cover_full_s) + "+", {x0, y1 + 1}, 10, dim_text_colour);
  label(d, "empty", {x1 - 30, y1 + 1}, 10, dim_text_colour);
}

void scene::draw_details(draw_list& d, const hud_state& hud) {
  if (hud.selected_node >= scenario_->nodes.size()) return;
  const node_spec& n = scenario_->nodes[hud.selected_node];
  const sf::FloatRect& m = map_.area();
  sf::FloatRect box{m.left + 10, m.top + 10, 300, 40.0f + 16 * commodity_count};
  d.rect(box, panel_colour);
  std::string head = n.name + "  (" + node_kind_names[static_cast<int>(n.kind)] + ")";
  if (n.population > 0) head += "  pop " + std::to_string(n.population);
  label(d, head, {box.left + 8, box.top + 4}, 13, sf::Color::White);
  label(d, "stock", {box.left + 100, box.top + 22}, 10, dim_text_colour);
  label(d, "cover", {box.left + 180, box.top + 22}, 10, dim_text_colour);
  label(d, "short", {box.left + 240, box.top + 22}, 10, dim_text_colour);
  for (int c = 0; c < commodity_count; ++c) {
    const stock_view& v = hud.selected[c];
    float y = box.top + 36 + 16.0f * c;
    label(d, commodity_names[c], {box.left + 8, y}, 11,
          commodity_colour(static_cast<commodity>(c)));
    label(d, format_amount(v.stock, commodity_units[c]), {box.left + 100, y}, 11, text_colour);
    label(d, format_cover(v.cover_s), {box.left + 180, y}, 11, cover_colour(v.cover_s));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f h%s", double(v.short_s) / hour_s, v.rationed ? " R" : "");
    label(d, buf, {box.left + 240, y}, 11, v.short_now ? cover_empty_colour : text_colour);
  }
}

}  // namespace cerco::render
