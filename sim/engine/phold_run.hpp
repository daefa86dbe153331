#pragma once
/// The PHOLD loop behind run_phold, split into setup (allocates) and steps (never
/// allocates) so that tests can count allocations in the steady state and hosts can
/// check a configuration before running it.
#include <cstdint>
#include <memory>
#include <string_view>

#include "cerco/event_queue.hpp"
#include "cerco/phold.hpp"
#include "cerco/rng.hpp"

namespace cerco {

/// Why a configuration cannot run, or an empty view when it can. Limits: 1 <= lps,
/// 1 <= events_per_lp, lps x events_per_lp <= phold_population_max, 0 <= remote <= 1,
/// 0 <= lookahead_us <= mean_us <= 1e12.
std::string_view phold_config_error(const phold_config& config);

inline constexpr std::uint64_t phold_population_max = 1u << 30;

class phold_run {
 public:
  /// Allocates the queue (capacity lps x events_per_lp) and one stream per LP, and
  /// schedules the initial events. Returns false (and does nothing) on a bad config.
  bool init(const phold_config& config);
  /// Processes up to `events` events. Never allocates.
  void step(std::uint64_t events);
  /// Processed count, population, end time and checksum so far.
  phold_result result() const;
  const event_queue& queue() const { return queue_; }

 private:
  event_queue queue_;
  std::unique_ptr<rng_stream[]> streams_;  ///< by LP
  std::uint32_t lps_ = 0;
  double remote_ = 0;
  double lookahead_us_ = 0;
  double delay_mean_us_ = 0;  ///< mean of the exponential part of each delay
  std::uint64_t processed_ = 0;
  std::int64_t now_us_ = 0;
  std::uint64_t checksum_ = 0;
};

}  // namespace cerco
