// `cerco serve`: one simulation behind a TCP server (sim/serve/PROTOCOL.md).
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "sim/cli/commands.hpp"
#include "sim/cli/run_support.hpp"
#include "sim/scenario/builtin.hpp"
#include "sim/scenario/load.hpp"
#include "sim/serve/server.hpp"

namespace cerco::cli {
namespace {

struct serve_flags {
  std::string scenario{default_scenario_name};
  std::vector<std::string> sets;
  std::string speed = "3600";
  std::int64_t seed = -1;
  serve::serve_options options;
  bool bench = false;
  serve::bench_options bench_options;
  std::string bench_every = "1h";
};

bool parse_speed(const std::string& text, double* out) {
  if (text == "max") {
    *out = 0;
    return true;
  }
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !(v > 0) || v > 1e12) return false;
  *out = v;
  return true;
}

std::optional<scenario> load(const serve_flags& f) {
  std::vector<override_kv> overrides;
  for (const auto& flag : f.sets) {
    std::string error;
    auto kv = parse_override(flag, &error);
    if (!kv) {
      std::cerr << "cerco serve: --set " << flag << ": " << error << "\n";
      return std::nullopt;
    }
    overrides.push_back(*kv);
  }
  auto result = load_scenario_file(f.scenario, overrides);
  if (!result.ok()) {
    for (const auto& d : result.errors) std::cerr << format(d) << "\n";
    if (result.errors.empty()) std::cerr << "cerco serve: cannot load " << f.scenario << "\n";
    return std::nullopt;
  }
  if (f.seed >= 0) result.value->seed = static_cast<std::uint64_t>(f.seed);
  return std::move(result.value);
}

int run_serve(serve_flags& f) {
  if (!parse_speed(f.speed, &f.options.speed)) {
    std::cerr << "cerco serve: --speed " << f.speed
              << ": expected a number > 0 (simulated seconds per second) or max\n";
    return 2;
  }
  auto s = load(f);
  if (!s) return 2;
  if (f.bench) {
    auto every = duration_flag("--bench-every", f.bench_every, false);
    if (!every) return 2;
    f.bench_options.every_s = *every;
    return serve::run_bench(*s, f.bench_options, f.options, std::cout);
  }
  serve::server srv(*s, f.scenario, f.options);
  std::string error;
  if (!srv.open(&error)) {
    std::cerr << "cerco serve: " << error << "\n";
    return 2;
  }
  std::cout << "listening on " << f.options.bind << ":" << srv.port() << std::endl;
  int code = srv.run();
  std::cout << "cerco serve: stopped" << std::endl;
  return code;
}

}  // namespace

void add_serve_commands(CLI::App& app) {
  auto f = std::make_shared<serve_flags>();
  auto* cmd = app.add_subcommand("serve",
                                 "Run one simulation behind a TCP server: clients "
                                 "send JSON lines (sim/serve/PROTOCOL.md)");
  cmd->footer(
      "Examples:\n"
      "  cerco serve --port 7878                 # La Paz 2019, paused until a client resumes\n"
      "  cerco serve scenarios/tutorial/airlift.toml --port 0 --speed max --run\n"
      "  python3 tools/cerco_client.py --port 7878   # a live table of the cities' cover\n"
      "  cerco serve --bench                     # events/s with 0 and 50 clients, state RTT");
  cmd->add_option("scenario", f->scenario, "Scenario file or built-in name")->capture_default_str();
  cmd->add_option("--port", f->options.port, "TCP port; 0 picks a free one (printed)")
      ->capture_default_str();
  cmd->add_option("--bind", f->options.bind, "Address to listen on")->capture_default_str();
  cmd->add_option("--token", f->options.token, "Shared secret `hello` must carry first");
  cmd->add_option("--speed", f->speed, "Simulated seconds per wall second, or max")
      ->capture_default_str();
  cmd->add_flag("--run", f->options.start_running, "Start running instead of paused");
  cmd->add_option("--set", f->sets, "Override a scenario value: path=value (repeatable)");
  cmd->add_option("--seed", f->seed, "Override the scenario's seed");
  cmd->add_option("--audit", f->options.audit_path, "Write every control command here (JSONL)");
  // Sizes are unsigned: without a range, "-5" would wrap to a huge limit.
  const CLI::Range bytes(std::size_t{0}, std::size_t{1} << 40);
  cmd->add_option("--line-max", f->options.line_bytes_max, "Longest request line, bytes")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30))
      ->capture_default_str();
  cmd->add_option("--queue-max", f->options.queue_soft_bytes,
                  "Outgoing bytes per client before measures coalesce")
      ->check(bytes)
      ->capture_default_str();
  cmd->add_option("--queue-hard", f->options.queue_hard_bytes,
                  "Outgoing bytes per client before event lines are dropped")
      ->check(bytes)
      ->capture_default_str();
  cmd->add_option("--drop-after", f->options.drop_after_ms,
                  "Milliseconds a client may stay over --queue-max before it is dropped")
      ->check(CLI::Range(0, 24 * 3600 * 1000))
      ->capture_default_str();
  cmd->add_option("--push-rate", f->options.push_rate_bytes_per_s,
                  "Measures bytes per second to one client beyond the burst; 0: no limit")
      ->check(bytes)
      ->capture_default_str();
  cmd->add_option("--push-burst", f->options.push_burst_bytes,
                  "Measures bytes one client may receive at once before --push-rate applies")
      ->check(bytes)
      ->capture_default_str();
  cmd->add_option("--clients-max", f->options.clients_max, "Clients at once")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))
      ->capture_default_str();
  cmd->add_flag("--bench", f->bench, "Benchmark events/s with and without clients, and RTT");
  cmd->add_option("--bench-runs", f->bench_options.runs, "Runs per configuration")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--bench-clients", f->bench_options.clients, "Subscribed clients")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_option("--bench-every", f->bench_every, "Their measures interval (simulated)")
      ->capture_default_str();
  cmd->callback([f] { exit_code() = run_serve(*f); });
}

}  // namespace cerco::cli
