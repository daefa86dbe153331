#pragma once
/// Scenario loading (host side: may allocate, uses TOML++). Reports every mistake it
/// finds, up to max_errors, each with file, line and column, what was expected, and the
/// nearest valid key or id.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cerco/scenario.hpp"

namespace cerco {

struct diagnostic {
  std::string file;
  int line = 0;  ///< 1-based; 0 when there is no position (a --set flag, a limit)
  int column = 0;
  std::string message;
};

/// "file:line:col: error: message" (or "file: error: message" without a position).
std::string format(const diagnostic& d);

/// One --set path=value: `blockade.senkata_gate.strength=0.5`. Arrays of tables are
/// addressed by their element's id; the value is parsed as a TOML value (a bare word
/// that is not a number or boolean is taken as a string).
struct override_kv {
  std::string path;
  std::string value;
};
/// Parses "path=value"; nullopt with a message in `error` when malformed.
std::optional<override_kv> parse_override(std::string_view flag, std::string* error);

struct load_limits {
  std::size_t file_bytes_max = 4 << 20;
  std::size_t max_errors = 20;
  std::size_t nodes_max = 4096, roads_max = 16384, fleets_max = 1024;
  std::size_t trucks_max = 200000, blockades_max = 1024, rules_max = 1024;
  std::size_t airlifts_max = 256, convoys_max = 256, rationings_max = 256;
  time_s duration_max_s = 10 * 365 * day_s;
  /// Bytes in an `id`; in any key or string (a name, a description, a unit's text).
  std::size_t id_bytes_max = 64, text_bytes_max = 4096;
};

struct load_result {
  std::optional<scenario> value;
  std::vector<diagnostic> errors;
  std::uint64_t source_hash = 0;  ///< hash of the bytes read (for the manifest)
  bool ok() const { return value.has_value() && errors.empty(); }
};

/// Loads a file, or a built-in scenario when `path` names one ("la_paz_2019").
load_result load_scenario_file(const std::string& path,
                               const std::vector<override_kv>& overrides = {},
                               const load_limits& limits = {});
/// Loads from text; `name` is used in messages as the file name.
load_result load_scenario_text(std::string_view text, const std::string& name,
                               const std::vector<override_kv>& overrides = {},
                               const load_limits& limits = {});

/// A scenario's text parsed once, for loading many variants of it (a sweep's points):
/// load(overrides) equals load_scenario_text(text, name, overrides, limits) without
/// parsing the text again. Copies share the parsed text, which is never modified, so
/// threads may load from one source at once.
class scenario_source {
 public:
  scenario_source(std::string_view text, std::string name, const load_limits& limits = {});
  load_result load(const std::vector<override_kv>& overrides = {}) const;

 private:
  struct parsed;
  std::shared_ptr<const parsed> parsed_;
};

}  // namespace cerco
