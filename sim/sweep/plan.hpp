#pragma once
/// Sweep plans: a scenario, the parameters to vary (value lists, stepped ranges or a
/// Latin hypercube), replications per point, the outcomes to record and the bands the
/// outcomes must stay within. Parsed from TOML (scenarios/sweeps/*.toml), checked
/// against the scenario through the loader's overrides, and expanded lazily: a point's
/// values are computed from its index, so no list of points or runs is ever held.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/load.hpp"

namespace cerco::sweep {

/// A parameter value as the plan wrote it (or as a range or sample produced it).
struct param_value {
  enum class kind : std::uint8_t { integer, real, boolean, string };
  kind k = kind::integer;
  std::int64_t i = 0;
  double d = 0;
  bool b = false;
  std::string s;

  /// TOML text for the loader's override ("0.5", "12", "true", "\"36h\"").
  std::string override_text() const;
  /// Text for CSV cells and messages ("0.5", "12", "true", "36h").
  std::string display() const;
  /// Numeric value for charts and sensitivity; 0 for strings and false.
  double number() const;
};

struct source_pos {
  int line = 0;
  int column = 0;
};

inline constexpr std::uint64_t runs_max = 100'000'000;
inline constexpr std::size_t params_max = 32;
inline constexpr std::size_t levels_max = 100'000;
inline constexpr std::size_t outcomes_max = 256;

enum class param_kind : std::uint8_t { values, range };

struct param_spec {
  std::string path;  ///< dotted, as --set takes it
  param_kind kind = param_kind::values;
  std::vector<param_value> levels;  ///< grid levels (values, or an expanded range)
  param_value from, to;             ///< range bounds (Latin hypercube samples within)
  bool integer = false;             ///< the range is over integers
  /// Appended to numbers as written, making the override a string with a unit:
  /// unit = " /d" turns 3 into "3 /d". CSV cells and charts keep the bare number.
  std::string unit;
  source_pos pos;

  /// The override's TOML text for a value of this parameter.
  std::string override_for(const param_value& v) const;
};

enum class stat_kind : std::uint8_t { mean, sd, p5, p50, p95 };
inline constexpr const char* stat_names[] = {"mean", "sd", "p5", "p50", "p95"};

struct expect_spec {
  std::string outcome;
  stat_kind stat = stat_kind::mean;
  std::optional<double> min, max;
  /// Only points whose parameters equal these (path, display value) pairs.
  std::vector<std::pair<std::string, std::string>> where;
  source_pos pos;
};

struct plan {
  std::string file;           ///< as given, for messages
  std::string text;           ///< the plan's bytes (copied into the output folder)
  std::string scenario_ref;   ///< as written in [plan] scenario
  std::string scenario_name;  ///< file path or built-in name used to load it
  std::string scenario_text;  ///< the scenario's bytes, loaded once
  std::uint64_t replications = 1;
  std::uint64_t seed_base = 1;
  std::uint64_t lhs_samples = 0;  ///< 0: a grid (cartesian product of levels)
  std::uint64_t lhs_seed = 0;
  std::vector<param_spec> params;
  std::vector<std::string> outcomes;  ///< expanded, in plan order
  std::vector<expect_spec> expects;
  /// Latin hypercube: for each parameter, the stratum of each sample (a permutation).
  std::vector<std::vector<std::uint32_t>> lhs_strata;

  std::uint64_t points() const;
  /// points x replications, saturating above runs_max.
  std::uint64_t runs() const {
    std::uint64_t n = points();
    return n > runs_max || replications > runs_max ? runs_max + 1 : n * replications;
  }
  /// The value of parameter `p` at point `point`.
  param_value value_at(std::uint64_t point, std::size_t p) const;
  /// Level index of parameter `p` at `point` (grid plans only).
  std::size_t level_at(std::uint64_t point, std::size_t p) const;
  /// The overrides for a point, in parameter order.
  std::vector<override_kv> overrides_at(std::uint64_t point) const;
  /// Identifies the plan, its scenario and the program version (for resume and merge).
  std::uint64_t hash() const;
};

struct plan_result {
  std::optional<plan> value;
  std::vector<diagnostic> errors;
  bool ok() const { return value.has_value() && errors.empty(); }
};

/// Parses and validates a plan file. With `check_scenario`, the scenario is loaded and
/// every parameter value (every level, or a range's bounds) is applied to it through
/// the loader's overrides; outcome names are checked and wildcards expanded against it.
plan_result load_plan(const std::string& path, bool check_scenario = true);
/// The same from text; `file` names it in messages and anchors a relative scenario path.
plan_result parse_plan(const std::string& text, const std::string& file,
                       bool check_scenario = true);

/// Shortest round-trip text of a double, always with a '.' or an exponent.
std::string format_real(double v);

}  // namespace cerco::sweep
