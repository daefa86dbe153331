#include "sim/sweep/plan.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cerco/rng.hpp"
#include "sim/scenario/builtin.hpp"
#include "sim/sweep/outcomes.hpp"

namespace cerco::sweep {

std::string format_real(double v) {
  std::string s = fmt::format("{}", v);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

std::string param_value::override_text() const {
  switch (k) {
    case kind::integer:
      return std::to_string(i);
    case kind::real:
      return format_real(d);
    case kind::boolean:
      return b ? "true" : "false";
    case kind::string: {
      std::ostringstream o;
      o << toml::value<std::string>(s);
      return o.str();
    }
  }
  return {};
}

std::string param_value::display() const {
  return k == kind::string ? s : override_text();
}

double param_value::number() const {
  switch (k) {
    case kind::integer:
      return static_cast<double>(i);
    case kind::real:
      return d;
    case kind::boolean:
      return b ? 1.0 : 0.0;
    case kind::string:
      return 0.0;
  }
  return 0.0;
}

std::string param_spec::override_for(const param_value& v) const {
  if (unit.empty()) return v.override_text();
  param_value s;
  s.k = param_value::kind::string;
  s.s = v.display() + unit;
  return s.override_text();
}

std::uint64_t plan::points() const {
  if (lhs_samples > 0) return lhs_samples;
  std::uint64_t n = 1;
  for (const auto& p : params) {
    n *= p.levels.size();
    if (n > runs_max) return runs_max + 1;  // saturates: the parser rejects it
  }
  return n;
}

std::size_t plan::level_at(std::uint64_t point, std::size_t p) const {
  // Mixed radix, the first parameter slowest: the order points are listed in.
  for (std::size_t q = params.size(); q-- > p + 1;) point /= params[q].levels.size();
  return static_cast<std::size_t>(point % params[p].levels.size());
}

param_value plan::value_at(std::uint64_t point, std::size_t p) const {
  if (lhs_samples == 0) return params[p].levels[level_at(point, p)];
  // Latin hypercube: the sample's stratum, and a uniform offset within it drawn from a
  // stream keyed by (seed, parameter, point) so a value never depends on thread order.
  const param_spec& ps = params[p];
  rng_stream r{mix64(lhs_seed ^ 0x5eed5eedULL), mix64(p * 0x9e3779b97f4a7c15ULL + point), 0};
  double n = static_cast<double>(lhs_samples);
  double u = (static_cast<double>(lhs_strata[p][point]) + r.next_unit()) / n;
  param_value v;
  if (ps.integer) {
    double span = static_cast<double>(ps.to.i - ps.from.i + 1);
    v.k = param_value::kind::integer;
    v.i = std::min(ps.to.i, ps.from.i + static_cast<std::int64_t>(std::floor(u * span)));
  } else {
    v.k = param_value::kind::real;
    double x = ps.from.number() + u * (ps.to.number() - ps.from.number());
    // Six significant digits: readable CSVs. strtod, not stod, which throws on a
    // subnormal result.
    v.d = std::strtod(fmt::format("{:.6g}", x).c_str(), nullptr);
  }
  return v;
}

std::vector<override_kv> plan::overrides_at(std::uint64_t point) const {
  std::vector<override_kv> o;
  for (std::size_t p = 0; p < params.size(); ++p)
    o.push_back({params[p].path, params[p].override_for(value_at(point, p))});
  return o;
}

std::uint64_t plan::hash() const {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  auto eat = [&h](const std::string& s) {
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
    h = (h ^ 0xff) * 0x100000001b3ULL;
  };
  eat(text);
  eat(scenario_text);
  return h;
}

plan_result load_plan(const std::string& path, bool check_scenario) {
  plan_result r;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    r.errors.push_back({path, 0, 0, "cannot open the sweep plan"});
    return r;
  }
  // A plan is a page of TOML; refuse anything larger before reading it whole.
  constexpr std::streamoff plan_bytes_max = 1 << 20;
  in.seekg(0, std::ios::end);
  if (in.tellg() > plan_bytes_max) {
    r.errors.push_back(
        {path, 0, 0, "the sweep plan is larger than 1 MiB; is this the right file?"});
    return r;
  }
  in.seekg(0, std::ios::beg);
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_plan(ss.str(), path, check_scenario);
}

}  // namespace cerco::sweep
