// Embeds the cerco core: one district eats its stock; prints when it runs out.
#include <cerco/world.hpp>
#include <cstdio>

int main() {
  cerco::scenario s;
  s.name = "consumer";
  s.duration_s = 2 * cerco::day_s;
  cerco::node_spec d;
  d.id = "d";
  d.population = 1000;
  d.demand_milli_per_person_d[0] = 1000;  // 1 L of gasoline per person per day
  d.stock[0] = 500;
  s.nodes.push_back(d);
  cerco::world w;
  if (!w.init(s)) return 1;
  w.run();
  cerco::stock_view v = w.stock(0, cerco::commodity::gasoline);
  std::printf("short for %lld s\n", static_cast<long long>(v.short_s));
  return v.short_s == 2 * cerco::day_s - 12 * cerco::hour_s && w.accounts_balance() ? 0 : 1;
}
