// Parsing and validation of sweep plans (see plan.hpp and docs/sweeps.md).
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "cerco/rng.hpp"
#include "sim/scenario/builtin.hpp"
#include "sim/sweep/outcomes.hpp"
#include "sim/sweep/plan.hpp"

namespace cerco::sweep {
namespace {

namespace fs = std::filesystem;

source_pos pos_of(const toml::node& n) {
  return {static_cast<int>(n.source().begin.line), static_cast<int>(n.source().begin.column)};
}

class parser {
 public:
  parser(const std::string& file, plan& p) : file_(file), p_(p) {}
  std::vector<diagnostic> errors;

  void error(source_pos at, const std::string& msg) {
    errors.push_back({file_, at.line, at.column, msg});
  }
  void error(const toml::node& n, const std::string& msg) { error(pos_of(n), msg); }

  /// Reports keys of `t` not in `allowed`, suggesting the nearest.
  void check_keys(const toml::table& t, const std::vector<std::string>& allowed,
                  const std::string& where) {
    for (auto&& [k, v] : t) {
      std::string key(k.str());
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      std::string m = "unknown key '" + key + "' in " + where;
      std::string near = nearest(key, allowed);
      if (!near.empty()) m += "; did you mean '" + near + "'?";
      error(v, m);
    }
  }

  std::optional<std::int64_t> integer(const toml::table& t, const char* key, std::int64_t min,
                                      std::int64_t fallback, const std::string& where) {
    const toml::node* n = t.get(key);
    if (n == nullptr) return fallback;
    auto v = n->value_exact<std::int64_t>();
    if (!v || *v < min) {
      error(*n, fmt_key(where, key) + " must be an integer >= " + std::to_string(min));
      return std::nullopt;
    }
    return *v;
  }

  static std::string fmt_key(const std::string& where, const char* key) {
    return where + " " + key;
  }

  void parse_header(const toml::table& root);
  void parse_params(const toml::table& root);
  void parse_param(const toml::table& t);
  void parse_range(const toml::table& range, param_spec& ps, bool lhs);
  void parse_lhs(const toml::table& root);
  void parse_outcomes(const toml::table& root);
  void parse_expects(const toml::table& root);
  void make_strata();
  void parse_where(const toml::node& w, expect_spec& x);
  std::vector<source_pos> outcome_pos;

