// The aggregate table, expectations and sensitivity ranking of a finished sweep.
#include "sim/sweep/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "sim/sweep/runner.hpp"

namespace cerco::sweep {
namespace fs = std::filesystem;

namespace {
std::string num(double v) {
  return fmt::format("{:.6g}", v);
}

std::string point_label(const plan& p, std::uint64_t point) {
  std::string s;
  for (std::size_t i = 0; i < p.params.size(); ++i)
    s += (i ? ", " : "") + p.params[i].path + "=" + p.value_at(point, i).display();
  return s.empty() ? "(no parameters)" : s;
}

std::string aggregate_csv(const plan& p, const std::vector<point_summary>& pts) {
  std::string s = "point";
  for (const auto& par : p.params) s.append(",").append(csv_cell(par.path));
  s += ",runs";
  for (const auto& o : p.outcomes)
    for (const char* st : {"mean", "sd", "p5", "p50", "p95", "ci95_lo", "ci95_hi"})
      s.append(",").append(csv_cell(fmt::format("{}.{}", o, st)));
  s += '\n';
  for (const auto& pt : pts) {
    s += std::to_string(pt.point);
    for (std::size_t i = 0; i < p.params.size(); ++i)
      s.append(",").append(csv_cell(p.value_at(pt.point, i).display()));
    s.append(",").append(std::to_string(pt.outcomes.empty() ? 0 : pt.outcomes[0].n));
    for (const auto& x : pt.outcomes)
      for (double v : {x.mean, x.sd, x.p5, x.p50, x.p95, x.ci_lo, x.ci_hi})
        s.append(",").append(num(v));
    s += '\n';
  }
  return s;
}

std::string sensitivity_csv(const plan& p, const std::vector<sensitivity_row>& rows) {
  std::string s = "outcome,parameter,method,mu_star,mu,sigma,rank\n";
  for (const auto& r : rows)
    s += fmt::format("{},{},{},{},{},{},{}\n", csv_cell(r.outcome), csv_cell(r.param),
                     sensitivity_method(p), num(r.mu_star), num(r.mu), num(r.sigma), r.rank);
  return s;
}

bool matches(const plan& p, const expect_spec& x, std::uint64_t point) {
  for (const auto& [path, value] : x.where)
    for (std::size_t i = 0; i < p.params.size(); ++i)
      if (p.params[i].path == path && p.value_at(point, i).display() != value) return false;
  return true;
}

std::string band(const expect_spec& x) {
  return fmt::format("[{}, {}]", x.min ? num(*x.min) : "-inf", x.max ? num(*x.max) : "inf");
}
}  // namespace

bool write_report(const plan& p, const std::string& dir, const std::vector<point_summary>& pts,
                  std::string* error) {
  return write_file_atomic(dir + "/aggregate.csv", aggregate_csv(p, pts), error) &&
         write_file_atomic(dir + "/sensitivity.csv", sensitivity_csv(p, sensitivity(p, pts)),
                           error) &&
         write_charts(p, dir, pts, error);
}

void print_report(const plan& p, const std::vector<point_summary>& pts, std::FILE* out,
                  std::size_t max_points) {
  std::size_t width = 10;
  for (const auto& o : p.outcomes) width = std::max(width, o.size());
  for (std::size_t k = 0; k < pts.size() && k < max_points; ++k) {
    const auto& pt = pts[k];
    fmt::print(out, "point {}: {} ({} runs)\n", pt.point, point_label(p, pt.point),
               pt.outcomes.empty() ? 0 : pt.outcomes[0].n);
    fmt::print(out, "  {:<{}} {:>10} {:>10} {:>10} {:>10} {:>10}  {}\n", "outcome", width, "mean",
               "sd", "p5", "p50", "p95", "95% CI of the mean");
    for (std::size_t i = 0; i < p.outcomes.size(); ++i) {
      const stats& s = pt.outcomes[i];
      fmt::print(out, "  {:<{}} {:>10} {:>10} {:>10} {:>10} {:>10}  [{}, {}]\n", p.outcomes[i],
                 width, num(s.mean), num(s.sd), num(s.p5), num(s.p50), num(s.p95), num(s.ci_lo),
                 num(s.ci_hi));
    }
  }
  if (pts.size() > max_points)
    fmt::print(out, "... {} more points in aggregate.csv\n", pts.size() - max_points);
  auto rows = sensitivity(p, pts);
  if (rows.empty()) return;
  fmt::print(out,
             "sensitivity ({}; mu* = mean |change of the outcome across the parameter's range|):\n",
             sensitivity_method(p));
  for (const auto& r : rows)
    fmt::print(out, "  {:<{}} {}. {:<40} mu* {:>10}\n", r.outcome, width, r.rank, r.param,
               num(r.mu_star));
}

std::size_t check_expectations(const plan& p, const std::vector<point_summary>& pts,
                               std::FILE* out) {
  std::size_t failed = 0, checked = 0, passed = 0;
  for (const auto& x : p.expects) {
    auto it = std::find(p.outcomes.begin(), p.outcomes.end(), x.outcome);
    auto idx = static_cast<std::size_t>(it - p.outcomes.begin());
    std::size_t hits = 0;
    for (const auto& pt : pts) {
      if (it == p.outcomes.end() || !matches(p, x, pt.point)) continue;
      ++hits, ++checked;
      double v = pt.outcomes[idx].get(x.stat);
      bool ok = !std::isnan(v) && !(x.min && v < *x.min) && !(x.max && v > *x.max);
      if (ok) {
        ++passed;
        continue;
      }
      ++failed;
      fmt::print(out, "{}:{}:{}: check failed: {} {} = {} outside {} at point {} ({})\n", p.file,
                 x.pos.line, x.pos.column, x.outcome, stat_names[static_cast<int>(x.stat)], num(v),
                 band(x), pt.point, point_label(p, pt.point));
    }
    if (hits == 0) {
      ++failed;
      fmt::print(out, "{}:{}:{}: check failed: expectation on {} matches no point\n", p.file,
                 x.pos.line, x.pos.column, x.outcome);
    }
  }
  fmt::print(out, "expectations: {} of {} checks passed\n", passed, checked);
  return failed;
}

int report_dir(const plan& p, const std::string& dir, bool check, std::FILE* out) {
  std::vector<point_summary> pts;
  std::string err;
  if (!aggregate(p, dir, pts, &err) || !write_report(p, dir, pts, &err)) {
    fmt::print(stderr, "cerco: error: {}\n", err);
    return 2;
  }
  print_report(p, pts, out);
  if (!check) return 0;
  return check_expectations(p, pts, out) == 0 ? 0 : 1;
}

}  // namespace cerco::sweep
