#pragma once
/// The run summary as text (aligned tables, for a terminal) and as JSON (summary.json,
/// `cerco run --json`). Both say the same things.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/output/summary.hpp"

namespace cerco {

/// What the run was asked to do, beside what the summary says happened.
struct run_info {
  std::string source;                  ///< the scenario path, or a built-in's name
  std::vector<std::string> overrides;  ///< the --set flags as given
  time_s until_s = -1;                 ///< --until, or -1
  double wall_ms = -1;                 ///< measured wall time; < 0 leaves it out
};

std::string format_summary_text(const scenario& s, const run_summary& r, const run_info& info);
/// Without wall time when info.wall_ms < 0, so that summary.json is reproducible.
nlohmann::json summary_json(const scenario& s, const run_summary& r, const run_info& info);

/// A timeline record in words: {"blockade starts", "senkata_gate, 4,000 people"}.
struct record_words {
  std::string what, detail;
};
record_words describe_record(const scenario& s, const record& r);

/// "0.41 d", "36 h", "1,200 L": a measure's value in readable units.
std::string format_measure(measure_kind m, commodity c, std::int64_t value);

}  // namespace cerco
