#pragma once
/// City-wide cover of every commodity over time, sampled at a fixed simulated interval
/// for the per-city charts. Truncated when the viewer seeks backwards.
#include <cstdint>
#include <vector>

#include "cerco/world.hpp"

namespace cerco::render {

/// City-wide cover (seconds) of `c`: the sum of its districts' stocks over the sum of
/// their demands; time_s_max when they have no demand.
time_s city_cover_s(const world& w, std::uint32_t city, commodity c, time_s at_s);

class cover_history {
 public:
  /// Sizes the history for the scenario: at most samples_max samples over its duration.
  void reset(const scenario& s);
  time_s interval_s() const { return interval_s_; }
  time_s next_sample_s() const { return static_cast<time_s>(samples_) * interval_s_; }
  bool full() const { return samples_ >= samples_max_; }
  /// Appends the sample due at next_sample_s(); `w` must be valid at that time.
  void sample(const world& w);
  /// Keeps only the samples taken at or before `at_s`.
  void truncate(time_s at_s);

  std::uint32_t cities() const { return cities_; }
  std::uint32_t samples() const { return samples_; }
  /// Cover in days of sample i, or a negative value when the city has no demand.
  float cover_d(std::uint32_t city, commodity c, std::uint32_t i) const;

 private:
  static constexpr std::uint32_t samples_cap = 2048;
  std::vector<float> cover_d_;  ///< [sample][city][commodity]
  std::uint32_t cities_ = 0, samples_ = 0, samples_max_ = 0;
  time_s interval_s_ = hour_s;
};

}  // namespace cerco::render
