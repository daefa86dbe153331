#include "sim/output/cities.hpp"

namespace cerco {

std::vector<std::vector<std::uint32_t>> districts_by_city(const scenario& s) {
  std::vector<std::vector<std::uint32_t>> result(s.cities.size());
  for (std::uint32_t i = 0; i < s.nodes.size(); ++i) {
    const node_spec& n = s.nodes[i];
    if (n.kind == node_kind::district && n.city < result.size()) result[n.city].push_back(i);
  }
  return result;
}

city_stock city_stock_at(const world& w, const std::vector<std::uint32_t>& districts,
                         commodity what, time_s at_s) {
  city_stock total;
  for (std::uint32_t node : districts) {
    stock_amount v = w.amount_at(node, what, at_s);
    total.stock += v.stock;
    total.demand_per_d += v.demand_per_d;
  }
  return total;
}

bool city_demands(const scenario& s, const std::vector<std::uint32_t>& districts, commodity what) {
  for (std::uint32_t node : districts) {
    const node_spec& n = s.nodes[node];
    if (n.population > 0 && n.demand_milli_per_person_d[static_cast<int>(what)] > 0) return true;
  }
  return false;
}

}  // namespace cerco
