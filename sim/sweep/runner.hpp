#pragma once
/// Running a plan's runs on a Boost.Asio thread pool, writing their rows in run order.
///
/// Output folder (see docs/sweeps.md):
///   sweep.state    plan hash, shard, run counts: what a resume or a merge checks
///   plan.toml      the plan's bytes, so merge needs nothing but the folders
///   runs.csv.part  the journal: header, then rows in run order, flushed as they land
///   runs.csv       the journal renamed, atomically, once every run of the shard is in
///
/// Rows are written in run order as soon as every earlier run has finished: workers take
/// runs in order and may run at most `window` runs ahead of the last written row, so the
/// reorder buffer is bounded and the journal is always a prefix of the final file. A
/// resume truncates a torn last line, checks the prefix and continues after it.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/sweep/plan.hpp"

namespace cerco::sweep {

/// Shard i of n, 1-based like SLURM_ARRAY_TASK_ID in an array --array=1-n: the shard
/// runs every run whose index r (0-based) has r % n == i - 1.
struct shard_spec {
  std::uint64_t index = 1;
  std::uint64_t count = 1;
  std::uint64_t runs_in(std::uint64_t total) const {
    return index - 1 < total ? (total - (index - 1) + count - 1) / count : 0;
  }
  std::uint64_t run_of(std::uint64_t m) const { return index - 1 + m * count; }
};
std::optional<shard_spec> parse_shard(std::string_view text, std::string* error);

struct run_row {
  std::uint64_t run = 0, point = 0, replication = 0, seed = 0;
  std::vector<double> outcomes;
  std::uint64_t run_hash = 0;
};

/// Evaluates runs; one per worker thread, so it may cache (a loaded scenario) freely.
class run_context {
 public:
  virtual ~run_context() = default;
  /// Fills out.outcomes (plan order) and out.run_hash; false with a message on failure.
  virtual bool run(std::uint64_t point, std::uint64_t seed, run_row& out, std::string* error) = 0;
};
using context_factory = std::function<std::unique_ptr<run_context>()>;

/// The model: loads the point's scenario through the loader's overrides (once per point
/// per worker), runs it with run_with_summary and reads the plan's outcomes.
context_factory model_contexts(const plan& p);

struct sweep_options {
  unsigned jobs = 1;
  std::string out_dir;
  bool resume = false;
  bool force = false;
  shard_spec shard;
  bool progress = false;                    ///< draw a progress bar on stderr
  const std::atomic<bool>* stop = nullptr;  ///< set by a signal handler: stop cleanly
};

struct sweep_result {
  enum class status : std::uint8_t { complete, interrupted, failed, bad_input };
  status st = status::complete;
  std::string message;
  std::uint64_t total = 0;    ///< runs in this shard
  std::uint64_t skipped = 0;  ///< already in the journal (resume)
  std::uint64_t ran = 0;      ///< run now
  double seconds = 0;         ///< wall time of the runs made now
  double cpu_seconds = 0;     ///< CPU time of the whole process meanwhile (all threads)
};

/// Runs the shard's runs not yet in the journal. On completion runs.csv is in place.
sweep_result execute(const plan& p, const sweep_options& o, const context_factory& make);

/// The definition of the run hash that runs.csv rows carry: rows from another version
/// cannot be continued or merged into one file. 1: every word through the full 64-bit
/// finaliser; 2: a multiply-and-rotate step per word, finalised once.
inline constexpr int run_hash_version = 2;

/// sweep.state: what a folder holds, checked by --resume and by merge.
struct sweep_state {
  std::uint64_t plan_hash = 0;
  shard_spec shard;
  std::uint64_t runs = 0;        ///< in the whole plan
  std::uint64_t shard_runs = 0;  ///< in this shard
  int hash_version = 1;          ///< of the rows (a state without the line: 1)
};
std::string state_text(const sweep_state& s);
/// Reads DIR/sweep.state; false with a message when missing or malformed.
bool read_state(const std::string& dir, sweep_state& s, std::string* error);
/// Writes `text` to `path` through a temporary file and a rename (atomic).
bool write_file_atomic(const std::string& path, const std::string& text, std::string* error);

/// The header line of runs.csv (without newline).
std::string csv_header(const plan& p);
std::string format_row(const plan& p, const run_row& r);
/// Quotes a CSV cell when it holds a comma, a quote or a line break.
std::string csv_cell(std::string_view s);
/// Splits one CSV line (quotes honoured).
std::vector<std::string> csv_split(std::string_view line);

/// Installs SIGINT and SIGTERM handlers that set the returned flag (a second SIGINT
/// restores the default action, so it kills).
const std::atomic<bool>* install_interrupt_handlers();
void restore_interrupt_handlers();

std::string hex64(std::uint64_t v);

}  // namespace cerco::sweep
