#include "sim/cli/run_support.hpp"

#include <fmt/format.h>
#include <sys/resource.h>

#include <chrono>

namespace cerco::cli {

std::unique_ptr<loaded_scenario> load_or_report(const std::string& source,
                                                const std::vector<std::string>& sets) {
  std::vector<override_kv> overrides;
  bool ok = true;
  for (const std::string& flag : sets) {
    std::string error;
    std::optional<override_kv> kv = parse_override(flag, &error);
    if (!kv) {
      fmt::print(stderr, "--set {}: error: {}\n", flag, error);
      ok = false;
      continue;
    }
    overrides.push_back(*kv);
  }
  if (!ok) return nullptr;
  load_result r = load_scenario_file(source, overrides);
  if (!r.ok()) {
    for (const diagnostic& d : r.errors) fmt::print(stderr, "{}\n", format(d));
    if (r.errors.empty()) fmt::print(stderr, "{}: error: the scenario did not load\n", source);
    return nullptr;
  }
  auto out = std::make_unique<loaded_scenario>();
  out->spec = std::move(*r.value);
  out->source = source;
  out->source_hash = r.source_hash;
  out->overrides = sets;
  return out;
}

std::optional<time_s> duration_flag(const char* flag, const std::string& text, bool allow_zero) {
  duration_parse p = parse_duration(text);
  if (!p.ok()) {
    fmt::print(stderr, "{} {}: error: {} (expected a duration such as 90min, 36h, 2d)\n", flag,
               text, describe(p.error));
    return std::nullopt;
  }
  if (!allow_zero && p.value_s <= 0) {
    fmt::print(stderr, "{} {}: error: must be longer than zero\n", flag, text);
    return std::nullopt;
  }
  return p.value_s;
}

std::uint64_t peak_memory_bytes() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<std::uint64_t>(u.ru_maxrss) * 1024;  // Linux reports KiB
}

double now_seconds() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

std::string examples_footer(const std::string& examples) {
  return "\nExamples:\n" + examples + "\nExit codes: 0 ok, 1 a check failed, 2 bad input or usage.";
}

}  // namespace cerco::cli
