#pragma once
/// Combining shard folders into the folder an unsharded sweep writes, and writing the
/// Slurm job scripts that produce the shards and merge them.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace cerco::sweep {

struct merge_options {
  std::vector<std::string> dirs;  ///< one folder per shard, any order
  std::string out_dir;
  bool check = false;
  bool force = false;
};

/// Checks that the folders are the complete shards 1..N of one plan, interleaves their
/// runs.csv by run index (streaming: one row per shard held), and writes the report.
/// Returns the exit code: 0, 1 (an expectation failed with check), 2 (bad or
/// incomplete shards).
int merge_dirs(const merge_options& o, std::FILE* out);

struct slurm_options {
  std::string plan_path;   ///< absolute
  std::string cerco_path;  ///< absolute path of the cerco executable
  std::string dir;         ///< absolute; shards go to DIR/shard-<i>, the merge to DIR/result
  std::uint64_t tasks = 4;
  std::string partition;  ///< empty: the cluster's default
  std::string time = "01:00:00";
  unsigned cpus_per_task = 2;
  std::uint64_t runs = 0;  ///< for the comments
  bool check = false;      ///< the merge job runs --check (the plan has expectations)
};

/// Writes DIR/sweep.sbatch, DIR/merge.sbatch and DIR/submit.sh; false with a message.
bool write_slurm(const slurm_options& o, std::string* error);

}  // namespace cerco::sweep
