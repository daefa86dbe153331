#include "render/snapshot.hpp"

namespace cerco::render {

void capture(const world& w, time_s at_s, commodity selected, frame_state* out) {
  const scenario& s = w.spec();
  out->at_s = at_s;
  out->end_s = w.end_s();
  out->selected = selected;
  out->stocks.resize(s.nodes.size());
  for (std::uint32_t n = 0; n < s.nodes.size(); ++n) out->stocks[n] = w.stock_at(n, selected, at_s);
  std::uint32_t vehicles = w.vehicle_count();
  out->vehicles.resize(vehicles);
  for (std::uint32_t v = 0; v < vehicles; ++v) out->vehicles[v] = w.vehicle(v, at_s);
  out->blockades.resize(s.blockades.size());
  for (std::uint32_t b = 0; b < s.blockades.size(); ++b) out->blockades[b] = w.blockade(b);
  out->road_open.resize(s.roads.size());
  for (std::uint32_t r = 0; r < s.roads.size(); ++r) out->road_open[r] = w.road_open(r) ? 1 : 0;
  out->airlift_active.resize(s.airlifts.size());
  for (std::uint32_t a = 0; a < s.airlifts.size(); ++a)
    out->airlift_active[a] = w.airlift_active(a) ? 1 : 0;
  out->casualties = w.casualties();
}

}  // namespace cerco::render
