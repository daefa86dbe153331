// `cerco bench phold` and `cerco bench model`: benchmarks print figures; they fail
// (exit 1) only when a check fails: PHOLD's population, a run's determinism or ledger.
#include <fmt/format.h>

#include <time.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "cerco/phold.hpp"
#include "cerco/world.hpp"
#include "sim/cli/bench.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/run_support.hpp"
#include "sim/cli/synthetic.hpp"
#include "sim/output/driver.hpp"
#include "sim/output/json_text.hpp"
#include "sim/output/run_outputs.hpp"
#include "sim/output/summary_format.hpp"
#include "sim/output/text_table.hpp"
#include "sim/scenario/builtin.hpp"

namespace cerco::cli {
namespace {

/// A limit on PHOLD's pending events (the queue's capacity), about 1.6 GB at most.
constexpr std::uint64_t phold_population_max = 100'000'000;

int run_phold_bench(const phold_config& c) {
  if (c.mean_us <= c.lookahead_us) {
    fmt::print(stderr, "bench phold: error: --mean ({}) must exceed --lookahead ({})\n", c.mean_us,
               c.lookahead_us);
    return 2;
  }
  if (static_cast<std::uint64_t>(c.lps) * c.events_per_lp > phold_population_max) {
    fmt::print(stderr, "bench phold: error: --lps x --events-per-lp must be at most {}\n",
               phold_population_max);
    return 2;
  }
  double start = now_seconds();
  phold_result r = run_phold(c);
  double wall = now_seconds() - start;
  const std::uint64_t expected = static_cast<std::uint64_t>(c.lps) * c.events_per_lp;
  text_table t({false, false});
  t.add({"PHOLD", fmt::format("{} LPs x {} events, remote {:g}, mean {:g} us, lookahead {:g} us",
                              c.lps, c.events_per_lp, c.remote, c.mean_us, c.lookahead_us)});
  t.add({"events", group_digits(static_cast<std::int64_t>(r.events_processed))});
  t.add({"wall time", fmt::format("{:.1f} ms", wall * 1e3)});
  t.add({"events/s",
         group_digits(static_cast<std::int64_t>(r.events_processed / std::max(wall, 1e-9)))});
  t.add({"final population", fmt::format("{} (expected {} x {} = {})", r.final_population, c.lps,
                                         c.events_per_lp, expected)});
  t.add({"simulated time", fmt::format("{} us", r.end_time_us)});
  t.add({"checksum", hex64(r.checksum)});
  fmt::print("{}", t.render(0));
  if (r.final_population != expected) {
    fmt::print(stderr, "bench phold: population not conserved: {} != {} (seed {})\n",
               r.final_population, expected, c.seed);
    return 1;
  }
  return 0;
}

void add_phold(CLI::App& bench) {
  auto c = std::make_shared<phold_config>();
  CLI::App* p = bench.add_subcommand("phold", "The PHOLD benchmark on cerco's event queue");
  p->add_option("--lps", c->lps, "Logical processes (N)")
      ->capture_default_str()
      ->check(CLI::Range(1u, 10000000u));
  p->add_option("--events-per-lp", c->events_per_lp, "Events per LP at the start (M)")
      ->capture_default_str()
      ->check(CLI::Range(1u, 1000u));
  p->add_option("--remote", c->remote, "Share of events sent to a random LP")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  p->add_option("--events", c->events, "Events to process")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40));
  p->add_option("--seed", c->seed, "Random seed")->capture_default_str();
  p->add_option("--mean", c->mean_us, "Mean delay, microseconds")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  p->add_option("--lookahead", c->lookahead_us, "Minimum delay, microseconds")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  p->footer(
      examples_footer("  cerco bench phold\n  cerco bench phold --lps 1000 --events-per-lp 10 "
                      "--events 5000000 --remote 0.9"));
  p->callback([c] { exit_code() = run_phold_bench(*c); });
}

struct model_flags {
  std::string scenario{default_scenario_name};
  std::vector<std::string> sets;
  std::uint32_t repeat = 20, scale = 0, days = 0;
};

struct one_run {
  double wall_ms = 0;
  std::uint64_t events = 0, hash = 0;
  bool balanced = false, ok = false;
};

