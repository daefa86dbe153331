#pragma once
/// Reading a finished sweep: the aggregate table per point, expectations, the
/// sensitivity ranking and the SVG charts. Everything is computed by re-reading
/// runs.csv, which is sorted by run (point-major): one point's rows are held at a time,
/// so memory grows with the replications of a point, never with the number of runs.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "sim/sweep/plan.hpp"

namespace cerco::sweep {

struct stats {
  std::uint64_t n = 0;
  double mean = 0, sd = 0, p5 = 0, p50 = 0, p95 = 0, ci_lo = 0, ci_hi = 0;
  double get(stat_kind k) const;
};

/// Sorts `v` and summarises it: sample sd (n - 1), quantiles by linear interpolation
/// between order statistics (Hyndman and Fan type 7), and a t-based 95% interval.
stats summarize(std::vector<double>& v);
/// The 0.975 quantile of Student's t with `df` degrees of freedom.
double t975(std::uint64_t df);

struct point_summary {
  std::uint64_t point = 0;
  std::vector<stats> outcomes;  ///< plan order
};

/// Reads DIR/runs.csv and returns one summary per point. False with a message when the
/// file does not have the plan's columns or its rows out of order.
bool aggregate(const plan& p, const std::string& dir, std::vector<point_summary>& out,
               std::string* error);
/// Writes DIR/aggregate.csv, DIR/sensitivity.csv and DIR/charts/*.svg.
bool write_report(const plan& p, const std::string& dir, const std::vector<point_summary>& pts,
                  std::string* error);
/// Writes DIR/charts/*.svg (part of write_report).
bool write_charts(const plan& p, const std::string& dir, const std::vector<point_summary>& pts,
                  std::string* error);
/// Prints the table (at most `max_points` points) and the sensitivity ranking.
void print_report(const plan& p, const std::vector<point_summary>& pts, std::FILE* out,
                  std::size_t max_points = 24);
/// Evaluates the plan's expectations; prints each failure; returns how many failed.
std::size_t check_expectations(const plan& p, const std::vector<point_summary>& pts,
                               std::FILE* out);

struct sensitivity_row {
  std::string outcome, param;
  double mu_star = 0, mu = 0, sigma = 0;
  std::size_t rank = 0;
};
/// Grid plans: Morris elementary effects over every edge of the grid (each pair of
/// points differing in one parameter by one level), scaled to the parameter's whole
/// range. Latin hypercubes: the least-squares slope times the range. See docs/sweeps.md.
std::vector<sensitivity_row> sensitivity(const plan& p, const std::vector<point_summary>& pts);
const char* sensitivity_method(const plan& p);

/// The full reporting step of a complete sweep folder: aggregate, write, print, and
/// with `check` evaluate expectations. Returns the exit code (0, 1 or 2).
int report_dir(const plan& p, const std::string& dir, bool check, std::FILE* out);

/// SVG documents.
std::string svg_line_chart(const std::string& title, const std::string& xlabel,
                           const std::string& ylabel, const std::vector<double>& x,
                           const std::vector<double>& mid, const std::vector<double>& lo,
                           const std::vector<double>& hi, bool points_only);
std::string svg_heat_map(const std::string& title, const std::string& xlabel,
                         const std::string& ylabel, const std::vector<std::string>& xs,
                         const std::vector<std::string>& ys,
                         const std::vector<std::vector<double>>& v);

}  // namespace cerco::sweep
