#pragma once
/// What one frame shows, read from the world through its const API at one instant. The
/// renderer draws only from this, so a synthetic scene (the benchmark) can be drawn by
/// filling it directly, and drawing never touches the world.
#include <cstdint>
#include <vector>

#include "cerco/world.hpp"

namespace cerco::render {

struct frame_state {
  time_s at_s = 0;
  time_s end_s = 0;
  commodity selected = commodity::gasoline;
  std::vector<stock_view> stocks;  ///< per node, of the selected commodity
  std::vector<vehicle_view> vehicles;
  std::vector<blockade_view> blockades;
  std::vector<std::uint8_t> road_open;       ///< per road, 1 when passable
  std::vector<std::uint8_t> airlift_active;  ///< per airlift
  std::int64_t casualties = 0;
};

/// Fills `out` from `w` at `at_s` (>= the last processed event). Reuses out's storage.
void capture(const world& w, time_s at_s, commodity selected, frame_state* out);

}  // namespace cerco::render
