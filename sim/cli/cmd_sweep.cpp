// `cerco sweep PLAN` and `cerco merge DIR...`: thin wiring of sim/sweep.
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <thread>

#include "sim/cli/commands.hpp"
#include "sim/sweep/merge.hpp"
#include "sim/sweep/plan.hpp"
#include "sim/sweep/report.hpp"
#include "sim/sweep/runner.hpp"

namespace cerco::cli {
namespace {
namespace fs = std::filesystem;

struct sweep_flags {
  std::string plan, out, shard, slurm, partition, time = "01:00:00";
  unsigned jobs = 0;
  std::uint64_t tasks = 4;
  unsigned cpus = 2;
  bool resume = false, check = false, force = false, no_progress = false;
};

std::string self_path() {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("cerco") : p.string();
}

int write_slurm_scripts(const sweep_flags& f, const sweep::plan& p) {
  if (f.tasks < 1 || f.tasks > 100000 || f.cpus < 1) {
    fmt::print(stderr, "cerco sweep: error: --tasks must be 1..100000 and --cpus-per-task >= 1\n");
    return 2;
  }
  sweep::slurm_options o;
  o.plan_path = fs::absolute(f.plan).lexically_normal().string();
  o.cerco_path = self_path();
  o.dir = fs::absolute(f.slurm).lexically_normal().string();
  o.tasks = f.tasks, o.partition = f.partition, o.time = f.time, o.cpus_per_task = f.cpus;
  o.runs = p.runs();
  o.check = !p.expects.empty();
  std::string err;
  if (!sweep::write_slurm(o, &err)) {
    fmt::print(stderr, "cerco sweep: error: {}\n", err);
    return 2;
  }
  fmt::print(
      "wrote {0}/sweep.sbatch ({1} tasks), {0}/merge.sbatch and {0}/submit.sh\n"
      "submit with: {0}/submit.sh\n",
      o.dir, o.tasks);
  return 0;
}

void print_speed(const sweep::sweep_result& r, unsigned jobs) {
  if (r.skipped > 0)
    fmt::print("sweep: resumed: {} of {} runs were already done\n", r.skipped, r.total);
  if (r.ran == 0 || r.seconds <= 0) return;
  double rate = static_cast<double>(r.ran) / r.seconds;
  fmt::print(
      "sweep: {} runs in {:.2f} s on {} thread(s): {:.1f} runs/s, {:.1f} runs/s per thread\n",
      r.ran, r.seconds, jobs, rate, rate / jobs);
  // CPU time measures the per-core cost even when other work shares the cores.
  if (r.cpu_seconds > 0)
    fmt::print("sweep: {:.2f} ms of CPU per run: {:.1f} runs per CPU-second\n",
               1e3 * r.cpu_seconds / static_cast<double>(r.ran),
               static_cast<double>(r.ran) / r.cpu_seconds);
}

std::string resume_command(const sweep_flags& f) {
  std::string c = "cerco sweep " + f.plan + " --out " + f.out + " --resume";
  if (!f.shard.empty()) c += " --shard " + f.shard;
  return c;
}

int run_sweep(const sweep_flags& f) {
  sweep::plan_result pr = sweep::load_plan(f.plan);
  if (!pr.ok()) {
    for (const auto& d : pr.errors) fmt::print(stderr, "{}\n", format(d));
    return 2;
  }
  const sweep::plan& p = *pr.value;
  if (!f.slurm.empty()) return write_slurm_scripts(f, p);
  sweep::sweep_options o;
  std::string err;
  if (!f.shard.empty()) {
    auto s = sweep::parse_shard(f.shard, &err);
    if (!s) return fmt::print(stderr, "cerco sweep: error: {}\n", err), 2;
    o.shard = *s;
  }
  if (f.out.empty()) return fmt::print(stderr, "cerco sweep: error: --out DIR is required\n"), 2;
  o.jobs = f.jobs ? f.jobs : std::max(1U, std::thread::hardware_concurrency());
  if (o.jobs > 1024) return fmt::print(stderr, "cerco sweep: error: --jobs is at most 1024\n"), 2;
  o.out_dir = f.out, o.resume = f.resume, o.force = f.force;
  o.progress = !f.no_progress && ::isatty(STDERR_FILENO);
  o.stop = sweep::install_interrupt_handlers();
  sweep::sweep_result r = sweep::execute(p, o, sweep::model_contexts(p));
  sweep::restore_interrupt_handlers();
  using st = sweep::sweep_result::status;
  if (r.st == st::bad_input) return fmt::print(stderr, "cerco sweep: error: {}\n", r.message), 2;
  print_speed(r, o.jobs);
  if (r.st == st::failed) return fmt::print(stderr, "cerco sweep: {}\n", r.message), 1;
  if (r.st == st::interrupted) {
    fmt::print(stderr,
               "cerco sweep: interrupted after {} of {} runs; the journal is consistent.\n"
               "continue with: {}\n",
               r.skipped + r.ran, r.total, resume_command(f));
    return 130;
  }
  if (o.shard.count > 1) {
    fmt::print(
        "shard {}/{} complete: {} runs in {}/runs.csv; combine the shards with "
        "cerco merge DIR... --out OUT{}\n",
        o.shard.index, o.shard.count, r.total, f.out, f.check ? " --check" : "");
    return 0;
  }
  return sweep::report_dir(p, f.out, f.check, stdout);
}

void add_sweep(CLI::App& app) {
  auto f = std::make_shared<sweep_flags>();
  CLI::App* s =
      app.add_subcommand("sweep", "Run a sweep plan (scenarios/sweeps/*.toml) on many cores");
  s->add_option("plan", f->plan, "Sweep plan (TOML)")->required();
  s->add_option("-j,--jobs", f->jobs, "Worker threads (default: every core)");
  s->add_option("-o,--out", f->out,
                "Output folder: runs.csv, aggregate.csv, sensitivity.csv, charts/");
  s->add_flag("--resume", f->resume, "Continue an interrupted sweep in --out");
  s->add_option("--shard", f->shard,
                "Run shard i/N only (1 <= i <= N), e.g. $SLURM_ARRAY_TASK_ID/4");
  s->add_flag("--check", f->check, "Exit 1 when an outcome leaves a band of the plan's [[expect]]");
  s->add_flag("--force", f->force, "Start over when --out holds a sweep");
  s->add_flag("--no-progress", f->no_progress, "No progress bar (it is drawn on a terminal only)");
  s->add_option("--slurm", f->slurm, "Write Slurm job scripts into this folder instead of running");
  s->add_option("--tasks", f->tasks, "Slurm: array tasks (shards)")->capture_default_str();
  s->add_option("--partition", f->partition, "Slurm: partition (default: the cluster's)");
  s->add_option("--time", f->time, "Slurm: time limit per task, HH:MM:SS")->capture_default_str();
  s->add_option("--cpus-per-task", f->cpus, "Slurm: CPUs (and worker threads) per task")
      ->capture_default_str();
  s->callback([f] { exit_code() = run_sweep(*f); });
}

void add_merge(CLI::App& app) {
  auto o = std::make_shared<sweep::merge_options>();
  CLI::App* m = app.add_subcommand("merge", "Combine the shard folders of a sweep into one");
  m->add_option("dirs", o->dirs, "Shard folders (every shard 1..N exactly once)")->required();
  m->add_option("-o,--out", o->out_dir, "Output folder")->required();
  m->add_flag("--check", o->check, "Exit 1 when an outcome leaves a band of the plan's [[expect]]");
  m->add_flag("--force", o->force, "Replace a sweep already in --out");
  m->callback([o] { exit_code() = sweep::merge_dirs(*o, stdout); });
}

}  // namespace

void add_sweep_commands(CLI::App& app) {
  add_sweep(app);
  add_merge(app);
}

}  // namespace cerco::cli