one_run time_once(const scenario& s) {
  one_run r;
  double start = now_seconds();
  world w;
  if (!w.init(s)) return r;
  world_status status = w.run();
  r.wall_ms = (now_seconds() - start) * 1e3;
  r.ok = status == world_status::ok || status == world_status::finished;
  r.events = w.events_processed();
  r.hash = w.run_hash();
  r.balanced = w.accounts_balance();
  return r;
}

/// The scenario to time: the synthetic city with --scale, else a loaded one.
std::unique_ptr<loaded_scenario> model_scenario(const model_flags& f) {
  if (f.scale > 0) {
    auto l = std::make_unique<loaded_scenario>();
    l->spec = synthetic_city(f.scale, f.days > 0 ? f.days : 21);
    l->source = "synthetic";
    return l;
  }
  auto l = load_or_report(f.scenario, f.sets);
  if (l && f.days > 0) l->spec.duration_s = static_cast<time_s>(f.days) * day_s;
  return l;
}

int run_model_bench(const model_flags& f) {
  std::unique_ptr<loaded_scenario> l = model_scenario(f);
  if (!l) return 2;
  {
    world probe;
    if (!probe.init(l->spec)) {
      fmt::print(stderr, "{}: error: {}\n", l->source, probe.error());
      return 2;
    }
  }
  std::vector<one_run> runs;
  for (std::uint32_t i = 0; i < f.repeat; ++i) runs.push_back(time_once(l->spec));
  std::vector<double> ms;
  bool same = true, ok = true;
  for (const one_run& r : runs) {
    ms.push_back(r.wall_ms);
    same = same && r.hash == runs[0].hash && r.events == runs[0].events;
    ok = ok && r.ok && r.balanced;
  }
  std::sort(ms.begin(), ms.end());
  double median =
      ms.size() % 2 ? ms[ms.size() / 2] : (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]) / 2;
  std::size_t districts = 0;
  for (const node_spec& n : l->spec.nodes) districts += n.kind == node_kind::district;
  text_table t({false, false});
  t.add({"scenario", fmt::format("{} ({})", l->spec.name, l->source)});
  t.add({"size",
         fmt::format("{} districts, {} nodes, {} roads, {} days", districts, l->spec.nodes.size(),
                     l->spec.roads.size(), l->spec.duration_s / day_s)});
  t.add({"runs", std::to_string(runs.size())});
  t.add({"events per run", group_digits(static_cast<std::int64_t>(runs[0].events))});
  t.add({"wall ms median", fmt::format("{:.3f}", median)});
  t.add({"wall ms min / max", fmt::format("{:.3f} / {:.3f}", ms.front(), ms.back())});
  t.add({"events/s (median)",
         group_digits(static_cast<std::int64_t>(runs[0].events / (median / 1e3)))});
  t.add({"peak memory", fmt::format("{:.1f} MB", static_cast<double>(peak_memory_bytes()) / 1e6)});
  t.add({"run hash", hex64(runs[0].hash)});
  fmt::print("{}", t.render(0));
  if (!same) fmt::print(stderr, "bench model: runs differ: the model is not deterministic\n");
  if (!ok) fmt::print(stderr, "bench model: a run failed or its ledger does not balance\n");
  return same && ok ? 0 : 1;
}

void add_model(CLI::App& bench) {
  auto f = std::make_shared<model_flags>();
  CLI::App* m = bench.add_subcommand("model", "Time full runs of a scenario (no output files)");
  m->add_option("scenario", f->scenario, "A built-in name or a TOML file")->capture_default_str();
  m->add_option("--repeat", f->repeat, "Runs to time")
      ->capture_default_str()
      ->check(CLI::Range(1u, 100000u));
  m->add_option("--set", f->sets, "Override a value: path=value (repeatable)");
  m->add_option("--scale", f->scale, "Time a synthetic city with K x 10 districts instead")
      ->check(CLI::Range(1u, 400u));
  m->add_option("--days", f->days, "Simulated days (default: the scenario's; 21 synthetic)")
      ->check(CLI::Range(1u, 3650u));
  m->footer(examples_footer(
      "  cerco bench model --repeat 20                 la_paz_2019: median and peak memory\n"
      "  cerco bench model --scale 4 --days 42         a synthetic city of 40 districts\n"
      "  for k in 1 4 16; do cerco bench model --scale $k; done   cost against size"));
  m->callback([f] { exit_code() = run_model_bench(*f); });
}

}  // namespace

