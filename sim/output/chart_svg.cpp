#include "sim/output/chart_svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/output/cities.hpp"
#include "sim/output/dates.hpp"
#include "sim/output/json_text.hpp"
#include "sim/output/names.hpp"

namespace cerco {
namespace {

// Geometry in SVG user units (pixels).
constexpr double width = 980, left = 200, right = 70, top = 56;
constexpr double panel_gap = 30, axis_h = 34, lane_h = 19, bottom = 16;
constexpr double char_w = 6.6;  ///< average glyph width at 12px, for placing labels

std::string esc(const std::string& text) {
  std::string out;
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

/// A round step for about `count` gridlines over [0, max].
double nice_step(double max, int count) {
  double raw = max / count;
  double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * p >= raw) return m * p;
  }
  return 10 * p;
}

struct frame {
  double x0 = left, x1 = width - right;
  time_s end_s = 1;
  double x(time_s t) const {
    return x0 + (x1 - x0) * static_cast<double>(t) / static_cast<double>(end_s);
  }
};

struct panel_box {
  double y0 = 0, y1 = 0;  ///< top and bottom of the plot area
  double max_d = 1;
  double y(double cover_d) const { return y1 - (y1 - y0) * std::min(cover_d, max_d) / max_d; }
};

const char* month_name(int m) {
  static constexpr const char* names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return names[(m - 1) % 12];
}

/// The union of the shaded lanes' spans, so that overlapping blockades shade once.
std::vector<std::pair<time_s, time_s>> shaded_union(const std::vector<chart_lane>& lanes) {
  std::vector<std::pair<time_s, time_s>> spans, out;
  for (const chart_lane& lane : lanes) {
    if (!lane.shade) continue;
    for (const chart_mark& m : lane.marks) spans.emplace_back(m.from_s, m.to_s);
  }
  std::sort(spans.begin(), spans.end());
  for (const auto& s : spans) {
    if (!out.empty() && s.first <= out.back().second) {
      out.back().second = std::max(out.back().second, s.second);
    } else {
      out.push_back(s);
    }
  }
  return out;
}

void shade_spans(std::string& o, const frame& f, const panel_box& p,
                 const std::vector<chart_lane>& lanes, bool label) {
  const char* color = "#c0392b";
  for (const chart_lane& lane : lanes) {
    if (lane.shade) color = lane.color.c_str();
  }
  for (const auto& [from, to] : shaded_union(lanes)) {
    double x0 = f.x(from), x1 = std::max(f.x(to), x0 + 1);
    fmt::format_to(std::back_inserter(o),
                   "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
                   "fill=\"{}\" fill-opacity=\"0.09\"/>\n",
                   x0, p.y0, x1 - x0, p.y1 - p.y0, color);
    if (label) {
      fmt::format_to(std::back_inserter(o),
                     "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" fill=\"{}\" "
                     "font-size=\"11\">blockaded</text>\n",
                     x1 - 4, p.y0 + 13, color);
    }
  }
}

void grid(std::string& o, const frame& f, const panel_box& p) {
  double step = nice_step(p.max_d, p.y1 - p.y0 > 160 ? 5 : 3);
  for (double v = 0; v <= p.max_d + 1e-9; v += step) {
    fmt::format_to(
        std::back_inserter(o),
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#ddd\"/>\n"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" fill=\"#666\">{:g} d</text>\n",
        f.x0, p.y(v), f.x1, p.y(v), f.x0 - 6, p.y(v) + 4, v);
  }
}

void day_ticks(std::string& o, const frame& f, const panel_box& p, const date_clock& clock,
               bool labels) {
  std::int64_t days = std::max<std::int64_t>(1, (f.end_s + day_s - 1) / day_s);
  std::int64_t step = days <= 16 ? 1 : days <= 35 ? 2 : (days + 15) / 16;
  for (std::int64_t d = 0; d <= days; d += step) {
    time_s t = std::min<time_s>(d * day_s, f.end_s);
    double x = f.x(t);
    fmt::format_to(
        std::back_inserter(o),
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#999\"/>\n", x,
        p.y1, x, p.y1 + 4);
    if (!labels) continue;
    civil_date c;
    parse_civil_date(clock.date(t), &c);
    fmt::format_to(
        std::back_inserter(o),
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" fill=\"#444\">{} {}</text>\n"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" fill=\"#888\" "
        "font-size=\"10\">day {}</text>\n",
        x, p.y1 + 17, c.day, month_name(c.month), x, p.y1 + 29, d + 1);
  }
}

/// Appends v rounded to tenths ("12.3"): fmt's {:.1f} for a chart's thousands of points
/// costs more than the rest of the chart.
void append_tenths(std::string& o, double v) {
  if (!(v > -1e15 && v < 1e15)) {
    fmt::format_to(std::back_inserter(o), "{:.1f}", v);
    return;
  }
  // Ties to even, as fmt rounds an exact half; a product that rounds onto a half can
  // still differ from fmt by a tenth of a pixel.
  auto tenths = static_cast<long long>(std::nearbyint(v * 10.0));
  if (tenths < 0) {
    o += '-';
    tenths = -tenths;
  }
  append_int(o, tenths / 10);
  o += '.';
  o += static_cast<char>('0' + tenths % 10);
}

void cover_line(std::string& o, const frame& f, const panel_box& p,
                const cover_recorder::series& s) {
  if (s.t.empty()) return;
  std::string pts;
  for (std::size_t i = 0; i < s.t.size(); ++i) {
    append_tenths(pts, f.x(s.t[i]));
    pts += ',';
    append_tenths(pts, p.y(s.cover_d[i]));
    pts += ' ';
  }
  fmt::format_to(
      std::back_inserter(o),
      "<polygon points=\"{:.1f},{:.1f} {}{:.1f},{:.1f}\" fill=\"#1f4e79\" "
      "fill-opacity=\"0.10\"/>\n<polyline points=\"{}\" fill=\"none\" stroke=\"#1f4e79\" "
      "stroke-width=\"2\"/>\n",
      f.x(s.t.front()), p.y1, pts, f.x(s.t.back()), p.y1, pts);
  // Out of stock: a thick red bar on the zero line, labelled once.
  bool labelled = false;
  for (std::size_t i = 0; i < s.t.size();) {
    if (s.cover_d[i] > 0) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j + 1 < s.t.size() && s.cover_d[j + 1] <= 0) ++j;
    double x0 = f.x(s.t[i]), x1 = std::max(f.x(s.t[j]), x0 + 2);
    fmt::format_to(
        std::back_inserter(o),
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"5\" fill=\"#c0392b\"/>\n", x0,
        p.y1 - 5, x1 - x0);
    if (!labelled) {
      fmt::format_to(std::back_inserter(o),
                     "<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"#c0392b\" font-weight=\"bold\">"
                     "out of stock</text>\n",
                     x0 + 3, p.y1 - 9);
      labelled = true;
    }
    i = j + 1;
  }
  fmt::format_to(std::back_inserter(o),
                 "<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"#1f4e79\">{:.1f} d</text>\n",
                 f.x(s.t.back()) + 5, p.y(s.cover_d.back()) + 4, s.cover_d.back());
}

