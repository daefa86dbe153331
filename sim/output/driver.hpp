#pragma once
/// Drives a world to a time in steps of a sampling interval, so that readers (the
/// summary, the time series, a progress bar) see the state at every sample time.
/// Sample times are 0, k x sample_s, and the end; the run itself does not depend on them.
#include <functional>

#include "cerco/world.hpp"

namespace cerco {

/// The end a run with `until_s` reaches: the scenario's end, or until_s when earlier
/// (until_s < 0 means the scenario's end).
time_s run_end_s(const world& w, time_s until_s);

/// Runs w to run_end_s(w, until_s), calling on_sample at every sample time (after the
/// events at that time). Stops at the first error status and returns it.
world_status drive(world& w, time_s until_s, time_s sample_s,
                   const std::function<void(const world&)>& on_sample);

/// True when the status ends a run normally.
inline bool status_ok(world_status s) {
  return s == world_status::ok || s == world_status::finished;
}

}  // namespace cerco
