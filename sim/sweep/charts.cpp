// SVG charts of a sweep: each outcome against each swept parameter (a line with its
// 5th-95th percentile band), and a heat map of the mean for each pair of parameters.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "sim/sweep/report.hpp"
#include "sim/sweep/runner.hpp"

namespace cerco::sweep {
namespace {

constexpr double W = 640, H = 420, L = 70, R = 20, T = 40, B = 60;

std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '<')
      o += "&lt;";
    else if (c == '>')
      o += "&gt;";
    else if (c == '&')
      o += "&amp;";
    else if (c == '"')
      o += "&quot;";
    else
      o += c;
  }
  return o;
}

std::string head(const std::string& title) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" "
      "fill=\"white\"/>\n<text x=\"{}\" y=\"22\" text-anchor=\"middle\" "
      "font-size=\"14\">{}</text>\n",
      W, H, W, H, W / 2, esc(title));
}

std::string labels(const std::string& xlabel, const std::string& ylabel) {
  return fmt::format(
      "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n<text x=\"16\" y=\"{}\" "
      "text-anchor=\"middle\" transform=\"rotate(-90 16 {})\">{}</text>\n",
      L + (W - L - R) / 2, H - 14, esc(xlabel), T + (H - T - B) / 2, T + (H - T - B) / 2,
      esc(ylabel));
}

struct scale {
  double lo, hi, p0, p1;
  double operator()(double v) const {
    return hi == lo ? (p0 + p1) / 2 : p0 + (v - lo) / (hi - lo) * (p1 - p0);
  }
};

scale fit(const std::vector<double>& v, double p0, double p1) {
  double lo = *std::min_element(v.begin(), v.end()), hi = *std::max_element(v.begin(), v.end());
  if (lo == hi) lo -= 1, hi += 1;
  return {lo, hi, p0, p1};
}

std::string axes(const scale& sx, const scale& sy) {
  std::string s = fmt::format("<path d=\"M{} {} V{} H{}\" stroke=\"black\" fill=\"none\"/>\n", L, T,
                              H - B, W - R);
  for (int i = 0; i <= 4; ++i) {
    double fx = sx.lo + (sx.hi - sx.lo) * i / 4, fy = sy.lo + (sy.hi - sy.lo) * i / 4;
    s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{:.4g}</text>\n", sx(fx),
                     H - B + 16, fx);
    s += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{:.4g}</text>\n", L - 6,
                     sy(fy) + 4, fy);
  }
  return s;
}

std::string color(double t) {
  // Blue (low) to yellow (high) through teal and green: readable and monotone in lightness.
  t = std::clamp(t, 0.0, 1.0);
  const double c[4][3] = {{68, 1, 84}, {49, 104, 142}, {53, 183, 121}, {253, 231, 37}};
  double f = t * 3;
  int i = std::min(2, static_cast<int>(f));
  double u = f - i;
  auto ch = [&](int k) {
    return static_cast<int>(std::lround(c[i][k] + u * (c[i + 1][k] - c[i][k])));
  };
  return fmt::format("#{:02x}{:02x}{:02x}", ch(0), ch(1), ch(2));
}

}  // namespace

std::string svg_line_chart(const std::string& title, const std::string& xlabel,
                           const std::string& ylabel, const std::vector<double>& x,
                           const std::vector<double>& mid, const std::vector<double>& lo,
                           const std::vector<double>& hi, bool points_only) {
  std::string s = head(title) + labels(xlabel, ylabel);
  if (x.empty()) return s + "</svg>\n";
  std::vector<double> ys = mid;
  ys.insert(ys.end(), lo.begin(), lo.end());
  ys.insert(ys.end(), hi.begin(), hi.end());
  scale sx = fit(x, L, W - R), sy = fit(ys, H - B, T);
  s += axes(sx, sy);
  if (!lo.empty()) {
    std::string d;
    for (std::size_t i = 0; i < x.size(); ++i)
      d += fmt::format("{}{:.1f} {:.1f} ", i ? "L" : "M", sx(x[i]), sy(hi[i]));
    for (std::size_t i = x.size(); i-- > 0;)
      d += fmt::format("L{:.1f} {:.1f} ", sx(x[i]), sy(lo[i]));
    s += "<path d=\"" + d + "Z\" fill=\"#3182bd\" fill-opacity=\"0.25\" stroke=\"none\"/>\n";
  }
  std::string d;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (points_only) {
      s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2\" fill=\"#08519c\"/>\n", sx(x[i]),
                       sy(mid[i]));
    } else {
      d += fmt::format("{}{:.1f} {:.1f} ", i ? "L" : "M", sx(x[i]), sy(mid[i]));
    }
  }
  if (!points_only)
    s += "<path d=\"" + d + "\" stroke=\"#08519c\" stroke-width=\"2\" fill=\"none\"/>\n";
  return s + "</svg>\n";
}

std::string svg_heat_map(const std::string& title, const std::string& xlabel,
                         const std::string& ylabel, const std::vector<std::string>& xs,
                         const std::vector<std::string>& ys,
                         const std::vector<std::vector<double>>& v) {
  std::string s = head(title) + labels(xlabel, ylabel);
  std::vector<double> all;
  for (const auto& row : v) all.insert(all.end(), row.begin(), row.end());
  if (all.empty()) return s + "</svg>\n";
  double lo = *std::min_element(all.begin(), all.end()),
         hi = *std::max_element(all.begin(), all.end());
  double cw = (W - L - R) / static_cast<double>(xs.size()),
         chh = (H - T - B) / static_cast<double>(ys.size());
  for (std::size_t i = 0; i < xs.size(); ++i) {
    s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                     L + (i + 0.5) * cw, H - B + 16, esc(xs[i]));
    for (std::size_t j = 0; j < ys.size(); ++j) {
      double t = hi > lo ? (v[i][j] - lo) / (hi - lo) : 0.5;
      double y = H - B - (j + 1) * chh;
      s += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"/>\n",
          L + i * cw, y, cw, chh, color(t));
      s += fmt::format(
          "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" fill=\"{}\">{:.3g}</text>\n",
          L + (i + 0.5) * cw, y + chh / 2 + 4, t > 0.6 ? "black" : "white", v[i][j]);
    }
  }
  for (std::size_t j = 0; j < ys.size(); ++j)
    s += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n", L - 6,
                     H - B - (j + 0.5) * chh + 4, esc(ys[j]));
  return s + "</svg>\n";
}

}  // namespace cerco::sweep
