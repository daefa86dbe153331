#pragma once
/// City-wide measures: a city's cover is the sum of its districts' stock over the sum of
/// their current demand per day (districts only; depots and plants are not the city's).
#include <cstdint>
#include <vector>

#include "cerco/world.hpp"

namespace cerco {

/// Districts of each city, in node order: result[city] lists node indices.
std::vector<std::vector<std::uint32_t>> districts_by_city(const scenario& s);

struct city_stock {
  std::int64_t stock = 0;
  std::int64_t demand_per_d = 0;
  /// Seconds of demand in stock; time_s_max when nothing is demanded.
  time_s cover_s() const {
    if (demand_per_d <= 0) return time_s_max;
    if (stock > INT64_MAX / day_s) return time_s_max;  // beyond any scenario's length
    time_s cover = stock * day_s / demand_per_d;
    return cover < time_s_max ? cover : time_s_max;
  }
};

/// Sums the districts' stock of `what` at `at_s` (>= the world's last event).
city_stock city_stock_at(const world& w, const std::vector<std::uint32_t>& districts,
                         commodity what, time_s at_s);

/// True when any district of the list demands `what` (by the scenario's per-person rate).
bool city_demands(const scenario& s, const std::vector<std::uint32_t>& districts, commodity what);

}  // namespace cerco
