#include "sim/output/driver.hpp"

#include <algorithm>

namespace cerco {

time_s run_end_s(const world& w, time_s until_s) {
  return until_s < 0 ? w.end_s() : std::min(until_s, w.end_s());
}

world_status drive(world& w, time_s until_s, time_s sample_s,
                   const std::function<void(const world&)>& on_sample) {
  const time_s end = run_end_s(w, until_s);
  if (sample_s <= 0) sample_s = end > 0 ? end : 1;
  time_s t = std::max<time_s>(w.now_s(), 0);
  world_status status = w.run_until(std::min(t, end));
  while (status_ok(status)) {
    if (on_sample) on_sample(w);
    if (t >= end) break;
    t = std::min((t / sample_s + 1) * sample_s, end);
    status = w.run_until(t);
  }
  return status;
}

}  // namespace cerco
