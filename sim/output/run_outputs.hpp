#pragma once
/// Every file a headless run leaves under --out DIR: timeseries.csv, events.jsonl,
/// triggers.jsonl, summary.json, cover_*.svg, and manifest.json last (so that a folder
/// with a manifest is complete). Each file is written atomically (atomic_file).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cerco/world.hpp"
#include "sim/output/chart_svg.hpp"
#include "sim/output/event_log.hpp"
#include "sim/output/summary_format.hpp"
#include "sim/output/timeseries.hpp"
#include "sim/output/worker.hpp"

namespace cerco {

/// Makes `dir` ready: creates it (and its parents) when missing; refuses an existing
/// non-empty folder unless `force`; refuses a path that is not a folder.
bool prepare_out_dir(const std::string& dir, bool force, std::string* error);

/// What the manifest records beside the summary.
struct manifest_info {
  std::string version;            ///< cerco's version
  std::uint64_t source_hash = 0;  ///< hash of the scenario's bytes (the loader's)
  time_s sample_s = hour_s;
};

class output_set {
 public:
  output_set(const scenario& s, std::string dir);
  /// Opens the streamed files (timeseries, events, triggers). False with *error.
  bool open(std::string* error);
  /// Registers the event log on the world; call before running.
  void attach(world& w);
  /// At every sample time.
  void sample(const world& w);
  /// Writes the remaining files and commits them all with one sync (commit_all),
  /// manifest.json last. False with *error.
  bool finish(const world& w, const run_summary& r, const run_info& info, const manifest_info& m,
              std::string* error);
  const std::vector<std::string>& files() const { return files_; }

 private:
  bool write_whole(const std::string& name, const std::string& bytes, std::string* error);
  bool write_charts(const run_summary& r, std::string* error);
  std::string path(const std::string& name) const { return dir_ + "/" + name; }

  const scenario& s_;
  std::string dir_;
  timeseries_writer timeseries_;
  event_log events_;
  cover_recorder covers_;
  std::uint64_t samples_ = 0;
  std::vector<std::string> files_;                   ///< names of every file, in commit order
  std::vector<std::unique_ptr<atomic_file>> whole_;  ///< written, not yet committed
  /// Formats and writes timeseries.csv and events.jsonl beside the run. Last, so that it
  /// stops (after finishing what it was given) before the writers it uses go.
  output_worker worker_;
};

}  // namespace cerco
