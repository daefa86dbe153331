// `cerco run`, `cerco check`, `cerco list`; `bench` lives in cmd_bench.cpp.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <numeric>

#include "cerco/world.hpp"
#include "sim/cli/bench.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/progress.hpp"
#include "sim/cli/run_support.hpp"
#include "sim/output/dates.hpp"
#include "sim/output/driver.hpp"
#include "sim/output/run_outputs.hpp"
#include "sim/output/summary_format.hpp"
#include "sim/output/text_table.hpp"
#include "sim/scenario/builtin.hpp"

namespace cerco::cli {
namespace {

struct run_flags {
  std::string scenario{default_scenario_name};
  std::string until, sample = "1h", out;
  std::vector<std::string> sets;
  std::int64_t seed = -1;
  bool force = false, json = false, quiet = false;
};

/// Flags checked, scenario loaded, folder ready: everything that can fail with exit 2.
struct run_setup {
  std::unique_ptr<loaded_scenario> loaded;
  time_s until_s = -1, sample_s = hour_s;
};

std::optional<run_setup> prepare(const run_flags& f) {
  run_setup setup;
  if (!f.until.empty()) {
    auto until = duration_flag("--until", f.until, false);
    if (!until) return std::nullopt;
    setup.until_s = *until;
  }
  auto sample = duration_flag("--sample", f.sample, false);
  if (!sample) return std::nullopt;
  setup.sample_s = *sample;
  setup.loaded = load_or_report(f.scenario, f.sets);
  if (!setup.loaded) return std::nullopt;
  if (f.seed >= 0) setup.loaded->spec.seed = static_cast<std::uint64_t>(f.seed);
  std::string error;
  if (!f.out.empty() && !prepare_out_dir(f.out, f.force, &error)) {
    fmt::print(stderr, "cerco run: error: {}\n", error);
    return std::nullopt;
  }
  return setup;
}

void print_summary(const run_flags& f, const scenario& s, const run_summary& r,
                   const run_info& info) {
  if (f.quiet) return;
  if (f.json) {
    fmt::print("{}\n", summary_json(s, r, info).dump(2));
  } else {
    fmt::print("{}", format_summary_text(s, r, info));
  }
}

/// Runs and reports. Returns the exit code.
int run_scenario(const run_flags& f, run_setup& setup) {
  const double start = now_seconds();
  const scenario& s = setup.loaded->spec;
  world w;
  if (!w.init(s)) {
    fmt::print(stderr, "{}: error: {}\n", setup.loaded->source, w.error());
    return 2;
  }
  summary_observer summary(w, hour_s);
  w.add_observer(summary.as_observer());
  std::unique_ptr<output_set> outputs;
  std::string error;
  if (!f.out.empty()) {
    outputs = std::make_unique<output_set>(s, f.out);
    if (!outputs->open(&error)) {
      fmt::print(stderr, "cerco run: error: {}\n", error);
      return 2;
    }
    outputs->attach(w);
  }
  // The summary samples hourly whatever --sample says, so that its figures do not depend
  // on the time series' interval; the loop steps at the finer of the two.
  const time_s end_s = run_end_s(w, setup.until_s);
  progress_bar bar(end_s);
  const time_s step_s = std::gcd(hour_s, setup.sample_s);
  world_status status = drive(w, setup.until_s, step_s, [&](const world& now) {
    const time_s t = now.now_s();
    if (t % hour_s == 0 || t == end_s) summary.sample(now);
    if (outputs && (t % setup.sample_s == 0 || t == end_s)) outputs->sample(now);
    bar.update(t);
  });
  bar.done();
  run_summary r = summary.finish(w);
  run_info info{setup.loaded->source, setup.loaded->overrides, setup.until_s, -1};
  if (outputs &&
      !outputs->finish(w, r, info, {CERCO_VERSION, setup.loaded->source_hash, setup.sample_s},
                       &error)) {
    fmt::print(stderr, "cerco run: error: {}\n", error);
    return 1;
  }
  info.wall_ms = (now_seconds() - start) * 1e3;
  print_summary(f, s, r, info);
  if (!status_ok(status)) {
    fmt::print(stderr, "cerco run: the run stopped at {}: {}: {}\n",
               date_clock(s.start_date).date_time(w.now_s()), describe(status), w.error());
    return 1;
  }
  if (!w.accounts_balance()) {
    fmt::print(stderr,
               "cerco run: accounting check failed: the ledger does not balance "
               "(seed {}, scenario {}); see \"accounts\" in --json\n",
               s.seed, setup.loaded->source);
    return 1;
  }
  return 0;
}

void add_run(CLI::App& app) {
  auto f = std::make_shared<run_flags>();
  CLI::App* run = app.add_subcommand("run", "Run a scenario headless and print a summary");
  run->add_option("scenario", f->scenario, "A built-in name (see `cerco list`) or a TOML file")
      ->capture_default_str();
  run->add_option("--until", f->until, "Stop at this simulated time (90min, 36h, 2d)");
  run->add_option("--seed", f->seed, "Random seed (default: the scenario's)")
      ->check(CLI::NonNegativeNumber);
  run->add_option("--set", f->sets, "Override a value: path=value (repeatable)")
      ->allow_extra_args(false);
  run->add_option("--out", f->out, "Write files and charts to this folder");
  run->add_flag("--force", f->force, "Write into --out even if it is not empty");
  run->add_option("--sample", f->sample, "Time series interval")->capture_default_str();
  run->add_flag("--json", f->json, "Print the summary as JSON");
  run->add_flag("--quiet", f->quiet, "Print nothing but errors");
  run->footer(examples_footer(
      "  cerco run                                    the built-in La Paz 2019\n"
      "  cerco run scenarios/tutorial/airlift.toml --until 5d\n"
      "  cerco run --set blockade.senkata_gate.strength=0.5 --seed 7\n"
      "  cerco run --out out/ --sample 30min --force  files: manifest.json, timeseries.csv,\n"
      "                                               events.jsonl, triggers.jsonl,\n"
      "                                               summary.json, cover_*.svg\n"
      "  cerco run --json | jq .cities"));
  run->callback([f] {
    std::optional<run_setup> setup = prepare(*f);
    exit_code() = setup ? run_scenario(*f, *setup) : 2;
  });
}

}  // namespace
}  // namespace cerco::cli