 private:
  std::string file_;
  plan& p_;
};

std::optional<param_value> scalar(const toml::node& n) {
  param_value v;
  if (auto i = n.value_exact<std::int64_t>()) {
    v.k = param_value::kind::integer, v.i = *i;
  } else if (auto d = n.value_exact<double>()) {
    v.k = param_value::kind::real, v.d = *d;
  } else if (auto b = n.value_exact<bool>()) {
    v.k = param_value::kind::boolean, v.b = *b;
  } else if (auto s = n.value_exact<std::string>()) {
    v.k = param_value::kind::string, v.s = *s;
  } else {
    return std::nullopt;
  }
  return v;
}

void parser::parse_header(const toml::table& root) {
  check_keys(root, {"plan", "param", "lhs", "outcome", "expect"}, "the plan");
  const toml::table* t = root["plan"].as_table();
  if (t == nullptr) {
    error(source_pos{1, 1}, "missing [plan] table (scenario, replications, seed)");
    return;
  }
  check_keys(*t, {"scenario", "replications", "seed", "name", "description"}, "[plan]");
  if (auto s = (*t)["scenario"].value<std::string>()) {
    p_.scenario_ref = *s;
  } else {
    error(t->source().begin.line ? pos_of(*t) : source_pos{1, 1},
          "[plan] needs scenario = \"<built-in name or path relative to the plan>\"");
  }
  p_.replications =
      static_cast<std::uint64_t>(integer(*t, "replications", 1, 1, "[plan]").value_or(1));
  p_.seed_base = static_cast<std::uint64_t>(integer(*t, "seed", 0, 1, "[plan]").value_or(1));
}

void parser::parse_lhs(const toml::table& root) {
  const toml::node* n = root.get("lhs");
  if (n == nullptr) return;
  const toml::table* t = n->as_table();
  if (t == nullptr) return error(*n, "[lhs] must be a table: samples = N, seed = S");
  check_keys(*t, {"samples", "seed"}, "[lhs]");
  if (t->get("samples") == nullptr) return error(*n, "[lhs] needs samples = N");
  p_.lhs_samples = static_cast<std::uint64_t>(integer(*t, "samples", 1, 1, "[lhs]").value_or(1));
  p_.lhs_seed = static_cast<std::uint64_t>(
      integer(*t, "seed", 0, static_cast<std::int64_t>(p_.seed_base), "[lhs]").value_or(0));
}

void parser::parse_params(const toml::table& root) {
  const toml::node* n = root.get("param");
  if (n == nullptr) return;
  const toml::array* a = n->as_array();
  if (a == nullptr) return error(*n, "param must be an array of tables: [[param]]");
  for (const toml::node& e : *a) {
    if (const toml::table* t = e.as_table()) {
      parse_param(*t);
    } else {
      error(e, "each [[param]] must be a table");
    }
  }
  if (p_.params.size() > params_max) error(*n, fmt::format("at most {} parameters", params_max));
}

void parser::parse_param(const toml::table& t) {
  check_keys(t, {"path", "values", "range", "unit"}, "[[param]]");
  param_spec ps;
  ps.pos = pos_of(t);
  auto path = t["path"].value<std::string>();
  if (!path || path->empty()) return error(t, "[[param]] needs path = \"<dotted path>\"");
  ps.path = *path;
  ps.pos = pos_of(*t.get("path"));  // messages about the parameter point at its path
  for (const auto& q : p_.params)
    if (q.path == ps.path) return error(t, "parameter '" + ps.path + "' is given twice");
  const toml::node* values = t.get("values");
  const toml::node* range = t.get("range");
  if ((values == nullptr) == (range == nullptr))
    return error(
        t, "[[param]] '" + ps.path + "' needs exactly one of values = [...] or range = {...}");
  if (values != nullptr) {
    if (p_.lhs_samples > 0)
      return error(*values, "with [lhs], give range = {from, to} instead of values");
    const toml::array* a = values->as_array();
    if (a == nullptr || a->empty())
      return error(*values, "values must be a non-empty array of numbers, booleans or strings");
    for (const toml::node& e : *a) {
      auto v = scalar(e);
      if (!v) return error(e, "values holds numbers, booleans or strings only");
      if (!ps.levels.empty() && ps.levels[0].k != v->k)
        return error(e, "values of '" + ps.path + "' must all have one type");
      ps.levels.push_back(*v);
    }
    if (ps.levels.size() > levels_max) return error(*values, "too many values");
  } else if (const toml::table* rt = range->as_table()) {
    ps.kind = param_kind::range;
    ps.pos = pos_of(*range);
    parse_range(*rt, ps, p_.lhs_samples > 0);
  } else {
    return error(*range, "range must be a table: { from = A, to = B, step = S }");
  }
  if (const toml::node* u = t.get("unit")) {
    auto us = u->value<std::string>();
    if (!us || us->empty()) return error(*u, "unit must be a non-empty string, e.g. \" /d\"");
    ps.unit = *us;
    for (const auto& v : ps.levels)
      if (v.k == param_value::kind::string || v.k == param_value::kind::boolean)
        return error(*u, "unit applies to numbers only");
  }
  p_.params.push_back(std::move(ps));
}

/// Bound on a range's from, to and step: every integer within it is exact as a double,
/// and no sum or difference of two of them overflows 64 bits.
constexpr std::int64_t range_abs_max = std::int64_t{1} << 53;

/// A number node's value, or nothing when it is not finite or beyond range_abs_max.
std::optional<double> bounded_number(const toml::node& n) {
  if (const auto* i = n.as_integer()) {
    if (i->get() < -range_abs_max || i->get() > range_abs_max) return std::nullopt;
    return static_cast<double>(i->get());
  }
  const double d = n.as_floating_point()->get();
  if (!(std::fabs(d) <= static_cast<double>(range_abs_max))) return std::nullopt;
  return d;
}

void parser::parse_range(const toml::table& r, param_spec& ps, bool lhs) {
  check_keys(r, {"from", "to", "step"}, "range");
  const toml::node* f = r.get("from");
  const toml::node* to = r.get("to");
  const toml::node* st = r.get("step");
  if (f == nullptr || to == nullptr) return error(ps.pos, "range needs from and to");
  if (!f->is_number() || !to->is_number() || (st != nullptr && !st->is_number()))
    return error(ps.pos, "range from, to and step must be numbers");
  const auto fa = bounded_number(*f), fb = bounded_number(*to);
  const auto fstep = st ? bounded_number(*st) : std::optional<double>(1);
  if (!fa || !fb || !fstep)
    return error(ps.pos, "range from, to and step must be finite and at most " +
                             std::to_string(range_abs_max) + " (2^53) in size");
  const double a = *fa, b = *fb, step = *fstep;
  bool ints = f->is_integer() && to->is_integer() && (st == nullptr || st->is_integer());
  ps.integer = ints;
  ps.from = *scalar(*f), ps.to = *scalar(*to);
  if (lhs) {
    if (!(a < b)) error(ps.pos, "empty range for '" + ps.path + "': from must be below to");
    return;
  }
  if (st == nullptr) return error(ps.pos, "range needs a step (or use [lhs] samples)");
  if (!(step > 0) || !(a <= b))
    return error(ps.pos, "empty range for '" + ps.path + "': needs from <= to and step > 0");
  // Integers count exactly: within the bound, to - from fits in 64 bits.
  const std::int64_t istep = ints ? st->as_integer()->get() : 0;
  const double count = ints ? static_cast<double>((ps.to.i - ps.from.i) / istep + 1)
                            : std::floor((b - a) / step + 1e-9) + 1;
  if (count > static_cast<double>(levels_max)) return error(ps.pos, "range has too many steps");
  for (std::int64_t k = 0; k < static_cast<std::int64_t>(count); ++k) {
    param_value v;
    if (ints) {
      v.k = param_value::kind::integer;
      v.i = ps.from.i + k * istep;
    } else {
      v.k = param_value::kind::real;
      v.d = std::round((a + static_cast<double>(k) * step) * 1e12) / 1e12;
    }
    ps.levels.push_back(v);
  }
}

void parser::parse_outcomes(const toml::table& root) {
  const toml::node* n = root.get("outcome");
  if (n == nullptr)
    return error(source_pos{1, 1}, "the plan records no outcome: add [[outcome]] name = \"...\"");
  const toml::array* a = n->as_array();
  if (a == nullptr) return error(*n, "outcome must be an array of tables: [[outcome]]");
  for (const toml::node& e : *a) {
    const toml::table* t = e.as_table();
    auto name = t ? (*t)["name"].value<std::string>() : std::nullopt;
    if (!name) {
      error(e, "[[outcome]] needs name = \"<outcome>\", e.g. \"stockout_day.La Paz.gasoline\"");
      continue;
    }
    check_keys(*t, {"name"}, "[[outcome]]");
    p_.outcomes.push_back(*name);
    outcome_pos.push_back(pos_of(e));
  }
}

std::optional<stat_kind> stat_of(const std::string& s) {
  for (int i = 0; i < 5; ++i)
    if (s == stat_names[i]) return static_cast<stat_kind>(i);
  return std::nullopt;
}

void parser::parse_expects(const toml::table& root) {
  const toml::node* n = root.get("expect");
  if (n == nullptr) return;
  const toml::array* a = n->as_array();
  if (a == nullptr) return error(*n, "expect must be an array of tables: [[expect]]");
  for (const toml::node& e : *a) {
    const toml::table* t = e.as_table();
    if (t == nullptr) {
      error(e, "each [[expect]] must be a table");
      continue;
    }
    check_keys(*t, {"outcome", "stat", "min", "max", "where"}, "[[expect]]");
    expect_spec x;
    x.pos = pos_of(e);
    x.outcome = (*t)["outcome"].value<std::string>().value_or("");
    if (x.outcome.empty()) error(e, "[[expect]] needs outcome = \"<recorded outcome>\"");
    std::string stat = (*t)["stat"].value<std::string>().value_or("mean");
    if (auto s = stat_of(stat)) {
      x.stat = *s;
    } else {
      error(e, "unknown stat '" + stat + "': use mean, sd, p5, p50 or p95");
    }
    if (const toml::node* m = t->get("min")) {
      if (!m->is_number()) error(*m, "min must be a number");
      x.min = m->value<double>();
    }
    if (const toml::node* m = t->get("max")) {
      if (!m->is_number()) error(*m, "max must be a number");
      x.max = m->value<double>();
    }
    if (!x.min && !x.max) error(e, "[[expect]] needs min, max or both");
    if (x.min && x.max && *x.min > *x.max) error(e, "[[expect]] min is above max");
    if (const toml::node* w = t->get("where")) parse_where(*w, x);
    p_.expects.push_back(std::move(x));
  }
}

void parser::parse_where(const toml::node& w, expect_spec& x) {
  const toml::table* wt = w.as_table();
  if (wt == nullptr) return error(w, "where must be a table: { \"<param path>\" = value }");
  for (auto&& [k, v] : *wt) {
    auto sv = scalar(v);
    if (!sv) {
      error(v, "where values are numbers, booleans or strings");
      continue;
    }
    std::string key(k.str());
    bool known = std::any_of(p_.params.begin(), p_.params.end(),
                             [&](const param_spec& p) { return p.path == key; });
    if (!known) error(v, "where names '" + key + "', which is not a swept parameter");
    x.where.emplace_back(key, sv->display());
  }
}

void parser::make_strata() {
  if (p_.lhs_samples == 0) return;
  for (std::size_t p = 0; p < p_.params.size(); ++p) {
    std::vector<std::uint32_t> perm(p_.lhs_samples);
    for (std::uint32_t i = 0; i < perm.size(); ++i) perm[i] = i;
    rng_stream r{mix64(p_.lhs_seed), mix64(p + 0x1457ULL), 0};
    for (std::size_t i = perm.size(); i-- > 1;) std::swap(perm[i], perm[r.next_u64() % (i + 1)]);
    p_.lhs_strata.push_back(std::move(perm));
  }
}

/// A file next to the plan, else a built-in scenario.
bool resolve_scenario(plan& p, const std::string& file, std::string* error) {
  fs::path rel = fs::path(file).parent_path() / p.scenario_ref;
  std::error_code ec;
  if (fs::is_regular_file(rel, ec)) {
    std::ifstream in(rel, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    p.scenario_name = rel.lexically_normal().string();
    p.scenario_text = ss.str();
    return true;
  }
  std::vector<std::string> names;
  for (const auto& b : builtin_scenarios()) {
    if (p.scenario_ref == b.name) {
      p.scenario_name = b.name;
      p.scenario_text.assign(b.text, b.size);
      return true;
    }
    names.push_back(b.name);
  }
  *error = "scenario '" + p.scenario_ref + "' is neither a file next to the plan (" + rel.string() +
           ") nor a built-in scenario";
  std::string near = nearest(p.scenario_ref, names);
  if (!near.empty()) *error += "; did you mean '" + near + "'?";
  return false;
}

/// Applies each level (or range bound) of each parameter to the scenario through the
/// loader's overrides: an unknown path or a wrong type is reported at the parameter.
void check_params(parser& ps, const plan& p, const scenario_source& source) {
  for (const auto& par : p.params) {
    std::vector<param_value> probe = par.levels;
    if (p.lhs_samples > 0) probe = {par.from, par.to};
    if (probe.size() > 16) probe = {probe.front(), probe[probe.size() / 2], probe.back()};
    for (const auto& v : probe) {
      override_kv o{par.path, par.override_for(v)};
      load_result lr = source.load({o});
      if (lr.ok()) continue;
      std::string m = "parameter '" + par.path + "' = " + par.override_for(v) +
                      " does not apply to " + p.scenario_name + ": " +
                      (lr.errors.empty() ? std::string("rejected") : lr.errors[0].message);
      ps.error(par.pos, m);
      break;
    }
  }
}

void check_outcomes(parser& ps, plan& p, const scenario& s) {
  std::vector<std::string> expanded;
  for (std::size_t i = 0; i < p.outcomes.size(); ++i) {
    std::string err;
    if (!expand_outcome(p.outcomes[i], s, expanded, &err)) ps.error(ps.outcome_pos[i], err);
  }
  std::vector<std::string> unique;
  for (auto& o : expanded)
    if (std::find(unique.begin(), unique.end(), o) == unique.end()) unique.push_back(o);
  p.outcomes = std::move(unique);
  if (p.outcomes.size() > outcomes_max) ps.error(source_pos{1, 1}, "too many outcomes");
  for (const auto& x : p.expects) {
    if (x.outcome.empty() ||
        std::find(p.outcomes.begin(), p.outcomes.end(), x.outcome) != p.outcomes.end())
      continue;
    std::string m = "[[expect]] outcome '" + x.outcome + "' is not recorded by this plan";
    std::string near = nearest(x.outcome, p.outcomes);
    if (!near.empty()) m += "; did you mean '" + near + "'?";
    ps.error(x.pos, m);
  }
}

void check_against_scenario(parser& ps, plan& p, const std::string& file) {
  std::string err;
  if (!resolve_scenario(p, file, &err)) return ps.error(source_pos{1, 1}, err);
  const scenario_source source(p.scenario_text, p.scenario_name);
  load_result base = source.load();
  if (!base.ok()) {
    for (const auto& d : base.errors) ps.errors.push_back(d);
    if (base.errors.empty())
      ps.error(source_pos{1, 1}, "scenario " + p.scenario_name + " does not load");
    return;
  }
  check_params(ps, p, source);
  check_outcomes(ps, p, *base.value);
}

}  // namespace

plan_result parse_plan(const std::string& text, const std::string& file, bool check_scenario) {
  plan_result r;
  plan p;
  p.file = file;
  p.text = text;
  parser ps(file, p);
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    ps.error(source_pos{static_cast<int>(e.source().begin.line),
                        static_cast<int>(e.source().begin.column)},
             std::string(e.description()));
    r.errors = std::move(ps.errors);
    return r;
  }
  ps.parse_header(root);
  ps.parse_lhs(root);
  ps.parse_params(root);
  ps.parse_outcomes(root);
  ps.parse_expects(root);
  if (ps.errors.empty() && p.runs() > runs_max)
    ps.error(source_pos{1, 1}, fmt::format("the plan has more than {} runs", runs_max));
  if (ps.errors.empty()) ps.make_strata();
  if (ps.errors.empty() && check_scenario) check_against_scenario(ps, p, file);
  r.errors = std::move(ps.errors);
  if (r.errors.empty()) r.value = std::move(p);
  return r;
}

}  // namespace cerco::sweep
