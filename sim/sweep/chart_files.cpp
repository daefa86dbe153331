// Which charts a sweep writes, and their data (see charts.cpp for the drawing).
#include <fmt/format.h>

#include <filesystem>

#include "sim/sweep/report.hpp"
#include "sim/sweep/runner.hpp"

namespace cerco::sweep {
namespace {
namespace fs = std::filesystem;

std::string slug(const std::string& s) {
  std::string o;
  for (char c : s) o += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return o;
}

std::string level_text(const plan& p, std::size_t q, std::size_t l) {
  return p.params[q].levels[l].display();
}

/// Mean over the points at each level of q of the point means (line), p5 and p95 (band).
std::string main_effect(const plan& p, const std::vector<point_summary>& pts, std::size_t q,
                        std::size_t o) {
  const std::string title = p.outcomes[o] + " against " + p.params[q].path;
  std::vector<double> x, mid, lo, hi;
  if (p.lhs_samples > 0) {
    for (std::size_t k = 0; k < pts.size() && k < 5000; ++k) {
      x.push_back(p.value_at(pts[k].point, q).number());
      mid.push_back(pts[k].outcomes[o].mean);
    }
    return svg_line_chart(title + " (point means)", p.params[q].path, p.outcomes[o], x, mid, {}, {},
                          true);
  }
  const std::size_t levels = p.params[q].levels.size();
  std::vector<double> n(levels), m(levels), a(levels), b(levels);
  for (const auto& pt : pts) {
    std::size_t l = p.level_at(pt.point, q);
    n[l] += 1, m[l] += pt.outcomes[o].mean, a[l] += pt.outcomes[o].p5, b[l] += pt.outcomes[o].p95;
  }
  for (std::size_t l = 0; l < levels; ++l) {
    const auto& v = p.params[q].levels[l];
    x.push_back(v.k == param_value::kind::string ? static_cast<double>(l) : v.number());
    mid.push_back(m[l] / n[l]), lo.push_back(a[l] / n[l]), hi.push_back(b[l] / n[l]);
  }
  return svg_line_chart(title + " (mean; band: 5th-95th percentile)", p.params[q].path,
                        p.outcomes[o], x, mid, lo, hi, false);
}

std::string heat(const plan& p, const std::vector<point_summary>& pts, std::size_t q1,
                 std::size_t q2, std::size_t o) {
  const std::size_t n1 = p.params[q1].levels.size(), n2 = p.params[q2].levels.size();
  std::vector<std::vector<double>> sum(n1, std::vector<double>(n2)), cnt = sum;
  for (const auto& pt : pts) {
    std::size_t a = p.level_at(pt.point, q1), b = p.level_at(pt.point, q2);
    sum[a][b] += pt.outcomes[o].mean, cnt[a][b] += 1;
  }
  for (std::size_t a = 0; a < n1; ++a)
    for (std::size_t b = 0; b < n2; ++b) sum[a][b] /= cnt[a][b];
  std::vector<std::string> xs, ys;
  for (std::size_t l = 0; l < n1; ++l) xs.push_back(level_text(p, q1, l));
  for (std::size_t l = 0; l < n2; ++l) ys.push_back(level_text(p, q2, l));
  return svg_heat_map(fmt::format("mean {}", p.outcomes[o]), p.params[q1].path, p.params[q2].path,
                      xs, ys, sum);
}

}  // namespace

bool write_charts(const plan& p, const std::string& dir, const std::vector<point_summary>& pts,
                  std::string* error) {
  const fs::path charts = fs::path(dir) / "charts";
  std::error_code ec;
  fs::create_directories(charts, ec);
  if (ec) {
    *error = fmt::format("cannot create {}: {}", charts.string(), ec.message());
    return false;
  }
  auto put = [&](const std::string& name, const std::string& svg) {
    return write_file_atomic((charts / (name + ".svg")).string(), svg, error);
  };
  for (std::size_t o = 0; o < p.outcomes.size(); ++o) {
    for (std::size_t q = 0; q < p.params.size(); ++q)
      if (!put(slug(p.outcomes[o]) + "__" + slug(p.params[q].path), main_effect(p, pts, q, o)))
        return false;
    if (p.lhs_samples > 0) continue;
    for (std::size_t q1 = 0; q1 < p.params.size(); ++q1)
      for (std::size_t q2 = q1 + 1; q2 < p.params.size(); ++q2) {
        if (p.params[q1].levels.size() < 2 || p.params[q2].levels.size() < 2) continue;
        std::string name =
            slug(p.outcomes[o]) + "__" + slug(p.params[q1].path) + "__" + slug(p.params[q2].path);
        if (!put(name, heat(p, pts, q1, q2, o))) return false;
      }
  }
  return true;
}

}  // namespace cerco::sweep