namespace cerco::cli {
namespace {

/// One line about a scenario that loaded and initialised.
std::string describe_scenario(const scenario& s) {
  std::size_t districts = 0;
  for (const node_spec& n : s.nodes) districts += n.kind == node_kind::district;
  return fmt::format("{} nodes ({} districts), {} roads, {} fleets, {} blockades, {} rules",
                     s.nodes.size(), districts, s.roads.size(), s.fleets.size(), s.blockades.size(),
                     s.rules.size());
}

void add_check(CLI::App& app) {
  auto files = std::make_shared<std::vector<std::string>>();
  CLI::App* check = app.add_subcommand("check", "Validate scenarios without running them");
  check->add_option("scenario", *files, "Built-in names or TOML files")->required();
  check->footer(examples_footer(
      "  cerco check scenarios/la_paz_2019.toml\n"
      "  cerco check scenarios/tutorial/*.toml      every error of every file is printed"));
  check->callback([files] {
    int code = 0;
    for (const std::string& file : *files) {
      std::unique_ptr<loaded_scenario> l = load_or_report(file, {});
      world w;
      if (l && !w.init(l->spec)) {
        fmt::print(stderr, "{}: error: {}\n", file, w.error());
        l.reset();
      }
      if (!l) {
        code = 2;
        continue;
      }
      fmt::print("ok  {}: {}\n", file, describe_scenario(l->spec));
    }
    exit_code() = code;
  });
}

void add_list(CLI::App& app) {
  CLI::App* list = app.add_subcommand("list", "List the scenarios built into cerco");
  list->footer(examples_footer("  cerco list\n  cerco run tutorial/airlift   run one by its name"));
  list->callback([] {
    text_table t({false, false});
    int code = 0;
    for (const builtin_scenario& b : builtin_scenarios()) {
      load_result r = load_scenario_file(b.name);
      std::string about = r.ok()             ? r.value->name
                          : r.errors.empty() ? "(does not load)"
                                             : "(does not load: " + format(r.errors[0]) + ")";
      if (r.ok() && !r.value->description.empty()) {
        std::string first = r.value->description.substr(0, r.value->description.find('\n'));
        if (first != about) about += ": " + first;
      }
      if (!r.ok()) code = 1;
      t.add({b.name, about});
    }
    fmt::print("{}", t.render(0));
    exit_code() = code;
  });
}

}  // namespace

void add_run_commands(CLI::App& app) {
  add_run(app);
  add_check(app);
  add_list(app);
  add_bench_commands(app);
}

}  // namespace cerco::cli
