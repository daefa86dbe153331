#pragma once
/// PHOLD, the standard discrete-event benchmark as ROSS defines it: N logical processes
/// each start with M events at Exp(mean) + lookahead; each event schedules exactly one
/// new event at now + lookahead + Exp(mean - lookahead) on a uniformly random LP with
/// probability `remote`, else on itself. Time here is in integer microseconds so that it
/// runs on cerco's integer-time event queue; the population is conserved (N x M).
#include <cstdint>

namespace cerco {

struct phold_config {
  std::uint32_t lps = 1000;
  std::uint32_t events_per_lp = 10;
  double remote = 0.5;          ///< share of events sent to a uniformly random LP
  double mean_us = 1000.0;      ///< mean of the exponential (before the lookahead)
  double lookahead_us = 100.0;  ///< minimum delay
  std::uint64_t events = 1000000;
  std::uint64_t seed = 1;
};

struct phold_result {
  std::uint64_t events_processed = 0;
  std::uint64_t final_population = 0;  ///< pending events at the end; must equal lps x events_per_lp
  std::int64_t end_time_us = 0;
  std::uint64_t checksum = 0;  ///< hash of (time, lp) of every processed event
};

/// Runs PHOLD. Allocates only before the loop. Wall time is measured by the caller.
phold_result run_phold(const phold_config& config);

}  // namespace cerco