namespace {

/// Processor time of this process (every thread: the files are written on their own),
/// seconds: on a shared machine wall time also counts the time other processes held
/// the cores.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct headless_time {
  double wall_ms = -1, cpu_ms = -1;
};

/// One headless run as `cerco run` does it (summary text, and every file when `out` is
/// set); wall_ms < 0 on failure.
headless_time time_headless(const loaded_scenario& l, const std::string& out) {
  double start = now_seconds(), cpu_start = cpu_seconds();
  world w;
  if (!w.init(l.spec)) return {};
  summary_observer summary(w, hour_s);
  w.add_observer(summary.as_observer());
  std::unique_ptr<output_set> files;
  std::string error;
  if (!out.empty()) {
    files = std::make_unique<output_set>(l.spec, out);
    if (!files->open(&error)) return {};
    files->attach(w);
  }
  drive(w, -1, hour_s, [&](const world& now) {
    summary.sample(now);
    if (files) files->sample(now);
  });
  run_summary r = summary.finish(w);
  run_info info{l.source, l.overrides, -1, -1};
  if (files && !files->finish(w, r, info, {CERCO_VERSION, l.source_hash, hour_s}, &error)) {
    fmt::print(stderr, "bench run: {}\n", error);
    return {};
  }
  std::string text = format_summary_text(l.spec, r, info);
  if (text.empty()) return {};
  return {(now_seconds() - start) * 1e3, (cpu_seconds() - cpu_start) * 1e3};
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

int run_headless_bench(const std::string& scenario_name, std::uint32_t repeat) {
  std::unique_ptr<loaded_scenario> l = load_or_report(scenario_name, {});
  if (!l) return 2;
  std::string base =
      (std::filesystem::temp_directory_path() / ("cerco_bench_run_" + std::to_string(::getpid())))
          .string();
  std::vector<double> wall[2], cpu[2];
  bool failed = false;
  for (std::uint32_t i = 0; i < repeat; ++i) {
    std::string dir = base + "/" + std::to_string(i);
    std::filesystem::create_directories(dir);
    for (int k = 0; k < 2; ++k) {
      headless_time h = time_headless(*l, k == 0 ? "" : dir);
      failed = failed || h.wall_ms < 0;
      wall[k].push_back(h.wall_ms);
      cpu[k].push_back(h.cpu_ms);
    }
  }
  std::filesystem::remove_all(base);
  if (failed) {
    fmt::print(stderr, "bench run: a run failed\n");
    return 1;
  }
  text_table t({false, true, true});
  t.add({l->spec.name + " (" + l->source + "), " + std::to_string(repeat) + " runs each", "wall ms",
         "cpu ms"});
  t.add({"run + summary, median", fmt::format("{:.2f}", median_of(wall[0])),
         fmt::format("{:.2f}", median_of(cpu[0]))});
  t.add({"run + summary + every file at 1h, median", fmt::format("{:.2f}", median_of(wall[1])),
         fmt::format("{:.2f}", median_of(cpu[1]))});
  t.add({"with files / without", fmt::format("{:.2f}x", median_of(wall[1]) / median_of(wall[0])),
         fmt::format("{:.2f}x", median_of(cpu[1]) / median_of(cpu[0]))});
  fmt::print("{}", t.render(0));
  return 0;
}

void add_run_bench(CLI::App& bench) {
  auto name = std::make_shared<std::string>(default_scenario_name);
  auto repeat = std::make_shared<std::uint32_t>(10);
  CLI::App* r = bench.add_subcommand("run", "Time `cerco run` with and without its output files");
  r->add_option("scenario", *name, "A built-in name or a TOML file")->capture_default_str();
  r->add_option("--repeat", *repeat, "Runs of each kind")
      ->capture_default_str()
      ->check(CLI::Range(1u, 10000u));
  r->footer(examples_footer("  cerco bench run --repeat 20"));
  r->callback([name, repeat] { exit_code() = run_headless_bench(*name, *repeat); });
}

}  // namespace

void add_bench_commands(CLI::App& app) {
  CLI::App* bench = app.add_subcommand("bench", "Benchmarks: print figures");
  bench->require_subcommand(1);
  bench->footer(examples_footer(
      "  cerco bench phold\n  cerco bench model --repeat 20\n  cerco bench run --repeat 20"));
  add_phold(*bench);
  add_model(*bench);
  add_run_bench(*bench);
}

}  // namespace cerco::cli