void point_guides(std::string& o, const frame& f, const panel_box& p,
                  const std::vector<chart_lane>& lanes) {
  for (const chart_lane& lane : lanes) {
    for (const chart_mark& m : lane.marks) {
      if (m.from_s != m.to_s) continue;
      fmt::format_to(
          std::back_inserter(o),
          "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"{3}\" "
          "stroke-dasharray=\"3,3\" stroke-opacity=\"0.6\"/>\n",
          f.x(m.from_s), p.y0, p.y1, lane.color);
    }
  }
}

void lane_row(std::string& o, const frame& f, double y, const chart_lane& lane) {
  fmt::format_to(std::back_inserter(o),
                 "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" fill=\"{}\">{}</text>\n",
                 f.x0 - 8, y + 4, lane.color, esc(lane.name));
  double label_end = -1;  // right edge of the last label, to push the next one aside
  for (const chart_mark& m : lane.marks) {
    double x0 = f.x(m.from_s), x1 = f.x(m.to_s);
    if (m.from_s == m.to_s) {
      fmt::format_to(std::back_inserter(o),
                     "<path d=\"M{0:.1f},{1:.1f} l5,6 l-5,6 l-5,-6 z\" fill=\"{2}\"/>\n", x0, y - 6,
                     lane.color);
      x1 = x0 + 6;
    } else {
      fmt::format_to(std::back_inserter(o),
                     "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"11\" rx=\"2\" "
                     "fill=\"{}\" fill-opacity=\"0.75\"/>\n",
                     x0, y - 5.5, std::max(x1 - x0, 2.0), lane.color);
    }
    if (m.label.empty()) continue;
    double w = static_cast<double>(m.label.size()) * char_w;
    double lx = std::max(x1 + 4, label_end + 6);
    bool flip = lx + w > width - 4;
    fmt::format_to(std::back_inserter(o),
                   "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\" fill=\"{}\" "
                   "font-size=\"11\">{}</text>\n",
                   flip ? x0 - 4 : lx, y + 4, flip ? "end" : "start", lane.color, esc(m.label));
    if (!flip) label_end = lx + w;
  }
}

}  // namespace

