#include "render/history.hpp"

#include <algorithm>

namespace cerco::render {

time_s city_cover_s(const world& w, std::uint32_t city, commodity c, time_s at_s) {
  const scenario& s = w.spec();
  std::int64_t stock = 0, demand_per_d = 0;
  for (std::uint32_t n = 0; n < s.nodes.size(); ++n) {
    if (s.nodes[n].city != city || s.nodes[n].kind != node_kind::district) continue;
    stock_view v = w.stock_at(n, c, at_s);
    stock += v.stock;
    demand_per_d += v.demand_per_d;
  }
  if (demand_per_d <= 0) return time_s_max;
  return static_cast<time_s>(static_cast<double>(stock) * day_s / demand_per_d);
}

void cover_history::reset(const scenario& s) {
  cities_ = static_cast<std::uint32_t>(s.cities.size());
  interval_s_ = std::max<time_s>(hour_s, s.duration_s / (samples_cap - 1));
  samples_max_ = static_cast<std::uint32_t>(s.duration_s / interval_s_ + 1);
  samples_max_ = std::min(samples_max_, samples_cap);
  cover_d_.assign(static_cast<std::size_t>(samples_max_) * cities_ * commodity_count, -1.0f);
  samples_ = 0;
}

void cover_history::sample(const world& w) {
  if (full()) return;
  time_s at_s = next_sample_s();
  for (std::uint32_t city = 0; city < cities_; ++city)
    for (int c = 0; c < commodity_count; ++c) {
      time_s cover_s = city_cover_s(w, city, static_cast<commodity>(c), at_s);
      float d = cover_s >= time_s_max ? -1.0f : static_cast<float>(cover_s) / day_s;
      cover_d_[(static_cast<std::size_t>(samples_) * cities_ + city) * commodity_count + c] = d;
    }
  ++samples_;
}

void cover_history::truncate(time_s at_s) {
  if (at_s < 0) {
    samples_ = 0;
    return;
  }
  samples_ = std::min(samples_, static_cast<std::uint32_t>(at_s / interval_s_ + 1));
}

float cover_history::cover_d(std::uint32_t city, commodity c, std::uint32_t i) const {
  return cover_d_[(static_cast<std::size_t>(i) * cities_ + city) * commodity_count +
                  static_cast<int>(c)];
}

}  // namespace cerco::render
