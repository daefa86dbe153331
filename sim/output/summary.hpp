#pragma once
/// The outcome of a run, as the summary, summary.json and sweep rows report it.
/// A summary_observer is attached to a world before it runs and collects what the
/// records say; finish() completes it from the world's final state.
#include <cstdint>
#include <string>
#include <vector>

#include "cerco/world.hpp"

namespace cerco {

struct city_outcome {
  std::uint32_t city = no_index;  ///< index into scenario::cities
  commodity what = commodity::gasoline;
  time_s first_stockout_s = -1;  ///< first time any district of the city ran out; -1 never
  time_s short_s = 0;            ///< district-hours short, summed over the city's districts
  time_s worst_cover_s = 0;      ///< lowest city-wide cover (sum stock / sum demand) seen
  std::int64_t unmet = 0;        ///< base units, summed
  std::int64_t demand = 0;       ///< total demand over the run, base units
};

struct timeline_entry {
  time_s at_s = 0;
  record r;  ///< the record (blockade, airlift, convoy, rationing, trigger, negotiation)
};

struct run_summary {
  std::string scenario_name;
  std::uint64_t seed = 0;
  time_s end_s = 0;
  std::vector<city_outcome> cities;  ///< city-major, then commodity order
  std::vector<timeline_entry> timeline;
  std::int64_t casualties = 0;
  time_s talks_started_s = -1;    ///< first negotiation start, -1 none
  time_s blockade_lifted_s = -1;  ///< when the last active blockade lifted, -1 never
  int convoy_outcome = -1;        ///< -1 none, 0 stopped, 1 arrived
  std::uint64_t events = 0;
  std::uint64_t run_hash = 0;
  std::vector<ledger> ledgers;  ///< per commodity
};

class summary_observer {
 public:
  /// `cover_sample_s`: how often city-wide cover is sampled for worst_cover (the
  /// minimum is also checked at every delivery). At 0 worst cover is not tracked and
  /// every worst_cover_s stays time_s_max: summing each city's stocks at every delivery
  /// is a fifth of a La Paz run, which sweeps that record no cover outcome skip.
  explicit summary_observer(const world& w, time_s cover_sample_s = hour_s);
  observer as_observer();
  /// Called by the driver at sample times (see run_with_summary).
  void sample(const world& w);
  run_summary finish(const world& w);

 private:
  static void on_record(void* self, const world& w, const record& r);
  void note_cover(const world& w, std::uint32_t city, commodity what, time_s at_s,
                  std::int64_t less);
  run_summary s_;
  bool track_cover_;
  std::vector<std::vector<std::uint32_t>> districts_;  ///< per city, node indices
  std::vector<std::int32_t> node_city_;                ///< city of a district node, or -1
  std::vector<bool> demanded_;                         ///< per (city, commodity)
};

/// Runs w to its end (or until_s), sampling cover every sample_s (0: cover not tracked,
/// see summary_observer), and returns the summary.
run_summary run_with_summary(world& w, time_s until_s = -1, time_s sample_s = hour_s);

}  // namespace cerco
