#pragma once
/// timeseries.csv in long format, one row per (sample time, node, commodity):
/// time_s,date,node,city,commodity,stock,cover_d,unmet
/// A (node, commodity) pair is a series when the node can hold that commodity: it is
/// demanded there, stocked at the start, produced, reordered, imported, flown in, or
/// carried by a fleet or convoy based there. Rows are streamed to an atomic_file.
#include <cstdint>
#include <string>
#include <vector>

#include "cerco/world.hpp"
#include "sim/output/atomic_file.hpp"
#include "sim/output/dates.hpp"
#include "sim/output/json_text.hpp"
#include "sim/output/worker.hpp"

namespace cerco {

inline constexpr const char* timeseries_header =
    "time_s,date,node,city,commodity,stock,cover_d,unmet\n";

class timeseries_writer {
 public:
  explicit timeseries_writer(const scenario& s);
  bool open(const std::string& path);
  /// Rows are formatted and written on `worker` (from then on); without one, at once.
  void set_worker(output_worker* worker) { worker_ = worker; }
  /// Writes (or hands the worker) one row per series for the world's current time.
  void sample(const world& w);
  /// Hands the worker what is still pending; the file is complete once it has run.
  void drain();
  bool commit() { return file_.commit(); }
  atomic_file& file() { return file_; }
  const std::string& error() const { return file_.error(); }
  std::size_t series_count() const { return series_.size(); }
  std::uint64_t rows() const { return rows_; }

 private:
  struct series {
    std::uint32_t node;
    commodity what;
    std::string prefix;  ///< ",node,city,commodity," already escaped
  };
  /// Formats samples taken: each is its time, then stock, demand and unmet per series.
  void write_samples(const std::vector<std::int64_t>& samples);

  std::vector<series> series_;
  date_clock clock_;
  atomic_file file_;
  std::string head_;  ///< the worker's
  text_buffer text_;  ///< the worker's
  std::vector<std::int64_t> pending_;
  output_worker* worker_ = nullptr;
  std::uint64_t rows_ = 0;
};

/// True when node `n` can hold commodity `c` (the rule above).
bool holds_commodity(const scenario& s, std::uint32_t n, commodity c);

}  // namespace cerco
