#include "cerco/phold.hpp"

#include <cmath>

#include "cerco/random.hpp"
#include "sim/engine/phold_run.hpp"

namespace cerco {

std::string_view phold_config_error(const phold_config& c) {
  if (c.lps == 0) return "lps must be at least 1";
  if (c.events_per_lp == 0) return "events per LP must be at least 1";
  if (std::uint64_t{c.lps} * c.events_per_lp > phold_population_max) {
    return "lps x events per LP must be at most 2^30";
  }
  if (!(c.remote >= 0.0 && c.remote <= 1.0)) return "remote must be between 0 and 1";
  if (!(c.lookahead_us >= 0.0)) return "lookahead must be at least 0";
  if (!(c.mean_us >= c.lookahead_us && c.mean_us <= 1e12)) {
    return "mean must be at least the lookahead and at most 1e12 us";
  }
  return {};
}

/// ROSS's phold.c subtracts the lookahead from the mean once, before the initial events
/// are drawn, so every delay (initial and later) is lookahead + Exp(mean - lookahead)
/// and mean_us is the mean delay. Delays are truncated to whole microseconds.
bool phold_run::init(const phold_config& config) {
  if (!phold_config_error(config).empty()) return false;
  lps_ = config.lps;
  remote_ = config.remote;
  lookahead_us_ = config.lookahead_us;
  delay_mean_us_ = config.mean_us - config.lookahead_us;
  processed_ = 0;
  now_us_ = 0;
  checksum_ = 0;
  queue_.init(config.lps * config.events_per_lp);
  streams_ = std::make_unique<rng_stream[]>(lps_);
  for (std::uint32_t lp = 0; lp < lps_; ++lp) {
    streams_[lp] = make_stream(config.seed, lp, purpose::phold);
    for (std::uint32_t i = 0; i < config.events_per_lp; ++i) {
      auto delay_us =
          static_cast<time_s>(lookahead_us_ + exponential(streams_[lp], delay_mean_us_));
      queue_.push(delay_us, event_payload{0, lp, 0});
    }
  }
  return true;
}

void phold_run::step(std::uint64_t events) {
  event ev;
  for (std::uint64_t n = 0; n < events && queue_.pop(ev); ++n) {
    const std::uint32_t lp = ev.payload.target;
    rng_stream& s = streams_[lp];
    now_us_ = ev.at_s;
    // Order-sensitive: (h + x) x odd is a bijection of h for every x.
    checksum_ = (checksum_ + static_cast<std::uint64_t>(ev.at_s) * 0x9e3779b97f4a7c15ULL + lp) *
                0xff51afd7ed558ccdULL;
    // Both draws are always made so that the choice is a conditional move rather than a
    // coin-toss branch. (ROSS draws the destination only for remote events; that changes
    // which stream values are used, not the model.)
    const double u = s.next_unit();
    const auto other = static_cast<std::uint32_t>(uniform_int(s, 0, lps_ - 1));
    const std::uint32_t dest = u < remote_ ? other : lp;
    auto delay_us = static_cast<time_s>(lookahead_us_ + exponential(s, delay_mean_us_));
    // The pop above freed a slot, so this push cannot overflow.
    queue_.push(ev.at_s + delay_us, event_payload{0, dest, 0});
    ++processed_;
  }
}

phold_result phold_run::result() const {
  return phold_result{processed_, queue_.size(), now_us_, checksum_};
}

phold_result run_phold(const phold_config& config) {
  phold_run run;
  if (!run.init(config)) return phold_result{};
  run.step(config.events);
  return run.result();
}

}  // namespace cerco
