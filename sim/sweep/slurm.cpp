// Slurm job scripts for a sharded sweep: an array of shard tasks, a merge job that runs
// only when every task succeeded (afterok), and a submit script tying them together.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "sim/sweep/merge.hpp"

namespace cerco::sweep {
namespace {
namespace fs = std::filesystem;

/// Single-quotes a word for bash.
std::string sh(const std::string& s) {
  std::string o = "'";
  for (char c : s) o += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return o + "'";
}

std::string array_script(const slurm_options& o) {
  std::string part = o.partition.empty() ? "" : "#SBATCH --partition=" + o.partition + "\n";
  return fmt::format(R"(#!/bin/bash
# A cerco sweep as a Slurm job array: task i runs shard i of {tasks}
# (every run whose 0-based index r has r % {tasks} == i - 1) of
#   {plan}
# ({runs} runs in all) and writes it to {dir}/shard-<i>/.
# Submit with {dir}/submit.sh, which also queues the merge job.
#SBATCH --job-name=cerco-sweep
#SBATCH --array=1-{tasks}
#SBATCH --cpus-per-task={cpus}
#SBATCH --time={time}
{part}#SBATCH --output={dir}/logs/sweep_%A_%a.out
set -euo pipefail

# The shard count is written here, not read from SLURM_ARRAY_TASK_COUNT: when missing
# shards are resubmitted alone (submit.sh 3) that count would be 1, not {tasks}.
TASKS={tasks}
SHARD=${{SLURM_ARRAY_TASK_ID:?submit this script with sbatch --array (see submit.sh)}}

# --resume: a task resubmitted after a failure or a cancellation keeps the runs it had
# finished and continues after them. One worker thread per allocated CPU.
exec {cerco} sweep {plan_q} --shard "$SHARD/$TASKS" \
  --jobs "${{SLURM_CPUS_PER_TASK:-1}}" --out {dir_q}/shard-"$SHARD" --resume
)",
                     fmt::arg("tasks", o.tasks), fmt::arg("plan", o.plan_path),
                     fmt::arg("runs", o.runs), fmt::arg("dir", o.dir),
                     fmt::arg("cpus", o.cpus_per_task), fmt::arg("time", o.time),
                     fmt::arg("part", part), fmt::arg("cerco", sh(o.cerco_path)),
                     fmt::arg("plan_q", sh(o.plan_path)), fmt::arg("dir_q", sh(o.dir)));
}

std::string merge_script(const slurm_options& o) {
  std::string part = o.partition.empty() ? "" : "#SBATCH --partition=" + o.partition + "\n";
  std::string shards;
  for (std::uint64_t i = 1; i <= o.tasks; ++i)
    shards += fmt::format(" \\\n  {}/shard-{}", sh(o.dir), i);
  return fmt::format(
      R"(#!/bin/bash
# Merges the {tasks} shards of the sweep into {dir}/result/: the same files one
# unsharded `cerco sweep` would write (runs.csv, aggregate.csv, sensitivity.csv, charts).
# submit.sh queues it with --dependency=afterok on the array, so it runs only when every
# task succeeded; {check}
#SBATCH --job-name=cerco-merge
#SBATCH --cpus-per-task=1
#SBATCH --time={time}
{part}#SBATCH --output={dir}/logs/merge_%j.out
set -euo pipefail
exec {cerco} merge{shards} \
  --out {dir_q}/result --force{check_flag}
)",
      fmt::arg("tasks", o.tasks), fmt::arg("dir", o.dir), fmt::arg("time", o.time),
      fmt::arg("part", part), fmt::arg("cerco", sh(o.cerco_path)), fmt::arg("shards", shards),
      fmt::arg("dir_q", sh(o.dir)),
      fmt::arg("check", o.check
                            ? "--check fails the job when an expectation of the plan is not met."
                            : "the plan has no expectations to --check."),
      fmt::arg("check_flag", o.check ? " --check" : ""));
}

std::string submit_script(const slurm_options& o) {
  return fmt::format(R"(#!/bin/bash
# Submits the sweep's job array and its merge job.
#   submit.sh          every shard (1-{tasks}), then the merge
#   submit.sh 3,5      only shards 3 and 5 (after a failed or cancelled task: they resume
#                      where they stopped), then the merge again
# Prints the two job ids on its last line: "jobs <array id> <merge id>".
set -euo pipefail
here={dir_q}
shards=${{1:-1-{tasks}}}
mkdir -p "$here/logs"
array_id=$(sbatch --parsable --array="$shards" "$here/sweep.sbatch")
array_id=${{array_id%%;*}}
merge_id=$(sbatch --parsable --dependency=afterok:"$array_id" "$here/merge.sbatch")
merge_id=${{merge_id%%;*}}
echo "submitted shards $shards as job $array_id; merge job $merge_id runs when all succeed"
echo "result: $here/result    logs: $here/logs"
echo "jobs $array_id $merge_id"
)",
                     fmt::arg("tasks", o.tasks), fmt::arg("dir_q", sh(o.dir)));
}

bool put(const fs::path& p, const std::string& text, bool exec, std::string* error) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) {
    *error = fmt::format("cannot write {}", p.string());
    return false;
  }
  out.close();
  std::error_code ec;
  if (exec)
    fs::permissions(p, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                    fs::perm_options::add, ec);
  return true;
}

}  // namespace

bool write_slurm(const slurm_options& o, std::string* error) {
  std::error_code ec;
  fs::create_directories(fs::path(o.dir) / "logs", ec);
  if (ec) {
    *error = "cannot create " + o.dir + "/logs: " + ec.message();
    return false;
  }
  const fs::path d(o.dir);
  return put(d / "sweep.sbatch", array_script(o), true, error) &&
         put(d / "merge.sbatch", merge_script(o), true, error) &&
         put(d / "submit.sh", submit_script(o), true, error);
}

}  // namespace cerco::sweep
