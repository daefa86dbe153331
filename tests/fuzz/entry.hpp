#pragma once
/// The entry points the fuzz targets drive, shared with tests/regressions.test.cpp so a
/// crash found by fuzzing is replayed through exactly the same code. Each takes raw
/// bytes, must never crash or hang, and aborts (a finding) when a property that must
/// hold for every accepted input is broken.
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "cerco/time.hpp"
#include "cerco/world.hpp"
#include "sim/scenario/builtin.hpp"
#include "sim/scenario/load.hpp"
#include "sim/scenario/units.hpp"
#include "sim/serve/protocol.hpp"
#include "sim/serve/simulation.hpp"
#include "sim/sweep/plan.hpp"

namespace cerco::fuzz {

/// Inputs longer than this are ignored: the loaders enforce their own byte limits, and
/// the fuzzer spends its time on structure rather than on megabyte inputs.
inline constexpr std::size_t input_bytes_max = 256 * 1024;
/// Events one input may process (one simulated day of a small world is far below).
inline constexpr std::uint64_t events_max = 200000;

/// Aborts with a message: a property every accepted input must keep was broken.
[[noreturn]] inline void broken(const char* what) {
  std::fprintf(stderr, "fuzz property broken: %s\n", what);
  std::abort();
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Runs a world for at most `horizon_s` and `events_max` events, checking that time
/// never goes backwards and the ledger balances after every event.
inline void run_checked(world& w, time_s horizon_s) {
  time_s last_s = w.now_s();
  std::uint64_t n = 0;
  while (n++ < events_max && w.next_event_s() <= horizon_s && w.step()) {
    if (w.now_s() < last_s) broken("time went backwards");
    last_s = w.now_s();
    if (!w.accounts_balance()) broken("accounting identity");
  }
  if (w.status() == world_status::accounting_broken) broken("world reported accounting_broken");
}

/// Bytes -> load_scenario_text; when it loads, one simulated day.
inline void scenario_text(const std::uint8_t* data, std::size_t size) {
  if (size > input_bytes_max) return;
  load_result r = load_scenario_text(as_text(data, size), "fuzz.toml");
  if (!r.ok()) {
    if (r.errors.empty()) broken("a rejected scenario without a message");
    return;
  }
  world w;
  if (!w.init(*r.value)) return;  // a limit, reported in w.error()
  run_checked(w, day_s);
}

/// The scenario overrides are applied to: a small tutorial built into the binary, with a blockade,
/// an airlift and three fleets.
inline std::string_view small_scenario() {
  for (const builtin_scenario& b : builtin_scenarios()) {
    if (std::string_view(b.name) == "tutorial/airlift") return {b.text, b.size};
  }
  broken("built-in tutorial/airlift is missing");
}

/// Bytes as up to four `--set` flags, one a line; each parsed with parse_override, the
/// accepted ones applied to a small scenario, which then runs one day.
inline void override_flags(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return;
  std::string_view text = as_text(data, size);
  std::vector<override_kv> kvs;
  while (!text.empty() && kvs.size() < 4) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    std::string error;
    auto kv = parse_override(line, &error);
    if (kv)
      kvs.push_back(*kv);
    else if (error.empty())
      broken("a rejected override without a message");
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
  }
  load_result r = load_scenario_text(small_scenario(), "airlift.toml", kvs);
  if (!r.ok()) return;
  world w;
  if (w.init(*r.value)) run_checked(w, day_s);
}

/// First byte picks a unit parser, the rest is its text. A duration that parses must
/// format and parse back to the same value.
inline void unit_text(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size > 1024) return;
  std::string_view text = as_text(data + 1, size - 1);
  const commodity c = static_cast<commodity>((data[0] >> 4) % commodity_count);
  switch (data[0] % 10) {
    case 0:
    case 1: {
      duration_parse p = parse_duration(text, data[0] % 2 == 1);
      if (!p.ok()) return (void)describe(p.error);
      if (p.value_s > time_s_max || p.value_s < -time_s_max) broken("duration beyond time_s_max");
      char buf[64];
      duration_parse back = parse_duration(format_duration(p.value_s, buf, sizeof buf), true);
      if (!back.ok() || back.value_s != p.value_s) broken("format_duration does not round-trip");
      return;
    }
    case 2:
      (void)units::quantity(text, c);
      return;
    case 3:
      (void)units::rate_per_d(text, c);
      return;
    case 4:
      (void)units::milli_per_person_d(text, c);
      return;
    case 5:
      (void)units::count_per_d(text);
      return;
    case 6:
      (void)units::length_m(text);
      return;
    case 7:
      (void)units::speed_m_per_h(text);
      return;
    case 8:
      (void)units::count(text);
      return;
    default:
      (void)units::is_duration(text);
      (void)units::duration(text, true);
      return;
  }
}

/// Bytes -> parse_plan (without loading the plan's scenario, which would read files the
/// input names); an accepted plan's first points are expanded.
inline void sweep_plan(const std::uint8_t* data, std::size_t size) {
  if (size > input_bytes_max) return;
  sweep::plan_result r = sweep::parse_plan(std::string(as_text(data, size)), "fuzz.toml", false);
  if (!r.ok()) {
    if (r.errors.empty()) broken("a rejected plan without a message");
    return;
  }
  const sweep::plan& p = *r.value;
  std::uint64_t points = p.points();
  for (std::uint64_t i = 0; i < points && i < 8; ++i) {
    (void)p.overrides_at(i);
    for (std::size_t k = 0; k < p.params.size(); ++k) (void)p.value_at(i, k).display();
  }
  (void)p.runs();
  (void)p.hash();
}

/// One request line as the server's network side checks it (session::on_line), then
/// handed to the simulation side, whose posted work runs to completion.
inline void serve_line(serve::simulation& sim, boost::asio::io_context& ctx,
                       std::string_view line) {
  using serve::json;
  json request = json::parse(line, nullptr, false);
  if (request.is_discarded() || !request.is_object()) return;
  auto cmd = request.find("cmd");
  if (cmd == request.end() || !cmd->is_string()) return;
  std::string name = cmd->get<std::string>();
  auto names = serve::command_names();
  bool known = false;
  for (std::string_view n : names) known = known || n == name;
  if (!known) return (void)serve::nearest(name, names);
  sim.handle({1, std::move(name), std::move(request)});
  ctx.restart();
  ctx.poll();
}

/// Bytes as request lines (at most 16, each within the server's line limit) to a
/// server-side simulation of a small scenario, paused and without sockets.
inline void serve_requests(const std::uint8_t* data, std::size_t size) {
  if (size > 16 * 1024) return;
  static const scenario s = [] {
    load_result r = load_scenario_text(small_scenario(), "airlift.toml");
    if (!r.ok()) broken("the small scenario does not load");
    return *r.value;
  }();
  serve::serve_options o;
  o.handle_signals = false;
  o.speed = 0;
  boost::asio::io_context ctx;
  serve::simulation sim(
      ctx, s, "fuzz", o, [](serve::sim_reply) {}, [](std::unique_ptr<serve::push_batch>) {});
  std::string error;
  if (!sim.init(&error)) broken("the small scenario's world does not build");
  sim.start();
  std::string_view text = as_text(data, size);
  for (int lines = 0; !text.empty() && lines < 16; ++lines) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (line.size() <= o.line_bytes_max) serve_line(sim, ctx, line);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
  }
  sim.shutdown([] {});
  ctx.restart();
  ctx.poll();
}

}  // namespace cerco::fuzz
