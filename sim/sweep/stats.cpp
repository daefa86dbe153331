// Summary statistics of one point's runs, and the aggregate pass over runs.csv.
#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>

#include "sim/sweep/report.hpp"
#include "sim/sweep/runner.hpp"

namespace cerco::sweep {

double stats::get(stat_kind k) const {
  switch (k) {
    case stat_kind::mean:
      return mean;
    case stat_kind::sd:
      return sd;
    case stat_kind::p5:
      return p5;
    case stat_kind::p50:
      return p50;
    case stat_kind::p95:
      return p95;
  }
  return mean;
}

double t975(std::uint64_t df) {
  // Exact table to 30 degrees of freedom, then the Cornish-Fisher expansion in 1/df
  // (error below 1e-5 from df = 30 on).
  static constexpr std::array<double, 30> table = {
      12.7062, 4.30265, 3.18245, 2.77645, 2.57058, 2.44691, 2.36462, 2.30600, 2.26216, 2.22814,
      2.20099, 2.17881, 2.16037, 2.14479, 2.13145, 2.11991, 2.10982, 2.10092, 2.09302, 2.08596,
      2.07961, 2.07387, 2.06866, 2.06390, 2.05954, 2.05553, 2.05183, 2.04841, 2.04523, 2.04227};
  if (df == 0) return 0;
  if (df <= table.size()) return table[df - 1];
  const double z = 1.959963984540054, n = static_cast<double>(df);
  const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
  return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n);
}

namespace {
double quantile(const std::vector<double>& sorted, double q) {
  double h = (static_cast<double>(sorted.size()) - 1) * q;
  auto lo = static_cast<std::size_t>(std::floor(h));
  std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}
}  // namespace

stats summarize(std::vector<double>& v) {
  stats s;
  s.n = v.size();
  if (v.empty()) return s;
  double sum = 0;
  for (double x : v) sum += x;  // in replication order: the same sum for any thread count
  s.mean = sum / static_cast<double>(s.n);
  double ss = 0;
  for (double x : v) ss += (x - s.mean) * (x - s.mean);
  s.sd = s.n > 1 ? std::sqrt(ss / static_cast<double>(s.n - 1)) : 0.0;
  std::sort(v.begin(), v.end());
  s.p5 = quantile(v, 0.05), s.p50 = quantile(v, 0.5), s.p95 = quantile(v, 0.95);
  double half = s.n > 1 ? t975(s.n - 1) * s.sd / std::sqrt(static_cast<double>(s.n)) : 0.0;
  s.ci_lo = s.mean - half, s.ci_hi = s.mean + half;
  return s;
}

namespace {
point_summary close_point(std::uint64_t point, std::vector<std::vector<double>>& cols) {
  point_summary ps;
  ps.point = point;
  for (auto& c : cols) {
    ps.outcomes.push_back(summarize(c));
    c.clear();
  }
  return ps;
}
}  // namespace

bool aggregate(const plan& p, const std::string& dir, std::vector<point_summary>& out,
               std::string* error) {
  const std::string path = dir + "/runs.csv";
  std::ifstream in(path, std::ios::binary);
  std::string line;
  if (!in || !std::getline(in, line) || line != csv_header(p)) {
    *error = path + ": missing, or its columns are not the plan's";
    return false;
  }
  const std::size_t first = 4 + p.params.size(), k = p.outcomes.size();
  std::vector<std::vector<double>> cols(k);
  std::uint64_t expect_run = 0, point = 0;
  out.clear();
  while (std::getline(in, line)) {
    auto cells = csv_split(line);
    if (cells.size() != first + k + 1 || cells[0] != std::to_string(expect_run)) {
      *error = path + ": row for run " + std::to_string(expect_run) + " is missing or malformed";
      return false;
    }
    std::uint64_t pt = expect_run / p.replications;
    if (pt != point) out.push_back(close_point(point, cols)), point = pt;
    for (std::size_t i = 0; i < k; ++i)
      cols[i].push_back(std::strtod(cells[first + i].c_str(), nullptr));
    ++expect_run;
  }
  if (expect_run != p.runs()) {
    *error = path + ": has " + std::to_string(expect_run) + " runs, the plan has " +
             std::to_string(p.runs());
    return false;
  }
  if (expect_run > 0) out.push_back(close_point(point, cols));
  return true;
}

}  // namespace cerco::sweep