cover_recorder::cover_recorder(const scenario& s) : districts_(districts_by_city(s)) {
  for (std::uint32_t city = 0; city < districts_.size(); ++city) {
    for (int c = 0; c < commodity_count; ++c) {
      if (!city_demands(s, districts_[city], static_cast<commodity>(c))) continue;
      series_.push_back(series{city, static_cast<commodity>(c), {}, {}});
    }
  }
}

void cover_recorder::sample(const world& w) {
  for (series& s : series_) {
    city_stock cs = city_stock_at(w, districts_[s.city], s.what, w.now_s());
    s.t.push_back(w.now_s());
    s.cover_d.push_back(cs.demand_per_d > 0 ? static_cast<double>(cs.stock) / cs.demand_per_d : 0);
  }
}

std::string render_cover_chart(const scenario& s, const std::string& title,
                               const std::vector<const cover_recorder::series*>& panels,
                               const std::vector<chart_lane>& lanes, time_s end_s) {
  frame f;
  f.end_s = std::max<time_s>(end_s, 1);
  const double plot_h = panels.size() <= 1 ? 230 : 120;
  double height = top + static_cast<double>(panels.size()) * (plot_h + panel_gap) + axis_h +
                  static_cast<double>(lanes.size()) * lane_h + bottom;
  std::string o = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
      "width=\"{0:.0f}\" height=\"{1:.0f}\" viewBox=\"0 0 {0:.0f} {1:.0f}\" "
      "font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n"
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      "<text x=\"16\" y=\"24\" font-size=\"17\" font-weight=\"bold\">{2}</text>\n"
      "<text x=\"16\" y=\"43\" fill=\"#555\">Days of cover: what the districts hold over what "
      "they use per day, city-wide. {3}</text>\n",
      width, height, esc(title), esc(s.name));
  date_clock clock(s.start_date);
  double y = top;
  for (std::size_t i = 0; i < panels.size(); ++i) {
    const cover_recorder::series& series = *panels[i];
    panel_box p{y + panel_gap, y + panel_gap + plot_h, 1};
    double max_d = 1;
    for (double v : series.cover_d) max_d = std::max(max_d, v);
    p.max_d = max_d * 1.08;
    p.max_d = std::ceil(p.max_d / nice_step(p.max_d, 4)) * nice_step(p.max_d, 4);
    fmt::format_to(std::back_inserter(o),
                   "<text x=\"{:.1f}\" y=\"{:.1f}\" font-weight=\"bold\">{}</text>\n", f.x0,
                   p.y0 - 8, commodity_names[static_cast<int>(series.what)]);
    shade_spans(o, f, p, lanes, i == 0);
    grid(o, f, p);
    point_guides(o, f, p, lanes);
    cover_line(o, f, p, series);
    day_ticks(o, f, p, clock, i + 1 == panels.size());
    y = p.y1;
  }
  y += axis_h + lane_h / 2;
  for (const chart_lane& lane : lanes) {
    lane_row(o, f, y, lane);
    y += lane_h;
  }
  o += "</svg>\n";
  return o;
}

}  // namespace cerco
