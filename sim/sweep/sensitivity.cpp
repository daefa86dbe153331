// Sensitivity ranking of a sweep's parameters, per outcome (see report.hpp).
#include <algorithm>
#include <cmath>

#include "sim/sweep/report.hpp"

namespace cerco::sweep {

const char* sensitivity_method(const plan& p) {
  return p.lhs_samples > 0 ? "linear slope x range (Latin hypercube)"
                           : "Morris elementary effects over the grid";
}

namespace {

/// Elementary effects of parameter q on outcome o over every grid edge, each scaled to
/// the whole range (levels - 1 steps): how much the mean outcome would change from the
/// lowest to the highest level if each step's effect held throughout.
sensitivity_row morris(const plan& p, const std::vector<point_summary>& pts, std::size_t q,
                       std::size_t o) {
  sensitivity_row r{p.outcomes[o], p.params[q].path};
  const std::size_t levels = p.params[q].levels.size();
  std::uint64_t stride = 1;
  for (std::size_t k = q + 1; k < p.params.size(); ++k) stride *= p.params[k].levels.size();
  std::vector<double> ee;
  for (const auto& pt : pts) {
    if (p.level_at(pt.point, q) + 1 >= levels) continue;
    const auto& nb = pts[pt.point + stride];
    ee.push_back((nb.outcomes[o].mean - pt.outcomes[o].mean) * static_cast<double>(levels - 1));
  }
  if (ee.empty()) return r;
  double sum = 0, abs_sum = 0;
  for (double e : ee) sum += e, abs_sum += std::fabs(e);
  r.mu = sum / static_cast<double>(ee.size());
  r.mu_star = abs_sum / static_cast<double>(ee.size());
  double ss = 0;
  for (double e : ee) ss += (e - r.mu) * (e - r.mu);
  r.sigma = ee.size() > 1 ? std::sqrt(ss / static_cast<double>(ee.size() - 1)) : 0.0;
  return r;
}

/// Least-squares slope of the point means on the parameter, times its range.
sensitivity_row slope(const plan& p, const std::vector<point_summary>& pts, std::size_t q,
                      std::size_t o) {
  sensitivity_row r{p.outcomes[o], p.params[q].path};
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const auto& pt : pts) {
    double x = p.value_at(pt.point, q).number(), y = pt.outcomes[o].mean;
    n += 1, sx += x, sy += y, sxx += x * x, sxy += x * y;
  }
  double den = n * sxx - sx * sx;
  if (n < 2 || den == 0) return r;
  double b = (n * sxy - sx * sy) / den;
  r.mu = b * (p.params[q].to.number() - p.params[q].from.number());
  r.mu_star = std::fabs(r.mu);
  return r;
}

}  // namespace

std::vector<sensitivity_row> sensitivity(const plan& p, const std::vector<point_summary>& pts) {
  std::vector<sensitivity_row> all;
  if (pts.size() != p.points() || p.params.empty()) return all;
  for (std::size_t o = 0; o < p.outcomes.size(); ++o) {
    std::vector<sensitivity_row> rows;
    for (std::size_t q = 0; q < p.params.size(); ++q)
      rows.push_back(p.lhs_samples > 0 ? slope(p, pts, q, o) : morris(p, pts, q, o));
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.mu_star > b.mu_star; });
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i].rank = i + 1;
    all.insert(all.end(), rows.begin(), rows.end());
  }
  return all;
}

}  // namespace cerco::sweep
