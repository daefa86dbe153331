#pragma once
/// What the run-like subcommands share: loading a scenario with its flags, reporting
/// every diagnostic, and small parsers for flag values.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cerco/scenario.hpp"
#include "sim/scenario/load.hpp"

namespace cerco::cli {

/// A scenario ready to run, kept at a stable address (a world points into it).
struct loaded_scenario {
  scenario spec;
  std::string source;  ///< path or built-in name as given
  std::uint64_t source_hash = 0;
  std::vector<std::string> overrides;  ///< the --set flags as given
};

/// Loads `source` (a built-in name or a path) with `--set` flags. On any error prints
/// every diagnostic to stderr and returns nullptr.
std::unique_ptr<loaded_scenario> load_or_report(const std::string& source,
                                                const std::vector<std::string>& sets);

/// Parses a duration flag; prints "flag: message" and returns nullopt on error.
std::optional<time_s> duration_flag(const char* flag, const std::string& text, bool allow_zero);

/// Peak resident memory of this process, in bytes (getrusage).
std::uint64_t peak_memory_bytes();

/// Seconds since an arbitrary start, monotonic.
double now_seconds();

/// The help footer of a subcommand: its examples and the exit codes.
std::string examples_footer(const std::string& examples);

}  // namespace cerco::cli
